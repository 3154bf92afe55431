// Refusals: every malformed safetensors file in tests/data/safetensors/
// malformed/ and every broken model folder in malformed_folders/ (made by
// make_fixtures.py) gives an error naming the file or folder and saying what
// is wrong; randomly damaged files are refused or stay inside their bounds.
#include "model/io/safetensors.h"
#include "model/io/weightfolder.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <utility>

using namespace Atelier;

namespace {

QString fixture(const QString& relative) {
  return AtelierTest::dataPath(QStringLiteral("safetensors/") + relative);
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestSafetensorsMalformed : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void malformedFilesAreRefused_data();
  void malformedFilesAreRefused();
  void brokenFoldersAreRefused_data();
  void brokenFoldersAreRefused();
  void emptyFolderIsRefused();
  void corruptedBytesNeverCrash();
};

void TestSafetensorsMalformed::malformedFilesAreRefused_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("expected");
  // One row per file in malformed/; the last check below keeps the two in step.
  const QList<std::pair<const char*, const char*>> cases = {
      {"empty", "is empty (0 bytes)"},
      {"short_length", "too short to be a safetensors file"},
      {"header_beyond_file", "follow the length field"},
      {"header_over_100mb", "more than the 100 MB limit"},
      {"header_length_huge", "more than the 100 MB limit"},
      {"header_empty", "not a JSON object starting with '{'"},
      {"not_json", "not valid JSON"},
      {"trailing_garbage", "not valid JSON"},
      {"invalid_utf8", "not valid UTF-8"},
      {"not_object", "not a JSON object"},
      {"leading_space", "not a JSON object"},
      {"unknown_dtype", "tensor \"t\" has dtype \"F8_E4M3\", which Atelier cannot read"},
      {"missing_dtype", "tensor \"t\" has no \"dtype\" string"},
      {"dtype_not_string", "tensor \"t\" has no \"dtype\" string"},
      {"shape_missing", "tensor \"t\" has no \"shape\" array"},
      {"shape_negative", "tensor \"t\" has a shape entry that is not a non-negative integer"},
      {"shape_fraction", "tensor \"t\" has a shape entry that is not a non-negative integer"},
      {"shape_string", "tensor \"t\" has a shape entry that is not a non-negative integer"},
      {"shape_beyond_int64", "tensor \"t\" has a shape entry that is not a non-negative integer"},
      {"shape_size_mismatch", "tensor \"t\" covers 8 bytes but its shape and dtype need 12"},
      {"shape_overflow", "tensor \"t\" has a shape too large to address (its element count overflows)"},
      {"bytes_overflow", "tensor \"t\" has a shape too large to address (its byte size overflows)"},
      {"offsets_missing", "tensor \"t\" needs \"data_offsets\": [begin, end]"},
      {"offsets_three", "tensor \"t\" needs \"data_offsets\": [begin, end]"},
      {"offsets_negative", "tensor \"t\" needs \"data_offsets\": [begin, end]"},
      {"offsets_reversed", "tensor \"t\" has data_offsets that end before they begin"},
      {"offsets_beyond_data", "tensor \"t\" lies beyond the end of the file"},
      {"offsets_near_int64_max", "tensor \"t\" lies beyond the end of the file"},
      {"overlap_partial", "tensors \"a\" and \"b\" overlap"},
      {"overlap_same_range", "tensors \"a\" and \"b\" overlap"},
      {"overlap_nested", "tensors \"big\" and \"inner\" overlap"},
      {"duplicate_names", "tensor \"t\" is listed twice"},
      {"duplicate_escaped_names", "tensor \"w\" is listed twice"},
      {"duplicate_field", "the entry \"t\" has \"dtype\" twice"},
      {"metadata_not_object", "__metadata__ is not an object"},
      {"metadata_value_number", "__metadata__ entry \"step\" is not a string"},
      {"metadata_value_object", "__metadata__ entry \"nested\" is not a string"},
      {"tensor_not_object", "tensor \"t\" is not described by an object"},
  };
  QStringList listed;
  for (const auto& [name, expected] : cases) {
    const QString file = QString::fromLatin1(name) + QStringLiteral(".safetensors");
    QTest::newRow(name) << file << QString::fromUtf8(expected);
    listed << file;
  }
  listed.sort();
  QTest::newRow("every file has a row") << listed.join(QLatin1Char(',')) << QString();
}

void TestSafetensorsMalformed::malformedFilesAreRefused() {
  QFETCH(QString, file);
  QFETCH(QString, expected);
  if (expected.isEmpty()) {
    QCOMPARE(file, QDir(fixture(QStringLiteral("malformed"))).entryList(QDir::Files, QDir::Name).join(QLatin1Char(',')));
    return;
  }
  const QString path = fixture(QStringLiteral("malformed/") + file);
  QVERIFY(QFile::exists(path));
  QString error;
  QVERIFY(!SafetensorsFile::open(path, &error));
  QVERIFY2(error.contains(path), qPrintable(error));
  QVERIFY2(error.contains(expected), qPrintable(error));
  // A folder holding the file refuses it the same way.
  QTemporaryDir dir;
  QVERIFY(QFile::copy(path, dir.filePath(QStringLiteral("model.safetensors"))));
  QVERIFY(!WeightFolder::open(dir.path(), &error));
  QVERIFY2(error.contains(QStringLiteral("model.safetensors")) && error.contains(expected), qPrintable(error));
}

