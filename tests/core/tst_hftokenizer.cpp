// tokenizer.json against the Hugging Face tokenizers library: ids and text
// for 220 lines of multilingual text on four layouts real models use
// (goldens made by tests/data/hf/make_goldens.js), and malformed files.
#include "tokenizer/hf/hftokenizer.h"
#include "tokenizer/tokenizerloader.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

namespace {

std::vector<int32_t> idsOf(const QJsonValue& v) {
  std::vector<int32_t> out;
  for (const auto x : v.toArray()) out.push_back(x.toInt());
  return out;
}

QString show(const std::vector<int32_t>& ids) {
  QStringList s;
  for (int32_t id : ids) s << QString::number(id);
  return s.join(QLatin1Char(','));
}

}  // namespace

class TestHfTokenizer : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesReference_data();
  void matchesReference();
  void specialTokensAndLookups();
  void modelFolderPrefersTokenizerJson();
  void malformed_data();
  void malformed();
};

void TestHfTokenizer::matchesReference_data() {
  QTest::addColumn<QString>("fixture");
  for (const char* f : {"llama3-bytelevel", "qwen2-bytelevel", "llama2-metaspace", "mistral-metaspace", "gpt2-bytelevel"})
    QTest::newRow(f) << QString::fromLatin1(f);
}

void TestHfTokenizer::matchesReference() {
  QFETCH(QString, fixture);
  QString error;
  auto tok = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/%1/tokenizer.json").arg(fixture)), QString(), &error);
  QVERIFY2(tok, qPrintable(error));
  QFile f(AtelierTest::dataPath(QStringLiteral("hf/%1/goldens.jsonl").arg(fixture)));
  QVERIFY(f.open(QIODevice::ReadOnly));
  int lines = 0;
  QStringList failures;
  while (!f.atEnd()) {
    const QByteArray line = f.readLine().trimmed();
    if (line.isEmpty()) continue;
    ++lines;
    const QJsonObject g = QJsonDocument::fromJson(line).object();
    const QString text = g.value(QStringLiteral("text")).toString();
    std::vector<int32_t> ids, withSpecial;
    QString decoded, skipped;
    tok->encode(text, &ids);
    tok->encodeWithSpecialTokens(text, &withSpecial);
    const std::vector<int32_t> want = idsOf(g.value(QStringLiteral("ids")));
    QVERIFY(tok->decode(want, &decoded));
    QVERIFY(tok->decode(want, true, &skipped));
    QString what;
    if (ids != want) what += QStringLiteral(" ids %1 want %2").arg(show(ids), show(want));
    if (withSpecial != idsOf(g.value(QStringLiteral("ids_with_special")))) what += QStringLiteral(" special ids");
    if (decoded != g.value(QStringLiteral("decoded")).toString())
      what += QStringLiteral(" decoded \"%1\" want \"%2\"").arg(decoded, g.value(QStringLiteral("decoded")).toString());
    if (skipped != g.value(QStringLiteral("decoded_skip_special")).toString()) what += QStringLiteral(" skip-special decode");
    if (!what.isEmpty()) failures << QStringLiteral("line %1 %2:%3").arg(lines).arg(QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact)), what);
  }
  QVERIFY(lines >= 200);
  QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 of %2 lines differ:\n").arg(failures.size()).arg(lines) +
                                          failures.mid(0, 8).join(QLatin1Char('\n'))));
}

