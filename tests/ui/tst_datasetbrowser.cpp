// The dataset browser and the statistics view, offscreen: paging, sorting,
// searching, filtering by flag; edit, remove and restore go to SQLite at once
// and come back out with Ctrl+Z / Ctrl+Shift+Z; the histogram has the data.
#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "dialogs/datasetbrowser.h"
#include "models/conversationtablemodel.h"
#include "models/databasequeue.h"
#include "project/project.h"
#include "storage/database.h"
#include "widgets/chatbubbleview.h"
#include "widgets/datasetstatsview.h"

#include <QComboBox>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <qcustomplot.h>

using namespace Atelier;

class TestDatasetBrowser : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void pagesSortSearchAndFilter();
  void editRemoveRestoreWithUndo();
  void histogramHasTheData();

 private:
  QVariant value(const QString& sql);
  void waitIdle(DatasetBrowser& b);
  QTemporaryDir mDir;
  std::shared_ptr<Project> mProject;
  DatasetInfo mInfo;
};

QVariant TestDatasetBrowser::value(const QString& sql) {
  QSqlQuery q(mProject->database().connection());
  return q.exec(sql) && q.next() ? q.value(0) : QVariant(QStringLiteral("<no row>"));
}

void TestDatasetBrowser::waitIdle(DatasetBrowser& b) {
  QTRY_VERIFY_WITH_TIMEOUT(b.queue()->isIdle(), 10000);
}

void TestDatasetBrowser::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QString error;
  mProject = Project::create(mDir.filePath(QStringLiteral("p")), QString(), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
  QFile f(mDir.filePath(QStringLiteral("rows.jsonl")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  // 500 rows; rows 450–499 repeat 0–49 (exact duplicates); row 100 has an address.
  for (int i = 0; i < 500; ++i)
    f.write(QStringLiteral("{\"instruction\":\"Question number %1\",\"output\":\"The answer to %1%2\"}\n")
                .arg(i % 450, 3, 10, QLatin1Char('0'))
                .arg(i == 100 ? QStringLiteral(", mail bob@example.com") : QString())
                .toUtf8());
  f.close();
  ImportOptions o;
  o.file = f.fileName();
  o.name = QStringLiteral("rows");
  ImportResult r;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  CleanOptions c;
  c.nearDedup = false;
  CleanResult cr;
  QVERIFY2(cleanDataset(mProject->database(), o.name, c, &cr, &error), qPrintable(error));
  QCOMPARE(cr.removed.value(QStringLiteral("exact_duplicate")), 50);
  SplitResult s;
  QVERIFY(splitDataset(mProject->database(), o.name, 0.1, 0.1, 3, &s, &error));
  mInfo.id = r.datasetId;
  mInfo.name = o.name;
}

void TestDatasetBrowser::pagesSortSearchAndFilter() {
  DatasetBrowser b(mProject, mInfo);
  b.show();
  ConversationTableModel* m = b.model();
  QSignalSpy refreshed(m, &ConversationTableModel::refreshed);
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 500);
  QVERIFY(m->rowAt(0) && !m->rowAt(ConversationTableModel::kPageSize));  // one page so far
  // A row beyond the first page shows "…" until its page arrives.
  QCOMPARE(m->data(m->index(450, 1), Qt::DisplayRole).toString(), QString(QChar(0x2026)));
  QTRY_VERIFY_WITH_TIMEOUT(m->rowAt(450) != nullptr, 10000);
  QCOMPARE(m->data(m->index(450, 1), Qt::DisplayRole).toString(), QStringLiteral("Question number 000"));
  QCOMPARE(m->data(m->index(450, ConversationTableModel::StatusColumn), Qt::DisplayRole).toString(),
           QStringLiteral("Exact duplicate"));

  b.table()->sortByColumn(ConversationTableModel::PromptColumn, Qt::DescendingOrder);
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->data(m->index(0, 1), Qt::DisplayRole).toString(), QStringLiteral("Question number 449"));

  b.setSearchText(QStringLiteral("number 04"));  // 040–049 and their duplicates
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 20);
  b.setSearchText(QStringLiteral("[EMAIL]"));  // the cleaned text is what is searched
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 1);
  b.setSearchText(QString());
  QVERIFY(refreshed.wait(10000));

  QTRY_VERIFY_WITH_TIMEOUT(b.flagFilter()->findData(QStringLiteral("exact_duplicate")) >= 0, 10000);
  QVERIFY(b.flagFilter()->itemText(b.flagFilter()->findData(QStringLiteral("exact_duplicate"))).contains(QStringLiteral("50")));
  b.setFlagFilter(QStringLiteral("exact_duplicate"));
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 50);
  b.setFlagFilter(QStringLiteral("kept"));
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 450);
  b.setFlagFilter(QStringLiteral("too_long"));  // no such rows
  QVERIFY(refreshed.wait(10000));
  QCOMPARE(m->rowCount(), 0);
}

