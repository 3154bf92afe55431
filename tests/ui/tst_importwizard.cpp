// The import wizard driven page by page on fixture files, offscreen: detected
// format with its reason, CSV column roles, chat-bubble preview, background
// import with cancel, cleaning counts, split, and the dataset in the database.
#include "data/datasetimporter.h"
#include "models/databasequeue.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "widgets/chatbubbleview.h"
#include "wizards/importpages.h"
#include "wizards/importwizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestImportWizard : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void init();
  void jsonlThroughEveryPage();
  void csvColumnRoles();
  void cancelledImportAndWizardLeaveNothing();
  void wizardCancelledWhileTheImportCommits();

 private:
  QString write(const QString& name, const QByteArray& bytes);
  qint64 count(const QString& sql);
  QTemporaryDir mDir;
  std::shared_ptr<Project> mProject;
};

QString TestImportWizard::write(const QString& name, const QByteArray& bytes) {
  QFile f(mDir.filePath(name));
  if (!f.open(QIODevice::WriteOnly)) return QString();
  f.write(bytes);
  return f.fileName();
}

qint64 TestImportWizard::count(const QString& sql) {
  QSqlQuery q(mProject->database().connection());
  return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

void TestImportWizard::init() {
  QString error;
  static int n = 0;
  mProject = Project::create(mDir.filePath(QStringLiteral("p%1").arg(++n)), QString(), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
}

void TestImportWizard::jsonlThroughEveryPage() {
  QByteArray file = "\xEF\xBB\xBF";  // a BOM, as Windows editors write
  for (int i = 0; i < 40; ++i)
    file += QStringLiteral("{\"instruction\":\"How do I fix problem %1?\",\"output\":\"Turn it off and on, then %2.\"}\r\n")
                .arg(i % 30)
                .arg(i == 3 ? QStringLiteral("write to jane@example.com for a new one") : QStringLiteral("call support"))
                .toUtf8();
  file += "{broken\r\n";
  ImportWizard w(mProject);
  w.show();
  QSignalSpy changed(&w, &ImportWizard::datasetsChanged);
  w.filePage()->setFile(write(QStringLiteral("support.jsonl"), file));
  QVERIFY(w.filePage()->isComplete());
  w.next();
  QCOMPARE(w.currentId(), int(ImportWizard::FormatPage));
  QSignalSpy preview(w.formatPage(), &ImportFormatPage::previewReady);
  QVERIFY(preview.wait(10000));
  QVERIFY2(w.formatPage()->detectionText().contains(QStringLiteral("alpaca")), qPrintable(w.formatPage()->detectionText()));
  QVERIFY(!w.formatPage()->preview().formatReason.isEmpty());
  QVERIFY(w.formatPage()->isComplete());
  // Five rows, two bubbles each: the person's question, then the answer.
  QCOMPARE(w.formatPage()->bubbles()->bubbleCount(), 2 * ImportFormatPage::kPreviewRows);
  QCOMPARE(w.formatPage()->bubbles()->bubbleText(0), QStringLiteral("How do I fix problem 0?"));
  QCOMPARE(w.formatPage()->bubbles()->bubbleRole(1), QStringLiteral("assistant"));
  // A wrong override shows nothing usable and blocks Next; back to detected.
  w.formatPage()->setFormat(DatasetFormat::ShareGpt);
  QVERIFY(preview.wait(10000));
  QVERIFY(!w.formatPage()->isComplete());
  QCOMPARE(w.formatPage()->bubbles()->bubbleCount(), 0);
  w.formatPage()->setFormat(DatasetFormat::Auto);
  QVERIFY(preview.wait(10000));
  QVERIFY(w.formatPage()->isComplete());

  QSignalSpy imported(w.runPage(), &ImportRunPage::importFinished);
  w.next();
  QCOMPARE(w.currentId(), int(ImportWizard::RunPage));
  QVERIFY(imported.wait(20000));
  QCOMPARE(imported.takeFirst().first().toBool(), true);
  QCOMPARE(w.importResult.imported, 40);
  QCOMPARE(w.importResult.rejected.size(), 1);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 40);
  QVERIFY(changed.count() >= 1);

  w.next();
  QCOMPARE(w.currentId(), int(ImportWizard::CleanPage));
  QVERIFY(!w.cleanPage()->isComplete());  // cleaning has to run once
  QSignalSpy cleaned(w.cleanPage(), &ImportCleanPage::cleaningFinished);
  w.cleanPage()->nearDedup->setChecked(false);
  w.cleanPage()->runCleaning();
  QVERIFY(cleaned.wait(20000));
  QCOMPARE(cleaned.takeFirst().first().toBool(), true);
  // Rows 30–39 repeat rows 0–9, except row 33, whose original (row 3) has another answer.
  QCOMPARE(w.cleanResult.kept, 31);
  QCOMPARE(w.cleanResult.removed.value(QStringLiteral("exact_duplicate")), 9);
  QVERIFY2(w.cleanPage()->resultText().contains(QStringLiteral("Kept 31 of 40")), qPrintable(w.cleanPage()->resultText()));
  // Changed switches must be run again before going on.
  w.cleanPage()->exactDedup->setChecked(false);
  QVERIFY(!w.cleanPage()->isComplete());
  w.cleanPage()->maxChars->setValue(65);
  w.cleanPage()->runCleaning();
  QVERIFY(cleaned.wait(20000));
  QCOMPARE(w.cleanResult.kept, 39);  // the answer with "[EMAIL]" is the one over 65 characters
  QCOMPARE(w.cleanResult.removed.value(QStringLiteral("too_long")), 1);
  QCOMPARE(w.cleanResult.piiRedacted.value(QStringLiteral("email")), 1);
  QVERIFY(w.cleanPage()->isComplete());

  w.next();
  QCOMPARE(w.currentId(), int(ImportWizard::SplitPage));
  w.splitPage()->val->setValue(0.2);
  w.splitPage()->test->setValue(0.1);
  w.splitPage()->seed->setValue(7);
  QSignalSpy split(w.summaryPage(), &ImportSummaryPage::splitFinished);
  w.next();
  QCOMPARE(w.currentId(), int(ImportWizard::SummaryPage));
  QVERIFY(split.wait(20000));
  QVERIFY(w.summaryPage()->isComplete());
  const QString summary = w.summaryPage()->summaryText();
  QVERIFY2(summary.contains(QStringLiteral("kept 39 of 40")) && summary.contains(QStringLiteral("Too long: 1")) &&
               summary.contains(QStringLiteral("27 for training, 8 for validation, 4 for testing")),
           qPrintable(summary));
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE split = 'val'")), 8);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE split = 'test'")), 4);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE split = 'train'")), 27);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE flags = 'too_long' AND split IS NULL")), 1);
  w.accept();
  DatasetInfo info;
  QVERIFY(DatasetRepository(mProject->database()).find(QStringLiteral("support"), &info));
  QCOMPARE(info.format, QStringLiteral("alpaca"));
  QCOMPARE(info.rejected, 1);
}

