#pragma once

#include <QString>

namespace Atelier {

// `atelier bench train`: LoRA training steps on random tokens, to measure
// throughput and memory of the training core without any data pipeline.
struct BenchTrainOptions {
  QString modelFolder;  // empty: a random model of the sizes below
  int hidden = 256, layers = 4, heads = 8, kvHeads = 4, ffn = 768, vocab = 2000;
  int seqLen = 128;
  int batchSize = 8;
  int steps = 10;
  int warmupSteps = 2;  // not timed
  int loraRank = 8;
  bool gradientCheckpointing = false;
  QString device = QStringLiteral("auto");
  // Precision of the frozen base: "f32", "bf16", or "auto" (bf16 on CUDA and on
  // CPUs with native bf16, else f32). LoRA weights and the optimizer stay f32.
  QString precision = QStringLiteral("auto");
  quint64 seed = 0;
};

struct BenchTrainResult {
  QString device;
  QString precision;  // "f32" or "bf16", as resolved
  qint64 parameters = 0;
  qint64 trainableParameters = 0;
  double tokensPerSecond = 0;
  double firstLoss = 0, lastLoss = 0;
  qint64 peakMemoryBytes = 0;  // peak resident memory of the process (CPU)
  qint64 peakGpuMemoryBytes = 0;  // peak bytes allocated on the GPU (CUDA builds)
};

bool benchTrain(const BenchTrainOptions& options, BenchTrainResult* result, QString* error);

}  // namespace Atelier
