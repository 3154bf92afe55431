// tokenizer.json against the Hugging Face tokenizers library: ids and text
// for 289 lines of multilingual text on the layouts real models use plus two
// fixtures of edge cases (goldens made by tests/data/hf/make_goldens.js), and
// malformed files.
#include "tokenizer/hf/bytelevel.h"
#include "tokenizer/hf/hftokenizer.h"
#include "tokenizer/tokenizerloader.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
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
  void lossyUtf8MatchesRust();
  void longWordsAndRoundTrip();
  void tooLargeFile();
  void malformed_data();
  void malformed();
  void malformedConfig();
};

void TestHfTokenizer::matchesReference_data() {
  QTest::addColumn<QString>("fixture");
  for (const char* f : {"llama3-bytelevel", "qwen2-bytelevel", "llama2-metaspace", "mistral-metaspace", "gpt2-bytelevel",
                        "edge-metaspace", "edge-bytelevel"})
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
    QString decoded, skipped, prefix;
    tok->encode(text, &ids);
    tok->encodeWithSpecialTokens(text, &withSpecial);
    const std::vector<int32_t> want = idsOf(g.value(QStringLiteral("ids")));
    QVERIFY(tok->decode(want, &decoded));
    QVERIFY(tok->decode(want, true, &skipped));
    QVERIFY(tok->decode(std::vector<int32_t>(want.begin(), want.begin() + (want.size() + 1) / 2), &prefix));
    QString what;
    if (ids != want) what += QStringLiteral(" ids %1 want %2").arg(show(ids), show(want));
    if (withSpecial != idsOf(g.value(QStringLiteral("ids_with_special")))) what += QStringLiteral(" special ids");
    if (decoded != g.value(QStringLiteral("decoded")).toString())
      what += QStringLiteral(" decoded \"%1\" want \"%2\"").arg(decoded, g.value(QStringLiteral("decoded")).toString());
    if (skipped != g.value(QStringLiteral("decoded_skip_special")).toString()) what += QStringLiteral(" skip-special decode");
    if (prefix != g.value(QStringLiteral("decoded_prefix")).toString())
      what += QStringLiteral(" prefix decoded \"%1\" want \"%2\"").arg(prefix, g.value(QStringLiteral("decoded_prefix")).toString());
    if (!what.isEmpty()) failures << QStringLiteral("line %1 %2:%3").arg(lines).arg(QString::fromUtf8(QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact)), what);
  }
  QVERIFY(lines >= 200);
  qInfo("%s: %d lines", qPrintable(fixture), lines);
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
  QCOMPARE(configured->bosId(), tok->bosId());
  QVERIFY(configured->isSpecial(eot));
  QVERIFY(!configured->isSpecial(5));
  // Without a config the usual names are found; null in a config means none
  // (Qwen2 has no bos).
  QCOMPARE(tok->eosId(), tok->pieceToId(QStringLiteral("<|end_of_text|>")));
  QVERIFY(cfg.open(QIODevice::WriteOnly | QIODevice::Truncate));
  cfg.write(R"({"bos_token": null, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "unk_token": null})");
  cfg.close();
  auto qwen = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/qwen2-bytelevel/tokenizer.json")), cfg.fileName(), &error);
  QVERIFY2(qwen, qPrintable(error));
  QCOMPARE(qwen->bosId(), -1);
  QCOMPARE(qwen->eosId(), qwen->pieceToId(QStringLiteral("<|im_end|>")));
  QCOMPARE(qwen->padId(), qwen->pieceToId(QStringLiteral("<|endoftext|>")));
  QCOMPARE(qwen->unkId(), -1);
  // Special tokens written in the text are recognised, and can be skipped when decoding.
  std::vector<int32_t> ids;
  QVERIFY(qwen->encode(QStringLiteral("<|im_start|>user\nhi<|im_end|>"), &ids));
  QCOMPARE(ids.front(), qwen->pieceToId(QStringLiteral("<|im_start|>")));
  QCOMPARE(ids.back(), qwen->eosId());
  QVERIFY(qwen->decode(ids, true, &text));
  QCOMPARE(text, QStringLiteral("user\nhi"));
  // Llama 2 layout: <unk> from the model, bos from the template.
  auto llama2 = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/llama2-metaspace/tokenizer.json")), QString(), &error);
  QVERIFY2(llama2, qPrintable(error));
  QCOMPARE(llama2->unkId(), 0);
  QCOMPARE(llama2->bosId(), 1);
  QCOMPARE(llama2->eosId(), 2);
  QCOMPARE(llama2->padId(), -1);
  QVERIFY(llama2->encodeWithSpecialTokens(QStringLiteral("hi"), &ids));
  QCOMPARE(ids.front(), 1);
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

