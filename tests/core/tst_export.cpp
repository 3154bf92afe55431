// Exports: a merged folder gives the logits of base + adapter; PEFT folders are
// checked against the base; bad inputs are refused before anything is written.
#include "export/mergedexport.h"
#include "export/peftexport.h"
#include "inference/languagemodel.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Atelier;

namespace {

QString base() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")); }
QString adapter() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32-adapter")); }
const std::vector<int32_t> kIds = {1, 317, 349, 318, 289, 322, 270, 280, 330, 327};

std::vector<float> logits(const QString& model, const QString& adapterFolder) {
  QString error;
  LanguageModelOptions o;
  o.device = QStringLiteral("cpu");
  o.adapter = adapterFolder;
  auto lm = LanguageModel::load(model, o, &error);
  std::vector<float> out;
  if (!lm || !lm->logits(kIds, &out, &error)) qFatal("%s", qPrintable(error));
  return out;
}

double maxDiff(const std::vector<float>& a, const std::vector<float>& b) {
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, double(std::abs(a[i] - b[i])));
  return a.size() == b.size() ? d : 1e9;
}

QStringList leftovers(const QString& folder) {
  return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

class TestExport : public QObject {
  Q_OBJECT
 private slots:
  void mergedGivesBasePlusAdapterLogits();
  void mergedHalfPrecisionAndShards();
  void badInputsWriteNothing();
  void peftAdapterIsCheckedAndRenamed();
};

void TestExport::mergedGivesBasePlusAdapterLogits() {
  QTemporaryDir dir;
  MergedExportOptions o;
  o.model = base();
  o.adapter = adapter();
  o.out = dir.filePath(QStringLiteral("merged"));
  MergedExportResult r;
  QString error;
  QVERIFY2(exportMergedModel(o, &r, &error), qPrintable(error));
  QCOMPARE(r.shards, 1);
  QVERIFY(QFile::exists(o.out + QStringLiteral("/tokenizer.model")));
  QVERIFY(QFile::exists(o.out + QStringLiteral("/tokenizer_config.json")));
  QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("merged")});
  const std::vector<float> merged = logits(o.out, QString()), applied = logits(base(), adapter());
  QVERIFY2(maxDiff(merged, applied) < 1e-4, qPrintable(QString::number(maxDiff(merged, applied))));
  QVERIFY(maxDiff(merged, logits(base(), QString())) > 1e-3);  // the adapter did change something
}

void TestExport::mergedHalfPrecisionAndShards() {
  QTemporaryDir dir;
  MergedExportOptions o;
  o.model = base();
  o.adapter = adapter();
  o.out = dir.filePath(QStringLiteral("half"));
  o.dtype = QStringLiteral("bf16");
  o.maxShardBytes = 40 * 1024;  // forces several shards for this tiny model
  MergedExportResult r;
  QString error;
  QVERIFY2(exportMergedModel(o, &r, &error), qPrintable(error));
  QVERIFY(r.shards > 1);
  QVERIFY(QFile::exists(o.out + QStringLiteral("/model.safetensors.index.json")));
  QFile config(o.out + QStringLiteral("/config.json"));
  QVERIFY(config.open(QIODevice::ReadOnly));
  QCOMPARE(QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("torch_dtype")).toString(),
           QStringLiteral("bfloat16"));
  QVERIFY(maxDiff(logits(o.out, QString()), logits(base(), adapter())) < 0.1);  // bf16 rounding only
}

void TestExport::badInputsWriteNothing() {
  QTemporaryDir dir;
  QString error;
  MergedExportResult r;
  MergedExportOptions o;
  o.model = AtelierTest::dataPath(QStringLiteral("models/qwen2-bias-tied-bf16"));
  o.adapter = adapter();  // made for the llama fixture
  o.out = dir.filePath(QStringLiteral("wrong"));
  QVERIFY(!exportMergedModel(o, &r, &error));
  QVERIFY2(error.contains(QStringLiteral("another base model")) || error.contains(QStringLiteral("shape")), qPrintable(error));
  QVERIFY(leftovers(dir.path()).isEmpty());

  o.model = base();
  o.adapter = dir.filePath(QStringLiteral("missing"));
  QVERIFY(!exportMergedModel(o, &r, &error));
  QVERIFY(leftovers(dir.path()).isEmpty());

  o.adapter = adapter();
  o.dtype = QStringLiteral("q4");
  QVERIFY(!exportMergedModel(o, &r, &error));
  QVERIFY(error.contains(QStringLiteral("f32, f16 or bf16")));

  QDir().mkpath(dir.filePath(QStringLiteral("full")));
  QFile keep(dir.filePath(QStringLiteral("full/keep.txt")));
  QVERIFY(keep.open(QIODevice::WriteOnly));
  keep.close();
  o.dtype = QStringLiteral("f32");
  o.out = dir.filePath(QStringLiteral("full"));
  QVERIFY(!exportMergedModel(o, &r, &error));
  QVERIFY(error.contains(QStringLiteral("not an empty folder")));
  QCOMPARE(leftovers(o.out), QStringList{QStringLiteral("keep.txt")});

  // Cancelled half-way: nothing stays behind.
  o.out = dir.filePath(QStringLiteral("cancelled"));
  o.progress = [](double f) { return f < 0.5; };
  QVERIFY(!exportMergedModel(o, &r, &error));
  QCOMPARE(leftovers(dir.path()), QStringList{QStringLiteral("full")});
}

void TestExport::peftAdapterIsCheckedAndRenamed() {
  QTemporaryDir dir;
  QString error;
  const QString out = dir.filePath(QStringLiteral("peft"));
  QVERIFY2(exportPeftAdapter(base(), adapter(), out, QStringLiteral("org/tiny-llama"), &error), qPrintable(error));
  QFile config(out + QStringLiteral("/adapter_config.json"));
  QVERIFY(config.open(QIODevice::ReadOnly));
  const QJsonObject c = QJsonDocument::fromJson(config.readAll()).object();
  QCOMPARE(c.value(QStringLiteral("base_model_name_or_path")).toString(), QStringLiteral("org/tiny-llama"));
  QCOMPARE(c.value(QStringLiteral("peft_type")).toString(), QStringLiteral("LORA"));
  QCOMPARE(c.value(QStringLiteral("task_type")).toString(), QStringLiteral("CAUSAL_LM"));
  QCOMPARE(AtelierTest::fileHash(out + QStringLiteral("/adapter_model.safetensors")),
           AtelierTest::fileHash(adapter() + QStringLiteral("/adapter_model.safetensors")));
  QVERIFY(maxDiff(logits(base(), out), logits(base(), adapter())) == 0);
  // Against another base it is refused, and nothing is written.
  QVERIFY(!exportPeftAdapter(AtelierTest::dataPath(QStringLiteral("models/qwen2-bias-tied-bf16")), adapter(),
                             dir.filePath(QStringLiteral("bad")), QString(), &error));
  QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("bad"))));
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
