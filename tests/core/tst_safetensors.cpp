// safetensors files and weight folders: values written by Python read back
// exactly, the writer round-trips, and every malformed file is refused with
// an error naming the file and what is wrong.
#include "model/io/safetensors.h"
#include "model/io/weightfolder.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace Atelier;

namespace {

QByteArray le64(quint64 v) {
  QByteArray b(8, 0);
  for (int i = 0; i < 8; ++i) b[i] = char((v >> (8 * i)) & 0xff);
  return b;
}

// A file from a header text and a data area; `claimedLength` < 0 uses the real length.
QString writeRaw(const QTemporaryDir& dir, const QString& name, const QByteArray& header,
                 const QByteArray& data, qint64 claimedLength = -1) {
  const QString path = dir.filePath(name);
  QFile f(path);
  f.open(QIODevice::WriteOnly);
  f.write(le64(claimedLength < 0 ? quint64(header.size()) : quint64(claimedLength)));
  f.write(header);
  f.write(data);
  return path;
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsPythonWrittenValues();
  void writerRoundTrips();
  void writerLeavesNoPartialFile();
  void shardedWriteAndReopen();
  void malformedFilesAreRefused_data();
  void malformedFilesAreRefused();
  void brokenFoldersAreRefused();
};

void TestSafetensors::readsPythonWrittenValues() {
  // The fixture models were written by tests/data/models/make_models.py.
  QString error;
  auto w = WeightFolder::open(AtelierTest::dataPath(QStringLiteral("models/qwen2-bias-tied-bf16")), &error);
  QVERIFY2(w, qPrintable(error));
  const TensorInfo* t = w->find(QStringLiteral("model.layers.0.self_attn.q_proj.bias"));
  QVERIFY(t);
  QCOMPARE(t->dtype, DType::BF16);
  QCOMPARE(t->shape, std::vector<int64_t>{64});
  QVERIFY(!w->find(QStringLiteral("lm_head.weight")));  // tied
  auto sharded = WeightFolder::open(AtelierTest::dataPath(QStringLiteral("models/llama-sharded-f16")), &error);
  QVERIFY2(sharded, qPrintable(error));
  QVERIFY(sharded->fileOf(QStringLiteral("model.embed_tokens.weight")).endsWith(QStringLiteral("model-00001-of-00003.safetensors")));
  QVERIFY(sharded->fileOf(QStringLiteral("lm_head.weight")).endsWith(QStringLiteral("model-00003-of-00003.safetensors")));
  QCOMPARE(sharded->find(QStringLiteral("lm_head.weight"))->dtype, DType::F16);
  QCOMPARE(sharded->totalBytes(), qint64(120480 * 2));
}

void TestSafetensors::writerRoundTrips() {
  QTemporaryDir dir;
  const float f32[6] = {1.5f, -2.0f, 0.0f, 3.25f, 1e-3f, -7.0f};
  const qint64 i64[2] = {Q_INT64_C(-5), Q_INT64_C(1) << 40};
  const quint8 u8[3] = {0, 127, 255};
  const QList<TensorToWrite> tensors = {
      {QStringLiteral("a"), DType::F32, {2, 3}, f32, sizeof(f32)},
      {QStringLiteral("b.ids"), DType::I64, {2}, i64, sizeof(i64)},
      {QStringLiteral("c"), DType::U8, {3}, u8, sizeof(u8)},
      {QStringLiteral("empty"), DType::F16, {0, 4}, nullptr, 0},
  };
  const QString path = dir.filePath(QStringLiteral("x.safetensors"));
  QString error;
  QVERIFY2(writeSafetensors(path, tensors, {{QStringLiteral("format"), QStringLiteral("pt")}}, &error), qPrintable(error));
  QFile raw(path);
  QVERIFY(raw.open(QIODevice::ReadOnly));
  const QByteArray head = raw.read(8);
  quint64 headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | quint8(head[i]);
  QCOMPARE(headerLength % 8, quint64(0));
  auto f = SafetensorsFile::open(path, &error);
  QVERIFY2(f, qPrintable(error));
  QCOMPARE(f->tensors().size(), 4);
  QCOMPARE(f->metadata().value(QStringLiteral("format")), QStringLiteral("pt"));
  const TensorInfo* a = f->find(QStringLiteral("a"));
  QCOMPARE(a->shape, (std::vector<int64_t>{2, 3}));
  QCOMPARE(memcmp(f->data(*a), f32, sizeof(f32)), 0);
  QCOMPARE(memcmp(f->data(*f->find(QStringLiteral("b.ids"))), i64, sizeof(i64)), 0);
  QCOMPARE(memcmp(f->data(*f->find(QStringLiteral("c"))), u8, sizeof(u8)), 0);
  QCOMPARE(f->find(QStringLiteral("empty"))->elementCount(), 0);
  // Mismatched sizes are refused before anything is written.
  const QList<TensorToWrite> bad = {{QStringLiteral("a"), DType::F32, {7}, f32, sizeof(f32)}};
  QVERIFY(!writeSafetensors(dir.filePath(QStringLiteral("bad.safetensors")), bad, {}, &error));
  QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("bad.safetensors"))));
}

