// GGUF export: the container round-trips, Q8_0 blocks decode to the weights,
// the metadata and tokenizer llama.cpp reads are there, Modelfiles match
// hand-written text, and bad inputs or a cancel leave no file behind.
// (tests/gguf/compare_llamacpp.mjs runs the files in the real llama.cpp.)
#include "export/ggufexport.h"
#include "export/gguffile.h"
#include "export/ggufvocab.h"
#include "export/ollamaexport.h"
#include "export/ollamamodelfile.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>

using namespace Atelier;

namespace {

QString model(const char* name) { return AtelierTest::dataPath(QStringLiteral("models/") + QLatin1String(name)); }

QStringList leftovers(const QString& folder) {
  return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

QByteArray tensorBytes(const QString& path, const GgufContents& c, const QString& name, qint64 bytes) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return {};
  for (const GgufTensorInfo& t : c.tensors)
    if (t.name == name) {
      f.seek(qint64(c.dataOffset + t.offset));
      return f.read(bytes);
    }
  return {};
}

float halfToFloat(uint16_t h) {
  const uint32_t sign = uint32_t(h >> 15) << 31, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  float v = exp == 0 ? std::ldexp(float(mant), -24) : std::ldexp(float(mant | 0x400), int(exp) - 25);
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits |= sign;
  std::memcpy(&v, &bits, 4);
  return v;
}

bool exportTo(const char* name, const QString& out, const QString& type, QString* error,
              const QString& adapter = QString()) {
  GgufExportOptions o;
  o.model = model(name);
  o.adapter = adapter;
  o.out = out;
  o.type = type;
  GgufExportResult r;
  return exportGguf(o, &r, error);
}

}  // namespace

class TestGguf : public QObject {
  Q_OBJECT
 private slots:
  void containerRoundTrip();
  void readerRejectsDamagedFiles();
  void llamaMetadataAndSentencePieceVocab();
  void qwen2ByteLevelVocabAndBiases();
  void q8BlocksDecodeToTheWeights();
  void preTokenizerNames();
  void badInputsWriteNothing();
  void cancelLeavesNothing();
  void chatMlModelfile();
  void llama3Modelfile();
  void ollamaFolder();
};

void TestGguf::containerRoundTrip() {
  QList<GgufKeyValue> kv = {{QStringLiteral("general.architecture"), GgufValue::string(QStringLiteral("llama"))},
                            {QStringLiteral("a.u32"), GgufValue::u32(7)},
                            {QStringLiteral("a.f32"), GgufValue::f32(0.5f)},
                            {QStringLiteral("a.bool"), GgufValue::boolean(true)},
                            {QStringLiteral("a.strings"), GgufValue::stringArray({QStringLiteral("x"), QStringLiteral("ÿ▁")})},
                            {QStringLiteral("a.ints"), GgufValue::numberArray(GgufValueType::Int32, {1, -2, 3})}};
  GgufTensor a{QStringLiteral("a"), {3}, GgmlType::F32, QByteArray(12, '\1'), {}};
  GgufTensor b{QStringLiteral("b"), {32, 2}, GgmlType::Q8_0, QByteArray(68, '\2'), {}};
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("t.gguf"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  QString error;
  QVERIFY2(writeGguf(&f, kv, {a, b}, &error), qPrintable(error));
  f.close();
  GgufContents c;
  QVERIFY2(readGguf(path, &c, &error), qPrintable(error));
  QCOMPARE(c.version, 3u);
  QCOMPARE(c.metadata.size(), kv.size());
  QCOMPARE(c.find(QStringLiteral("a.u32"))->scalar.toInt(), 7);
  QCOMPARE(c.find(QStringLiteral("a.f32"))->scalar.toDouble(), 0.5);
  QCOMPARE(c.find(QStringLiteral("a.bool"))->scalar.toBool(), true);
  QCOMPARE(c.find(QStringLiteral("a.strings"))->strings.at(1), QStringLiteral("ÿ▁"));
  QCOMPARE(c.find(QStringLiteral("a.ints"))->numbers.at(1), -2.0);
  QCOMPARE(c.tensors.size(), 2);
  QCOMPARE(c.tensors[1].offset, 32u);  // 12 bytes of `a`, padded to 32
  QCOMPARE(c.dataOffset % 32, 0u);
  QCOMPARE(c.fileSize, c.dataOffset + 32 + 96);  // 68 bytes of `b`, padded to 96
  QCOMPARE(tensorBytes(path, c, QStringLiteral("b"), 68), QByteArray(68, '\2'));

  // Inconsistent tensors are refused before a byte is written.
  QBuffer buffer;
  buffer.open(QIODevice::WriteOnly);
  GgufTensor odd{QStringLiteral("odd"), {31}, GgmlType::Q8_0, QByteArray(33, '\0'), {}};
  QVERIFY(!writeGguf(&buffer, kv, {odd}, &error));
  QVERIFY2(error.contains(QStringLiteral("multiple of 32")), qPrintable(error));
  QVERIFY(!writeGguf(&buffer, kv, {a, a}, &error));
  QVERIFY(error.contains(QStringLiteral("twice")));
  QCOMPARE(buffer.size(), 0);
}

void TestGguf::readerRejectsDamagedFiles() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("m.gguf"));
  QString error;
  QVERIFY2(exportTo("llama-gqa-f32", path, QStringLiteral("f32"), &error), qPrintable(error));
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadWrite));
  const qint64 size = f.size();
  QVERIFY(f.resize(size - 100));  // the last tensor runs past the end now
  f.close();
  GgufContents c;
  QVERIFY(!readGguf(path, &c, &error));
  QVERIFY2(error.contains(QStringLiteral("past the end")), qPrintable(error));
  QVERIFY(f.open(QIODevice::ReadWrite));
  f.write("GGML");
  f.close();
  QVERIFY(!readGguf(path, &c, &error));
  QVERIFY(error.contains(QStringLiteral("magic")));
}

