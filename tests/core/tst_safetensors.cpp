// safetensors files and weight folders: files written by Python (see
// tests/data/safetensors/make_fixtures.py) read back byte for byte, and the
// writers round-trip and never leave partial files. Refusals of malformed
// files and folders are in tst_safetensorsmalformed.cpp.
#include "model/io/safetensors.h"
#include "model/io/weightfolder.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFloat16>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <algorithm>
#include <cstring>

using namespace Atelier;

namespace {

QString fixture(const QString& relative) {
  return AtelierTest::dataPath(QStringLiteral("safetensors/") + relative);
}

QJsonObject golden() {
  QFile f(fixture(QStringLiteral("valid/golden.json")));
  if (!f.open(QIODevice::ReadOnly)) return QJsonObject();
  return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<int64_t> shapeOf(const QJsonValue& v) {
  std::vector<int64_t> shape;
  for (const QJsonValue& d : v.toArray()) shape.push_back(d.toInteger());
  return shape;
}

// Element i of raw little-endian data as a double, decoded independently of
// the reader (which only hands out bytes).
double element(DType dtype, const uchar* p, qint64 i) {
  switch (dtype) {
    case DType::F32: { float f; memcpy(&f, p + 4 * i, 4); return f; }
    case DType::F16: { qfloat16 h; memcpy(&h, p + 2 * i, 2); return float(h); }
    case DType::BF16: {
      quint32 bits = quint32(p[2 * i]) << 16 | quint32(p[2 * i + 1]) << 24;
      float f; memcpy(&f, &bits, 4); return f;
    }
    case DType::I64: { qint64 v; memcpy(&v, p + 8 * i, 8); return double(v); }
    case DType::I32: { qint32 v; memcpy(&v, p + 4 * i, 4); return v; }
    case DType::U8: return p[i];
    default: return qQNaN();
  }
}

qint64 integerElement(DType dtype, const uchar* p, qint64 i) {
  qint64 v = 0;
  if (dtype == DType::I64) memcpy(&v, p + 8 * i, 8);
  else v = qint64(element(dtype, p, i));
  return v;
}

// Compares one tensor against its golden entry: type, shape, place, bytes, values.
void checkTensor(const TensorInfo& t, const uchar* data, const QJsonObject& g, bool checkOffset) {
  QCOMPARE(dtypeName(t.dtype), g.value(QStringLiteral("dtype")).toString());
  QCOMPARE(t.shape, shapeOf(g.value(QStringLiteral("shape"))));
  if (checkOffset) QCOMPARE(t.dataOffset, g.value(QStringLiteral("offset")).toInteger());
  const QByteArray expected = QByteArray::fromHex(g.value(QStringLiteral("hex")).toString().toLatin1());
  QCOMPARE(t.byteSize, qint64(expected.size()));
  QCOMPARE(QByteArray(reinterpret_cast<const char*>(data), int(t.byteSize)), expected);
  const QJsonArray values = g.value(QStringLiteral("values")).toArray();
  QCOMPARE(t.elementCount(), qint64(values.size()));
  const bool isFloat = t.dtype == DType::F32 || t.dtype == DType::F16 || t.dtype == DType::BF16;
  for (int i = 0; i < values.size(); ++i) {
    if (isFloat) QCOMPARE(element(t.dtype, data, i), values[i].toDouble());
    else QCOMPARE(integerElement(t.dtype, data, i), values[i].toInteger());
  }
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList entries(const QString& dir) {
  return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
}

}  // namespace

class TestSafetensors : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsPythonWrittenFiles_data();
  void readsPythonWrittenFiles();
  void readsPythonWrittenShardedFolder();
  void readsModelFixtures();
  void usesSafetensorsNextToPickles();
  void writerRoundTrips();
  void writerRefusesBadTensors();
  void writerLeavesNoPartialFile();
  void shardedWriteAndReopen();
  void shardedWriteReplacesOtherLayout();
};

void TestSafetensors::readsPythonWrittenFiles_data() {
  QTest::addColumn<QString>("file");
  QTest::newRow("all dtypes") << QStringLiteral("dtypes.safetensors");
  QTest::newRow("gaps, unpadded, unordered") << QStringLiteral("gaps.safetensors");
}

void TestSafetensors::readsPythonWrittenFiles() {
  QFETCH(QString, file);
  const QJsonObject g = golden().value(file).toObject();
  QVERIFY(!g.isEmpty());
  QString error;
  auto f = SafetensorsFile::open(fixture(QStringLiteral("valid/") + file), &error);
  QVERIFY2(f, qPrintable(error));
  const QJsonArray tensors = g.value(QStringLiteral("tensors")).toArray();
  QCOMPARE(f->tensors().size(), tensors.size());
  for (int i = 0; i < f->tensors().size() - 1; ++i)  // listed in file order
    QVERIFY(f->tensors()[i].dataOffset <= f->tensors()[i + 1].dataOffset);
  for (const QJsonValue& v : tensors) {
    const QJsonObject t = v.toObject();
    const TensorInfo* info = f->find(t.value(QStringLiteral("name")).toString());
    QVERIFY2(info, qPrintable(t.value(QStringLiteral("name")).toString()));
    checkTensor(*info, f->data(*info), t, true);
  }
  QMap<QString, QString> metadata;
  const QJsonObject m = g.value(QStringLiteral("metadata")).toObject();
  for (auto it = m.begin(); it != m.end(); ++it) metadata.insert(it.key(), it.value().toString());
  QCOMPARE(f->metadata(), metadata);
  QVERIFY(!f->find(QStringLiteral("__metadata__")));
}

void TestSafetensors::readsPythonWrittenShardedFolder() {
  const QJsonObject g = golden().value(QStringLiteral("sharded")).toObject();
  QString error;
  auto w = WeightFolder::open(fixture(QStringLiteral("valid/sharded")), &error);
  QVERIFY2(w, qPrintable(error));
  const QJsonArray tensors = g.value(QStringLiteral("tensors")).toArray();
  QCOMPARE(w->tensorNames().size(), tensors.size());
  for (const QJsonValue& v : tensors) {
    const QJsonObject t = v.toObject();
    const QString name = t.value(QStringLiteral("name")).toString();
    const TensorInfo* info = w->find(name);
    QVERIFY2(info, qPrintable(name));
    QCOMPARE(QFileInfo(w->fileOf(name)).fileName(), t.value(QStringLiteral("file")).toString());
    checkTensor(*info, w->data(name), t, true);
  }
  QCOMPARE(w->totalBytes(), g.value(QStringLiteral("total_bytes")).toInteger());
  QVERIFY(!w->find(QStringLiteral("missing")));
  QVERIFY(!w->data(QStringLiteral("missing")));
  QVERIFY(w->fileOf(QStringLiteral("missing")).isEmpty());
}

void TestSafetensors::readsModelFixtures() {
  // Folders written by tests/data/models/make_models.py.
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

void TestSafetensors::usesSafetensorsNextToPickles() {
  QString error;
  auto w = WeightFolder::open(fixture(QStringLiteral("valid/pickle_and_safetensors")), &error);
  QVERIFY2(w, qPrintable(error));
  QCOMPARE(w->tensorNames(), QStringList{QStringLiteral("w")});
}

void TestSafetensors::writerRoundTrips() {
  // Every tensor of the Python-made file, written again and read back.
  QString error;
  auto source = SafetensorsFile::open(fixture(QStringLiteral("valid/dtypes.safetensors")), &error);
  QVERIFY2(source, qPrintable(error));
  QList<TensorToWrite> tensors;
  for (const TensorInfo& t : source->tensors())
    tensors.append({t.name, t.dtype, t.shape, source->data(t), t.byteSize});
  std::reverse(tensors.begin(), tensors.end());  // an order the header's sorting would not give
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("x.safetensors"));
  QFile::copy(fixture(QStringLiteral("valid/gaps.safetensors")), path);  // replaced, not appended to
  QVERIFY2(writeSafetensors(path, tensors, source->metadata(), &error), qPrintable(error));
  QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("x.safetensors")});

  const QByteArray raw = readAll(path);
  quint64 headerLength = 0;
  for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | quint8(raw[i]);
  QCOMPARE(headerLength % 8, quint64(0));
  QVERIFY(raw.mid(8, int(headerLength)).trimmed().endsWith('}'));
  qint64 dataSize = 0;
  for (const TensorToWrite& t : tensors) dataSize += t.byteSize;
  QCOMPARE(qint64(raw.size()), qint64(8 + headerLength) + dataSize);  // contiguous, no gaps

  auto f = SafetensorsFile::open(path, &error);
  QVERIFY2(f, qPrintable(error));
  QCOMPARE(f->metadata(), source->metadata());
  QCOMPARE(f->tensors().size(), tensors.size());
  qint64 expectedOffset = qint64(8 + headerLength);
  for (int i = 0; i < tensors.size(); ++i) {
    const TensorInfo& t = f->tensors()[i];
    QCOMPARE(t.name, tensors[i].name);  // in the given order
    QCOMPARE(t.dtype, tensors[i].dtype);
    QCOMPARE(t.shape, tensors[i].shape);
    QCOMPARE(t.dataOffset, expectedOffset);
    QCOMPARE(memcmp(f->data(t), tensors[i].data, size_t(t.byteSize)), 0);
    expectedOffset += t.byteSize;
  }
  // No metadata and no tensors are fine too.
  QVERIFY(writeSafetensors(path, {}, {}, &error));
  f = SafetensorsFile::open(path, &error);
  QVERIFY2(f && f->tensors().isEmpty() && f->metadata().isEmpty(), qPrintable(error));
}

