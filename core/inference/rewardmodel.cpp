#include "rewardmodel.h"

#include "inference/chatprompt.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "system/torchruntime.h"
#include "tokenizer/tokenizerloader.h"
#include "training/sftexamples.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <limits>

namespace Atelier {

struct RewardModel::Private {
  QString adapter, base;
  CausalLM model{nullptr};
  torch::Device device{torch::kCPU};
  std::unique_ptr<Tokenizer> tokenizer;
  ChatTemplate chatTemplate;
};

RewardModel::RewardModel() : d(new Private) {}
RewardModel::~RewardModel() = default;
QString RewardModel::adapter() const { return d->adapter; }
QString RewardModel::baseModel() const { return d->base; }

std::unique_ptr<RewardModel> RewardModel::load(const QString& adapterDir, const QString& modelDir,
                                               const QString& device, const QString& chatFamily, QString* error) {
  std::unique_ptr<RewardModel> rm(new RewardModel);
  rm->d->adapter = QFileInfo(adapterDir).absoluteFilePath();
  LoraConfig lora;
  if (!LoraConfig::fromFolder(adapterDir, &lora, error)) return nullptr;
  if (!lora.isReward()) {
    *error = QStringLiteral("%1 is not a reward model (its task_type is %2): train one with `atelier train reward`")
                 .arg(adapterDir, lora.taskType);
    return nullptr;
  }
  rm->d->base = modelDir.isEmpty() ? lora.baseModel : modelDir;
  if (rm->d->base.isEmpty() || !QFileInfo(rm->d->base).isDir()) {
    *error = QStringLiteral("the reward model's base model \"%1\" is not a folder here: give the base model's folder")
                 .arg(rm->d->base);
    return nullptr;
  }
  bool cuda = false;
  if (!TorchRuntime::useCuda(device, &cuda, error)) return nullptr;
  rm->d->device = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  if (!loadCausalLM(rm->d->base, rm->d->device, cuda ? torch::kBFloat16 : torch::kFloat32, &rm->d->model, error) ||
      !loadAdapter(rm->d->model, adapterDir, &lora, error, AdapterUse::Any))
    return nullptr;
  rm->d->model->to(rm->d->device);
  rm->d->model->eval();
  rm->d->tokenizer = loadModelTokenizer(rm->d->base, error);
  if (!rm->d->tokenizer ||
      !modelChatTemplate(rm->d->base, rm->d->tokenizer.get(), chatFamily, &rm->d->chatTemplate, error))
    return nullptr;
  return rm;
}

bool RewardModel::score(const QList<ChatMessage>& conversation, double* score, QString* error) {
  Conversation c;
  for (const ChatMessage& m : conversation) c.turns.append({m.role, m.content, QString()});
  ExampleOptions options;
  options.seqLen = std::numeric_limits<int>::max();
  TokenizedExample example;
  bool truncated = false;
  if (!tokenizeConversation(c, d->chatTemplate, d->tokenizer.get(), options, &example, &truncated, error)) return false;
  if (example.ids.empty()) {
    *error = QStringLiteral("nothing to score: the conversation is empty");
    return false;
  }
  try {
    torch::NoGradGuard noGrad;
    const torch::Tensor ids =
        torch::tensor(std::vector<int64_t>(example.ids.begin(), example.ids.end())).unsqueeze(0).to(d->device);
    *score = d->model->sequenceScores(ids, torch::tensor({int64_t(example.ids.size()) - 1})).item<double>();
    return true;
  } catch (const c10::Error& e) {
    *error = QStringLiteral("scoring failed: %1").arg(QString::fromUtf8(e.what_without_backtrace()));
    return false;
  }
}

bool generateBestOfN(LanguageModel& model, RewardModel& reward, const QList<ChatMessage>& messages,
                     const std::vector<int32_t>& prompt, const GenerationOptions& options, int n,
                     const std::function<bool(int, const QString&)>& onToken, BestOfNResult* out, QString* error) {
  *out = BestOfNResult();
  GenerationOptions o = options;
  if (o.greedy) {
    o.greedy = false;
    o.temperature = 0.8;
  }
  bool cancelled = false;
  for (int i = 0; i < n && !cancelled; ++i) {
    o.seed = options.seed + quint64(i);
    GenerationResult result;
    if (!model.generate(prompt, o, [&](int32_t, const QString& text) {
          cancelled = !onToken(i, text);
          return !cancelled;
        }, &result, error))
      return false;
    // A candidate cut short by Stop competes only when it is all there is.
    if (cancelled && out->best >= 0) break;
    QList<ChatMessage> judged = messages;
    judged.append({QStringLiteral("assistant"), result.text.trimmed()});
    double s = 0;
    if (!reward.score(judged, &s, error)) return false;
    out->answers << result.text;
    out->scores << s;
    if (out->best < 0 || s > out->scores[out->best]) {
      out->best = i;
      out->bestResult = result;
    }
  }
  return true;
}

}  // namespace Atelier