void TestGguf::llamaMetadataAndSentencePieceVocab() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("m.gguf"));
  GgufExportOptions o;
  o.model = model("llama-gqa-f32");
  o.out = path;
  o.type = QStringLiteral("f16");
  GgufExportResult r;
  QString error;
  QVERIFY2(exportGguf(o, &r, &error), qPrintable(error));
  QCOMPARE(r.architecture, QStringLiteral("llama"));
  QCOMPARE(r.sha256.size(), 64);
  // This tokenizer was trained with sentencepiece's default normalization: said plainly.
  QCOMPARE(r.warnings.size(), 1);
  QVERIFY(r.warnings.at(0).contains(QStringLiteral("line breaks")));
  GgufContents c;
  QVERIFY2(readGguf(path, &c, &error), qPrintable(error));
  QCOMPARE(r.bytes, qint64(c.fileSize));
  auto num = [&](const char* key) { return c.find(QLatin1String(key)) ? c.find(QLatin1String(key))->scalar.toDouble() : -1.0; };
  QCOMPARE(num("llama.embedding_length"), 64.0);
  QCOMPARE(num("llama.block_count"), 2.0);
  QCOMPARE(num("llama.feed_forward_length"), 128.0);
  QCOMPARE(num("llama.attention.head_count"), 4.0);
  QCOMPARE(num("llama.attention.head_count_kv"), 2.0);
  QCOMPARE(num("llama.context_length"), 256.0);
  QCOMPARE(num("llama.rope.freq_base"), 10000.0);
  QVERIFY(std::abs(num("llama.attention.layer_norm_rms_epsilon") - 1e-5) < 1e-9);
  QCOMPARE(num("general.file_type"), 1.0);
  QCOMPARE(num("general.alignment"), 32.0);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.model"))->scalar.toString(), QStringLiteral("llama"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.tokens"))->strings.size(), 500);
  QCOMPARE(qint64(c.find(QStringLiteral("tokenizer.ggml.scores"))->numbers.size()), 500);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.token_type"))->numbers.at(1), 3.0);  // <s> is a control token
  QCOMPARE(num("tokenizer.ggml.bos_token_id"), 1.0);
  QCOMPARE(num("tokenizer.ggml.eos_token_id"), 2.0);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.add_bos_token"))->scalar.toBool(), true);
  // No template in the folder: Atelier's default (the one it trains with) is recorded.
  QVERIFY(!c.find(QStringLiteral("tokenizer.chat_template"))->scalar.toString().isEmpty());
  QStringList names;
  for (const GgufTensorInfo& t : c.tensors) names << t.name;
  for (const char* n : {"token_embd.weight", "output_norm.weight", "output.weight", "rope_freqs.weight", "blk.0.attn_q.weight",
                        "blk.1.attn_k.weight", "blk.1.attn_v.weight", "blk.1.attn_output.weight", "blk.0.ffn_gate.weight",
                        "blk.0.ffn_up.weight", "blk.0.ffn_down.weight", "blk.0.attn_norm.weight", "blk.0.ffn_norm.weight"})
    QVERIFY2(names.contains(QLatin1String(n)), n);
  for (const GgufTensorInfo& t : c.tensors) {
    if (t.name == QLatin1String("token_embd.weight")) {
      QCOMPARE(t.dims, (std::vector<int64_t>{64, 500}));  // ggml order: columns first
      QCOMPARE(t.type, 1u);
    }
    if (t.name.endsWith(QLatin1String("_norm.weight"))) QCOMPARE(t.type, 0u);  // norms stay F32
    if (t.name == QLatin1String("blk.0.attn_k.weight")) QCOMPARE(t.dims, (std::vector<int64_t>{64, 32}));
  }
}