void TestSafetensors::writerRefusesBadTensors() {
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("x.safetensors"));
  const float v[4] = {1, 2, 3, 4};
  auto refuses = [&](const QList<TensorToWrite>& tensors, const QString& phrase) {
    QString error;
    const bool written = writeSafetensors(path, tensors, {}, &error);
    QVERIFY(!written);
    QVERIFY2(error.contains(path) && error.contains(phrase), qPrintable(error));
    QVERIFY(entries(dir.path()).isEmpty());
  };
  refuses({{QStringLiteral("a"), DType::F32, {7}, v, 16}}, QStringLiteral("tensor \"a\" has 16 bytes of data but its shape and dtype need 28"));
  refuses({{QStringLiteral("a"), DType::F32, {2}, v, 8}, {QStringLiteral("a"), DType::F32, {2}, v + 2, 8}}, QStringLiteral("tensor \"a\" is listed twice"));
  refuses({{QStringLiteral("a"), DType::F32, {-2, -2}, v, 16}}, QStringLiteral("negative dimension"));
  refuses({{QStringLiteral("a"), DType::F32, {Q_INT64_C(1) << 40, Q_INT64_C(1) << 40}, v, 16}}, QStringLiteral("too large"));
  refuses({{QStringLiteral("__metadata__"), DType::F32, {4}, v, 16}}, QStringLiteral("reserved"));
  refuses({{QStringLiteral("a"), DType::F32, {4}, nullptr, 16}}, QStringLiteral("has no data"));
}

