// The model core against an independent reference: folders written by a
// Python script (tests/data/models/make_models.py) whose forward pass follows
// transformers' equations. Logits within 1e-4, greedy ids identical.
#include "inference/languagemodel.h"
#include "system/torchruntime.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Atelier;

namespace {

struct Reference {
  std::vector<int32_t> ids;
  std::vector<int32_t> greedy;
  std::vector<float> logits;
  int vocab = 0;
};

Reference loadReference(const QString& model) {
  Reference r;
  QFile j(AtelierTest::dataPath(QStringLiteral("models/%1/reference/reference.json").arg(model)));
  if (!j.open(QIODevice::ReadOnly)) return r;
  const QJsonObject o = QJsonDocument::fromJson(j.readAll()).object();
  for (const auto v : o.value(QStringLiteral("ids")).toArray()) r.ids.push_back(v.toInt());
  for (const auto v : o.value(QStringLiteral("greedy_32")).toArray()) r.greedy.push_back(v.toInt());
  r.vocab = o.value(QStringLiteral("logits_shape")).toArray().at(1).toInt();
  QFile f(AtelierTest::dataPath(QStringLiteral("models/%1/reference/logits.f32").arg(model)));
  if (!f.open(QIODevice::ReadOnly)) return r;
  const QByteArray bytes = f.readAll();
  r.logits.resize(bytes.size() / sizeof(float));
  memcpy(r.logits.data(), bytes.constData(), r.logits.size() * sizeof(float));
  return r;
}

std::unique_ptr<LanguageModel> load(const QString& model) {
  QString error;
  LanguageModelOptions o;
  o.device = QStringLiteral("cpu");
  auto lm = LanguageModel::load(AtelierTest::dataPath(QStringLiteral("models/") + model), o, &error);
  if (!lm) qWarning("%s", qPrintable(error));
  return lm;
}

}  // namespace

class TestLanguageModel : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { TorchRuntime::initialize(0); }
  void matchesReference_data();
  void matchesReference();
  void cacheAndRecomputeAgree();
  void samplingIsSeededAndTopKOneIsGreedy();
  void stopsAtStopStringsAndOnCancel();
  void streamsTextFromTheTokenizer();
  void rejectsBadIds();
  void refusesPickleAndBrokenFolders();
};

void TestLanguageModel::matchesReference_data() {
  QTest::addColumn<QString>("model");
  QTest::newRow("llama GQA f32 untied, llama3 rope") << QStringLiteral("llama-gqa-f32");
  QTest::newRow("qwen2 bias tied bf16") << QStringLiteral("qwen2-bias-tied-bf16");
  QTest::newRow("llama sharded f16 head_dim bias") << QStringLiteral("llama-sharded-f16");
}

void TestLanguageModel::matchesReference() {
  QFETCH(QString, model);
  const Reference ref = loadReference(model);
  QVERIFY(!ref.ids.empty() && !ref.logits.empty());
  auto lm = load(model);
  QVERIFY(lm);
  QCOMPARE(lm->config().vocabSize, ref.vocab);
  std::vector<float> logits;
  QString error;
  QVERIFY2(lm->logits(ref.ids, &logits, &error), qPrintable(error));
  QCOMPARE(logits.size(), ref.logits.size());
  double worst = 0;
  for (size_t i = 0; i < logits.size(); ++i) worst = std::max(worst, double(std::fabs(logits[i] - ref.logits[i])));
  QVERIFY2(worst < 1e-4, qPrintable(QStringLiteral("max |difference| %1").arg(worst)));

  GenerationOptions o;
  o.maxNewTokens = 32;
  o.stopIds = {-1};
  GenerationResult result;
  QVERIFY2(lm->generate(ref.ids, o, {}, &result, &error), qPrintable(error));
  QVERIFY(result.ids == ref.greedy);
  QCOMPARE(result.stopReason, QStringLiteral("max_tokens"));
}

void TestLanguageModel::cacheAndRecomputeAgree() {
  auto lm = load(QStringLiteral("llama-sharded-f16"));
  QVERIFY(lm);
  GenerationOptions o;
  o.maxNewTokens = 20;
  o.stopIds = {-1};
  GenerationResult cached, recomputed;
  QString error;
  QVERIFY(lm->generate({1, 5, 9}, o, {}, &cached, &error));
  o.useKvCache = false;
  QVERIFY(lm->generate({1, 5, 9}, o, {}, &recomputed, &error));
  QVERIFY(cached.ids == recomputed.ids);
}