void TestDatasetBrowser::editRemoveRestoreWithUndo() {
  DatasetBrowser b(mProject, mInfo);
  b.show();
  b.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&b));
  QSignalSpy refreshed(b.model(), &ConversationTableModel::refreshed);
  QSignalSpy loaded(&b, &DatasetBrowser::currentLoaded);
  QVERIFY(refreshed.wait(10000));
  QVERIFY(b.selectRow(100));
  QVERIFY(loaded.wait(10000));
  const qint64 id = loaded.takeLast().first().toLongLong();
  QCOMPARE(b.bubbles()->bubbleCount(), 2);
  QCOMPARE(b.bubbles()->bubbleText(1), QStringLiteral("The answer to 100, mail [EMAIL]"));
  const QString turn = QStringLiteral("SELECT %1 FROM turns WHERE conversation_id = ") + QString::number(id) +
                       QStringLiteral(" AND position = 1");

  // Edit: the person's text replaces the source text, the cleaned copy goes.
  QVERIFY(b.editTurn(1, QStringLiteral("A reviewed answer")));
  waitIdle(b);
  QCOMPARE(value(turn.arg(QStringLiteral("content"))).toString(), QStringLiteral("A reviewed answer"));
  QVERIFY(value(turn.arg(QStringLiteral("cleaned"))).isNull());
  QTRY_COMPARE_WITH_TIMEOUT(b.bubbles()->bubbleText(1), QStringLiteral("A reviewed answer"), 10000);
  QTest::keyClick(&b, Qt::Key_Z, Qt::ControlModifier);  // undo
  waitIdle(b);
  QCOMPARE(value(turn.arg(QStringLiteral("content"))).toString(), QStringLiteral("The answer to 100, mail bob@example.com"));
  QCOMPARE(value(turn.arg(QStringLiteral("cleaned"))).toString(), QStringLiteral("The answer to 100, mail [EMAIL]"));
  QTest::keyClick(&b, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);  // redo
  waitIdle(b);
  QCOMPARE(value(turn.arg(QStringLiteral("content"))).toString(), QStringLiteral("A reviewed answer"));
  b.undoStack()->undo();
  waitIdle(b);

  // Remove: flagged, out of the split; undo puts flag and split back.
  const QString row = QStringLiteral("SELECT %1 FROM conversations WHERE id = ") + QString::number(id);
  const QString split = value(row.arg(QStringLiteral("split"))).toString();
  QVERIFY(!split.isEmpty());
  QVERIFY(b.removeCurrent());
  waitIdle(b);
  QCOMPARE(value(row.arg(QStringLiteral("flags"))).toString(), QStringLiteral("removed_by_user"));
  QVERIFY(value(row.arg(QStringLiteral("split"))).isNull());
  QCOMPARE(value(QStringLiteral("SELECT COUNT(*) FROM conversations WHERE flags = ''")).toInt(), 449);
  QTest::keyClick(&b, Qt::Key_Z, Qt::ControlModifier);
  waitIdle(b);
  QCOMPARE(value(row.arg(QStringLiteral("flags"))).toString(), QString());
  QCOMPARE(value(row.arg(QStringLiteral("split"))).toString(), split);
  QVERIFY(value(row.arg(QStringLiteral("user_state"))).isNull());

  // Restore a row cleaning left out; cleaning again keeps it; undo flags it again.
  b.setFlagFilter(QStringLiteral("exact_duplicate"));
  QVERIFY(refreshed.wait(10000));
  QVERIFY(b.selectRow(0));
  QVERIFY(loaded.wait(10000));
  const qint64 duplicate = loaded.takeLast().first().toLongLong();
  QVERIFY(b.restoreCurrent());
  waitIdle(b);
  const QString dup = QStringLiteral("SELECT %1 FROM conversations WHERE id = ") + QString::number(duplicate);
  QCOMPARE(value(dup.arg(QStringLiteral("flags"))).toString(), QString());
  QCOMPARE(value(dup.arg(QStringLiteral("user_state"))).toString(), QStringLiteral("restored"));
  QCOMPARE(b.model()->rowCount(), 49);  // it left the duplicates' list
  b.undoStack()->undo();
  waitIdle(b);
  QCOMPARE(value(dup.arg(QStringLiteral("flags"))).toString(), QStringLiteral("exact_duplicate"));
  QVERIFY(value(dup.arg(QStringLiteral("user_state"))).isNull());
  QTRY_COMPARE_WITH_TIMEOUT(b.model()->rowCount(), 50, 10000);
}