void TestSafetensors::writerLeavesNoPartialFile() {
  const float v = 1.0f;
  const QList<TensorToWrite> tensors = {{QStringLiteral("v"), DType::F32, {1}, &v, 4}};
  QString error;
  QTemporaryDir dir;
  // A folder that does not exist (works as root, where permissions don't stop writes).
  const QString path = dir.filePath(QStringLiteral("missing-folder/x.safetensors"));
  QVERIFY(!writeSafetensors(path, tensors, {}, &error));
  QVERIFY2(error.contains(path), qPrintable(error));
  QVERIFY(entries(dir.path()).isEmpty());
  QVERIFY(!writeShardedSafetensors(dir.filePath(QStringLiteral("missing-folder")), tensors, 1024, {}, &error));
  QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
  QVERIFY(entries(dir.path()).isEmpty());
  // A read-only folder, where permissions apply.
  if (::geteuid() != 0) {
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner);
    QVERIFY(!writeSafetensors(dir.filePath(QStringLiteral("x.safetensors")), tensors, {}, &error));
    QVERIFY(!writeShardedSafetensors(dir.path(), tensors, 1024, {}, &error));
    QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(entries(dir.path()).isEmpty());
  }
  // A failed write leaves an existing file as it was.
  const QString existing = dir.filePath(QStringLiteral("keep.safetensors"));
  QVERIFY(writeSafetensors(existing, tensors, {}, &error));
  const QByteArray before = AtelierTest::fileHash(existing);
  QVERIFY(!writeSafetensors(existing, {{QStringLiteral("v"), DType::F32, {2}, &v, 4}}, {}, &error));
  QCOMPARE(AtelierTest::fileHash(existing), before);
  QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("keep.safetensors")});
}

