// The dataset browser's storage: paging, sorting, searching and filtering by
// flag; edits and removals persist at once, undo puts back exactly what was
// there, and a person's decisions survive cleaning again. Also the wizard's
// preview and the statistics.
#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "data/datasetpreview.h"
#include "data/datasetstats.h"
#include "data/tokencounter.h"
#include "project/project.h"
#include "storage/conversationrepository.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QDateTime>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestDatasetBrowsing : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init();
  void pagingSortingSearchingFiltering();
  void editAndRemovePersistAndUndo();
  void decisionsSurviveCleaning();
  void statistics();
  void preview();

 private:
  QString write(const QString& name, const QByteArray& bytes);
  QTemporaryDir mDir;
  std::unique_ptr<Project> mProject;
  qint64 mId = 0;
};

QString TestDatasetBrowsing::write(const QString& name, const QByteArray& bytes) {
  QFile f(mDir.filePath(name));
  if (!f.open(QIODevice::WriteOnly)) return QString();
  f.write(bytes);
  return f.fileName();
}

void TestDatasetBrowsing::init() {
  QString error;
  mProject = Project::create(mDir.filePath(QStringLiteral("p%1").arg(QDateTime::currentMSecsSinceEpoch())), QString(),
                             QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
  QByteArray file;
  for (int i = 0; i < 30; ++i)
    file += QStringLiteral("{\"instruction\":\"Question %1 about bikes\",\"output\":\"Answer %1%2\"}\n")
                .arg(i, 2, 10, QLatin1Char('0'))
                .arg(i % 10 == 0 ? QStringLiteral(" mail x@example.com") : QString())
                .toUtf8();
  file += "{\"instruction\":\"Question 05 about bikes\",\"output\":\"Answer 05\"}\n";  // exact duplicate
  ImportOptions o;
  o.file = write(QStringLiteral("rows.jsonl"), file);
  o.name = QStringLiteral("rows");
  ImportResult r;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  mId = r.datasetId;
  CleanResult c;
  QVERIFY2(cleanDataset(mProject->database(), o.name, CleanOptions(), &c, &error), qPrintable(error));
  QCOMPARE(c.kept, 30);
}

void TestDatasetBrowsing::pagingSortingSearchingFiltering() {
  ConversationRepository repo(mProject->database());
  QString error;
  qint64 n = 0;
  QVERIFY(repo.count(mId, {}, &n, &error));
  QCOMPARE(n, 31);
  QList<ConversationRow> rows;
  QVERIFY2(repo.page(mId, {}, ConversationSort::Id, false, 10, 5, &rows, &error), qPrintable(error));
  QCOMPARE(rows.size(), 5);
  QCOMPARE(rows.first().prompt, QStringLiteral("Question 10 about bikes"));
  QCOMPARE(rows.first().answer, QStringLiteral("Answer 10 mail [EMAIL]"));  // the cleaned text
  QCOMPARE(rows.first().turns, 2);
  QVERIFY(repo.page(mId, {}, ConversationSort::Characters, true, 0, 3, &rows, &error));
  QCOMPARE(rows.first().answer, QStringLiteral("Answer 20 mail [EMAIL]"));  // longest; ties by id, descending
  QVERIFY(repo.page(mId, {}, ConversationSort::Prompt, true, 0, 1, &rows, &error));
  QCOMPARE(rows.first().prompt, QStringLiteral("Question 29 about bikes"));

  QVERIFY(repo.count(mId, {QStringLiteral("[email]"), QString()}, &n, &error));
  QCOMPARE(n, 3);
  QVERIFY(repo.count(mId, {QStringLiteral("100%"), QString()}, &n, &error));  // % is literal
  QCOMPARE(n, 0);
  QVERIFY(repo.count(mId, {QString(), QStringLiteral("exact_duplicate")}, &n, &error));
  QCOMPARE(n, 1);
  QVERIFY(repo.count(mId, {QString(), QStringLiteral("kept")}, &n, &error));
  QCOMPARE(n, 30);
  QMap<QString, qint64> flags;
  QVERIFY(repo.flagCounts(mId, &flags, &error));
  QCOMPARE(flags.value(QString()), 30);
  QCOMPARE(flags.value(QStringLiteral("exact_duplicate")), 1);
}

void TestDatasetBrowsing::editAndRemovePersistAndUndo() {
  ConversationRepository repo(mProject->database());
  QString error;
  QList<ConversationRow> rows;
  QVERIFY(repo.page(mId, {}, ConversationSort::Id, false, 0, 1, &rows, &error));
  const qint64 id = rows.first().id;
  StoredTurn before;
  QVERIFY2(repo.setTurnText(id, 1, QStringLiteral("A better answer"), &before, &error), qPrintable(error));
  QCOMPARE(before.text(), QStringLiteral("Answer 00 mail [EMAIL]"));
  QList<StoredTurn> turns;
  QVERIFY(repo.turns(id, &turns, &error));
  QCOMPARE(turns[1].text(), QStringLiteral("A better answer"));
  QVERIFY(turns[1].cleaned.isNull());
  QVERIFY(repo.restoreTurn(id, 1, before, &error));
  QVERIFY(repo.turns(id, &turns, &error));
  QCOMPARE(turns[1].content, QStringLiteral("Answer 00 mail x@example.com"));
  QCOMPARE(turns[1].text(), QStringLiteral("Answer 00 mail [EMAIL]"));
  QVERIFY(!repo.setTurnText(id, 7, QStringLiteral("x"), &before, &error));

  SplitResult split;
  QVERIFY(splitDataset(mProject->database(), QStringLiteral("rows"), 0.1, 0.1, 1, &split, &error));
  ConversationState was;
  QVERIFY(repo.removeByUser(id, &was, &error));
  QCOMPARE(was.flags, QString());
  QVERIFY(!was.split.isEmpty());
  ConversationState now;
  QVERIFY(repo.state(id, &now, &error));
  QCOMPARE(now.flags, QStringLiteral("removed_by_user"));
  QCOMPARE(now.split, QString());
  QVERIFY(repo.setState(id, was, &error));  // undo
  QVERIFY(repo.state(id, &now, &error));
  QCOMPARE(now.flags, QString());
  QCOMPARE(now.split, was.split);
  QCOMPARE(now.userState, QString());
}

void TestDatasetBrowsing::decisionsSurviveCleaning() {
  ConversationRepository repo(mProject->database());
  QString error;
  QList<ConversationRow> rows;
  QVERIFY(repo.page(mId, {QString(), QStringLiteral("exact_duplicate")}, ConversationSort::Id, false, 0, 10, &rows, &error));
  QCOMPARE(rows.size(), 1);
  const qint64 duplicate = rows.first().id;
  QVERIFY(repo.page(mId, {QStringLiteral("Question 07"), QString()}, ConversationSort::Id, false, 0, 10, &rows, &error));
  QCOMPARE(rows.size(), 1);
  const qint64 seven = rows.first().id;
  ConversationState was;
  QVERIFY(repo.restoreByUser(duplicate, &was, &error));
  QCOMPARE(was.flags, QStringLiteral("exact_duplicate"));
  QVERIFY(repo.removeByUser(seven, &was, &error));
  StoredTurn before;
  QVERIFY(repo.setTurnText(seven, 1, QStringLiteral("Edited <b>answer</b>"), &before, &error));

  CleanResult c;
  QVERIFY(cleanDataset(mProject->database(), QStringLiteral("rows"), CleanOptions(), &c, &error));
  QCOMPARE(c.kept, 30);  // 31 rows, one removed by hand, the duplicate restored by hand
  QCOMPARE(c.removed.value(QStringLiteral("removed_by_user")), 1);
  QCOMPARE(c.removed.value(QStringLiteral("exact_duplicate")), 0);
  ConversationState s;
  QVERIFY(repo.state(duplicate, &s, &error));
  QCOMPARE(s.flags, QString());
  QList<StoredTurn> turns;
  QVERIFY(repo.turns(seven, &turns, &error));
  QCOMPARE(turns[1].content, QStringLiteral("Edited <b>answer</b>"));  // the edit is the new source
  QCOMPARE(turns[1].text(), QStringLiteral("Edited answer"));
}

void TestDatasetBrowsing::statistics() {
  QString error;
  auto counter = TokenCounter::create(QString(), &error);
  QVERIFY(counter && counter->isEstimate());
  DatasetStats s;
  QVERIFY2(computeDatasetStats(mProject->database(), mId, *counter, &s, &error), qPrintable(error));
  QCOMPARE(s.total, 31);
  QCOMPARE(s.kept, 30);
  QCOMPARE(s.removed.value(QStringLiteral("exact_duplicate")), 1);
  QCOMPARE(s.tokensPerRole.value(QStringLiteral("user")).size(), 30);
  QCOMPARE(s.tokensPerRole.value(QStringLiteral("user")).first(), 6);  // 23 characters ÷ 4, rounded up
  QCOMPARE(s.tokensPerRole.value(QStringLiteral("assistant")).first(), 6);  // "Answer 00 mail [EMAIL]": 22
  QCOMPARE(s.turnsPerConversation.value(2), 30);
  int width = 0;
  const QList<qint64> bins = histogramBins({0, 1, 5, 9, 10}, 5, &width);
  QCOMPARE(width, 3);
  QCOMPARE(bins, (QList<qint64>{2, 1, 0, 2, 0}));

  auto real = TokenCounter::create(QStringLiteral(ATELIER_TEST_DATA "/hf/llama3-bytelevel"), &error);
  QVERIFY2(real && !real->isEstimate(), qPrintable(error));
  QCOMPARE(real->count(QStringLiteral("Hello world.")), 4);  // the golden ids
}

void TestDatasetBrowsing::preview() {
  DatasetPreview p;
  QString error;
  ImportOptions o;
  o.file = write(QStringLiteral("faq.csv"), "question,reply,notes\n\"How, exactly?\",\"Like\nthis\",x\nBye,,y\nQ3,A3,z\n");
  QVERIFY2(previewDataset(o, 5, &p, &error), qPrintable(error));
  QCOMPARE(p.format, DatasetFormat::Csv);
  QVERIFY(!p.formatReason.isEmpty());
  QCOMPARE(p.csvColumns, (QStringList{QStringLiteral("question"), QStringLiteral("reply"), QStringLiteral("notes")}));
  QVERIFY2(!p.problem.isEmpty(), "reply is not a known answer column name");
  o.csvMapping = {{QStringLiteral("instruction"), QStringLiteral("question")}, {QStringLiteral("output"), QStringLiteral("reply")}};
  QVERIFY(previewDataset(o, 5, &p, &error));
  QVERIFY2(p.problem.isEmpty(), qPrintable(p.problem));
  QCOMPARE(p.rows.size(), 2);
  QCOMPARE(p.rows.first().turns.last().content, QStringLiteral("Like\nthis"));
  QCOMPARE(p.rejected.size(), 1);
  QCOMPARE(p.rejected.first().line, 4);
  // Only the first rows are read.
  QByteArray many;
  for (int i = 0; i < 1000; ++i) many += "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}\n";
  o = ImportOptions();
  o.file = write(QStringLiteral("chat.jsonl"), many);
  QVERIFY(previewDataset(o, 3, &p, &error));
  QCOMPARE(p.format, DatasetFormat::OpenAi);
  QCOMPARE(p.rows.size(), 3);
  o.format = DatasetFormat::Alpaca;  // a wrong override rejects rows instead of failing
  QVERIFY(previewDataset(o, 3, &p, &error));
  QCOMPARE(p.rows.size(), 0);
  QVERIFY(!p.rejected.isEmpty());
}

QTEST_GUILESS_MAIN(TestDatasetBrowsing)
#include "tst_datasetbrowsing.moc"