void TestLanguageModel::samplingIsSeededAndTopKOneIsGreedy() {
  auto lm = load(QStringLiteral("llama-gqa-f32"));
  QVERIFY(lm);
  QString error;
  GenerationOptions greedy;
  greedy.maxNewTokens = 16;
  greedy.stopIds = {-1};
  GenerationResult g;
  QVERIFY(lm->generate({1, 2, 3}, greedy, {}, &g, &error));
  GenerationOptions s = greedy;
  s.greedy = false;
  s.temperature = 1.5;
  s.seed = 42;
  GenerationResult a, b, c;
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &a, &error));
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &b, &error));
  QVERIFY(a.ids == b.ids);
  s.seed = 43;
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &c, &error));
  QVERIFY(a.ids != c.ids);
  s.topK = 1;
  GenerationResult k1;
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &k1, &error));
  QVERIFY(k1.ids == g.ids);
  s.topK = 0;
  s.topP = 1e-6;  // only the most likely token survives
  GenerationResult p;
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &p, &error));
  QVERIFY(p.ids == g.ids);
  s.topP = 1.0;
  s.minP = 0.999999;
  GenerationResult m;
  QVERIFY(lm->generate({1, 2, 3}, s, {}, &m, &error));
  QVERIFY(m.ids == g.ids);
}

void TestLanguageModel::stopsAtStopStringsAndOnCancel() {
  auto lm = load(QStringLiteral("llama-gqa-f32"));
  QVERIFY(lm && lm->tokenizer());
  QString error;
  GenerationOptions o;
  o.maxNewTokens = 32;
  o.stopIds = {-1};
  GenerationResult full;
  QVERIFY(lm->generate({1, 317, 349}, o, {}, &full, &error));
  QVERIFY(full.text.size() > 4);
  o.stopStrings = {full.text.mid(2, 2)};
  GenerationResult stopped;
  QVERIFY(lm->generate({1, 317, 349}, o, {}, &stopped, &error));
  QCOMPARE(stopped.stopReason, QStringLiteral("stop_string"));
  QVERIFY(!stopped.text.contains(o.stopStrings.first()));
  QVERIFY(stopped.ids.size() < full.ids.size());
  o.stopStrings.clear();
  int calls = 0;
  GenerationResult cancelled;
  QVERIFY(lm->generate({1, 317, 349}, o, [&](int32_t, const QString&) { return ++calls < 3; },
                       &cancelled, &error));
  QCOMPARE(cancelled.stopReason, QStringLiteral("cancelled"));
  QCOMPARE(int(cancelled.ids.size()), 3);
  o.stopIds = {full.ids.at(4)};
  GenerationResult eos;
  QVERIFY(lm->generate({1, 317, 349}, o, {}, &eos, &error));
  QCOMPARE(eos.stopReason, QStringLiteral("eos"));
}

void TestLanguageModel::streamsTextFromTheTokenizer() {
  auto lm = load(QStringLiteral("llama-gqa-f32"));
  QVERIFY(lm && lm->tokenizer());
  QCOMPARE(lm->tokenizer()->kind(), QStringLiteral("sentencepiece"));
  GenerationOptions o;
  o.maxNewTokens = 8;
  o.stopIds = {-1};
  QStringList seen;
  GenerationResult r;
  QString error;
  QVERIFY(lm->generate({1, 317}, o, [&](int32_t, const QString& text) { seen << text; return true; }, &r, &error));
  QCOMPARE(seen.size(), 8);
  QCOMPARE(seen.last(), r.text);
  QString decoded;
  QVERIFY(lm->tokenizer()->decode(r.ids, &decoded));
  QCOMPARE(decoded, r.text);
}

void TestLanguageModel::rejectsBadIds() {
  auto lm = load(QStringLiteral("qwen2-bias-tied-bf16"));
  QVERIFY(lm);
  std::vector<float> logits;
  QString error;
  QVERIFY(!lm->logits({1, 500}, &logits, &error));
  QVERIFY2(error.contains(QStringLiteral("500")) && error.contains(QStringLiteral("outside the vocabulary")),
           qPrintable(error));
  QVERIFY(!lm->logits({}, &logits, &error));
  GenerationResult r;
  GenerationOptions o;
  o.maxNewTokens = 0;
  QVERIFY(!lm->generate({1}, o, {}, &r, &error));
}

void TestLanguageModel::refusesPickleAndBrokenFolders() {
  QString error;
  LanguageModelOptions o;
  o.device = QStringLiteral("cpu");
  QVERIFY(!LanguageModel::load(AtelierTest::dataPath(QStringLiteral("models/does-not-exist")), o, &error));
  QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestLanguageModel)
#include "tst_languagemodel.moc"
