// Memory estimates: exact parts (weights, LoRA sizes) and the verdict logic.
#include "model/memoryestimate.h"

#include <QTest>

using namespace Atelier;

namespace {
ModelConfig llama2_7b() {
  ModelConfig c;
  c.modelType = QStringLiteral("llama");
  c.vocabSize = 32000;
  c.hiddenSize = 4096;
  c.intermediateSize = 11008;
  c.numLayers = 32;
  c.numHeads = c.numKvHeads = 32;
  c.headDim = 128;
  return c;
}
constexpr qint64 GiB = 1024LL * 1024 * 1024;
}  // namespace

class TestMemoryEstimate : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void weightsAndLoraSizes();
  void checkpointingAndFusedAttentionSaveMemory();
  void verdicts();
};

void TestMemoryEstimate::weightsAndLoraSizes() {
  TrainingShape s;
  s.weightBytesPerParameter = 2;
  s.loraRank = 8;
  const MemoryEstimate e = estimateLoraTraining(llama2_7b(), s, true);
  QCOMPARE(e.parameters, Q_INT64_C(6738415616));
  QCOMPARE(e.weightBytes, Q_INT64_C(6738415616) * 2);
  // r=8 on all seven projections of Llama-2-7B: PEFT reports 19,988,480.
  QCOMPARE(e.loraParameters, Q_INT64_C(19988480));
  QCOMPARE(e.loraStateBytes, e.loraParameters * 16);
  QCOMPARE(e.logitsBytes, Q_INT64_C(512) * 32000 * 8);
  s.loraTargetsPerLayer = 2;  // q and k only... as the first two in the list
  QVERIFY(estimateLoraTraining(llama2_7b(), s, true).loraParameters < e.loraParameters);
}

void TestMemoryEstimate::checkpointingAndFusedAttentionSaveMemory() {
  TrainingShape s;
  s.weightBytesPerParameter = s.activationBytesPerValue = 2;
  s.batchSize = 4;
  s.sequenceLength = 2048;
  const qint64 plain = estimateLoraTraining(llama2_7b(), s, true).activationBytes;
  s.gradientCheckpointing = true;
  const qint64 checkpointed = estimateLoraTraining(llama2_7b(), s, true).activationBytes;
  s.fusedAttention = true;
  const qint64 fused = estimateLoraTraining(llama2_7b(), s, true).activationBytes;
  QVERIFY(checkpointed * 10 < plain);
  QVERIFY(fused < checkpointed);
  QVERIFY(estimateInferenceBytes(llama2_7b(), 2, 4096) > 13 * GiB);
}

void TestMemoryEstimate::verdicts() {
  TrainingShape s;
  s.weightBytesPerParameter = s.activationBytesPerValue = 2;
  s.batchSize = 8;
  s.sequenceLength = 2048;
  const MemoryEstimate e = estimateLoraTraining(llama2_7b(), s, true);
  const FitAdvice big = judgeFit(e, s, 80 * GiB * 100, QStringLiteral("a huge GPU"));
  QCOMPARE(big.verdict, FitVerdict::Fits);
  QVERIFY(big.suggestions.isEmpty());
  const FitAdvice small = judgeFit(e, s, 24 * GiB, QStringLiteral("RTX 4090"));
  QCOMPARE(small.verdict, FitVerdict::DoesNotFit);
  QVERIFY(small.summary.contains(QStringLiteral("RTX 4090")));
  QVERIFY(small.suggestions.first().contains(QStringLiteral("gradient checkpointing")));
  QVERIFY(small.suggestions.join(QLatin1Char(' ')).contains(QStringLiteral("batch size to 4")));
  const qint64 need = e.peakBytes();
  QCOMPARE(judgeFit(e, s, qint64(need / 0.9), QStringLiteral("x")).verdict, FitVerdict::Tight);
  QCOMPARE(judgeFit(e, s, qint64(need / 0.5), QStringLiteral("x")).verdict, FitVerdict::Fits);
  QCOMPARE(verdictName(FitVerdict::DoesNotFit), QStringLiteral("does not fit"));
}

QTEST_GUILESS_MAIN(TestMemoryEstimate)
#include "tst_memoryestimate.moc"