void TestGguf::qwen2ByteLevelVocabAndBiases() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("q.gguf"));
  QString error;
  GgufExportOptions o;
  o.model = model("qwen2-bytelevel-f32");
  o.out = path;
  o.type = QStringLiteral("f32");
  GgufExportResult r;
  QVERIFY2(exportGguf(o, &r, &error), qPrintable(error));
  QVERIFY(r.warnings.isEmpty());
  GgufContents c;
  QVERIFY2(readGguf(path, &c, &error), qPrintable(error));
  QCOMPARE(c.find(QStringLiteral("general.architecture"))->scalar.toString(), QStringLiteral("qwen2"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.model"))->scalar.toString(), QStringLiteral("gpt2"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.pre"))->scalar.toString(), QStringLiteral("qwen2"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.tokens"))->strings.size(), 859);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.tokens"))->strings.at(858), QStringLiteral("<|im_end|>"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.token_type"))->numbers.at(858), 3.0);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.merges"))->strings.size(), 600);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.merges"))->strings.at(0), QStringLiteral("x x"));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.eos_token_id"))->scalar.toInt(), 858);
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.eot_token_id"))->scalar.toInt(), 858);  // <|im_end|>
  QVERIFY(!c.find(QStringLiteral("tokenizer.ggml.bos_token_id")));
  QCOMPARE(c.find(QStringLiteral("tokenizer.ggml.add_bos_token"))->scalar.toBool(), false);
  QVERIFY(c.find(QStringLiteral("tokenizer.chat_template"))->scalar.toString().contains(QStringLiteral("<|im_start|>")));
  QStringList names;
  for (const GgufTensorInfo& t : c.tensors) names << t.name;
  QVERIFY(names.contains(QStringLiteral("blk.1.attn_q.bias")));
  QVERIFY(names.contains(QStringLiteral("blk.1.attn_v.bias")));
  QVERIFY(!names.contains(QStringLiteral("output.weight")));  // tied: llama.cpp reuses token_embd
}

void TestGguf::q8BlocksDecodeToTheWeights() {
  QTemporaryDir dir;
  const QString f32 = dir.filePath(QStringLiteral("a.gguf")), q8 = dir.filePath(QStringLiteral("b.gguf"));
  QString error;
  QVERIFY2(exportTo("llama-gqa-f32", f32, QStringLiteral("f32"), &error), qPrintable(error));
  QVERIFY2(exportTo("llama-gqa-f32", q8, QStringLiteral("q8_0"), &error), qPrintable(error));
  GgufContents a, b;
  QVERIFY(readGguf(f32, &a, &error) && readGguf(q8, &b, &error));
  QCOMPARE(b.find(QStringLiteral("general.file_type"))->scalar.toInt(), 7);
  const qint64 n = 64 * 500;
  const QByteArray exact = tensorBytes(f32, a, QStringLiteral("token_embd.weight"), n * 4);
  const QByteArray blocks = tensorBytes(q8, b, QStringLiteral("token_embd.weight"), n / 32 * 34);
  QCOMPARE(blocks.size(), int(n / 32 * 34));
  const float* x = reinterpret_cast<const float*>(exact.constData());
  double worst = 0;
  for (qint64 blk = 0; blk < n / 32; ++blk) {
    const char* p = blocks.constData() + blk * 34;
    const float d = halfToFloat(uint16_t(uchar(p[0]) | (uchar(p[1]) << 8)));
    float amax = 0;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::abs(x[blk * 32 + j]));
    QVERIFY(std::abs(d - amax / 127) <= amax / 127 * 1e-3 + 1e-8);
    for (int j = 0; j < 32; ++j) worst = std::max(worst, double(std::abs(d * float(qint8(p[2 + j])) - x[blk * 32 + j])) / (amax + 1e-12));
  }
  QVERIFY2(worst <= 0.5 / 127 + 1e-3, qPrintable(QString::number(worst)));
}

