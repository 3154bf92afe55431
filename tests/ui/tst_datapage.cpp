// The Data page, offscreen: import in the background with progress, cancel
// leaves nothing, clean and split report their counts, errors show inline.
#include "pages/datapage.h"
#include "projectcontroller.h"
#include "dialogs/datasetbrowser.h"
#include "models/conversationtablemodel.h"
#include "widgets/datasetstatsview.h"
#include "widgets/messagebanner.h"
#include "wizards/importwizard.h"

#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Atelier;

class TestDataPage : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void importCleanSplit();
};

void TestDataPage::importCleanSplit() {
  QTemporaryDir dir;
  ProjectController controller;
  DataPage page(&controller);
  page.show();
  QVERIFY(!page.table()->isVisible());  // no project yet
  QSignalSpy opened(&controller, &ProjectController::projectOpened);
  controller.createProject(dir.filePath(QStringLiteral("p")), QStringLiteral("P"), QString());
  QVERIFY(opened.wait(20000));
  QVERIFY(page.table()->isVisible());

  QFile f(dir.filePath(QStringLiteral("faq.jsonl")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  for (int i = 0; i < 3000; ++i)
    f.write(QStringLiteral("{\"instruction\":\"Question %1?\",\"output\":\"Answer %1, mail me at a%1@example.com\"}\n").arg(i % 2000).toUtf8());
  f.write("{bad\n");
  f.close();

  QSignalSpy done(&page, &DataPage::finished);
  // Cancelled at once: nothing stays.
  page.importFile(f.fileName(), QStringLiteral("faq"));
  QVERIFY(page.isBusy());
  page.cancel();
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), false);
  QVERIFY(page.banner()->text().contains(QStringLiteral("cancelled")));
  QCOMPARE(page.table()->topLevelItemCount(), 0);

  page.importFile(f.fileName(), QStringLiteral("faq"));
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), true);
  QCOMPARE(page.table()->topLevelItemCount(), 1);
  QCOMPARE(page.table()->topLevelItem(0)->text(3), QStringLiteral("3000"));
  QCOMPARE(page.table()->topLevelItem(0)->text(4), QStringLiteral("1"));
  auto* status = page.findChild<QLabel*>(QStringLiteral("dataStatus"));
  QVERIFY2(status->text().contains(QStringLiteral("Line 3001")), qPrintable(status->text()));

  page.table()->setCurrentItem(page.table()->topLevelItem(0));
  page.cleanSelected();
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), true);
  QVERIFY2(status->text().contains(QStringLiteral("Kept 2000 of 3000")), qPrintable(status->text()));
  QVERIFY(status->text().contains(QStringLiteral("email: 3000")));

  page.splitSelected();
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), true);
  QVERIFY2(status->text().contains(QStringLiteral("1600 for training, 200 for validation, 200 for testing")),
           qPrintable(status->text()));

  // Export writes the kept, cleaned rows of a split: no personal data, no duplicates.
  const QString exported = dir.filePath(QStringLiteral("train.jsonl"));
  page.exportSelected(exported, QStringLiteral("train"));
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), true);
  QVERIFY2(status->text().contains(QStringLiteral("Exported 1600 rows")), qPrintable(status->text()));
  QFile train(exported);
  QVERIFY(train.open(QIODevice::ReadOnly));
  const QByteArray trainBytes = train.readAll();
  QCOMPARE(trainBytes.count('\n'), 1600);
  QVERIFY(trainBytes.startsWith("{\"messages\":[{\"content\":\"Question "));
  QVERIFY(!trainBytes.contains("@example.com"));
  QVERIFY(trainBytes.contains("[EMAIL]"));
  page.exportSelected(dir.filePath(QStringLiteral("bad.jsonl")), QStringLiteral("training"));
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), false);
  QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.jsonl"))));

  // The selected dataset's statistics follow it; Import opens the wizard,
  // Browse the rows.
  QTRY_VERIFY_WITH_TIMEOUT(!page.statsView()->isBusy() && page.statsView()->stats().total == 3000, 20000);
  QCOMPARE(page.statsView()->stats().kept, 2000);
  ImportWizard* wizard = page.openImportWizard();
  QVERIFY(wizard && wizard->isVisible());
  wizard->reject();
  DatasetBrowser* browser = page.browseSelected();
  QVERIFY(browser && browser->isVisible());
  QTRY_COMPARE_WITH_TIMEOUT(browser->model()->rowCount(), 3000, 20000);
  browser->close();

  // The same name again is refused inline.
  page.importFile(f.fileName(), QStringLiteral("faq"));
  QVERIFY(done.wait(20000));
  QCOMPARE(done.takeFirst().first().toBool(), false);
  QVERIFY(page.banner()->text().contains(QStringLiteral("already exists")));
}

QTEST_MAIN(TestDataPage)
#include "tst_datapage.moc"
