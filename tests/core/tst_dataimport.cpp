// Dataset import: every format, messy input rejected line by line with a
// reason, the rest imported; one transaction (cancel leaves nothing).
#include "data/datasetimporter.h"
#include "data/records.h"
#include "data/sourcereader.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

namespace {

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
  QFile f(dir.filePath(name));
  f.open(QIODevice::WriteOnly);
  f.write(bytes);
  return f.fileName();
}

QList<Conversation> rows(Project& p, const QString& name) {
  QList<Conversation> out;
  DatasetRepository repo(p.database());
  DatasetInfo info;
  if (!repo.find(name, &info)) return out;
  QString error;
  repo.forEachConversation(info.id, QString(), [&](const Conversation& c) {
    out << c;
    return true;
  }, &error);
  return out;
}

QString reasonsText(const ImportResult& r) {
  QStringList s;
  for (const auto& x : r.rejected) s << QStringLiteral("%1:%2").arg(x.line).arg(x.reason);
  return s.join(QLatin1Char('|'));
}

}  // namespace

class TestDataImport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init();
  void messyAlpacaJsonl();
  void shareGptAndOpenAi();
  void jsonArrayAcrossLines();
  void csvWithQuotesAndMapping();
  void plainTextChunks();
  void preferencePairs();
  void cancelAndDuplicateNameLeaveNothing();
  void overLongLines();
  void batchesKeepOrderAndTurns();
  void detection_data();
  void detection();

 private:
  QTemporaryDir mDir;
  std::unique_ptr<Project> mProject;
};

void TestDataImport::init() {
  static int n = 0;
  QString error;
  mProject = Project::create(mDir.filePath(QStringLiteral("p%1").arg(++n)), QString(), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
}

void TestDataImport::messyAlpacaJsonl() {
  QByteArray file = "\xEF\xBB\xBF";
  file += R"({"instruction":"Hi","input":"","output":"Hello!"})" "\r\n";                   // 1 ok (BOM, CRLF)
  file += R"({"instruction":"Sum","input":"2 and 3","output":"5","system":"Be terse."})" "\n";  // 2 ok
  file += "{broken json\n";                                                               // 3
  file += R"({"instruction":"Hi","output":5})" "\n";                                      // 4 wrong type
  file += R"({"instruction":"Hi"})" "\n";                                                 // 5 missing
  file += R"({"instruction":"Hi","output":"   "})" "\n";                                  // 6 empty
  file += "\n";                                                                           // 7 blank: skipped
  file += "{\"instruction\":\"bad \xff\xfe bytes\",\"output\":\"x\"}\n";                  // 8 invalid UTF-8
  file += "[1,2]\n";                                                                      // 9 not an object
  file += R"({"instruction":"Hi","input":"","output":"Hello!"})" "\n";                    // 10 ok (duplicate)
  file += "{\"instruction\":\"" + QByteArray(9 * 1024 * 1024, 'a') + "\",\"output\":\"x\"}\n";  // 11 too long
  file += R"({"instruction":"Ünïcödé 🚲","output":"日本語"})";                           // 12 ok, no final newline
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("messy.jsonl"), file);
  o.name = QStringLiteral("messy");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::Alpaca);
  QCOMPARE(r.imported, 4);
  const QString reasons = reasonsText(r);
  QCOMPARE(r.rejected.size(), 7);
  for (const char* expected : {"3:not valid JSON", "4:field \"output\" is not text", "5:missing field \"output\"",
                               "6:field \"output\" is empty", "8:not valid UTF-8", "9:not a JSON object", "11:line is longer"})
    QVERIFY2(reasons.contains(QString::fromUtf8(expected)), qPrintable(reasons));
  const QList<Conversation> c = rows(*mProject, QStringLiteral("messy"));
  QCOMPARE(c.size(), 4);
  QCOMPARE(c[1].turns.size(), 3);
  QCOMPARE(c[1].turns[0].role, QStringLiteral("system"));
  QCOMPARE(c[1].turns[1].content, QStringLiteral("Sum\n\n2 and 3"));
  QCOMPARE(c[3].turns[1].content, QStringLiteral("日本語"));
  QCOMPARE(c[3].sourceLine, 12);
  QCOMPARE(c[0].original, QStringLiteral(R"({"instruction":"Hi","input":"","output":"Hello!"})"));
  QSqlQuery q(mProject->database().connection());
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM import_rejects")) && q.next());
  QCOMPARE(q.value(0).toInt(), 7);
}

