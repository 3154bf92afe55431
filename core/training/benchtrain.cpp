#include "benchtrain.h"

#include "model/modelloader.h"
#include "peft/lora.h"
#include "chunkedloss.h"
#include "precision.h"
#include "system/systeminfo.h"
#include "system/torchruntime.h"

// The GPU's own peak comes from the caching allocator, whose header needs the
// CUDA toolkit: core/CMakeLists.txt defines this only for a CUDA libtorch.
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <QElapsedTimer>

namespace Atelier {

bool benchTrain(const BenchTrainOptions& o, BenchTrainResult* r, QString* error) {
  bool cuda = false;
  if (!TorchRuntime::useCuda(o.device, &cuda, error)) return false;
  const torch::Device device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  torch::ScalarType baseType = torch::kFloat32;
  if (!resolveBasePrecision(o.precision, cuda, &baseType, error)) return false;
  torch::manual_seed(o.seed);
  CausalLM model{nullptr};
  if (!o.modelFolder.isEmpty()) {
    if (!loadCausalLM(o.modelFolder, device, baseType, &model, error)) return false;
  } else {
    ModelConfig c;
    c.modelType = QStringLiteral("llama");
    c.vocabSize = o.vocab;
    c.hiddenSize = o.hidden;
    c.intermediateSize = o.ffn;
    c.numLayers = o.layers;
    c.numHeads = o.heads;
    c.numKvHeads = o.kvHeads;
    if (o.hidden % o.heads != 0 || o.heads % o.kvHeads != 0) {
      *error = QStringLiteral("--hidden must be a multiple of --heads, and --kv-heads must divide --heads");
      return false;
    }
    c.headDim = o.hidden / o.heads;
    c.maxPositionEmbeddings = std::max(2048, o.seqLen);
    model = CausalLM(c);
    model->to(device, baseType);
  }
  const int vocab = model->config().vocabSize;
  LoraConfig lora;
  lora.rank = o.loraRank;
  lora.alpha = 2.0 * o.loraRank;
  lora.dropout = 0.0;
  applyLora(model, lora);
  model->to(device);
  model->setGradientCheckpointing(o.gradientCheckpointing);
  std::vector<torch::Tensor> trainable;
  for (auto& p : model->parameters())
    if (p.requires_grad()) trainable.push_back(p);
  r->device = cuda ? QStringLiteral("cuda") : QStringLiteral("cpu");
  r->precision = precisionName(baseType);
  r->parameters = model->config().parameterCount();
  r->trainableParameters = 0;
  for (const auto& p : trainable) r->trainableParameters += p.numel();
  torch::optim::AdamW optimizer(trainable, torch::optim::AdamWOptions(1e-3).weight_decay(0.0));
  model->train();
  const torch::Tensor tokens =
      torch::randint(0, vocab, {o.batchSize, o.seqLen + 1}, torch::TensorOptions().dtype(torch::kInt64)).to(device);
  const torch::Tensor inputs = tokens.narrow(1, 0, o.seqLen);
  const torch::Tensor targets = tokens.narrow(1, 1, o.seqLen).reshape({-1});
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
  if (cuda) c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
#endif
  QElapsedTimer timer;
  for (int step = 0; step < o.warmupSteps + o.steps; ++step) {
    if (step == o.warmupSteps) {
      if (cuda) torch::cuda::synchronize();
      timer.start();
    }
    optimizer.zero_grad();
    // The trainer's own loss: no [tokens, vocab] logits held (chunkedloss.h).
    const torch::Tensor h = model->hiddenStates(inputs);
    const torch::Tensor loss =
        chunkedLinearCrossEntropy(h.reshape({-1, h.size(-1)}), model->outputWeight(), targets) / double(targets.numel());
    loss.backward();
    optimizer.step();
    const double value = loss.item<double>();
    if (step == 0) r->firstLoss = value;
    r->lastLoss = value;
  }
  if (cuda) torch::cuda::synchronize();
  const double seconds = timer.nsecsElapsed() / 1e9;
  r->tokensPerSecond = seconds > 0 ? double(o.batchSize) * o.seqLen * o.steps / seconds : 0;
  r->peakMemoryBytes = peakResidentMemoryBytes();
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
  if (cuda) {
    // Index 0 of each statistic is the aggregate over all pools.
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
    r->peakGpuMemoryBytes = stats.allocated_bytes[0].peak;
  }
#endif
  return true;
}

}  // namespace Atelier
