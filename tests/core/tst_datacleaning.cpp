// Cleaning and splitting: exact counts on a messy file, no personal data in
// the export, nothing deleted, deterministic splits.
#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "data/pii.h"
#include "data/textclean.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "testsupport.h"

using namespace Atelier;

namespace {

QByteArray row(const QString& q, const QString& a) {
  return QJsonDocument(QJsonObject{{QStringLiteral("instruction"), q}, {QStringLiteral("output"), a}}).toJson(QJsonDocument::Compact) + "\n";
}

const QString kLong = QStringLiteral(
    "To replace a worn chain you first check its stretch with a chain checker tool, then open the quick link "
    "or push out a pin with a chain breaker, thread the new chain through the rear derailleur and the front "
    "mechanism, shorten it to the right length by counting links against the old chain, and finally close it "
    "with a new quick link before checking that every gear shifts smoothly under load on a short test ride.");

QStringList exportTexts(Project& p) {
  QStringList out;
  DatasetRepository repo(p.database());
  DatasetInfo info;
  repo.find(QStringLiteral("messy"), &info);
  QString error;
  repo.forEachConversation(info.id, QString(), [&](const Conversation& c) {
    for (const Turn& t : c.turns) out << t.content;
    return true;
  }, &error);
  return out;
}

}  // namespace

class TestDataCleaning : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void helpers();
  void fastPathsMatchUnicodePaths();
  void piiBesideOtherNumbers_data();
  void piiBesideOtherNumbers();
  void messyFileGivesExactCounts();
  void tokenLengthFilters();
};

void TestDataCleaning::helpers() {
  QVERIFY(luhnValid(QStringLiteral("4111 1111 1111 1111")));
  QVERIFY(!luhnValid(QStringLiteral("4111 1111 1111 1112")));
  QVERIFY(ibanValid(QStringLiteral("DE89 3704 0044 0532 0130 00")));
  QVERIFY(!ibanValid(QStringLiteral("DE89 3704 0044 0532 0130 01")));
  QCOMPARE(stripHtml(QStringLiteral("<p>Fish &amp; chips &#233;&#x41;</p><br/>x")), QStringLiteral("Fish & chips éA\n\nx"));
  QCOMPARE(normalizeWhitespace(QStringLiteral("  a\t\tb \r\n\n\n\nc\u0007 e\u0301 ")), QStringLiteral("a b\n\nc é"));
  QCOMPARE(comparisonKey(QStringLiteral("Hello,   WORLD!!")), QStringLiteral("hello world"));
  QHash<QString, int> found;
  const QString r = redactPii(QStringLiteral("Mail a.b@example.co.uk or call +1 (555) 123-4567 on 2024-01-15 at 10:00."), &found);
  QCOMPARE(r, QStringLiteral("Mail [EMAIL] or call [PHONE] on 2024-01-15 at 10:00."));
  auto sig = [](const QString& t) { return minHashSignature(comparisonKey(t), 3, 128); };
  // One word of ~70 changed: three of ~70 shingles differ, true Jaccard ≈ 0.92.
  QVERIFY(estimatedJaccard(sig(kLong), sig(QString(kLong).replace(QStringLiteral("test ride"), QStringLiteral("trial ride")))) > 0.8);
  QVERIFY(estimatedJaccard(sig(kLong), sig(QStringLiteral("Something else entirely about saddles and their height."))) < 0.2);
}

// ASCII text takes shortcuts (no NFC/NFKC, lowercasing for case folding):
// the results must equal those of the full Unicode path.
void TestDataCleaning::fastPathsMatchUnicodePaths() {
  const QString ascii = QStringLiteral("  Hello,\tWORLD -- 42 times!! (Yes)\r\n\r\n\r\nNext\rline\r\r\nend \u0007");
  // A trailing non-ASCII word sends the same text down the Unicode path.
  QCOMPARE(comparisonKey(ascii + QStringLiteral(" \u00C9t\u00C9")),
           comparisonKey(ascii) + QStringLiteral(" \u00E9t\u00E9"));
  QCOMPARE(comparisonKey(ascii), QStringLiteral("hello world 42 times yes next line end"));
  QCOMPARE(normalizeWhitespace(ascii), QStringLiteral("Hello, WORLD -- 42 times!! (Yes)\n\nNext\nline\n\nend"));
  QCOMPARE(normalizeWhitespace(ascii + QStringLiteral(" e\u0301")),
           normalizeWhitespace(ascii) + QStringLiteral(" \u00E9"));
  // Non-breaking and other Unicode spaces become one space; format characters go.
  QCOMPARE(normalizeWhitespace(QStringLiteral("a\u00A0\u2003b\u200Bc")), QStringLiteral("a bc"));
  // Repetition is judged on words, with or without the key computed first.
  const QString spam = QStringLiteral("buy cheap bikes now ").repeated(6);
  QCOMPARE(repeatedTrigramRatio(spam), repeatedTrigramRatioOfKey(comparisonKey(spam)));
  QVERIFY(repeatedTrigramRatio(spam) > 0.8);
  QCOMPARE(repeatedTrigramRatio(QStringLiteral("one two three four five six seven eight nine ten eleven twelve")), 0.0);
}

