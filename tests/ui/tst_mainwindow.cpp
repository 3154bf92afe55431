// The main window, offscreen: the workflow sidebar, honest placeholder pages,
// projects opened and created off the GUI thread, errors shown inline, the
// About box, Settings and the log panel.
#include "application.h"
#include "dialogs/aboutdialog.h"
#include "dialogs/settingsdialog.h"
#include "log/logger.h"
#include "mainwindow.h"
#include "pages/datapage.h"
#include "pages/modelpage.h"
#include "pages/projectpage.h"
#include "project/project.h"
#include "projectcontroller.h"
#include "settings/appsettings.h"
#include "widgets/logpanel.h"
#include "widgets/messagebanner.h"
#include "testsupport.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace Atelier;

class TestMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void sidebarHasTheWorkflowSteps();
  void unavailableStepsSayForThemselvesAndOfferNothing();
  void stepShortcutsSwitchPages();
  void opensProjectWithoutBlockingTheGuiThread();
  void damagedProjectShowsAnInlineError();
  void sampleProjectCanBeCreated();
  void aboutShowsVersionsAndBlas();
  void settingsAreSaved();
  void logPanelShowsMessages();
  void germanTranslationApplies();

 private:
  QTemporaryDir mTmp;
};

void TestMainWindow::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QFile::remove(AppSettings::filePath());
  QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void TestMainWindow::sidebarHasTheWorkflowSteps() {
  MainWindow w;
  w.show();
  const QStringList expected = {"Project", "Data", "Model", "Train", "Rank", "Evaluate", "Chat", "Export"};
  QCOMPARE(w.sidebar()->count(), expected.size());
  for (int i = 0; i < expected.size(); ++i) QCOMPARE(w.sidebar()->item(i)->text(), expected[i]);
  QCOMPARE(w.pages()->count(), expected.size());
  QCOMPARE(w.pages()->currentWidget(), static_cast<QWidget*>(w.projectPage()));
}

void TestMainWindow::unavailableStepsSayForThemselvesAndOfferNothing() {
  MainWindow w;
  for (int i = 1; i < w.pages()->count(); ++i) {
    QWidget* page = w.pages()->widget(i);
    if (page == static_cast<QWidget*>(w.modelPage()) || page == static_cast<QWidget*>(w.dataPage()) ||
        page->objectName() == QLatin1String("chatPage"))
      continue;  // available
    auto* label = page->findChild<QLabel*>(QStringLiteral("notAvailableLabel"));
    QVERIFY2(label, qPrintable(w.sidebar()->item(i)->text()));
    QVERIFY(label->text().contains(QStringLiteral("not available")));
    QVERIFY2(page->findChildren<QPushButton*>().isEmpty(), "a placeholder page offers a button");
  }
}

void TestMainWindow::stepShortcutsSwitchPages() {
  MainWindow w;
  w.show();
  QVERIFY(QTest::qWaitForWindowExposed(&w));
  QTest::keyClick(&w, Qt::Key_4, Qt::ControlModifier);
  QCOMPARE(w.sidebar()->currentRow(), 3);
  QCOMPARE(w.pages()->currentIndex(), 3);
  QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
  QCOMPARE(w.pages()->currentIndex(), 0);
}

void TestMainWindow::opensProjectWithoutBlockingTheGuiThread() {
  const QString folder = mTmp.filePath(QStringLiteral("open-me"));
  QString error;
  { QVERIFY2(Project::create(folder, QStringLiteral("Heartbeat"), QString(), &error), qPrintable(error)); }

  MainWindow w;
  w.show();
  // A heartbeat on the GUI thread: the longest gap between beats while the
  // project opens shows whether anything blocked the event loop.
  QElapsedTimer sinceBeat;
  qint64 longestGapMs = 0;
  QTimer heartbeat;
  heartbeat.setInterval(5);
  connect(&heartbeat, &QTimer::timeout, [&] {
    longestGapMs = qMax(longestGapMs, sinceBeat.restart());
  });
  QSignalSpy opened(w.controller(), &ProjectController::projectOpened);
  sinceBeat.start();
  heartbeat.start();
  w.openProject(folder);
  QVERIFY(w.controller()->isBusy());  // returned at once; the work runs elsewhere
  QVERIFY(opened.wait(20000));
  auto* title = w.projectPage()->findChild<QLabel*>(QStringLiteral("projectTitle"));
  QTRY_VERIFY(title->text().contains(QStringLiteral("Heartbeat")));
  heartbeat.stop();
  QVERIFY2(longestGapMs < 250, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(longestGapMs)));
  QVERIFY(w.windowTitle().contains(QStringLiteral("Heartbeat")));
  auto* activity = w.projectPage()->findChild<QTreeWidget*>(QStringLiteral("activityList"));
  QTRY_VERIFY(activity->topLevelItemCount() >= 2);
  QVERIFY(AppSettings().recentProjects().contains(QFileInfo(folder).absoluteFilePath()));
  QVERIFY(QFileInfo::exists(QDir(folder).filePath(QStringLiteral("atelier.log"))));

  w.controller()->closeProject();
  QVERIFY(!w.controller()->hasProject());
  auto* recent = w.projectPage()->findChild<QListWidget*>(QStringLiteral("recentProjects"));
  QVERIFY(recent->count() >= 1);
}

