// The Train page's presets: every setting follows the data size and the memory
// verdict, and every setting the page shows has a plain-language line.
#include "training/trainingpresets.h"

#include <QtTest>

using namespace Atelier;

class TestTrainingPresets : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void presetsGiveValidConfigs();
  void smallDatasetGetsManyPassesLargeFew();
  void tightMemorySavesMemory();
  void longExamplesRaiseSequenceLength();
  void quickTryIsShort();
  void tinyModelsGetLargerLearningRate();
  void everySettingIsExplained();
  void preferencePresets();
};

namespace {
PresetInput input(qint64 examples, qint64 tokens, int length = 200, FitVerdict memory = FitVerdict::Fits) {
  PresetInput in;
  in.trainExamples = examples;
  in.trainTokens = tokens;
  in.typicalLength = length;
  in.memory = memory;
  in.modelParameters = 1'000'000'000;
  return in;
}
const QList<TrainingPreset> kAll = {TrainingPreset::QuickTry, TrainingPreset::Balanced, TrainingPreset::Thorough};
}  // namespace

void TestTrainingPresets::presetsGiveValidConfigs() {
  for (const PresetInput& in : {input(24, 3000), input(5000, 2'000'000), input(200000, 80'000'000, 1500),
                                input(1, 10, 5, FitVerdict::DoesNotFit)})
    for (TrainingPreset p : kAll) {
      SftConfig c = applyPreset(p, in, SftConfig());
      c.dataset = QStringLiteral("d");
      c.model = QStringLiteral("/m");
      c.project = QStringLiteral("/p");
      c.runDir = QStringLiteral("/p/runs/x");
      QString error;
      QVERIFY2(c.validate(&error), qPrintable(presetName(p) + QStringLiteral(": ") + error));
      QVERIFY(c.evalEvery >= 1);
      QCOMPARE(c.lora.alpha, 2.0 * c.lora.rank);
    }
}

void TestTrainingPresets::smallDatasetGetsManyPassesLargeFew() {
  const SftConfig small = applyPreset(TrainingPreset::Balanced, input(50, 5000), SftConfig());
  const SftConfig large = applyPreset(TrainingPreset::Balanced, input(100000, 50'000'000), SftConfig());
  QVERIFY(small.epochs > large.epochs);
  QCOMPARE(large.epochs, 1);
  // A tiny dataset still gets several optimizer steps per pass (batch ≤ examples/4).
  QVERIFY(small.batchSize * small.gradAccum <= 50 / 4);
  QCOMPARE(large.batchSize * large.gradAccum, 16);
  // Thorough goes further than Balanced, with a larger adapter and a gentler rate.
  const SftConfig thorough = applyPreset(TrainingPreset::Thorough, input(5000, 1'000'000), SftConfig());
  const SftConfig balanced = applyPreset(TrainingPreset::Balanced, input(5000, 1'000'000), SftConfig());
  QVERIFY(thorough.epochs > balanced.epochs);
  QVERIFY(thorough.lora.rank > balanced.lora.rank);
  QVERIFY(thorough.learningRate < balanced.learningRate);
  QVERIFY(thorough.patience > 0);
}

void TestTrainingPresets::tightMemorySavesMemory() {
  const SftConfig roomy = applyPreset(TrainingPreset::Balanced, input(5000, 5'000'000, 1500), SftConfig());
  const SftConfig tight = applyPreset(TrainingPreset::Balanced, input(5000, 5'000'000, 1500, FitVerdict::Tight),
                                      SftConfig());
  const SftConfig noFit = applyPreset(TrainingPreset::Balanced,
                                      input(5000, 5'000'000, 1500, FitVerdict::DoesNotFit), SftConfig());
  QVERIFY(!roomy.gradientCheckpointing);
  QVERIFY(tight.gradientCheckpointing);
  QVERIFY(noFit.gradientCheckpointing);
  QVERIFY(tight.batchSize < roomy.batchSize);
  QCOMPARE(noFit.batchSize, 1);
  QVERIFY(noFit.seqLen <= 512);
  QCOMPARE(roomy.seqLen, 2048);
  // The same effective batch: accumulation makes up for the smaller micro-batch.
  QCOMPARE(tight.batchSize * tight.gradAccum, roomy.batchSize * roomy.gradAccum);
  QCOMPARE(noFit.batchSize * noFit.gradAccum, roomy.batchSize * roomy.gradAccum);
}