void TestHfTokenizer::lossyUtf8MatchesRust() {
  // String::from_utf8_lossy: one U+FFFD per maximal invalid subpart.
  const QString r(QChar(0xFFFD));
  QCOMPARE(utf8Lossy(QByteArray("Hello\xF0\x90\x80World")), QStringLiteral("Hello") + r + QStringLiteral("World"));
  QCOMPARE(utf8Lossy(QByteArray("\xE0\x80\x80")), r + r + r);      // overlong: each byte alone
  QCOMPARE(utf8Lossy(QByteArray("\xED\xA0\x80")), r + r + r);      // surrogate
  QCOMPARE(utf8Lossy(QByteArray("\xF4\x90\x80\x80")), r + r + r + r);  // above U+10FFFF
  QCOMPARE(utf8Lossy(QByteArray("\xC0\xAF")), r + r);
  QCOMPARE(utf8Lossy(QByteArray("a\xE4\xB8")), QStringLiteral("a") + r);  // cut at the end
  QCOMPARE(utf8Lossy(QByteArray("\xE4\xB8\xAD\xF0\x9F\x98\x80")), QStringLiteral("中😀"));
}

void TestHfTokenizer::longWordsAndRoundTrip() {
  QString error;
  for (const char* fixture : {"llama3-bytelevel", "llama2-metaspace"}) {
    auto tok = HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/%1/tokenizer.json").arg(QLatin1String(fixture))),
                                 QString(), &error);
    QVERIFY2(tok, qPrintable(error));
    // One 200,000-character word: the merge loop must not be quadratic.
    QString word;
    QRandomGenerator rng(7);
    for (int i = 0; i < 200000; ++i) word += QChar(u"abcdeéz中"[rng.bounded(8)]);
    std::vector<int32_t> ids;
    QVERIFY(tok->encode(word, &ids));
    QVERIFY(ids.size() > 1000);
    QString back;
    QVERIFY(tok->decode(ids, &back));
    QCOMPARE(back, word);
  }
}

void TestHfTokenizer::tooLargeFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("tokenizer.json"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QVERIFY(f.resize(201LL * 1024 * 1024));  // sparse: costs no disk
  f.close();
  QString error;
  QVERIFY(!HfTokenizer::load(path, QString(), &error));
  QVERIFY2(error.contains(path) && error.contains(QStringLiteral("200 MB")), qPrintable(error));
  QVERIFY(!HfTokenizer::load(dir.filePath(QStringLiteral("missing.json")), QString(), &error));
  QVERIFY2(error.contains(QStringLiteral("no such file")), qPrintable(error));
}