void TestGguf::preTokenizerNames() {
  auto name = [](const QString& dir) {
    QFile f(AtelierTest::dataPath(QStringLiteral("hf/%1/tokenizer.json").arg(dir)));
    QString why;
    return f.open(QIODevice::ReadOnly) ? ggufPreTokenizerName(f.readAll(), &why) : QStringLiteral("?");
  };
  QCOMPARE(name(QStringLiteral("llama3-bytelevel")), QStringLiteral("llama-bpe"));
  QCOMPARE(name(QStringLiteral("qwen2-bytelevel")), QStringLiteral("qwen2"));
  QCOMPARE(name(QStringLiteral("gpt2-bytelevel")), QString());  // add_prefix_space: llama.cpp has no such split
  QCOMPARE(name(QStringLiteral("edge-bytelevel")), QString());
  QString why;
  QCOMPARE(ggufPreTokenizerName(R"({"pre_tokenizer":{"type":"Sequence","pretokenizers":[
      {"type":"Digits","individual_digits":true},
      {"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}]}})", &why),
           QStringLiteral("smollm"));
  QVERIFY(ggufPreTokenizerName(R"({"pre_tokenizer":{"type":"Metaspace"}})", &why).isEmpty());
  QVERIFY(why.contains(QStringLiteral("tokenizer.model")));
}

void TestGguf::badInputsWriteNothing() {
  QTemporaryDir dir;
  QString error;
  const QString out = dir.filePath(QStringLiteral("x.gguf"));
  // The llama fixture's adapter on the Qwen2 model: refused, nothing written.
  QVERIFY(!exportTo("qwen2-bytelevel-f32", out, QStringLiteral("f16"), &error, model("llama-gqa-f32-adapter")));
  QVERIFY2(error.contains(QStringLiteral("another base model")), qPrintable(error));
  QVERIFY(leftovers(dir.path()).isEmpty());
  QVERIFY(!exportTo("llama-sharded-f16", out, QStringLiteral("f16"), &error));
  QVERIFY2(error.contains(QStringLiteral("no tokenizer")), qPrintable(error));
  QVERIFY(!exportTo("llama-gqa-f32", out, QStringLiteral("q4_k"), &error));
  QVERIFY(error.contains(QStringLiteral("f32, f16 or q8_0")));
  QVERIFY(leftovers(dir.path()).isEmpty());
  QFile existing(out);
  QVERIFY(existing.open(QIODevice::WriteOnly));
  existing.write("keep");
  existing.close();
  QVERIFY(!exportTo("llama-gqa-f32", out, QStringLiteral("f16"), &error));
  QVERIFY(error.contains(QStringLiteral("already exists")));
  QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("x.gguf")});
  QCOMPARE(QFileInfo(out).size(), 4);
}

void TestGguf::cancelLeavesNothing() {
  QTemporaryDir dir;
  GgufExportOptions o;
  o.model = model("llama-gqa-f32");
  o.out = dir.filePath(QStringLiteral("c.gguf"));
  o.progress = [](double f) { return f < 0.6; };  // cancel while tensors are being written
  GgufExportResult r;
  QString error;
  QVERIFY(!exportGguf(o, &r, &error));
  QVERIFY(error.contains(QStringLiteral("cancelled")));
  QVERIFY(leftovers(dir.path()).isEmpty());
}

