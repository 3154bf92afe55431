#include "mergedexport.h"

#include "model/io/safetensors.h"
#include "model/io/weightfolder.h"
#include "model/modelloader.h"
#include "peft/lora.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUuid>

namespace Atelier {

QStringList modelCompanionFiles() {
  return {QStringLiteral("tokenizer.json"), QStringLiteral("tokenizer.model"), QStringLiteral("tokenizer_config.json"),
          QStringLiteral("special_tokens_map.json"), QStringLiteral("added_tokens.json"), QStringLiteral("vocab.json"),
          QStringLiteral("merges.txt"), QStringLiteral("generation_config.json")};
}

namespace {

bool parseDtype(const QString& name, torch::ScalarType* type, QString* configName) {
  if (name == QLatin1String("f32")) *type = torch::kFloat32, *configName = QStringLiteral("float32");
  else if (name == QLatin1String("f16")) *type = torch::kFloat16, *configName = QStringLiteral("float16");
  else if (name == QLatin1String("bf16")) *type = torch::kBFloat16, *configName = QStringLiteral("bfloat16");
  else return false;
  return true;
}

DType fileType(torch::ScalarType t) {
  return t == torch::kFloat16 ? DType::F16 : t == torch::kBFloat16 ? DType::BF16 : DType::F32;
}

bool writeConfig(const QString& from, const QString& to, const QString& dtype, QString* error) {
  QFile in(from);
  if (in.size() > 16 * 1024 * 1024 || !in.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("Cannot read %1").arg(from);
    return false;
  }
  QJsonObject config = QJsonDocument::fromJson(in.readAll()).object();
  config[QStringLiteral("torch_dtype")] = dtype;
  QSaveFile out(to);
  if (out.open(QIODevice::WriteOnly) && out.write(QJsonDocument(config).toJson()) >= 0 && out.commit()) return true;
  *error = QStringLiteral("Cannot write %1: %2").arg(to, out.errorString());
  return false;
}

}  // namespace

bool exportMergedModel(const MergedExportOptions& o, MergedExportResult* result, QString* error) {
  torch::ScalarType type;
  QString configDtype;
  if (!parseDtype(o.dtype, &type, &configDtype)) {
    *error = QStringLiteral("unknown dtype \"%1\": use f32, f16 or bf16").arg(o.dtype);
    return false;
  }
  const QFileInfo out(o.out);
  if (out.exists() && (!out.isDir() || !QDir(o.out).isEmpty())) {
    *error = QStringLiteral("%1 already exists and is not an empty folder: choose a new folder").arg(o.out);
    return false;
  }
  // Load and merge first: a wrong adapter is refused before anything is written.
  CausalLM model{nullptr};
  if (!loadCausalLM(o.model, torch::kCPU, torch::kFloat32, &model, error)) return false;
  LoraConfig lora;
  if (!loadAdapter(model, o.adapter, &lora, error)) return false;
  mergeLora(model);
  if (o.progress && !o.progress(0.3)) return (*error = QStringLiteral("export cancelled"), false);

  std::vector<std::pair<std::string, torch::Tensor>> weights;
  for (auto& [name, t] : namedWeights(model, type))
    if (name.find("lora_") == std::string::npos) weights.emplace_back(name, t);
  QList<TensorToWrite> tensors;
  result->parameters = 0;
  result->bytes = 0;
  for (const auto& [name, t] : weights) {
    tensors.append({QString::fromStdString(name), fileType(type), std::vector<int64_t>(t.sizes().begin(), t.sizes().end()),
                    t.data_ptr(), qint64(t.numel() * t.element_size())});
    result->parameters += t.numel();
    result->bytes += qint64(t.numel() * t.element_size());
  }
  const QString parent = out.absolutePath();
  if (!QDir().mkpath(parent)) {
    *error = QStringLiteral("Cannot create %1").arg(parent);
    return false;
  }
  const QString temp = QDir(parent).filePath(QStringLiteral(".%1.export-%2")
                                                 .arg(out.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
  auto cleanUp = [&](bool ok) {
    if (!ok) QDir(temp).removeRecursively();
    return ok;
  };
  if (!QDir().mkpath(temp)) return (*error = QStringLiteral("Cannot create %1").arg(temp), false);
  if (!writeShardedSafetensors(temp, tensors, o.maxShardBytes, {{QStringLiteral("format"), QStringLiteral("pt")}}, error) ||
      !writeConfig(QDir(o.model).filePath(QStringLiteral("config.json")), QDir(temp).filePath(QStringLiteral("config.json")),
                   configDtype, error))
    return cleanUp(false);
  if (o.progress && !o.progress(0.9)) return cleanUp((*error = QStringLiteral("export cancelled"), false));
  for (const QString& name : modelCompanionFiles()) {
    const QString from = QDir(o.model).filePath(name);
    if (QFileInfo::exists(from) && !QFile::copy(from, QDir(temp).filePath(name))) {
      *error = QStringLiteral("Cannot copy %1 (is the disk full?)").arg(from);
      return cleanUp(false);
    }
  }
  result->shards = QDir(temp).entryList({QStringLiteral("*.safetensors")}, QDir::Files).size();
  if (out.exists()) QDir(o.out).removeRecursively();  // empty, checked above
  if (!QDir().rename(temp, o.out)) {
    *error = QStringLiteral("Cannot move the export into %1").arg(o.out);
    return cleanUp(false);
  }
  if (o.progress) o.progress(1.0);
  return true;
}

}  // namespace Atelier