void TestHfTokenizer::malformed_data() {
  QTest::addColumn<QByteArray>("json");
  QTest::addColumn<QString>("expected");
  const QByteArray model = R"("model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]})";
  auto with = [&](const QByteArray& extra) { return "{" + model + extra + "}"; };
  QTest::newRow("not json") << QByteArray("{oops") << "not valid JSON";
  QTest::newRow("json array") << QByteArray("[1, 2]") << "must hold a JSON object";
  QTest::newRow("no model") << QByteArray("{}") << "no \"model\" object";
  QTest::newRow("wordpiece") << QByteArray(R"({"model":{"type":"WordPiece","vocab":{}}})") << "type \"WordPiece\" is not supported yet";
  QTest::newRow("unigram") << QByteArray(R"({"model":{"type":"Unigram","vocab":[]}})") << "type \"Unigram\" is not supported yet";
  QTest::newRow("vocab not object") << QByteArray(R"({"model":{"type":"BPE","vocab":[1]}})") << "\"vocab\" must be an object";
  QTest::newRow("negative id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":-4}}})") << "vocab entry \"a\" has no valid id";
  QTest::newRow("huge id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":4000000000}}})") << "vocab entry \"a\" has no valid id";
  QTest::newRow("fractional id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":1.5}}})") << "vocab entry \"a\" has no valid id";
  QTest::newRow("duplicate id") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0,"b":0}}})") << "vocab id 0 is used by both";
  QTest::newRow("merge of unknown") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":["a z"]}})") << "merges[0] (\"a\" + \"z\") names \"z\"";
  QTest::newRow("merge result unknown") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0,"b":1},"merges":[["a","b"]]}})") << "names \"ab\", which is not in the vocabulary";
  QTest::newRow("merge three parts") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":["a a a"]}})") << "merges[0] (\"a a a\") is not two tokens";
  QTest::newRow("merge malformed") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":[7]}})") << "merges[0] is neither";
  QTest::newRow("merges not list") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"merges":"a a"}})") << "\"merges\" must be a list";
  QTest::newRow("unk missing") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"unk_token":"<unk>"}})") << "unk_token \"<unk>\" is not in the vocabulary";
  QTest::newRow("dropout") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"dropout":0.1}})") << "\"dropout\"";
  QTest::newRow("subword prefix") << QByteArray(R"({"model":{"type":"BPE","vocab":{"a":0},"continuing_subword_prefix":"##"}})") << "\"continuing_subword_prefix\" is not supported yet";
  QTest::newRow("unknown normalizer") << with(R"(,"normalizer":{"type":"BertNormalizer"})") << "normalizer \"BertNormalizer\" is not supported yet";
  QTest::newRow("unknown normalizer in sequence") << with(R"(,"normalizer":{"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"Precompiled"}]})") << "normalizer \"Precompiled\"";
  QTest::newRow("replace without pattern") << with(R"(,"normalizer":{"type":"Replace","content":"x"})") << "normalizer Replace: \"pattern\" must be";
  QTest::newRow("unknown pre-tokenizer") << with(R"(,"pre_tokenizer":{"type":"Whitespace"})") << "pre_tokenizer \"Whitespace\" is not supported yet";
  QTest::newRow("bad regex") << with(R"(,"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated"})") << "not a valid regular expression";
  QTest::newRow("bad behavior") << with(R"(,"pre_tokenizer":{"type":"Split","pattern":{"String":" "},"behavior":"Sideways"})") << "\"behavior\" \"Sideways\"";
  QTest::newRow("bad prepend scheme") << with(R"(,"pre_tokenizer":{"type":"Metaspace","replacement":"_","prepend_scheme":"sometimes"})") << "\"prepend_scheme\" \"sometimes\"";
  QTest::newRow("unknown decoder") << with(R"(,"decoder":{"type":"WordPiece"})") << "decoder \"WordPiece\" is not supported yet";
  QTest::newRow("unknown post-processor") << with(R"(,"post_processor":{"type":"BertProcessing"})") << "post_processor \"BertProcessing\" is not supported yet";
  QTest::newRow("template without ids") << with(R"(,"post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}}],"special_tokens":{}})") << "names the special token \"<s>\"";
  QTest::newRow("template id outside") << with(R"(,"post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>","type_id":0}}],"special_tokens":{"<s>":{"id":"<s>","ids":[99],"tokens":["<s>"]}}})") << "adds token id 99";
  QTest::newRow("added tokens not list") << with(R"(,"added_tokens":{"id":5})") << "\"added_tokens\" must be a list";
  QTest::newRow("added without content") << with(R"(,"added_tokens":[{"id":5}])") << "added_tokens[0] has no \"content\"";
  QTest::newRow("added without id") << with(R"(,"added_tokens":[{"content":"<x>"}])") << "added_tokens[0] has no valid \"id\"";
  QTest::newRow("added id clash with vocab") << with(R"(,"added_tokens":[{"id":0,"content":"<x>"}])") << "\"<x>\" has id 0, which already belongs to \"a\"";
  QTest::newRow("added id twice") << with(R"(,"added_tokens":[{"id":5,"content":"<x>"},{"id":5,"content":"<y>"}])") << "added_tokens[1]: \"<y>\" has id 5, which already belongs to \"<x>\"";
  QTest::newRow("added content twice") << with(R"(,"added_tokens":[{"id":5,"content":"<x>"},{"id":6,"content":"<x>"}])") << "\"<x>\" has id 6 but also id 5";
  QTest::newRow("added content in vocab elsewhere") << with(R"(,"added_tokens":[{"id":7,"content":"ab"}])") << "\"ab\" has id 7 but also id 2";
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

void TestHfTokenizer::malformedConfig() {
  QTemporaryDir dir;
  QFile cfg(dir.filePath(QStringLiteral("tokenizer_config.json")));
  QVERIFY(cfg.open(QIODevice::WriteOnly));
  cfg.write("{\"bos_token\": ");
  cfg.close();
  QString error;
  QVERIFY(!HfTokenizer::load(AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel/tokenizer.json")), cfg.fileName(), &error));
  QVERIFY2(error.contains(cfg.fileName()) && error.contains(QStringLiteral("not valid JSON")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestHfTokenizer)
#include "tst_hftokenizer.moc"