void TestDataImport::shareGptAndOpenAi() {
  QByteArray share;
  share += R"({"conversations":[{"from":"system","value":"S"},{"from":"human","value":"Q1"},{"from":"gpt","value":"A1"},{"from":"human","value":"Q2"},{"from":"gpt","value":"A2"}]})" "\n";
  share += R"({"conversations":[{"from":"human","value":"Q"},{"from":"tool","value":"x"}]})" "\n";
  share += R"({"conversations":[{"from":"human","value":"only a question"}]})" "\n";
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("share.jsonl"), share);
  o.name = QStringLiteral("share");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::ShareGpt);
  QCOMPARE(r.imported, 1);
  QVERIFY2(reasonsText(r).contains(QStringLiteral("2:message 2 has unknown role \"tool\"")), qPrintable(reasonsText(r)));
  QVERIFY(reasonsText(r).contains(QStringLiteral("3:no assistant answer")));
  QCOMPARE(rows(*mProject, QStringLiteral("share")).first().turns.size(), 5);

  QByteArray openai;
  openai += R"({"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":[{"type":"text","text":"Hel"},{"type":"text","text":"lo"}]}]})" "\n";
  openai += R"({"messages":"not a list"})" "\n";
  o.file = write(mDir, QStringLiteral("openai.jsonl"), openai);
  o.name = QStringLiteral("openai");
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::OpenAi);
  QCOMPARE(r.imported, 1);
  QCOMPARE(rows(*mProject, QStringLiteral("openai")).first().turns[1].content, QStringLiteral("Hello"));
}

void TestDataImport::jsonArrayAcrossLines() {
  const QByteArray file = "[\n  {\"instruction\": \"A, [not] {a} \\\"split\\\"\",\n   \"output\": \"B\"},\n"
                          "  {\"instruction\": \"C\", \"output\": 3},\n  {\"instruction\": \"D\", \"output\": \"E\"}\n]\n";
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("alpaca.json"), file);
  o.name = QStringLiteral("array");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.imported, 2);
  QCOMPARE(r.rejected.size(), 1);
  QCOMPARE(r.rejected.first().line, 4);
  const auto c = rows(*mProject, QStringLiteral("array"));
  QCOMPARE(c[0].turns[0].content, QStringLiteral("A, [not] {a} \"split\""));
  QCOMPARE(c[1].sourceLine, 5);
  // A truncated array is an error, and nothing of it stays.
  o.file = write(mDir, QStringLiteral("cut.json"), "[{\"instruction\":\"a\",\"output\":\"b\"},\n{\"instruction\":");
  o.name = QStringLiteral("cut");
  QVERIFY(!importDataset(mProject->database(), o, &r, &error));
  QVERIFY2(error.contains(QStringLiteral("truncated")), qPrintable(error));
  DatasetInfo info;
  QVERIFY(!DatasetRepository(mProject->database()).find(QStringLiteral("cut"), &info));
}

void TestDataImport::csvWithQuotesAndMapping() {
  const QByteArray file = "question,answer,notes\r\n"
                          "\"Hi, there\",\"Line one\nline \"\"two\"\"\",x\r\n"
                          "Only two,columns\r\n"
                          "Q3,A3,y\r\n";
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("faq.csv"), file);
  o.name = QStringLiteral("csv");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::Csv);
  QCOMPARE(r.imported, 2);
  QVERIFY2(reasonsText(r).contains(QStringLiteral("4:has 2 columns, the header has 3")), qPrintable(reasonsText(r)));
  const auto c = rows(*mProject, QStringLiteral("csv"));
  QCOMPARE(c[0].turns[0].content, QStringLiteral("Hi, there"));
  QCOMPARE(c[0].turns[1].content, QStringLiteral("Line one\nline \"two\""));
  // A quote inside an unquoted field is a character; it must not swallow
  // the rows after it. An unclosed quoted field is reported at its start.
  o.name = QStringLiteral("stray");
  o.file = write(mDir, QStringLiteral("stray.csv"),
                 "question,answer\r\nWhat is a 5\" wheel?,A small one\r\nNext?,\"Yes\"\r\n"
                 "\"Broken,no end\r\nmore\r\n");
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.imported, 2);
  QCOMPARE(reasonsText(r), QStringLiteral("4:a quoted field is never closed"));
  QCOMPARE(rows(*mProject, QStringLiteral("stray"))[0].turns[0].content, QStringLiteral("What is a 5\" wheel?"));
  QCOMPARE(rows(*mProject, QStringLiteral("stray"))[1].turns[1].content, QStringLiteral("Yes"));
  // Invalid UTF-8 inside a quoted field that spans lines: that whole record
  // is rejected at its first line, and its last line is not read as a row.
  o.name = QStringLiteral("badbytes");
  o.file = write(mDir, QStringLiteral("badbytes.csv"),
                 "question,answer\nFirst?,\"Line one\nline \xff two\nline three\"\nNext?,Fine\n");
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(reasonsText(r), QStringLiteral("2:line 3: not valid UTF-8 text"));
  QCOMPARE(r.imported, 1);
  QCOMPARE(rows(*mProject, QStringLiteral("badbytes"))[0].sourceLine, 5);
  o.file = write(mDir, QStringLiteral("faq.csv"), file);
  // Explicit mapping, and a mapping to a missing column.
  o.name = QStringLiteral("csv2");
  o.csvMapping = {{QStringLiteral("instruction"), QStringLiteral("notes")}, {QStringLiteral("output"), QStringLiteral("answer")}};
  QVERIFY(importDataset(mProject->database(), o, &r, &error));
  QCOMPARE(rows(*mProject, QStringLiteral("csv2"))[1].turns[0].content, QStringLiteral("y"));
  o.name = QStringLiteral("csv3");
  o.csvMapping = {{QStringLiteral("output"), QStringLiteral("nope")}};
  QVERIFY(!importDataset(mProject->database(), o, &r, &error));
  QVERIFY2(error.contains(QStringLiteral("no usable rows")), qPrintable(error));
}