void TestHfTokenizer::specialTokensAndLookups() {
  QString error;
  auto tok = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel/tokenizer.json")), QString(), &error);
  QVERIFY2(tok, qPrintable(error));
  const int eot = tok->pieceToId(QStringLiteral("<|eot_id|>"));
  QVERIFY(eot > 0);
  QCOMPARE(tok->idToPiece(eot), QStringLiteral("<|eot_id|>"));
  QCOMPARE(tok->bosId(), tok->pieceToId(QStringLiteral("<|begin_of_text|>")));  // from the template
  QCOMPARE(tok->vocabSize(), eot + 1);
  QString text;
  QVERIFY(!tok->decode({5, 99999}, &text));
  QVERIFY(tok->errorString().contains(QStringLiteral("99999")));
  QCOMPARE(tok->kind(), QStringLiteral("tokenizer.json"));
  // tokenizer_config.json names the eos.
  QTemporaryDir dir;
  QFile cfg(dir.filePath(QStringLiteral("tokenizer_config.json")));
  QVERIFY(cfg.open(QIODevice::WriteOnly));
  cfg.write(R"({"bos_token": {"content": "<|begin_of_text|>"}, "eos_token": "<|eot_id|>"})");
  cfg.close();
  auto configured = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel/tokenizer.json")),
                                      cfg.fileName(), &error);
  QVERIFY2(configured, qPrintable(error));
  QCOMPARE(configured->eosId(), eot);
}

void TestHfTokenizer::modelFolderPrefersTokenizerJson() {
  QTemporaryDir dir;
  QVERIFY(QFile::copy(AtelierTest::dataPath(QStringLiteral("hf/llama2-metaspace/tokenizer.json")),
                      dir.filePath(QStringLiteral("tokenizer.json"))));
  QVERIFY(QFile::copy(AtelierTest::dataPath(QStringLiteral("spm/tiny.model")), dir.filePath(QStringLiteral("tokenizer.model"))));
  QString error;
  auto tok = loadModelTokenizer(dir.path(), &error);
  QVERIFY2(tok, qPrintable(error));
  QCOMPARE(tok->kind(), QStringLiteral("tokenizer.json"));
}

void TestHfTokenizer::malformed_data() {
  QTest::addColumn<QByteArray>("json");
  QTest::addColumn<QString>("expected");
  const QByteArray model = R"("model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]})";
  auto with = [&](const QByteArray& extra) { return "{" + model + extra + "}"; };
  QTest::newRow("not json") << QByteArray("{oops") << "not valid JSON";
  QTest::newRow("no model") << QByteArray("{}") << "no \"model\" object";
  QTest::newRow("wordpiece") << QByteArray(R"({"model":{"type":"WordPiece","vocab":{}}})") << "\"WordPiece\" is not supported yet";
  QTest::newRow("unigram") << QByteArray(R"({"model":{"type":"Unigram","vocab":[]}})") << "\"Unigram\" is not supported yet";
  QTest::newRow("vocab not object") << QByteArray(R"({"model":{"type":"BPE","vocab":[1]}})") << "\"vocab\" must be an object";
  QTest::newRow("bad id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":-4}}})") << "no valid id";
  QTest::newRow("duplicate id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0,"b":0}}})") << "id 0 is used by both";
  QTest::newRow("merge of unknown") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":["a z"]}})") << "not in the vocabulary";
  QTest::newRow("merge malformed") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":[7]}})") << "neither";
  QTest::newRow("unk missing") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"unk_token":"<unk>"}})") << "unk_token";
  QTest::newRow("unknown normalizer") << with(R"(,"normalizer":{"type":"BertNormalizer"})") << "normalizer \"BertNormalizer\"";
  QTest::newRow("unknown pre-tokenizer") << with(R"(,"pre_tokenizer":{"type":"Whitespace"})") << "pre_tokenizer \"Whitespace\"";
  QTest::newRow("bad regex") << with(R"(,"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated"})") << "not a valid regular expression";
  QTest::newRow("unknown decoder") << with(R"(,"decoder":{"type":"WordPiece"})") << "decoder \"WordPiece\"";
  QTest::newRow("unknown post-processor") << with(R"(,"post_processor":{"type":"BertProcessing"})") << "post_processor \"BertProcessing\"";
  QTest::newRow("added id clash") << with(R"(,"added_tokens":[{"id":0,"content":"<x>"}])") << "already belongs to \"a\"";
}

void TestHfTokenizer::malformed() {
  QFETCH(QByteArray, json);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("tokenizer.json"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(json);
  f.close();
  QString error;
  QVERIFY(!HfTokenizer::load(path, QString(), &error));
  QVERIFY2(error.contains(path) && error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHfTokenizer)
#include "tst_hftokenizer.moc"