// Personal data written next to other numbers or codes: only the personal
// data goes, counted as the right kind.
void TestDataCleaning::piiBesideOtherNumbers_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<QString>("redacted");
  QTest::addColumn<QString>("kinds");
  QTest::newRow("card + expiry") << "Paid with 4111 1111 1111 1111 12/28 today."
                                 << "Paid with [CREDIT_CARD] 12/28 today." << "credit_card";
  QTest::newRow("card + cvc") << "Card 5500-0000-0000-0004-123 please" << "Card [CREDIT_CARD]-123 please" << "credit_card";
  QTest::newRow("iban + bic") << "To DE89 3704 0044 0532 0130 00 COBADEFFXXX now."
                              << "To [IBAN] COBADEFFXXX now." << "iban";
  // Its 18 bank digits pass the Luhn check: they must not count as a card.
  QTest::newRow("iban with card-like digits + bic") << "To DE15 3704 0044 0100 0000 00 COBADEFFXXX now."
                                                    << "To [IBAN] COBADEFFXXX now." << "iban";
  QTest::newRow("compact iban") << "Account GB82WEST12345698765432 closed" << "Account [IBAN] closed" << "iban";
  QTest::newRow("not a card, not cut") << "Order 4111 1111 1111 1112 34 shipped" << "Order 4111 1111 1111 1112 34 shipped" << "";
  QTest::newRow("ip") << "Ping 10.0.0.1." << "Ping [IP_ADDRESS]." << "ip_address";
  QTest::newRow("numbers that are none") << "Ticket #12345, version 1.2.3, 2024-01-15"
                                         << "Ticket #12345, version 1.2.3, 2024-01-15" << "";
  QTest::newRow("ssn + phone") << "SSN 078-05-1120, phone 030 1234 5678"
                               << "SSN [US_SSN], phone [PHONE]" << "phone,us_ssn";
}

void TestDataCleaning::piiBesideOtherNumbers() {
  QFETCH(QString, text);
  QFETCH(QString, redacted);
  QFETCH(QString, kinds);
  QHash<QString, int> found;
  QCOMPARE(redactPii(text, &found), redacted);
  QStringList got = found.keys();
  got.sort();
  QCOMPARE(got.join(QLatin1Char(',')), kinds);
  for (int n : std::as_const(found)) QCOMPARE(n, 1);
}