void TestTrainingPresets::longExamplesRaiseSequenceLength() {
  QCOMPARE(applyPreset(TrainingPreset::Balanced, input(1000, 100000, 90), SftConfig()).seqLen, 128);
  QCOMPARE(applyPreset(TrainingPreset::Balanced, input(1000, 100000, 300), SftConfig()).seqLen, 512);
  QCOMPARE(applyPreset(TrainingPreset::Balanced, input(1000, 100000, 99999), SftConfig()).seqLen, 2048);
}

void TestTrainingPresets::quickTryIsShort() {
  const SftConfig quick = applyPreset(TrainingPreset::QuickTry, input(100000, 50'000'000), SftConfig());
  QVERIFY(quick.maxSteps > 0 && quick.maxSteps <= 100);
  QCOMPARE(quick.patience, 0);
  const SftConfig tiny = applyPreset(TrainingPreset::QuickTry, input(24, 3000), SftConfig());
  QVERIFY(tiny.totalSteps(24) <= 100);
  QVERIFY(tiny.totalSteps(24) >= 20);  // enough steps to see the loss fall
}

void TestTrainingPresets::tinyModelsGetLargerLearningRate() {
  PresetInput big = input(24, 3000);
  PresetInput tiny = big;
  tiny.modelParameters = 2'000'000;
  QVERIFY(applyPreset(TrainingPreset::Balanced, tiny, SftConfig()).learningRate >
          5 * applyPreset(TrainingPreset::Balanced, big, SftConfig()).learningRate);
  // ...and train in f32, where bf16 would lose too much.
  QCOMPARE(applyPreset(TrainingPreset::Balanced, tiny, SftConfig()).precision, QStringLiteral("f32"));
  QCOMPARE(applyPreset(TrainingPreset::Balanced, big, SftConfig()).precision, QStringLiteral("auto"));
}

void TestTrainingPresets::everySettingIsExplained() {
  // Every key of SftConfig's JSON a person can set has a line (the folders and
  // Adam's internals are not shown).
  const QJsonObject json = SftConfig().toJson();
  QStringList keys;
  for (const QString& k : json.keys())
    if (!QStringList{"project", "dataset", "model", "run_dir", "lora", "adam_beta1", "adam_beta2", "adam_eps"}.contains(k))
      keys << k;
  for (const QString& k : {"r", "lora_alpha", "lora_dropout", "use_rslora", "target_modules"})
    keys << QStringLiteral("lora.") + k;
  for (const QString& k : keys) {
    const QString line = explainSetting(k);
    QVERIFY2(!line.isEmpty(), qPrintable(k));
    QVERIFY2(line.size() < 140, qPrintable(k + QStringLiteral(": longer than one line")));
  }
  QVERIFY(explainSetting(QStringLiteral("no_such_setting")).isEmpty());
}

void TestTrainingPresets::preferencePresets() {
  // The tone pairs sample: 96 training pairs, a tiny model.
  PresetInput in = input(96, 12000, 60);
  in.modelParameters = 600'000;
  for (const QString recipe : {QStringLiteral("dpo"), QStringLiteral("reward")})
    for (TrainingPreset p : kAll) {
      SftConfig base;
      base.recipe = recipe;
      SftConfig pref = applyPreset(p, in, base);
      const SftConfig sft = applyPreset(p, in, SftConfig());
      QCOMPARE(pref.recipe, recipe);
      pref.dataset = QStringLiteral("d");
      pref.model = QStringLiteral("/m");
      pref.project = QStringLiteral("/p");
      pref.runDir = QStringLiteral("/p/runs/x");
      QString error;
      QVERIFY2(pref.validate(&error), qPrintable(recipe + QStringLiteral(": ") + error));
      // Pairs: fewer passes, gentler steps (still the tiny model's larger ones),
      // half as many pairs at once as examples.
      QVERIFY(pref.epochs < sft.epochs || p == TrainingPreset::QuickTry);
      QVERIFY(pref.learningRate < sft.learningRate);
      QVERIFY(pref.learningRate > 1e-4);
      QVERIFY(pref.batchSize <= std::max(1, sft.batchSize / 2));
      QVERIFY(pref.evalEvery >= 1);
      if (recipe == QLatin1String("dpo")) QCOMPARE(pref.dpoBeta, 0.1);
    }
  QVERIFY(!explainSetting(QStringLiteral("dpo_beta")).isEmpty());
  for (const QString& r : trainingRecipes()) {
    QVERIFY(!recipeName(r).isEmpty());
    QVERIFY(!recipeDescription(r).isEmpty());
  }
  QCOMPARE(runKindName(QStringLiteral("dpo")), QStringLiteral("DPO"));
}

QTEST_GUILESS_MAIN(TestTrainingPresets)
#include "tst_trainingpresets.moc"