void TestMainWindow::damagedProjectShowsAnInlineError() {
  const QString folder = mTmp.filePath(QStringLiteral("damaged"));
  QVERIFY(QDir().mkpath(folder));
  const QString db = QDir(folder).filePath(QStringLiteral("project.db"));
  QFile f(db);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("definitely not sqlite");
  f.close();
  const QByteArray before = AtelierTest::fileHash(db);
  MainWindow w;
  w.show();
  QSignalSpy failed(w.controller(), &ProjectController::failed);
  w.openProject(folder);
  QVERIFY(failed.wait(20000));
  QVERIFY(!w.controller()->hasProject());
  QTRY_VERIFY(w.projectPage()->banner()->text().contains(QStringLiteral("not an SQLite database")));
  QCOMPARE(AtelierTest::fileHash(db), before);
}

void TestMainWindow::sampleProjectCanBeCreated() {
  MainWindow w;
  w.show();
  QSignalSpy opened(w.controller(), &ProjectController::projectOpened);
  auto* button = w.projectPage()->findChild<QPushButton*>(QStringLiteral("sampleProjectButton"));
  QVERIFY(button);
  button->click();
  QVERIFY(opened.wait(60000));
  QVERIFY(w.controller()->project()->name().startsWith(QStringLiteral("Sample")));
  QVERIFY(QFileInfo::exists(QDir(w.controller()->project()->folder())
                                .filePath(QStringLiteral("models/sample-base/tokenizer.model"))));
}

void TestMainWindow::aboutShowsVersionsAndBlas() {
  MainWindow w;
  QSignalSpy ready(&w, &MainWindow::systemInfoReady);
  QVERIFY(ready.wait(60000));
  AboutDialog about;
  about.setSystemInfo(*w.systemInfo());
  const QString text = about.detailsText();
  QVERIFY(text.contains(QString::fromLatin1(qVersion())));
  QVERIFY(text.contains(w.systemInfo()->torchVersion));
  QVERIFY(text.contains(QStringLiteral("OpenBLAS")));
  QVERIFY(text.contains(QStringLiteral("CUDA GPU")));
}

void TestMainWindow::settingsAreSaved() {
  SettingsDialog dialog(false);
  dialog.findChild<QComboBox*>(QStringLiteral("deviceCombo"))->setCurrentIndex(1);  // CPU
  dialog.findChild<QSpinBox*>(QStringLiteral("threadsSpin"))->setValue(1);
  auto* language = dialog.findChild<QComboBox*>(QStringLiteral("languageCombo"));
  language->setCurrentIndex(language->findData(QStringLiteral("de")));
  dialog.save();
  AppSettings s;
  QCOMPARE(s.computeDevice(), QStringLiteral("cpu"));
  QCOMPARE(s.cpuThreads(), 1);
  QCOMPARE(s.uiLanguage(), QStringLiteral("de"));
  s.setCpuThreads(0);
  s.setUiLanguage(QString());
}

void TestMainWindow::logPanelShowsMessages() {
  LogPanel panel;
  logInfo(QStringLiteral("test"), QStringLiteral("hello from the log test"));
  QTRY_VERIFY(panel.plainText().contains(QStringLiteral("hello from the log test")));
}

void TestMainWindow::germanTranslationApplies() {
  QCOMPARE(installTranslation(QStringLiteral("de")), QStringLiteral("de"));
  {
    MainWindow w;
    QCOMPARE(w.sidebar()->item(0)->text(), QStringLiteral("Projekt"));
    QCOMPARE(w.sidebar()->item(1)->text(), QStringLiteral("Daten"));
    auto* label = w.pages()->widget(3)->findChild<QLabel*>(QStringLiteral("notAvailableLabel"));
    QVERIFY(label->text().contains(QStringLiteral("noch nicht verfügbar")));
  }
  QCOMPARE(installTranslation(QStringLiteral("en")), QStringLiteral("en"));
  MainWindow w;
  QCOMPARE(w.sidebar()->item(1)->text(), QStringLiteral("Data"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
