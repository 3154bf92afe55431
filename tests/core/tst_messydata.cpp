// The messy fixtures (tests/data/datasets, written by make_messy.py) in all
// four formats: exact import counts with every rejected line and its reason,
// exact cleaning counts, no personal data in the export, a cancelled import
// that leaves nothing, and splits that repeat exactly and keep duplicates
// out of every split but one.
#include "data/datasetcleaner.h"
#include "data/datasetexport.h"
#include "data/datasetimporter.h"
#include "data/textclean.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "testsupport.h"

using namespace Atelier;

using Rejects = QList<QPair<qint64, QString>>;
using Counts = QMap<QString, qint64>;
Q_DECLARE_METATYPE(Rejects)
Q_DECLARE_METATYPE(Counts)

namespace {

QString fixture(const QString& name) { return AtelierTest::dataPath(QStringLiteral("datasets/") + name); }

// kind → the strings make_messy.py planted.
QList<QPair<QString, QString>> plantedPii() {
  QList<QPair<QString, QString>> out;
  QFile f(fixture(QStringLiteral("messy_pii.txt")));
  if (!f.open(QIODevice::ReadOnly)) return out;
  for (const QByteArray& line : f.readAll().split('\n')) {
    const int tab = line.indexOf('\t');
    if (tab > 0) out.append({QString::fromUtf8(line.left(tab)), QString::fromUtf8(line.mid(tab + 1))});
  }
  return out;
}

qint64 count(Project& p, const QString& sql) {
  QSqlQuery q(p.database().connection());
  return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

// Every table an import writes to, summed: zero means no trace.
qint64 importedRows(Project& p) {
  return count(p, QStringLiteral("SELECT (SELECT COUNT(*) FROM datasets) + (SELECT COUNT(*) FROM conversations) + "
                                 "(SELECT COUNT(*) FROM turns) + (SELECT COUNT(*) FROM import_rejects)"));
}

const Counts kRemoved{{QStringLiteral("exact_duplicate"), 3},
                      {QStringLiteral("near_duplicate"), 1},
                      {QStringLiteral("empty_answer"), 1}};
const Counts kPii{{QStringLiteral("email"), 2},  {QStringLiteral("phone"), 2},       {QStringLiteral("credit_card"), 2},
                  {QStringLiteral("iban"), 2},   {QStringLiteral("ip_address"), 1},  {QStringLiteral("us_ssn"), 1},
                  {QStringLiteral("url_with_credentials"), 2}};

}  // namespace

class TestMessyData : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void importCleanExport_data();
  void importCleanExport();
  void sameExportFromEveryFormat();
  void cancelledImportLeavesNoTrace_data();
  void cancelledImportLeavesNoTrace();
  void rerunGivesIdenticalSplits();
  void failedExportLeavesNoFile();

 private:
  std::unique_ptr<Project> newProject();
  QTemporaryDir mDir;
};

void TestMessyData::initTestCase() {
  QVERIFY(mDir.isValid());
  QCOMPARE(plantedPii().size(), 12);
  // The fixtures are committed bytes: BOM first, CRLF endings, an invalid byte.
  for (const char* name : {"messy_alpaca.jsonl", "messy_sharegpt.jsonl", "messy_openai.jsonl", "messy.csv"}) {
    QFile f(fixture(QString::fromLatin1(name)));
    QVERIFY2(f.open(QIODevice::ReadOnly), name);
    const QByteArray bytes = f.readAll();
    QVERIFY2(bytes.startsWith("\xEF\xBB\xBF"), name);
    QVERIFY2(bytes.count("\r\n") >= 26 && bytes.count('\n') == bytes.count("\r\n"), name);
    QVERIFY2(bytes.contains("caf\xFF"), name);
  }
}

std::unique_ptr<Project> TestMessyData::newProject() {
  static int n = 0;
  QString error;
  auto p = Project::create(mDir.filePath(QStringLiteral("p%1").arg(++n)), QString(), QString(), &error);
  if (!p) qWarning("%s", qPrintable(error));
  return p;
}