void TestDataCleaning::messyFileGivesExactCounts() {
  QByteArray file;
  for (int i = 0; i < 10; ++i)
    file += row(QStringLiteral("Question %1 about topic %2?").arg(i).arg(QChar('A' + i)),
                QStringLiteral("Answer number %1 explains topic %2 in a few plain words.").arg(i).arg(QChar('A' + i)));
  file += row(QStringLiteral("QUESTION 0 about   topic A"), QStringLiteral("answer number 0 explains topic A, in a few plain words"));  // exact dup
  file += row(QStringLiteral("How do I replace a chain?"), kLong);
  file += row(QStringLiteral("How do I replace a chain?"), QString(kLong).replace(QStringLiteral("short test ride"), QStringLiteral("brief test ride")));  // near dup
  file += row(QStringLiteral("Contact?"), QStringLiteral("Write to jane.doe@example.com or call 555-123-4567."));
  file += row(QStringLiteral("Card?"), QStringLiteral("Paid with 4111 1111 1111 1111, not 4111 1111 1111 1112."));
  file += row(QStringLiteral("Bank?"), QStringLiteral("IBAN DE89 3704 0044 0532 0130 00 please."));
  file += row(QStringLiteral("Server?"), QStringLiteral("It runs on 192.168.1.20, not 999.1.1.1."));
  file += row(QStringLiteral("SSN?"), QStringLiteral("Mine is 123-45-6789."));
  file += row(QStringLiteral("Link?"), QStringLiteral("Use https://bob:secret@example.com/files to download."));
  file += row(QStringLiteral("<b>Bold</b> question"), QStringLiteral("<p>Fish &amp; chips</p>"));
  file += row(QStringLiteral("Empty?"), QStringLiteral("<br>"));                               // empty answer after HTML
  file += row(QStringLiteral("Spam?"), QStringLiteral("buy now\nbuy now\nbuy now\nbuy now"));  // repeated lines
  file += row(QStringLiteral("Art?"), QStringLiteral("★☆★☆★☆★☆ ♪♫♪♫ ✓✓✓"));                     // symbols
  file += row(QStringLiteral("Competitor?"), QStringLiteral("You should try MegaBikes instead."));  // blocklist

  QTemporaryDir dir;
  QString error;
  auto p = Project::create(dir.filePath(QStringLiteral("p")), QString(), QString(), &error);
  QVERIFY2(p, qPrintable(error));
  QFile f(dir.filePath(QStringLiteral("messy.jsonl")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(file);
  f.close();
  ImportOptions io;
  io.file = f.fileName();
  io.name = QStringLiteral("messy");
  ImportResult ir;
  QVERIFY2(importDataset(p->database(), io, &ir, &error), qPrintable(error));
  QCOMPARE(ir.imported, 24);

  CleanOptions o;
  o.blocklist = {QStringLiteral("megabikes")};
  CleanResult r;
  QVERIFY2(cleanDataset(p->database(), QStringLiteral("messy"), o, &r, &error), qPrintable(error));
  QCOMPARE(r.total, 24);
  QCOMPARE(r.removed.value(QStringLiteral("exact_duplicate")), 1);
  QCOMPARE(r.removed.value(QStringLiteral("near_duplicate")), 1);
  QCOMPARE(r.removed.value(QStringLiteral("empty_answer")), 1);
  QCOMPARE(r.removed.value(QStringLiteral("repeated_lines")), 1);
  QCOMPARE(r.removed.value(QStringLiteral("symbols")), 1);
  QCOMPARE(r.removed.value(QStringLiteral("blocklist")), 1);
  QCOMPARE(r.kept, 18);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("email")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("phone")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("credit_card")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("iban")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("ip_address")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("us_ssn")), 1);
  QCOMPARE(r.piiRedacted.value(QStringLiteral("url_with_credentials")), 1);
  const QString exported = exportTexts(*p).join(QLatin1Char('\n'));
  for (const char* secret : {"jane.doe@example.com", "555-123-4567", "4111 1111 1111 1111", "DE89 3704", "192.168.1.20",
                             "123-45-6789", "bob:secret", "<p>", "&amp;"})
    QVERIFY2(!exported.contains(QString::fromUtf8(secret)), secret);
  QVERIFY(exported.contains(QStringLiteral("4111 1111 1111 1112")));  // fails Luhn: not a card
  QVERIFY(exported.contains(QStringLiteral("999.1.1.1")));
  QVERIFY(exported.contains(QStringLiteral("Fish & chips")));

  // Nothing was deleted: the originals are all still there.
  QSqlQuery q(p->database().connection());
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM turns WHERE content LIKE '%jane.doe@example.com%'")) && q.next());
  QCOMPARE(q.value(0).toInt(), 1);

  SplitResult a, b;
  QVERIFY(splitDataset(p->database(), QStringLiteral("messy"), 0.2, 0.1, 42, &a, &error));
  QCOMPARE(a.train + a.val + a.test, qint64(18));
  QCOMPARE(a.val, qint64(4));
  QCOMPARE(a.test, qint64(2));
  auto splitOf = [&] {
    QStringList s;
    QSqlQuery sq(p->database().connection());
    sq.exec(QStringLiteral("SELECT id, COALESCE(split, '-') FROM conversations ORDER BY id"));
    while (sq.next()) s << sq.value(1).toString();
    return s.join(QLatin1Char(','));
  };
  const QString first = splitOf();
  // Clean and split again: identical.
  QVERIFY(cleanDataset(p->database(), QStringLiteral("messy"), o, &r, &error));
  QVERIFY(splitDataset(p->database(), QStringLiteral("messy"), 0.2, 0.1, 42, &b, &error));
  QCOMPARE(splitOf(), first);
  QVERIFY(splitDataset(p->database(), QStringLiteral("messy"), 0.2, 0.1, 43, &b, &error));
  QVERIFY(splitOf() != first);
  // Everything switched off restores every row.
  CleanOptions none;
  none.normalize = none.html = none.exactDedup = none.nearDedup = none.quality = false;
  none.pii = QStringLiteral("keep");
  QVERIFY(cleanDataset(p->database(), QStringLiteral("messy"), none, &r, &error));
  QCOMPARE(r.kept, 24);
  QVERIFY(exportTexts(*p).join(QLatin1Char('\n')).contains(QStringLiteral("jane.doe@example.com")));
}