void TestSafetensorsMalformed::brokenFoldersAreRefused_data() {
  QTest::addColumn<QString>("folder");
  QTest::addColumn<QString>("expected");
  const QList<std::pair<const char*, const char*>> cases = {
      {"pickle_only", "pytorch_model.bin: Python pickle files, which can run any code"},
      {"pickle_pt_pth_ckpt", "last.ckpt, model.pt, weights.pth: Python pickle files"},
      {"index_traversal", "\"../outside.safetensors\", which is not the name of a .safetensors file inside this folder"},
      {"index_absolute", "which is not the name of a .safetensors file inside this folder"},
      {"index_subfolder", "which is not the name of a .safetensors file inside this folder"},
      {"index_not_safetensors", "\"config.json\", which is not the name of a .safetensors file"},
      {"index_missing_shard", "model-00002-of-00002.safetensors (for tensor \"u\"), but that file is missing"},
      {"index_tensor_not_in_shard", "tensor \"u\" is in model-00001-of-00002.safetensors, but it is not in that file (nor"},
      {"index_tensor_in_other_shard", "tensor \"u\" is in model-00001-of-00002.safetensors, but it is not in that file (it is in"},
      {"tensor_in_two_shards", "Tensor \"t\" is in two shards"},
      {"index_not_json", "model.safetensors.index.json is not a valid weight index: it is not valid JSON"},
      {"index_not_object", "it is not a JSON object"},
      {"index_no_weight_map", "it has no \"weight_map\" object"},
      {"index_empty_weight_map", "its weight_map lists no tensors"},
      {"index_value_not_string", "mapped to a value that is not a string"},
      {"index_duplicate_tensor", "\"weight_map\" → \"t\" appears twice"},
      {"bad_shard", "model-00002-of-00002.safetensors is not a valid safetensors file: tensor \"u\" lies beyond the end"},
      {"several_unindexed", "several .safetensors files (a.safetensors, b.safetensors)"},
      {"no_weights", "has no model weights"},
  };
  QStringList listed;
  for (const auto& [name, expected] : cases) {
    QTest::newRow(name) << fixture(QStringLiteral("malformed_folders/") + QString::fromLatin1(name)) << QString::fromUtf8(expected);
    listed << QString::fromLatin1(name);
  }
  listed.sort();
  QTest::newRow("every folder has a row") << listed.join(QLatin1Char(',')) << QString();
  QTest::newRow("does not exist") << fixture(QStringLiteral("malformed_folders/nothing-here")) << QStringLiteral("is not a folder");
}

void TestSafetensorsMalformed::brokenFoldersAreRefused() {
  QFETCH(QString, folder);
  QFETCH(QString, expected);
  if (expected.isEmpty()) {
    QCOMPARE(folder, QDir(fixture(QStringLiteral("malformed_folders"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name).join(QLatin1Char(',')));
    return;
  }
  QString error;
  QVERIFY(!WeightFolder::open(folder, &error));
  QVERIFY2(error.contains(folder), qPrintable(error));
  QVERIFY2(error.contains(expected), qPrintable(error));
  if (expected.contains(QStringLiteral("pickle")))
    QVERIFY2(error.contains(QStringLiteral("never opens them")) && error.contains(QStringLiteral("Download the model's .safetensors files")), qPrintable(error));
}

void TestSafetensorsMalformed::emptyFolderIsRefused() {
  QTemporaryDir empty;  // git keeps no empty folders, so this one is made here
  QString error;
  QVERIFY(!WeightFolder::open(empty.path(), &error));
  QVERIFY2(error.contains(empty.path()) && error.contains(QStringLiteral("no model weights")), qPrintable(error));
}

void TestSafetensorsMalformed::corruptedBytesNeverCrash() {
  // Random damage to a valid file: open() either refuses with the path in
  // the message, or every tensor it hands out lies inside the file.
  const QByteArray original = readAll(fixture(QStringLiteral("valid/dtypes.safetensors")));
  QVERIFY(!original.isEmpty());
  QTemporaryDir dir;
  const QString path = dir.filePath(QStringLiteral("damaged.safetensors"));
  QRandomGenerator random(42);
  int refused = 0;
  for (int round = 0; round < 500; ++round) {
    QByteArray bytes = original;
    if (round % 4 == 0) bytes.truncate(random.bounded(int(bytes.size())));
    const int flips = 1 + random.bounded(4);
    for (int i = 0; i < flips && !bytes.isEmpty(); ++i) {
      const int at = random.bounded(qMin(int(bytes.size()), 600));  // mostly the header
      bytes[at] = round % 2 ? char(random.bounded(256)) : "{}[],:\"0-9e "[random.bounded(12)];
    }
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
    f.close();
    QString error;
    auto file = SafetensorsFile::open(path, &error);
    if (!file) {
      QVERIFY2(error.contains(path), qPrintable(error));
      ++refused;
      continue;
    }
    for (const TensorInfo& t : file->tensors()) {
      QVERIFY(t.dataOffset >= 8 && t.byteSize >= 0);
      QVERIFY(t.dataOffset + t.byteSize <= bytes.size());
      QCOMPARE(t.byteSize, t.elementCount() * dtypeSize(t.dtype));
    }
  }
  qDebug() << refused << "of 500 damaged files refused";
  QVERIFY(refused > 250);
}

QTEST_GUILESS_MAIN(TestSafetensorsMalformed)
#include "tst_safetensorsmalformed.moc"