void TestMessyData::importCleanExport_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("format");
  QTest::addColumn<Rejects>("rejects");
  const QString utf8 = QStringLiteral("not valid UTF-8 text");
  const QString notObject = QStringLiteral("not a JSON object");
  QTest::newRow("alpaca") << "messy_alpaca.jsonl" << "alpaca"
                          << Rejects{{16, QStringLiteral("not valid JSON (unterminated string)")},
                                     {17, utf8},
                                     {18, QStringLiteral("field \"output\" is not text")},
                                     {19, QStringLiteral("missing field \"output\"")},
                                     {20, QStringLiteral("field \"instruction\" is empty")},
                                     {26, notObject}};
  QTest::newRow("sharegpt") << "messy_sharegpt.jsonl" << "sharegpt"
                            << Rejects{{16, QStringLiteral("not valid JSON (unterminated array)")},
                                       {17, utf8},
                                       {18, QStringLiteral("message 2 has no text in \"value\"")},
                                       {19, QStringLiteral("missing field \"conversations\"")},
                                       {20, QStringLiteral("message 1 is empty")},
                                       {26, notObject}};
  QTest::newRow("openai") << "messy_openai.jsonl" << "openai"
                          << Rejects{{16, QStringLiteral("not valid JSON (missing value separator)")},
                                     {17, utf8},
                                     {18, QStringLiteral("the messages are not a list")},
                                     {19, QStringLiteral("no assistant answer")},
                                     {20, QStringLiteral("message 2 has unknown role \"robot\"")},
                                     {26, notObject}};
  // CSV: line 1 is the header, and the answer about tandems spans lines 26–28.
  QTest::newRow("csv") << "messy.csv" << "csv"
                       << Rejects{{17, QStringLiteral("has 3 columns, the header has 2")},
                                  {18, utf8},
                                  {19, QStringLiteral("has 1 columns, the header has 2")},
                                  {20, QStringLiteral("field \"output\" is empty")},
                                  {21, QStringLiteral("field \"instruction\" is empty")},
                                  {29, QStringLiteral("a quoted field is never closed")}};
}

void TestMessyData::importCleanExport() {
  QFETCH(QString, file);
  QFETCH(QString, format);
  QFETCH(Rejects, rejects);
  auto p = newProject();
  QVERIFY(p);
  QString error;
  ImportOptions io;
  io.file = fixture(file);
  io.name = QStringLiteral("messy");
  ImportResult ir;
  QVERIFY2(importDataset(p->database(), io, &ir, &error), qPrintable(error));
  QCOMPARE(formatName(ir.format), format);  // detected, BOM and all
  QCOMPARE(ir.imported, qint64(19));
  Rejects got;
  for (const ImportRejection& r : ir.rejected) got.append({r.line, r.reason});
  QCOMPARE(got, rejects);
  QCOMPARE(count(*p, QStringLiteral("SELECT COUNT(*) FROM import_rejects")), qint64(rejects.size()));
  // CRLF and the BOM are gone from what was stored.
  QCOMPARE(count(*p, QStringLiteral("SELECT COUNT(*) FROM turns WHERE content LIKE '%' || char(13) || '%'"
                                    " OR content LIKE char(65279) || '%'")), qint64(0));
  QCOMPARE(count(*p, QStringLiteral("SELECT MIN(source_line) FROM conversations")), qint64(format == QLatin1String("csv") ? 2 : 1));

  CleanResult r;
  QVERIFY2(cleanDataset(p->database(), QStringLiteral("messy"), CleanOptions(), &r, &error), qPrintable(error));
  QCOMPARE(r.total, qint64(19));
  QCOMPARE(r.removed, kRemoved);
  QCOMPARE(r.kept, qint64(14));
  QCOMPARE(r.piiRedacted, kPii);

  ExportOptions eo;
  eo.name = QStringLiteral("messy");
  eo.file = mDir.filePath(QStringLiteral("%1-export.jsonl").arg(format));
  qint64 rows = 0;
  QVERIFY2(exportDataset(p->database(), eo, &rows, &error), qPrintable(error));
  QCOMPARE(rows, qint64(14));
  QFile f(eo.file);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QByteArray bytes = f.readAll();
  QString contents;
  int lines = 0;
  for (const QByteArray& line : bytes.split('\n')) {
    if (line.isEmpty()) continue;
    ++lines;
    const QJsonArray messages = QJsonDocument::fromJson(line).object().value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    QCOMPARE(messages[1].toObject().value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
    for (const QJsonValue& m : messages) contents += m.toObject().value(QStringLiteral("content")).toString() + QLatin1Char('\n');
  }
  QCOMPARE(lines, 14);
  for (const auto& [kind, secret] : plantedPii()) {
    QVERIFY2(!contents.contains(secret), qPrintable(kind + QStringLiteral(": ") + secret));
    QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(secret));
    // Not even its digits, in any grouping.
    QString digits = secret;
    digits.remove(QRegularExpression(QStringLiteral("[^0-9]")));
    QString compact = contents;
    compact.remove(QRegularExpression(QStringLiteral("[^0-9A-Za-z\\[\\]]")));
    if (digits.size() >= 9) QVERIFY2(!compact.contains(digits), qPrintable(secret));
  }
  // Only the personal data went: what stood right after it is still there.
  QVERIFY(contents.contains(QStringLiteral("paid with [CREDIT_CARD] 12/28 and")));
  QVERIFY(contents.contains(QStringLiteral("Transfer it to [IBAN] COBADEFFXXX with")));
  QVERIFY(contents.contains(QStringLiteral("Log in through [URL_WITH_CREDENTIALS] and")));
  QVERIFY(contents.contains(QStringLiteral("Yes, helmets for adults & children, from 40 euros.")));
  QVERIFY(contents.contains(QStringLiteral("Book them a day ahead,\nand bring")));
  QVERIFY(!contents.contains(QStringLiteral("<p>")));
  // Nothing was deleted: the originals still hold what the export left out.
  QCOMPARE(count(*p, QStringLiteral("SELECT COUNT(*) FROM turns WHERE content LIKE '%anna.schmidt@example.com%'")), qint64(1));
}