void TestImportWizard::csvColumnRoles() {
  ImportWizard w(mProject);
  w.show();
  w.filePage()->setFile(write(QStringLiteral("faq.csv"), "id,question,reply\n1,\"Opening hours, please?\",\"Nine to five,\nMonday to Friday.\"\n2,Parking?,Behind the shop.\n"));
  w.filePage()->setName(QStringLiteral("faq"));
  w.next();
  QSignalSpy preview(w.formatPage(), &ImportFormatPage::previewReady);
  QVERIFY(preview.wait(10000));
  QVERIFY(w.formatPage()->detectionText().contains(QStringLiteral("csv")));
  QVERIFY(!w.formatPage()->isComplete());  // "reply" is not a known answer column
  QCOMPARE(w.formatPage()->preview().csvColumns.size(), 3);
  w.formatPage()->setColumnRole(QStringLiteral("reply"), QStringLiteral("output"));
  QVERIFY(preview.wait(10000));
  QVERIFY2(w.formatPage()->isComplete(), qPrintable(w.formatPage()->detectionText()));
  QCOMPARE(w.formatPage()->bubbles()->bubbleCount(), 4);
  QCOMPARE(w.formatPage()->bubbles()->bubbleText(1), QStringLiteral("Nine to five,\nMonday to Friday."));
  QCOMPARE(w.options.csvMapping.value(QStringLiteral("instruction")), QStringLiteral("question"));
  QSignalSpy imported(w.runPage(), &ImportRunPage::importFinished);
  w.next();
  QVERIFY(imported.wait(20000));
  QCOMPARE(imported.first().first().toBool(), true);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM turns WHERE role = 'assistant' AND content = 'Behind the shop.'")), 1);
}