void TestGguf::chatMlModelfile() {
  ModelfileOptions o;
  o.ggufFileName = QStringLiteral("helper.gguf");
  o.chatTemplate = chatTemplateForFamily(ChatTemplateFamily::ChatML, QString(), QStringLiteral("<|im_end|>"));
  o.systemPrompt = QStringLiteral("You answer in one sentence.");
  o.contextLength = 512;
  const QString expected = QStringLiteral(
      "# Made by Atelier. Register it with: ollama create NAME -f Modelfile\n"
      "FROM ./helper.gguf\n"
      "TEMPLATE \"\"\"{{- range .Messages }}<|im_start|>{{ .Role }}\n"
      "{{ .Content }}<|im_end|>\n"
      "{{ end }}<|im_start|>assistant\n"
      "\"\"\"\n"
      "SYSTEM \"You answer in one sentence.\"\n"
      "PARAMETER stop \"<|im_start|>\"\n"
      "PARAMETER stop \"<|im_end|>\"\n"
      "PARAMETER temperature 0.7\n"
      "PARAMETER top_p 0.9\n"
      "PARAMETER num_ctx 512\n");
  QCOMPARE(ollamaModelfile(o), expected);
}

void TestGguf::llama3Modelfile() {
  ModelfileOptions o;
  o.ggufFileName = QStringLiteral("m.gguf");
  o.chatTemplate = chatTemplateForFamily(ChatTemplateFamily::Llama3, QStringLiteral("<|begin_of_text|>"),
                                         QStringLiteral("<|eot_id|>"));
  o.contextLength = 8192;
  const QString expected = QStringLiteral(
      "# Made by Atelier. Register it with: ollama create NAME -f Modelfile\n"
      "FROM ./m.gguf\n"
      "TEMPLATE \"\"\"{{- range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|>\n"
      "\n"
      "{{ .Content }}<|eot_id|>\n"
      "{{- end }}<|start_header_id|>assistant<|end_header_id|>\n"
      "\n"
      "\"\"\"\n"
      "PARAMETER stop \"<|start_header_id|>\"\n"
      "PARAMETER stop \"<|end_header_id|>\"\n"
      "PARAMETER stop \"<|eot_id|>\"\n"
      "PARAMETER temperature 0.7\n"
      "PARAMETER top_p 0.9\n"
      "PARAMETER num_ctx 8192\n");
  QCOMPARE(ollamaModelfile(o), expected);
  QCOMPARE(ollamaModelName(QStringLiteral("My Support Bot (v2)")), QStringLiteral("my-support-bot-v2"));
}

void TestGguf::ollamaFolder() {
  QTemporaryDir dir;
  OllamaExportOptions o;
  o.gguf.model = model("qwen2-bytelevel-f32");
  o.gguf.type = QStringLiteral("q8_0");
  o.folder = dir.filePath(QStringLiteral("ollama"));
  o.modelName = QStringLiteral("Tiny Qwen");
  OllamaExportResult r;
  QString error;
  QVERIFY2(exportOllama(o, &r, &error), qPrintable(error));
  QCOMPARE(r.modelName, QStringLiteral("tiny-qwen"));
  QCOMPARE(r.chatFamily, QStringLiteral("ChatML"));
  QCOMPARE(r.createCommand, QStringLiteral("ollama create tiny-qwen -f \"%1\"").arg(r.modelfile));
  QCOMPARE(leftovers(o.folder), (QStringList{QStringLiteral("Modelfile"), QStringLiteral("tiny-qwen.gguf")}));
  QFile f(r.modelfile);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  QVERIFY(text.contains(QStringLiteral("FROM ./tiny-qwen.gguf\n")));
  QVERIFY(text.contains(QStringLiteral("PARAMETER stop \"<|im_end|>\"")));
  GgufContents c;
  QVERIFY2(readGguf(r.gguf.path, &c, &error), qPrintable(error));
  // A folder that is not empty is refused, and left as it was.
  OllamaExportResult again;
  QVERIFY(!exportOllama(o, &again, &error));
  QVERIFY(error.contains(QStringLiteral("not an empty folder")));
  QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("ollama")});
}

QTEST_GUILESS_MAIN(TestGguf)
#include "tst_gguf.moc"