// The four files hold the same rows: after cleaning, the same export, byte
// for byte (importCleanExport wrote them).
void TestMessyData::sameExportFromEveryFormat() {
  QByteArray first;
  for (const char* format : {"alpaca", "sharegpt", "openai", "csv"}) {
    QFile f(mDir.filePath(QStringLiteral("%1-export.jsonl").arg(QLatin1String(format))));
    QVERIFY2(f.open(QIODevice::ReadOnly), format);
    const QByteArray bytes = f.readAll();
    QVERIFY(!bytes.isEmpty());
    if (first.isEmpty()) first = bytes;
    QVERIFY2(bytes == first, format);
  }
}

void TestMessyData::cancelledImportLeavesNoTrace_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("atTheEnd");
  for (const char* name : {"messy_alpaca.jsonl", "messy.csv"}) {
    QTest::addRow("%s, first report", name) << name << false;
    // Cancel pressed while the last rows were written: still nothing kept.
    QTest::addRow("%s, last report", name) << name << true;
  }
}

void TestMessyData::cancelledImportLeavesNoTrace() {
  QFETCH(QString, file);
  QFETCH(bool, atTheEnd);
  auto p = newProject();
  QVERIFY(p);
  const QByteArray before = AtelierTest::fileHash(fixture(file));
  ImportOptions io;
  io.file = fixture(file);
  io.name = QStringLiteral("cancelled");
  int reports = 0;
  io.progress = [&](qint64 done, qint64 total) {
    ++reports;
    return atTheEnd ? done < total : false;
  };
  ImportResult ir;
  QString error;
  QVERIFY(!importDataset(p->database(), io, &ir, &error));
  QVERIFY(reports > 0);
  QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
  QCOMPARE(importedRows(*p), qint64(0));
  QCOMPARE(AtelierTest::fileHash(fixture(file)), before);
  // The name is free again and the same file imports normally.
  io.progress = nullptr;
  QVERIFY2(importDataset(p->database(), io, &ir, &error), qPrintable(error));
  QCOMPARE(ir.imported, qint64(19));
}