void TestSafetensors::shardedWriteAndReopen() {
  QTemporaryDir dir;
  std::vector<float> big(1000), small(10, 2.0f);
  for (size_t i = 0; i < big.size(); ++i) big[i] = float(i) * 0.5f;
  const QList<TensorToWrite> tensors = {
      {QStringLiteral("w1"), DType::F32, {1000}, big.data(), 4000},
      {QStringLiteral("w2"), DType::F32, {10}, small.data(), 40},
      {QStringLiteral("w3"), DType::F32, {10, 100}, big.data(), 4000},
  };
  QString error;
  QVERIFY2(writeShardedSafetensors(dir.path(), tensors, 4096, {{QStringLiteral("format"), QStringLiteral("pt")}}, &error),
           qPrintable(error));
  QCOMPARE(entries(dir.path()), (QStringList{QStringLiteral("model-00001-of-00002.safetensors"),
                                             QStringLiteral("model-00002-of-00002.safetensors"),
                                             QStringLiteral("model.safetensors.index.json")}));
  const QJsonObject index = QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("model.safetensors.index.json")))).object();
  QCOMPARE(index.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("total_size")).toInteger(), 8040);
  const QJsonObject map = index.value(QStringLiteral("weight_map")).toObject();
  QCOMPARE(map.value(QStringLiteral("w2")).toString(), QStringLiteral("model-00001-of-00002.safetensors"));
  QCOMPARE(map.value(QStringLiteral("w3")).toString(), QStringLiteral("model-00002-of-00002.safetensors"));

  auto w = WeightFolder::open(dir.path(), &error);
  QVERIFY2(w, qPrintable(error));
  QCOMPARE(w->tensorNames(), (QStringList{QStringLiteral("w1"), QStringLiteral("w2"), QStringLiteral("w3")}));
  QCOMPARE(w->totalBytes(), qint64(8040));
  QCOMPARE(memcmp(w->data(QStringLiteral("w1")), big.data(), 4000), 0);
  QCOMPARE(memcmp(w->data(QStringLiteral("w2")), small.data(), 40), 0);
  QCOMPARE(memcmp(w->data(QStringLiteral("w3")), big.data(), 4000), 0);
  QCOMPARE(w->find(QStringLiteral("w3"))->shape, (std::vector<int64_t>{10, 100}));

  // A tensor larger than the limit gets a shard of its own.
  QTemporaryDir each;
  QVERIFY(writeShardedSafetensors(each.path(), tensors, 100, {}, &error));
  QVERIFY(QFile::exists(each.filePath(QStringLiteral("model-00003-of-00003.safetensors"))));
  QVERIFY(WeightFolder::open(each.path(), &error));
}

void TestSafetensors::shardedWriteReplacesOtherLayout() {
  QTemporaryDir dir;
  std::vector<float> a(100, 1.0f), b(100, 2.0f);
  const QList<TensorToWrite> tensors = {{QStringLiteral("a"), DType::F32, {100}, a.data(), 400},
                                        {QStringLiteral("b"), DType::F32, {100}, b.data(), 400}};
  QString error;
  QFile other(dir.filePath(QStringLiteral("config.json")));  // not ours: must stay
  QVERIFY(other.open(QIODevice::WriteOnly) && other.write("{}") == 2);
  other.close();
  QVERIFY2(writeShardedSafetensors(dir.path(), tensors, 500, {}, &error), qPrintable(error));
  QCOMPARE(entries(dir.path()).size(), 4);
  // Sharded → single: the old index and shards go, or they would win.
  QVERIFY2(writeShardedSafetensors(dir.path(), tensors, 1 << 20, {}, &error), qPrintable(error));
  QCOMPARE(entries(dir.path()), (QStringList{QStringLiteral("config.json"), QStringLiteral("model.safetensors")}));
  // A failed write (bad input) leaves the set as it was.
  const QByteArray before = AtelierTest::fileHash(dir.filePath(QStringLiteral("model.safetensors")));
  QList<TensorToWrite> broken = tensors;
  broken.append({QStringLiteral("a"), DType::F32, {100}, a.data(), 400});
  QVERIFY(!writeShardedSafetensors(dir.path(), broken, 500, {}, &error));
  QVERIFY2(error.contains(QStringLiteral("tensor \"a\" is listed twice")), qPrintable(error));
  QCOMPARE(AtelierTest::fileHash(dir.filePath(QStringLiteral("model.safetensors"))), before);
  // Single → sharded: model.safetensors goes.
  QVERIFY(writeShardedSafetensors(dir.path(), tensors, 500, {}, &error));
  QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("model.safetensors"))));
  QCOMPARE(entries(dir.path()).size(), 4);  // no staging folder left behind
  auto w = WeightFolder::open(dir.path(), &error);
  QVERIFY2(w, qPrintable(error));
  QCOMPARE(reinterpret_cast<const float*>(w->data(QStringLiteral("b")))[99], 2.0f);
}

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