void TestDatasetBrowser::histogramHasTheData() {
  DatasetStatsView view;
  view.show();
  QSignalSpy computed(&view, &DatasetStatsView::computed);
  view.setTokenModel(QString());  // the estimate
  view.setDataset(mProject, mInfo.id);
  QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy() && computed.count() > 0, 20000);
  QCOMPARE(computed.last().first().toBool(), true);
  const DatasetStats s = view.stats();  // a copy: the view recomputes below
  QCOMPARE(s.total, 500);
  QCOMPARE(s.kept, 450);
  QCOMPARE(s.removed.value(QStringLiteral("exact_duplicate")), 50);
  QCOMPARE(s.tokensPerRole.value(QStringLiteral("user")).size(), 450);
  QCOMPARE(s.turnsPerConversation.value(2), 450);
  QVERIFY(view.tokenLabelText().contains(QStringLiteral("Estimated")));
  QVERIFY2(view.summaryText().contains(QStringLiteral("Exact duplicate: 50")), qPrintable(view.summaryText()));
  QCOMPARE(view.plot()->graphCount(), 2);  // user and assistant
  for (int g = 0; g < 2; ++g) {
    double sum = 0;
    for (auto it = view.plot()->graph(g)->data()->constBegin(); it != view.plot()->graph(g)->data()->constEnd(); ++it)
      sum += it->value;
    QCOMPARE(sum, 450.0);  // every kept message in some bin
  }
  // With a model's tokenizer the counts are exact and labelled so.
  computed.clear();
  view.setTokenModel(QStringLiteral(ATELIER_TEST_DATA "/hf/llama3-bytelevel"));
  QTRY_VERIFY_WITH_TIMEOUT(!view.isBusy() && computed.count() > 0, 20000);
  QVERIFY(!view.stats().tokensEstimated);
  QVERIFY2(view.tokenLabelText().contains(QStringLiteral("tokenizer.json")), qPrintable(view.tokenLabelText()));
  QVERIFY(view.stats().tokensPerRole.value(QStringLiteral("user")) != s.tokensPerRole.value(QStringLiteral("user")));
}

QTEST_MAIN(TestDatasetBrowser)
#include "tst_datasetbrowser.moc"
