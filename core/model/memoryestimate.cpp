#include "memoryestimate.h"

#include <QLocale>

#include <algorithm>

namespace Atelier {

MemoryEstimate estimateLoraTraining(const ModelConfig& c, const TrainingShape& s, bool cuda) {
  MemoryEstimate e;
  e.parameters = c.parameterCount();
  e.weightBytes = e.parameters * s.weightBytesPerParameter;

  // LoRA adds r·(in+out) per adapted matrix; the seven Llama projections have
  // these in/out sizes.
  const qint64 h = c.hiddenSize, q = qint64(c.numHeads) * c.headDim, kv = c.kvDim(), f = c.intermediateSize;
  const qint64 inOut[7] = {h + q, h + kv, h + kv, q + h, h + f, h + f, f + h};
  qint64 perLayer = 0;
  for (int i = 0; i < qBound(0, s.loraTargetsPerLayer, 7); ++i) perLayer += inOut[i];
  e.loraParameters = perLayer * s.loraRank * c.numLayers;
  e.loraStateBytes = e.loraParameters * 4 * 4;  // weight, gradient, two AdamW moments, f32

  // Values autograd keeps per token and layer: norm outputs, q/k/v, attention
  // output, MLP gate/up/activation/product, residual inputs.
  const qint64 tokens = qint64(s.batchSize) * s.sequenceLength;
  const qint64 perTokenLayer = 6 * h + q + 2 * kv + 4 * f;
  // Softmax input and output per head, unless a fused kernel recomputes them.
  const qint64 scoresPerLayer =
      s.fusedAttention ? 0 : 2 * qint64(s.batchSize) * c.numHeads * s.sequenceLength * s.sequenceLength;
  const qint64 fullLayer = (tokens * perTokenLayer + scoresPerLayer) * s.activationBytesPerValue;
  if (s.gradientCheckpointing) {
    // Only each layer's input is kept; one layer is recomputed at a time.
    e.activationBytes = tokens * h * s.activationBytesPerValue * c.numLayers + fullLayer;
  } else {
    e.activationBytes = fullLayer * c.numLayers;
  }
  e.logitsBytes = tokens * c.vocabSize * 4 * 2;
  e.overheadBytes = (cuda ? 600LL : 300LL) * 1024 * 1024 + e.weightBytes / 20;
  return e;
}

qint64 estimateInferenceBytes(const ModelConfig& c, int weightBytesPerParameter, int contextTokens) {
  const qint64 kvCache = 2LL * c.numLayers * c.kvDim() * contextTokens * weightBytesPerParameter;
  return c.parameterCount() * weightBytesPerParameter + kvCache + 300LL * 1024 * 1024;
}

QString verdictName(FitVerdict v) {
  switch (v) {
    case FitVerdict::Fits: return QStringLiteral("fits");
    case FitVerdict::Tight: return QStringLiteral("tight");
    case FitVerdict::DoesNotFit: return QStringLiteral("does not fit");
  }
  return QString();
}

FitAdvice judgeFit(const MemoryEstimate& e, const TrainingShape& s, qint64 deviceMemory,
                   const QString& deviceName) {
  FitAdvice a;
  const QLocale locale(QLocale::English);
  const double share = deviceMemory > 0 ? double(e.peakBytes()) / double(deviceMemory) : 2.0;
  a.verdict = share < 0.80 ? FitVerdict::Fits : share < 0.95 ? FitVerdict::Tight : FitVerdict::DoesNotFit;
  const QString need = locale.formattedDataSize(e.peakBytes());
  const QString have = locale.formattedDataSize(deviceMemory);
  switch (a.verdict) {
    case FitVerdict::Fits:
      a.summary = QStringLiteral("Fits: training needs about %1 of the %2 on %3.").arg(need, have, deviceName);
      break;
    case FitVerdict::Tight:
      a.summary = QStringLiteral("Tight: training needs about %1 of the %2 on %3; close other programs "
                                 "or use a suggestion below.").arg(need, have, deviceName);
      break;
    case FitVerdict::DoesNotFit:
      a.summary = QStringLiteral("Does not fit: training needs about %1 but %2 has %3.").arg(need, deviceName, have);
      break;
  }
  if (a.verdict == FitVerdict::Fits) return a;
  // Suggestions in the order of how much they usually save.
  const qint64 biggestPart = std::max({e.activationBytes, e.logitsBytes, e.weightBytes});
  if (!s.gradientCheckpointing && e.activationBytes == biggestPart)
    a.suggestions << QStringLiteral("Turn on gradient checkpointing (slower, much less memory).");
  if (s.batchSize > 1)
    a.suggestions << QStringLiteral("Lower the batch size to %1 and raise gradient accumulation to keep "
                                    "the same effective batch.").arg(std::max(1, s.batchSize / 2));
  if (s.sequenceLength > 256)
    a.suggestions << QStringLiteral("Shorten the maximum sequence length to %1 tokens.").arg(s.sequenceLength / 2);
  if (!s.gradientCheckpointing && e.activationBytes != biggestPart)
    a.suggestions << QStringLiteral("Turn on gradient checkpointing.");
  if (e.weightBytes > deviceMemory / 2)
    a.suggestions << QStringLiteral("Choose a smaller base model: its weights alone take %1.")
                         .arg(locale.formattedDataSize(e.weightBytes));
  if (s.loraRank > 8) a.suggestions << QStringLiteral("Use a lower LoRA rank (8).");
  return a;
}

}  // namespace Atelier
