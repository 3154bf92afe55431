#include "languagemodel.h"

#include "log/logger.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "system/torchruntime.h"
#include "tokenizer/tokenizerloader.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QElapsedTimer>
#include <QFileInfo>

namespace Atelier {

struct LanguageModel::Private {
  QString folder;
  CausalLM model{nullptr};
  torch::Device device{torch::kCPU};
  std::unique_ptr<Tokenizer> tokenizer;
  QString adapter;
};

LanguageModel::LanguageModel() : d(new Private) {}
LanguageModel::~LanguageModel() = default;

std::unique_ptr<LanguageModel> LanguageModel::load(const QString& folder,
                                                   const LanguageModelOptions& options,
                                                   QString* error) {
  std::unique_ptr<LanguageModel> lm(new LanguageModel);
  lm->d->folder = QFileInfo(folder).absoluteFilePath();
  bool cuda = false;
  if (!TorchRuntime::useCuda(options.device, &cuda, error)) return nullptr;
  lm->d->device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  // bf16 on the GPU; f32 on the CPU, where the logits match the f32 references.
  // (On CPUs with avx512_bf16 a bf16 product is faster: 1.00 vs 2.39 ms for
  // 1024x256x768 here. Training uses it; generation does not yet.)
  const torch::ScalarType dtype = cuda ? torch::kBFloat16 : torch::kFloat32;
  if (!loadCausalLM(folder, lm->d->device, dtype, &lm->d->model, error, options.progress))
    return nullptr;
  if (!options.adapter.isEmpty()) {
    LoraConfig lora;
    if (!loadAdapter(lm->d->model, options.adapter, &lora, error)) return nullptr;
    lm->d->model->to(lm->d->device);
    lm->d->adapter = QFileInfo(options.adapter).absoluteFilePath();
  }
  QString tokenizerError;
  lm->d->tokenizer = loadModelTokenizer(folder, &tokenizerError);
  if (!lm->d->tokenizer) logInfo(QStringLiteral("model"), tokenizerError);
  else if (lm->d->tokenizer->vocabSize() > lm->config().vocabSize)
    logWarning(QStringLiteral("model"),
               QStringLiteral("%1: the tokenizer has %2 tokens but the model only %3 embeddings")
                   .arg(folder)
                   .arg(lm->d->tokenizer->vocabSize())
                   .arg(lm->config().vocabSize));
  return lm;
}

const ModelConfig& LanguageModel::config() const { return d->model->config(); }
QString LanguageModel::folder() const { return d->folder; }
QString LanguageModel::device() const { return d->device.is_cuda() ? QStringLiteral("cuda") : QStringLiteral("cpu"); }
Tokenizer* LanguageModel::tokenizer() const { return d->tokenizer.get(); }
QString LanguageModel::adapter() const { return d->adapter; }

namespace {

bool checkIds(const std::vector<int32_t>& ids, int vocab, QString* error) {
  if (ids.empty()) {
    *error = QStringLiteral("no token ids given");
    return false;
  }
  for (int32_t id : ids) {
    if (id < 0 || id >= vocab) {
      *error = QStringLiteral("token id %1 is outside the vocabulary (0..%2)").arg(id).arg(vocab - 1);
      return false;
    }
  }
  return true;
}

torch::Tensor idTensor(const std::vector<int32_t>& ids, const torch::Device& device) {
  std::vector<int64_t> wide(ids.begin(), ids.end());
  return torch::tensor(wide, torch::kInt64).unsqueeze(0).to(device);
}

// The logits processors in the order transformers applies them.
int32_t pickToken(torch::Tensor logits, const std::vector<int32_t>& history,
                  const GenerationOptions& o, at::Generator& generator) {
  logits = logits.to(torch::kCPU, torch::kFloat32).clone();
  if (o.repetitionPenalty != 1.0 && !history.empty()) {
    std::vector<int64_t> seen(history.begin(), history.end());
    const torch::Tensor index = torch::tensor(seen, torch::kInt64);
    const torch::Tensor scores = logits.gather(0, index);
    const torch::Tensor penalised =
        torch::where(scores < 0, scores * o.repetitionPenalty, scores / o.repetitionPenalty);
    logits.scatter_(0, index, penalised);
  }
  if (o.greedy) return static_cast<int32_t>(logits.argmax().item<int64_t>());
  const float negInf = -std::numeric_limits<float>::infinity();
  logits = logits / std::max(o.temperature, 1e-6);
  if (o.topK > 0 && o.topK < logits.size(0)) {
    const torch::Tensor kth = std::get<0>(logits.topk(o.topK)).min();
    logits.masked_fill_(logits < kth, negInf);
  }
  if (o.topP < 1.0) {
    auto [sorted, order] = logits.sort(/*dim=*/0, /*descending=*/false);
    const torch::Tensor cumulative = sorted.softmax(0).cumsum(0);
    torch::Tensor remove = cumulative <= (1.0 - o.topP);
    remove[-1] = false;  // always keep the most likely token
    logits.masked_fill_(remove.scatter(0, order, remove), negInf);
  }
  if (o.minP > 0.0) {
    const torch::Tensor probs = logits.softmax(0);
    logits.masked_fill_(probs < probs.max() * o.minP, negInf);
  }
  const torch::Tensor probs = logits.softmax(0);
  return static_cast<int32_t>(torch::multinomial(probs, 1, false, generator).item<int64_t>());
}

}  // namespace

bool LanguageModel::logits(const std::vector<int32_t>& ids, std::vector<float>* out, QString* error) {
  if (!checkIds(ids, config().vocabSize, error)) return false;
  torch::NoGradGuard noGrad;
  const torch::Tensor l = d->model->forward(idTensor(ids, d->device)).squeeze(0).to(torch::kCPU).contiguous();
  out->assign(l.data_ptr<float>(), l.data_ptr<float>() + l.numel());
  return true;
}

bool LanguageModel::generate(const std::vector<int32_t>& prompt, const GenerationOptions& o,
                             const TokenCallback& onToken, GenerationResult* result, QString* error) {
  if (!checkIds(prompt, config().vocabSize, error)) return false;
  if (o.maxNewTokens < 1) {
    *error = QStringLiteral("max new tokens must be at least 1");
    return false;
  }
  torch::NoGradGuard noGrad;
  *result = GenerationResult();
  result->promptTokens = static_cast<int>(prompt.size());
  const QList<int> stopIds = o.stopIds.isEmpty() ? config().eosTokenIds : o.stopIds;
  at::Generator generator = at::detail::createCPUGenerator(o.seed);
  std::vector<int32_t> sequence = prompt;
  KVCache cache;
  QElapsedTimer timer;
  timer.start();

  torch::Tensor next = d->model->forward(idTensor(prompt, d->device), o.useKvCache ? &cache : nullptr);
  result->promptSeconds = timer.nsecsElapsed() / 1e9;
  timer.restart();
  result->stopReason = QStringLiteral("max_tokens");
  for (int step = 0; step < o.maxNewTokens; ++step) {
    const int32_t id = pickToken(next[0][-1], sequence, o, generator);
    sequence.push_back(id);
    result->ids.push_back(id);
    if (d->tokenizer) {
      QString text;
      if (d->tokenizer->decode(result->ids, &text)) result->text = text;
    }
    if (stopIds.contains(id)) {
      result->stopReason = QStringLiteral("eos");
      break;
    }
    bool stopString = false;
    for (const QString& s : o.stopStrings) {
      const int at = result->text.indexOf(s);
      if (!s.isEmpty() && at >= 0) {
        result->text.truncate(at);
        stopString = true;
      }
    }
    if (onToken && !onToken(id, result->text)) {
      result->stopReason = QStringLiteral("cancelled");
      break;
    }
    if (stopString) {
      result->stopReason = QStringLiteral("stop_string");
      break;
    }
    if (step + 1 == o.maxNewTokens) break;
    if (sequence.size() >= static_cast<size_t>(config().maxPositionEmbeddings)) {
      result->stopReason = QStringLiteral("context_full");
      break;
    }
    next = o.useKvCache ? d->model->forward(idTensor({id}, d->device), &cache)
                        : d->model->forward(idTensor(sequence, d->device));
  }
  result->decodeSeconds = timer.nsecsElapsed() / 1e9;
  return true;
}

}  // namespace Atelier
