#include "lora.h"

#include "model/io/safetensors.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

namespace Atelier {
namespace {

const char kPrefix[] = "base_model.model.";
// A reward model's head, where PEFT saves a modules_to_save module.
const QString kScoreName = QStringLiteral("base_model.model.score.weight");

QString peftName(int64_t layer, const std::string& projection, const char* which) {
  return QStringLiteral("%1model.layers.%2.%3.%4.weight")
      .arg(QLatin1String(kPrefix))
      .arg(layer)
      .arg(QString::fromStdString(projection), QLatin1String(which));
}

bool targeted(const LoraConfig& c, const std::string& projection) {
  // "self_attn.q_proj" → "q_proj"
  const QString leaf = QString::fromStdString(projection).section(QLatin1Char('.'), -1);
  return c.targetModules.contains(leaf);
}

template <typename F>
void forEachProjection(CausalLM& model, F f) {
  const int64_t layers = static_cast<int64_t>(model->model->layers->size());
  for (int64_t i = 0; i < layers; ++i)
    for (auto& [name, p] : model->projections(i)) f(i, name, p);
}

}  // namespace

int applyLora(CausalLM& model, const LoraConfig& config) {
  for (auto& p : model->parameters()) p.set_requires_grad(false);
  int count = 0;
  forEachProjection(model, [&](int64_t, const std::string& name, Projection& p) {
    if (!targeted(config, name)) return;
    p->addLora(config.rank, config.scaling(), config.dropout);
    ++count;
  });
  return count;
}

void mergeLora(CausalLM& model) {
  forEachProjection(model, [](int64_t, const std::string&, Projection& p) { p->merge(); });
}

void unmergeLora(CausalLM& model) {
  forEachProjection(model, [](int64_t, const std::string&, Projection& p) { p->unmerge(); });
}

void setLoraEnabled(CausalLM& model, bool enabled) {
  forEachProjection(model, [enabled](int64_t, const std::string&, Projection& p) { p->setLoraEnabled(enabled); });
}

bool saveAdapter(CausalLM& model, const LoraConfig& config, const QString& folder, QString* error) {
  if (!QDir().mkpath(folder)) {
    *error = QStringLiteral("Cannot create the adapter folder %1").arg(folder);
    return false;
  }
  std::vector<torch::Tensor> keep;  // owns the contiguous CPU copies while writing
  QList<TensorToWrite> tensors;
  forEachProjection(model, [&](int64_t layer, const std::string& name, Projection& p) {
    if (!p->hasLora()) return;
    for (const auto& [which, t] : {std::make_pair("lora_A", p->loraA), std::make_pair("lora_B", p->loraB)}) {
      keep.push_back(t.detach().to(torch::kCPU, torch::kFloat32).contiguous());
      const torch::Tensor& c = keep.back();
      tensors.append({peftName(layer, name, which), DType::F32,
                      std::vector<int64_t>(c.sizes().begin(), c.sizes().end()), c.data_ptr(),
                      static_cast<qint64>(c.numel() * sizeof(float))});
    }
  });
  if (tensors.isEmpty()) {
    *error = QStringLiteral("The model has no LoRA adapter to save.");
    return false;
  }
  if (config.isReward()) {
    if (!model->hasScoreHead()) {
      *error = QStringLiteral("The reward model has no score head to save.");
      return false;
    }
    keep.push_back(model->score.detach().to(torch::kCPU, torch::kFloat32).contiguous());
    const torch::Tensor& c = keep.back();
    tensors.append({kScoreName, DType::F32, std::vector<int64_t>(c.sizes().begin(), c.sizes().end()),
                    c.data_ptr(), static_cast<qint64>(c.numel() * sizeof(float))});
  }
  // Weights first, config last: a folder with a config always has its weights.
  if (!writeSafetensors(QDir(folder).filePath(QStringLiteral("adapter_model.safetensors")), tensors,
                        {{QStringLiteral("format"), QStringLiteral("pt")}}, error))
    return false;
  QSaveFile f(QDir(folder).filePath(QStringLiteral("adapter_config.json")));
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(config.toJson()).toJson()) < 0 || !f.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  return true;
}