void TestDataImport::plainTextChunks() {
  QByteArray file;
  for (int p = 0; p < 10; ++p) {
    for (int l = 0; l < 5; ++l) file += "This is a sentence of a paragraph about bicycles and their care.\n";
    file += "\n";
  }
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("manual.txt"), file);
  o.name = QStringLiteral("text");
  o.textChunkChars = 700;
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::Text);
  const auto c = rows(*mProject, QStringLiteral("text"));
  QVERIFY(c.size() >= 4 && c.size() <= 10);
  int total = 0;
  for (const auto& x : c) {
    QCOMPARE(x.turns.size(), 1);
    QCOMPARE(x.turns[0].role, QStringLiteral("text"));
    QVERIFY(x.turns[0].content.size() <= 700);
    total += x.turns[0].content.count(QStringLiteral("sentence"));
  }
  QCOMPARE(total, 50);  // nothing lost
}

void TestDataImport::preferencePairs() {
  QByteArray file;
  file += R"({"prompt":"Best tyre pressure?","chosen":"Read the sidewall.","rejected":"Whatever."})" "\n";
  file += R"({"prompt":[{"role":"user","content":"Hi"}],"chosen":[{"role":"assistant","content":"Hello!"}],"rejected":[{"role":"assistant","content":"Go away."}]})" "\n";
  file += R"({"prompt":"x","chosen":"y"})" "\n";
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("prefs.jsonl"), file);
  o.name = QStringLiteral("prefs");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.format, DatasetFormat::Preference);
  QCOMPARE(r.imported, 2);
  QVERIFY(reasonsText(r).contains(QStringLiteral("3:field \"rejected\"")));
  const auto c = rows(*mProject, QStringLiteral("prefs"));
  QCOMPARE(c[1].turns.size(), 3);
  QCOMPARE(c[1].turns[1].variant, QStringLiteral("chosen"));
  QCOMPARE(c[1].turns[2].content, QStringLiteral("Go away."));
}

void TestDataImport::cancelAndDuplicateNameLeaveNothing() {
  QByteArray file;
  for (int i = 0; i < 2000; ++i) file += QStringLiteral("{\"instruction\":\"q%1\",\"output\":\"a\"}\n").arg(i).toUtf8();
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("big.jsonl"), file);
  o.name = QStringLiteral("big");
  o.progress = [](qint64 done, qint64 total) { return done < total / 2; };
  ImportResult r;
  QString error;
  QVERIFY(!importDataset(mProject->database(), o, &r, &error));
  QVERIFY(error.contains(QStringLiteral("cancelled")));
  QSqlQuery q(mProject->database().connection());
  for (const char* table : {"datasets", "conversations", "turns", "import_rejects"}) {
    QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) && q.next());
    QCOMPARE(q.value(0).toInt(), 0);
  }
  o.progress = {};
  QVERIFY(importDataset(mProject->database(), o, &r, &error));
  QCOMPARE(r.imported, 2000);
  QVERIFY(!importDataset(mProject->database(), o, &r, &error));
  QVERIFY(error.contains(QStringLiteral("already exists")));
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM conversations")) && q.next());
  QCOMPARE(q.value(0).toInt(), 2000);
}