void TestSafetensors::writerLeavesNoPartialFile() {
  QTemporaryDir dir;
  const float v = 1.0f;
  QString error;
  const QString path = dir.filePath(QStringLiteral("missing-folder/x.safetensors"));
  QVERIFY(!writeSafetensors(path, {{QStringLiteral("v"), DType::F32, {1}, &v, 4}}, {}, &error));
  QVERIFY(error.contains(QStringLiteral("x.safetensors")));
  QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size(), 0);
}

void TestSafetensors::shardedWriteAndReopen() {
  QTemporaryDir dir;
  std::vector<float> big(1000, 0.5f), small(10, 2.0f);
  QList<TensorToWrite> tensors = {
      {QStringLiteral("w1"), DType::F32, {1000}, big.data(), 4000},
      {QStringLiteral("w2"), DType::F32, {10}, small.data(), 40},
      {QStringLiteral("w3"), DType::F32, {1000}, big.data(), 4000},
  };
  QString error;
  QVERIFY2(writeShardedSafetensors(dir.path(), tensors, 4096, {}, &error), qPrintable(error));
  QVERIFY(QFile::exists(dir.filePath(QStringLiteral("model.safetensors.index.json"))));
  QVERIFY(QFile::exists(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors"))));
  auto w = WeightFolder::open(dir.path(), &error);
  QVERIFY2(w, qPrintable(error));
  QCOMPARE(w->tensorNames().size(), 3);
  QCOMPARE(w->totalBytes(), qint64(8040));
  QCOMPARE(reinterpret_cast<const float*>(w->data(QStringLiteral("w2")))[9], 2.0f);
  QTemporaryDir single;
  QVERIFY(writeShardedSafetensors(single.path(), tensors, 1 << 20, {}, &error));
  QVERIFY(QFile::exists(single.filePath(QStringLiteral("model.safetensors"))));
}

void TestSafetensors::malformedFilesAreRefused_data() {
  QTest::addColumn<QByteArray>("header");
  QTest::addColumn<QByteArray>("data");
  QTest::addColumn<qint64>("claimed");
  QTest::addColumn<QString>("expected");
  const QByteArray d8(8, '\0');
  auto row = [&](const char* name, const QByteArray& h, const QByteArray& data, qint64 claimed, const char* expected) {
    QTest::newRow(name) << h << data << claimed << QString::fromUtf8(expected);
  };
  const QByteArray ok = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  row("header longer than file", ok, d8, 5000, "truncated download");
  row("header over 100 MB", ok, d8, 200LL * 1024 * 1024, "100 MB");
  row("not json", "{not json", d8, -1, "not valid JSON");
  row("json array", "[1,2]", d8, -1, "not a JSON object");
  row("unknown dtype", R"({"t":{"dtype":"F8","shape":[2],"data_offsets":[0,8]}})", d8, -1, "unknown dtype \"F8\"");
  row("missing dtype", R"({"t":{"shape":[2],"data_offsets":[0,8]}})", d8, -1, "unknown dtype");
  row("shape not array", R"({"t":{"dtype":"F32","shape":2,"data_offsets":[0,8]}})", d8, -1, "no shape array");
  row("negative shape", R"({"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", d8, -1, "non-negative whole number");
  row("fractional shape", R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,8]}})", d8, -1, "non-negative whole number");
  row("string shape", R"({"t":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}})", d8, -1, "non-negative whole number");
  row("size mismatch", R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", d8, -1, "need 12");
  row("offsets reversed", R"({"t":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", d8, -1, "end before they begin");
  row("offsets missing", R"({"t":{"dtype":"F32","shape":[2]}})", d8, -1, "data_offsets");
  row("offsets beyond data", R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", d8, -1, "beyond the end");
  row("overlap", R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", d8, -1, "overlap");
  row("duplicate names", R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"t":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", d8, -1, "listed twice");
  row("overflowing shape", R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", d8, -1, "too large");
  row("huge offset", R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[1e300,1e300]}})", d8, -1, "whole numbers");
  row("metadata not object", R"({"__metadata__":3})", d8, -1, "__metadata__ is not an object");
  row("metadata value not string", R"({"__metadata__":{"a":1}})", d8, -1, "not a string");
  row("tensor not object", R"({"t":[1,2]})", d8, -1, "not described by an object");
}

void TestSafetensors::malformedFilesAreRefused() {
  QFETCH(QByteArray, header);
  QFETCH(QByteArray, data);
  QFETCH(qint64, claimed);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  const QString path = writeRaw(dir, QStringLiteral("bad.safetensors"), header, data, claimed);
  QString error;
  QVERIFY(!SafetensorsFile::open(path, &error));
  QVERIFY2(error.contains(path), qPrintable(error));
  QVERIFY2(error.contains(expected), qPrintable(error));
}

void TestSafetensors::brokenFoldersAreRefused() {
  QString error;
  {  // too short to be a file
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("model.safetensors")));
    f.open(QIODevice::WriteOnly);
    f.write("abc");
    f.close();
    QVERIFY(!WeightFolder::open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("too short")), qPrintable(error));
  }
  {  // only a pickle
    QTemporaryDir dir;
    QFile f(dir.filePath(QStringLiteral("pytorch_model.bin")));
    f.open(QIODevice::WriteOnly);
    f.write("PK\x03\x04 pickle");
    f.close();
    QVERIFY(!WeightFolder::open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("pickle")) && error.contains(QStringLiteral(".safetensors")), qPrintable(error));
  }
  {  // empty folder
    QTemporaryDir dir;
    QVERIFY(!WeightFolder::open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("no model weights")), qPrintable(error));
  }
  const QByteArray ok = R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  auto indexCase = [&](const QByteArray& index, const char* expected) {
    QTemporaryDir dir;
    writeRaw(dir, QStringLiteral("model-00001-of-00001.safetensors"), ok, QByteArray(8, 0));
    QFile f(dir.filePath(QStringLiteral("model.safetensors.index.json")));
    f.open(QIODevice::WriteOnly);
    f.write(index);
    f.close();
    QString e;
    const bool opened = static_cast<bool>(WeightFolder::open(dir.path(), &e));
    QVERIFY2(!opened && e.contains(QString::fromUtf8(expected)), qPrintable(e));
  };
  indexCase("nonsense", "weight_map");
  indexCase(R"({"weight_map":{"t":"../../etc/passwd.safetensors"}})", "not a .safetensors file in this folder");
  indexCase(R"({"weight_map":{"t":"model-00002-of-00002.safetensors"}})", "missing");
  indexCase(R"({"weight_map":{"u":"model-00001-of-00001.safetensors"}})", "not there");
  indexCase(R"({"weight_map":{"t":5}})", "not a .safetensors file");
  {  // two unindexed safetensors files
    QTemporaryDir dir;
    writeRaw(dir, QStringLiteral("a.safetensors"), ok, QByteArray(8, 0));
    writeRaw(dir, QStringLiteral("b.safetensors"), ok, QByteArray(8, 0));
    QVERIFY(!WeightFolder::open(dir.path(), &error));
    QVERIFY2(error.contains(QStringLiteral("several")), qPrintable(error));
  }
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
