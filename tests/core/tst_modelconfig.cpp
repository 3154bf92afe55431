// config.json: the three supported families, derived fields, and clear
// errors for everything malformed.
#include "model/modelconfig.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QTest>

using namespace Atelier;

namespace {
const char* kLlama = R"({"model_type":"llama","vocab_size":32000,"hidden_size":4096,
  "intermediate_size":11008,"num_hidden_layers":32,"num_attention_heads":32,
  "num_key_value_heads":32,"rms_norm_eps":1e-5,"tie_word_embeddings":false,
  "bos_token_id":1,"eos_token_id":2,"max_position_embeddings":4096})";
}

class TestModelConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void llama2SevenBHasTheKnownParameterCount();
  void fixturesParse();
  void llama3EosListAndRopeScaling();
  void roundTripsThroughJson();
  void malformed_data();
  void malformed();
};

void TestModelConfig::llama2SevenBHasTheKnownParameterCount() {
  ModelConfig c;
  QString error;
  QVERIFY2(ModelConfig::fromJson(kLlama, QStringLiteral("config.json"), &c, &error), qPrintable(error));
  QCOMPARE(c.headDim, 128);
  QCOMPARE(c.parameterCount(), Q_INT64_C(6738415616));  // Llama-2-7b
  QVERIFY(!c.attentionBias);
}

void TestModelConfig::fixturesParse() {
  ModelConfig c;
  QString error;
  QVERIFY2(ModelConfig::load(AtelierTest::dataPath(QStringLiteral("models/qwen2-bias-tied-bf16")), &c, &error),
           qPrintable(error));
  QCOMPARE(c.modelType, QStringLiteral("qwen2"));
  QVERIFY(c.attentionBias);
  QVERIFY(!c.attentionOutBias);
  QVERIFY(c.tieWordEmbeddings);
  QCOMPARE(c.numKvHeads, 1);
  QVERIFY2(ModelConfig::load(AtelierTest::dataPath(QStringLiteral("models/llama-sharded-f16")), &c, &error),
           qPrintable(error));
  QCOMPARE(c.headDim, 16);  // explicit head_dim, not hidden/heads (48/4)
  QVERIFY(c.attentionBias && c.attentionOutBias);
  QCOMPARE(c.eosTokenIds, (QList<int>{2, 3}));
}

void TestModelConfig::llama3EosListAndRopeScaling() {
  ModelConfig c;
  QString error;
  QVERIFY2(ModelConfig::load(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), &c, &error),
           qPrintable(error));
  QCOMPARE(c.ropeScaling.type, QStringLiteral("llama3"));
  QCOMPARE(c.ropeScaling.factor, 8.0);
  QCOMPARE(c.ropeScaling.originalMaxPositionEmbeddings, 64);
  QCOMPARE(c.numKvHeads, 2);
}

void TestModelConfig::roundTripsThroughJson() {
  ModelConfig a;
  QString error;
  QVERIFY(ModelConfig::load(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), &a, &error));
  ModelConfig b;
  QVERIFY2(ModelConfig::fromJson(QJsonDocument(a.toJson()).toJson(), QStringLiteral("x"), &b, &error),
           qPrintable(error));
  QCOMPARE(b.parameterCount(), a.parameterCount());
  QCOMPARE(b.ropeScaling.type, a.ropeScaling.type);
  QCOMPARE(b.eosTokenIds, a.eosTokenIds);
  QCOMPARE(b.headDim, a.headDim);
}

void TestModelConfig::malformed_data() {
  QTest::addColumn<QByteArray>("json");
  QTest::addColumn<QString>("expected");
  auto edit = [](const char* key, const char* value) {
    QByteArray j = kLlama;
    const QByteArray k = QByteArray("\"") + key + "\":";
    const int at = j.indexOf(k);
    if (at < 0) return j.replace("{", QByteArray("{") + k + value + ",");
    const int end = j.indexOf(',', at);
    return j.replace(at, end - at, k + value);
  };
  QTest::newRow("not json") << QByteArray("{oops") << "not valid JSON";
  QTest::newRow("array") << QByteArray("[1,2]") << "JSON object";
  QTest::newRow("unsupported type") << edit("model_type", "\"gpt2\"") << "\"gpt2\" is not supported";
  QTest::newRow("missing type") << QByteArray("{}") << "(missing)";
  QTest::newRow("missing hidden") << QByteArray(kLlama).replace("\"hidden_size\":4096,", "") << "\"hidden_size\" is missing";
  QTest::newRow("string size") << edit("hidden_size", "\"4096\"") << "\"hidden_size\" must be a positive whole number";
  QTest::newRow("negative layers") << edit("num_hidden_layers", "-2") << "\"num_hidden_layers\" must be a positive";
  QTest::newRow("fractional heads") << edit("num_attention_heads", "2.5") << "\"num_attention_heads\" must be a positive";
  QTest::newRow("heads do not divide") << edit("num_attention_heads", "30") << "must divide hidden_size";
  QTest::newRow("kv heads do not divide") << edit("num_key_value_heads", "5") << "must divide num_attention_heads";
  QTest::newRow("eps zero") << edit("rms_norm_eps", "0") << "\"rms_norm_eps\" must be a positive number";
  QTest::newRow("tie not bool") << edit("tie_word_embeddings", "\"yes\"") << "must be true or false";
  QTest::newRow("eos outside vocab") << edit("eos_token_id", "99999") << "outside the vocabulary";
  QTest::newRow("eos list with junk") << edit("eos_token_id", "[2, \"x\"]") << "token id or a list";
  QTest::newRow("rope type unknown") << edit("rope_scaling", "{\"type\":\"yarn\",\"factor\":4}") << "\"yarn\"";
  QTest::newRow("rope not object") << edit("rope_scaling", "3") << "must be an object or null";
  QTest::newRow("llama3 rope incomplete") << edit("rope_scaling", "{\"rope_type\":\"llama3\",\"factor\":8}") << "original_max_position_embeddings";
  QTest::newRow("odd head dim") << edit("head_dim", "7") << "must be even";
  QTest::newRow("huge number") << edit("vocab_size", "1e30") << "\"vocab_size\" must be a positive whole number";
}

void TestModelConfig::malformed() {
  QFETCH(QByteArray, json);
  QFETCH(QString, expected);
  ModelConfig c;
  QString error;
  QVERIFY(!ModelConfig::fromJson(json, QStringLiteral("/models/x/config.json"), &c, &error));
  QVERIFY2(error.contains(QStringLiteral("/models/x/config.json")), qPrintable(error));
  QVERIFY2(error.contains(expected), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestModelConfig)
#include "tst_modelconfig.moc"