// A line of exactly the limit imports; one byte more is rejected with its
// line number, and the lines after it still import.
void TestDataImport::overLongLines() {
  auto record = [](qint64 size) {
    const QByteArray head = "{\"instruction\":\"Long?\",\"output\":\"", tail = "\"}";
    return head + QByteArray(size - head.size() - tail.size(), 'a') + tail;
  };
  const QByteArray file = record(LineReader::kMaxLineBytes) + "\r\n" + record(LineReader::kMaxLineBytes + 1) + "\n" +
                          "{\"instruction\":\"Short?\",\"output\":\"Yes.\"}";  // no newline at the end
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("long.jsonl"), file);
  o.name = QStringLiteral("long");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(reasonsText(r), QStringLiteral("2:line is longer than 8 MB"));
  QCOMPARE(r.imported, 2);
  const auto c = rows(*mProject, QStringLiteral("long"));
  QCOMPARE(c[0].turns[1].content.size(), LineReader::kMaxLineBytes - 35);
  QCOMPARE(c[1].sourceLine, 3);
  QCOMPARE(c[1].turns[1].content, QStringLiteral("Yes."));
}

// Rows are stored in batches (several conversations per statement, parsed
// on other threads): a conversation longer than a batch, rejects in between
// and more rows than one parse batch all come back complete and in order.
void TestDataImport::batchesKeepOrderAndTurns() {
  QByteArray file;
  int expectedRows = 0;
  for (int i = 0; i < 5000; ++i) {
    if (i % 700 == 3) {
      file += "{broken\n";
      continue;
    }
    const int turns = i == 10 ? 251 : 2 + i % 3;  // row 10 has more turns than a batch holds
    QByteArray messages;
    for (int t = 0; t < turns; ++t)
      messages += QStringLiteral("%1{\"role\":\"%2\",\"content\":\"row %3 turn %4\"}")
                      .arg(t ? QStringLiteral(",") : QString(), t % 2 ? QStringLiteral("assistant") : QStringLiteral("user"))
                      .arg(i).arg(t).toUtf8();
    file += "{\"messages\":[" + messages + "]}\n";
    ++expectedRows;
  }
  ImportOptions o;
  o.file = write(mDir, QStringLiteral("batches.jsonl"), file);
  o.name = QStringLiteral("batches");
  ImportResult r;
  QString error;
  QVERIFY2(importDataset(mProject->database(), o, &r, &error), qPrintable(error));
  QCOMPARE(r.imported, expectedRows);
  QCOMPARE(r.rejected.size(), 5000 - expectedRows);
  QCOMPARE(r.rejected.first().line, 4);
  QCOMPARE(r.rejected.last().line, 4 + 700 * (r.rejected.size() - 1));
  const auto c = rows(*mProject, QStringLiteral("batches"));
  QCOMPARE(c.size(), expectedRows);
  qint64 previous = 0;
  for (const Conversation& x : c) {
    QVERIFY(x.sourceLine > previous);
    previous = x.sourceLine;
    const qint64 row = x.sourceLine - 1;
    QCOMPARE(x.turns.size(), row == 10 ? 251 : int(2 + row % 3));
    QCOMPARE(x.turns.last().content, QStringLiteral("row %1 turn %2").arg(row).arg(x.turns.size() - 1));
  }
  QSqlQuery q(mProject->database().connection());
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM import_rejects")) && q.next());
  QCOMPARE(q.value(0).toLongLong(), qint64(r.rejected.size()));
}

void TestDataImport::detection_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("line");
  QTest::addColumn<int>("format");
  QTest::newRow("alpaca") << "a.jsonl" << R"({"instruction":"x","output":"y"})" << int(DatasetFormat::Alpaca);
  QTest::newRow("alpaca array") << "a.json" << R"([{"instruction":"x","output":"y"},)" << int(DatasetFormat::Alpaca);
  QTest::newRow("sharegpt") << "a.jsonl" << R"({"conversations":[]})" << int(DatasetFormat::ShareGpt);
  QTest::newRow("openai") << "a.jsonl" << R"({"messages":[]})" << int(DatasetFormat::OpenAi);
  QTest::newRow("preference") << "a.jsonl" << R"({"prompt":"p","chosen":"c","rejected":"r"})" << int(DatasetFormat::Preference);
  QTest::newRow("csv") << "a.csv" << "q,a" << int(DatasetFormat::Csv);
  QTest::newRow("tsv") << "a.TSV" << "q\ta" << int(DatasetFormat::Csv);
  QTest::newRow("text") << "a.txt" << "Once upon a time" << int(DatasetFormat::Text);
  QTest::newRow("unknown") << "a.jsonl" << R"({"foo":1})" << int(DatasetFormat::Auto);
}

void TestDataImport::detection() {
  QFETCH(QString, file);
  QFETCH(QString, line);
  QFETCH(int, format);
  QString reason;
  QCOMPARE(int(detectFormat(file, line, &reason)), format);
  QVERIFY(!reason.isEmpty());
}

QTEST_GUILESS_MAIN(TestDataImport)
#include "tst_dataimport.moc"