bool loadAdapter(CausalLM& model, const QString& folder, LoraConfig* config, QString* error,
                 AdapterUse use) {
  if (!LoraConfig::fromFolder(folder, config, error)) return false;
  if (config->isReward() && use == AdapterUse::Generation) {
    *error = QStringLiteral("%1 is a reward model (task_type SEQ_CLS): it scores answers and does not write "
                            "them. Pick the adapter of a fine-tuning or DPO run here.").arg(folder);
    return false;
  }
  const QString weightsPath = QDir(folder).filePath(QStringLiteral("adapter_model.safetensors"));
  if (!QFileInfo::exists(weightsPath)) {
    *error = QFileInfo::exists(QDir(folder).filePath(QStringLiteral("adapter_model.bin")))
                 ? QStringLiteral("%1 has only adapter_model.bin, a Python pickle that Atelier never opens "
                                  "(it can run code). Save the adapter with safe_serialization=True.").arg(folder)
                 : QStringLiteral("%1 has no adapter_model.safetensors").arg(folder);
    return false;
  }
  auto file = SafetensorsFile::open(weightsPath, error);
  if (!file) return false;
  applyLora(model, *config);
  torch::NoGradGuard noGrad;
  QSet<QString> used;
  bool ok = true;
  forEachProjection(model, [&](int64_t layer, const std::string& name, Projection& p) {
    if (!ok || !p->hasLora()) return;
    for (const auto& [which, param] : {std::make_pair("lora_A", p->loraA), std::make_pair("lora_B", p->loraB)}) {
      const QString key = peftName(layer, name, which);
      const TensorInfo* info = file->find(key);
      const std::vector<int64_t> expected(param.sizes().begin(), param.sizes().end());
      if (!info || info->shape != expected ||
          (info->dtype != DType::F32 && info->dtype != DType::F16 && info->dtype != DType::BF16)) {
        *error = QStringLiteral("%1: \"%2\" is %3; it must be a float tensor of shape [%4, %5] for this "
                                "model and r=%6. Is the adapter for another base model?")
                     .arg(weightsPath, key, info ? QStringLiteral("of another shape or type") : QStringLiteral("missing"))
                     .arg(expected[0])
                     .arg(expected[1])
                     .arg(config->rank);
        ok = false;
        return;
      }
      const torch::ScalarType type = info->dtype == DType::F32 ? torch::kFloat32
                                     : info->dtype == DType::F16 ? torch::kFloat16 : torch::kBFloat16;
      param.copy_(torch::from_blob(const_cast<uchar*>(file->data(*info)), info->shape,
                                   torch::TensorOptions().dtype(type)));
      used.insert(key);
    }
  });
  if (!ok) return false;
  if (config->isReward()) {
    const TensorInfo* info = file->find(kScoreName);
    const std::vector<int64_t> expected{1, model->config().hiddenSize};
    if (!info || info->shape != expected || info->dtype != DType::F32) {
      *error = QStringLiteral("%1: the reward head \"%2\" is %3; it must be a float32 tensor of shape [1, %4]")
                   .arg(weightsPath, kScoreName, info ? QStringLiteral("of another shape or type") : QStringLiteral("missing"))
                   .arg(expected[1]);
      return false;
    }
    if (!model->hasScoreHead()) model->addScoreHead();
    model->score.copy_(torch::from_blob(const_cast<uchar*>(file->data(*info)), info->shape, torch::kFloat32));
    used.insert(kScoreName);
  }
  for (const TensorInfo& t : file->tensors()) {
    if (!used.contains(t.name)) {
      *error = QStringLiteral("%1: \"%2\" does not belong to any adapted module of this model (is the "
                              "adapter for another base model, or does it train extra modules?)")
                   .arg(weightsPath, t.name);
      return false;
    }
  }
  return true;
}

}  // namespace Atelier