// Token limits with the model's tokenizer use counts from HF tokenizers
// (the goldens), so a wrong count or a wrong comparison changes the numbers.
void TestDataCleaning::tokenLengthFilters() {
  QFile goldens(AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel/goldens.jsonl")));
  QVERIFY(goldens.open(QIODevice::ReadOnly));
  QList<QPair<QString, int>> texts;
  while (!goldens.atEnd() && texts.size() < 40) {
    const QJsonObject g = QJsonDocument::fromJson(goldens.readLine()).object();
    const QString text = g.value(QStringLiteral("text")).toString();
    if (text.trimmed() != text || text.isEmpty() || text.contains(QLatin1Char('\n'))) continue;
    texts.append({text, int(g.value(QStringLiteral("ids")).toArray().size())});
  }
  QVERIFY(texts.size() >= 20);
  QByteArray file;
  QList<int> rowTokens, rowEstimate;
  for (int i = 0; i + 1 < texts.size(); i += 2) {
    // Distinct rows: exact duplicates would be left out for another reason.
    file += row(texts[i].first, texts[i + 1].first);
    rowTokens << texts[i].second + texts[i + 1].second;
    rowEstimate << int((texts[i].first.size() + 3) / 4 + (texts[i + 1].first.size() + 3) / 4);
  }
  QTemporaryDir dir;
  QString error;
  auto p = Project::create(dir.filePath(QStringLiteral("p")), QString(), QString(), &error);
  QVERIFY2(p, qPrintable(error));
  QFile f(dir.filePath(QStringLiteral("tokens.jsonl")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(file);
  f.close();
  ImportOptions io;
  io.file = f.fileName();
  io.name = QStringLiteral("tokens");
  ImportResult ir;
  QVERIFY2(importDataset(p->database(), io, &ir, &error), qPrintable(error));
  QCOMPARE(ir.imported, qint64(rowTokens.size()));

  QList<int> sorted = rowTokens;
  std::sort(sorted.begin(), sorted.end());
  CleanOptions o;  // only the token filter: the texts stay byte-identical to the goldens
  o.normalize = o.html = o.exactDedup = o.nearDedup = o.quality = false;
  o.pii = QStringLiteral("keep");
  o.minTokens = sorted[sorted.size() / 4];
  o.maxTokens = sorted[3 * sorted.size() / 4];
  o.tokenModel = AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel"));
  const qint64 fewer = std::count_if(rowTokens.begin(), rowTokens.end(), [&](int n) { return n < o.minTokens; });
  const qint64 more = std::count_if(rowTokens.begin(), rowTokens.end(), [&](int n) { return n > o.maxTokens; });
  QVERIFY(fewer > 0 && more > 0);
  CleanResult r;
  QVERIFY2(cleanDataset(p->database(), QStringLiteral("tokens"), o, &r, &error), qPrintable(error));
  QCOMPARE(r.removed.value(QStringLiteral("too_few_tokens")), fewer);
  QCOMPARE(r.removed.value(QStringLiteral("too_many_tokens")), more);
  QCOMPARE(r.kept, qint64(rowTokens.size()) - fewer - more);
  QVERIFY2(r.tokenSource.contains(QStringLiteral("tokenizer.json")), qPrintable(r.tokenSource));

  // Without a model the limits apply to the estimate, and say so.
  o.tokenModel.clear();
  o.minTokens = 0;
  o.maxTokens = 12;
  QVERIFY(cleanDataset(p->database(), QStringLiteral("tokens"), o, &r, &error));
  QCOMPARE(r.removed.value(QStringLiteral("too_many_tokens")),
           qint64(std::count_if(rowEstimate.begin(), rowEstimate.end(), [](int n) { return n > 12; })));
  QVERIFY(r.tokenSource.contains(QStringLiteral("estimate")));

  // A folder without a tokenizer is refused before anything changes.
  o.tokenModel = dir.path();
  QVERIFY(!cleanDataset(p->database(), QStringLiteral("tokens"), o, &r, &error));
  QVERIFY2(error.contains(QStringLiteral("tokenizer")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestDataCleaning)
#include "tst_datacleaning.moc"
