#pragma once

#include "model/modelconfig.h"

#include <QString>
#include <QStringList>

namespace Atelier {

// What LoRA training would need, and whether it fits the device.
struct TrainingShape {
  int batchSize = 1;
  int sequenceLength = 512;
  int loraRank = 16;
  int loraTargetsPerLayer = 7;   // q, k, v, o, gate, up, down
  bool gradientCheckpointing = false;
  int weightBytesPerParameter = 4;      // 4 = f32 (CPU), 2 = bf16/f16 (GPU)
  int activationBytesPerValue = 4;
  bool fusedAttention = false;          // SDPA on libtorch 2.x GPUs: no T×T score matrix kept
};

struct MemoryEstimate {
  qint64 parameters = 0;
  qint64 weightBytes = 0;
  qint64 loraParameters = 0;
  qint64 loraStateBytes = 0;    // LoRA weights, gradients and AdamW moments (f32)
  qint64 activationBytes = 0;   // kept for the backward pass
  qint64 logitsBytes = 0;       // output logits and their gradient (f32)
  qint64 overheadBytes = 0;     // runtime, allocator slack, CUDA context
  qint64 peakBytes() const {
    return weightBytes + loraStateBytes + activationBytes + logitsBytes + overheadBytes;
  }
};

MemoryEstimate estimateLoraTraining(const ModelConfig& config, const TrainingShape& shape, bool cuda);
qint64 estimateInferenceBytes(const ModelConfig& config, int weightBytesPerParameter, int contextTokens);

enum class FitVerdict { Fits, Tight, DoesNotFit };

struct FitAdvice {
  FitVerdict verdict;
  QString summary;           // one plain sentence for the user
  QStringList suggestions;   // what to change, most effective first
};

// Compares a need with the device's memory: "fits" below 80 %, "tight" up to 95 %.
FitAdvice judgeFit(const MemoryEstimate& estimate, const TrainingShape& shape,
                   qint64 deviceMemoryBytes, const QString& deviceName);
QString verdictName(FitVerdict verdict);

}  // namespace Atelier