void TestImportWizard::cancelledImportAndWizardLeaveNothing() {
  QByteArray big;
  for (int i = 0; i < 60000; ++i)
    big += QStringLiteral("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello number %1\"},{\"role\":\"assistant\",\"content\":\"Hi %1\"}]}\n").arg(i).toUtf8();
  auto w = std::make_unique<ImportWizard>(mProject);
  w->show();
  w->filePage()->setFile(write(QStringLiteral("big.jsonl"), big));
  w->next();
  QSignalSpy preview(w->formatPage(), &ImportFormatPage::previewReady);
  QVERIFY(preview.wait(10000));
  QSignalSpy imported(w->runPage(), &ImportRunPage::importFinished);
  w->next();
  QVERIFY(w->runPage()->isRunning());
  w->runPage()->cancel();
  QVERIFY(imported.wait(20000));
  QCOMPARE(imported.takeFirst().first().toBool(), false);
  QVERIFY(!w->runPage()->isComplete());
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM datasets")), 0);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 0);

  // Back and forward imports again; cancelling the wizard then removes it.
  w->back();
  QCOMPARE(w->currentId(), int(ImportWizard::FormatPage));
  w->next();
  QVERIFY(imported.wait(30000));
  QCOMPARE(imported.takeFirst().first().toBool(), true);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 60000);
  QSignalSpy changed(w.get(), &ImportWizard::datasetsChanged);
  w->reject();
  QVERIFY(changed.wait(20000));
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM datasets")), 0);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM turns")), 0);
}

// Cancel pressed after the worker passed its last cancel check but before
// the GUI heard the import was done: the committed rows must go again.
void TestImportWizard::wizardCancelledWhileTheImportCommits() {
  QByteArray small;
  for (int i = 0; i < 20; ++i)
    small += QStringLiteral("{\"instruction\":\"Question %1?\",\"output\":\"Answer %1.\"}\n").arg(i).toUtf8();
  auto w = std::make_unique<ImportWizard>(mProject);
  w->show();
  w->filePage()->setFile(write(QStringLiteral("small.jsonl"), small));
  w->next();
  QSignalSpy preview(w->formatPage(), &ImportFormatPage::previewReady);
  QVERIFY(preview.wait(10000));
  QSignalSpy imported(w->runPage(), &ImportRunPage::importFinished);
  w->next();
  QVERIFY(w->runPage()->isRunning());
  // Wait, without running the event loop, until the worker has committed.
  for (int i = 0; i < 500 && count(QStringLiteral("SELECT COUNT(*) FROM conversations")) != 20; ++i) QTest::qSleep(20);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 20);
  QVERIFY(w->runPage()->isRunning());
  w->reject();
  QVERIFY(imported.wait(20000));
  QCOMPARE(imported.takeFirst().first().toBool(), false);
  QTRY_VERIFY_WITH_TIMEOUT(w->queue()->isIdle(), 20000);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM datasets")), 0);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM conversations")), 0);
  QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM turns")), 0);
}

QTEST_MAIN(TestImportWizard)
#include "tst_importwizard.moc"
