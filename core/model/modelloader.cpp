#include "modelloader.h"

#include "log/logger.h"
#include "model/io/weightfolder.h"

namespace Atelier {
namespace {

bool scalarTypeOf(DType d, torch::ScalarType* out) {
  switch (d) {
    case DType::F32: *out = torch::kFloat32; return true;
    case DType::F16: *out = torch::kFloat16; return true;
    case DType::BF16: *out = torch::kBFloat16; return true;
    case DType::F64: *out = torch::kFloat64; return true;
    default: return false;
  }
}

QString shapeText(const std::vector<int64_t>& shape) {
  QStringList parts;
  for (int64_t d : shape) parts << QString::number(d);
  return QStringLiteral("[%1]").arg(parts.join(QStringLiteral(", ")));
}

}  // namespace

bool loadCausalLM(const QString& folder, const torch::Device& device, torch::ScalarType dtype,
                  CausalLM* out, QString* error, const LoadProgress& progress) {
  ModelConfig config;
  if (!ModelConfig::load(folder, &config, error)) return false;
  auto weights = WeightFolder::open(folder, error);
  if (!weights) return false;

  torch::NoGradGuard noGrad;
  CausalLM model(config);
  const auto params = model->named_parameters(/*recurse=*/true);
  int done = 0;
  for (const auto& item : params) {
    const QString name = QString::fromStdString(item.key());
    const TensorInfo* info = weights->find(name);
    if (!info) {
      *error = QStringLiteral("%1: the weights lack \"%2\", which a %3 model with this config.json "
                              "needs. The download may be incomplete, or config.json may belong "
                              "to another model.")
                   .arg(folder, name, config.modelType);
      return false;
    }
    torch::Tensor param = item.value();
    const std::vector<int64_t> expected(param.sizes().begin(), param.sizes().end());
    if (info->shape != expected) {
      *error = QStringLiteral("%1: \"%2\" has shape %3 but config.json implies %4.")
                   .arg(folder, name, shapeText(info->shape), shapeText(expected));
      return false;
    }
    torch::ScalarType stored;
    if (!scalarTypeOf(info->dtype, &stored)) {
      *error = QStringLiteral("%1: \"%2\" is stored as %3; model weights must be F32, F16 or BF16.")
                   .arg(folder, name, dtypeName(info->dtype));
      return false;
    }
    // from_blob wraps the mapped bytes without copying; copy_ converts dtype.
    const torch::Tensor source = torch::from_blob(const_cast<uchar*>(weights->data(name)),
                                                  info->shape, torch::TensorOptions().dtype(stored));
    param.copy_(source);
    ++done;
    if (progress && !progress(0.9 * done / double(params.size()))) {
      *error = QStringLiteral("Loading %1 was cancelled.").arg(folder);
      return false;
    }
  }
  if (config.tieWordEmbeddings && weights->find(QStringLiteral("lm_head.weight")))
    // Some tied checkpoints still store a copy; the tie decides, as in transformers.
    logDebug(QStringLiteral("model"),
             QStringLiteral("%1: ignoring the stored lm_head.weight of a tied model").arg(folder));
  model->to(device, dtype);
  model->eval();
  if (progress) progress(1.0);
  *out = model;
  return true;
}

std::vector<std::pair<std::string, torch::Tensor>> namedWeights(CausalLM& model,
                                                                torch::ScalarType dtype) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (const auto& item : model->named_parameters(true))
    out.emplace_back(item.key(), item.value().detach().to(torch::kCPU, dtype).contiguous());
  return out;
}

}  // namespace Atelier