// Two independent runs of import + clean + split from the same file give the
// same rows in the same splits; duplicates (and their near twins) are in no
// split, so a cluster never straddles two.
void TestMessyData::rerunGivesIdenticalSplits() {
  auto run = [&](Project& p, QString* error) -> QMap<qint64, QString> {
    ImportOptions io;
    io.file = fixture(QStringLiteral("messy_sharegpt.jsonl"));
    io.name = QStringLiteral("messy");
    ImportResult ir;
    CleanResult cr;
    SplitResult sr;
    QMap<qint64, QString> splits;
    if (!importDataset(p.database(), io, &ir, error) ||
        !cleanDataset(p.database(), io.name, CleanOptions(), &cr, error) ||
        !splitDataset(p.database(), io.name, 0.2, 0.2, 7, &sr, error))
      return splits;
    QSqlQuery q(p.database().connection());
    q.exec(QStringLiteral("SELECT source_line, COALESCE(split, '-') || ' ' || flags FROM conversations"));
    while (q.next()) splits.insert(q.value(0).toLongLong(), q.value(1).toString());
    return splits;
  };
  auto a = newProject(), b = newProject();
  QVERIFY(a && b);
  QString error;
  const QMap<qint64, QString> first = run(*a, &error);
  QVERIFY2(!first.isEmpty(), qPrintable(error));
  const QMap<qint64, QString> second = run(*b, &error);
  QCOMPARE(second, first);
  QCOMPARE(first.size(), 19);
  QStringList splits;
  for (const QString& s : first) splits << s.section(QLatin1Char(' '), 0, 0);
  QCOMPARE(splits.count(QStringLiteral("-")), 5);  // the left-out rows
  QCOMPARE(splits.count(QStringLiteral("val")), 3);
  QCOMPARE(splits.count(QStringLiteral("test")), 3);
  QCOMPARE(splits.count(QStringLiteral("train")), 8);
  for (auto it = first.begin(); it != first.end(); ++it)
    QCOMPARE(it.value().startsWith(QLatin1Char('-')), it.value().contains(QStringLiteral("duplicate")) ||
                                                          it.value().contains(QStringLiteral("empty_answer")));

  // No comparison key (what duplicates are judged on) in two splits: export
  // each split and look for the same question-and-answer across them.
  QHash<QString, QString> splitOfKey;
  for (const char* split : {"train", "val", "test"}) {
    ExportOptions eo;
    eo.name = QStringLiteral("messy");
    eo.split = QString::fromLatin1(split);
    eo.file = mDir.filePath(QStringLiteral("split-%1.jsonl").arg(eo.split));
    qint64 rows = 0;
    QVERIFY2(exportDataset(a->database(), eo, &rows, &error), qPrintable(error));
    QFile f(eo.file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    for (const QByteArray& line : f.readAll().split('\n')) {
      if (line.isEmpty()) continue;
      QString key;
      for (const QJsonValue& m : QJsonDocument::fromJson(line).object().value(QStringLiteral("messages")).toArray())
        key += comparisonKey(m.toObject().value(QStringLiteral("content")).toString()) + QLatin1Char('|');
      QVERIFY2(!splitOfKey.contains(key), qPrintable(key));
      splitOfKey.insert(key, eo.split);
    }
  }
  QCOMPARE(splitOfKey.size(), 14);
}

// An export that cannot finish (cancelled, or an unknown split) leaves no
// file, and an existing file at the target keeps its bytes.
void TestMessyData::failedExportLeavesNoFile() {
  auto p = newProject();
  QVERIFY(p);
  QString error;
  // Enough rows for the export to report progress (it does every 256 rows).
  QByteArray big;
  for (int i = 0; i < 600; ++i)
    big += QStringLiteral("{\"instruction\":\"Question %1?\",\"output\":\"Answer %1.\"}\n").arg(i).toUtf8();
  QFile source(mDir.filePath(QStringLiteral("big.jsonl")));
  QVERIFY(source.open(QIODevice::WriteOnly));
  source.write(big);
  source.close();
  ImportOptions io;
  io.file = source.fileName();
  io.name = QStringLiteral("big");
  ImportResult ir;
  QVERIFY2(importDataset(p->database(), io, &ir, &error), qPrintable(error));
  ExportOptions eo;
  eo.name = QStringLiteral("big");
  eo.file = mDir.filePath(QStringLiteral("cancelled-export.jsonl"));
  eo.progress = [](qint64 rows) { return rows < 512; };
  qint64 rows = 0;
  QVERIFY(!exportDataset(p->database(), eo, &rows, &error));
  QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
  QVERIFY(!QFile::exists(eo.file));
  QFile existing(eo.file);
  QVERIFY(existing.open(QIODevice::WriteOnly));
  existing.write("keep me\n");
  existing.close();
  QVERIFY(!exportDataset(p->database(), eo, &rows, &error));
  eo.split = QStringLiteral("training");
  QVERIFY(!exportDataset(p->database(), eo, &rows, &error));
  QVERIFY2(error.contains(QStringLiteral("train, val, test or all")), qPrintable(error));
  QVERIFY(existing.open(QIODevice::ReadOnly));
  QCOMPARE(existing.readAll(), QByteArray("keep me\n"));
  existing.close();
  const QStringList leftovers = QDir(mDir.path()).entryList({QStringLiteral("cancelled-export*")}, QDir::Files);
  QCOMPARE(leftovers, QStringList{QStringLiteral("cancelled-export.jsonl")});
  eo.split = QStringLiteral("all");
  eo.progress = nullptr;
  QVERIFY2(exportDataset(p->database(), eo, &rows, &error), qPrintable(error));
  QCOMPARE(rows, qint64(600));
}

QTEST_GUILESS_MAIN(TestMessyData)
#include "tst_messydata.moc"
