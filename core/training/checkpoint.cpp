#include "checkpoint.h"

#include "model/io/safetensors.h"
#include "peft/lora.h"

#include <ATen/CPUGeneratorImpl.h>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <map>
#include <mutex>

namespace Atelier {

namespace {

const QString kStateFile = QStringLiteral("trainer_state.json");
const QString kOptimizerFile = QStringLiteral("optimizer.safetensors");
const std::string kRngName = "rng.cpu";

QDir checkpointsDir(const QString& runDir) { return QDir(QDir(runDir).filePath(QStringLiteral("checkpoints"))); }

torch::Tensor cpuRngState() {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  return gen.get_state();
}

void setCpuRngState(const torch::Tensor& state) {
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
}

}  // namespace

QJsonObject TrainerState::toJson() const {
  return {{QStringLiteral("step"), double(step)},
          {QStringLiteral("epoch"), epoch},
          {QStringLiteral("window"), window},
          {QStringLiteral("best_val_loss"), bestValLoss},
          {QStringLiteral("best_step"), double(bestStep)},
          {QStringLiteral("evals_since_best"), evalsSinceBest},
          {QStringLiteral("elapsed_s"), elapsedSeconds},
          {QStringLiteral("tokens_seen"), double(tokensSeen)}};
}

TrainerState TrainerState::fromJson(const QJsonObject& o) {
  TrainerState s;
  s.step = int64_t(o.value(QStringLiteral("step")).toDouble());
  s.epoch = o.value(QStringLiteral("epoch")).toInt();
  s.window = o.value(QStringLiteral("window")).toInt();
  s.bestValLoss = o.value(QStringLiteral("best_val_loss")).toDouble(-1);
  s.bestStep = int64_t(o.value(QStringLiteral("best_step")).toDouble(-1));
  s.evalsSinceBest = o.value(QStringLiteral("evals_since_best")).toInt();
  s.elapsedSeconds = o.value(QStringLiteral("elapsed_s")).toDouble();
  s.tokensSeen = qint64(o.value(QStringLiteral("tokens_seen")).toDouble());
  return s;
}

QString checkpointName(int64_t step) {
  return QStringLiteral("step-%1").arg(qint64(step), 6, 10, QLatin1Char('0'));
}

bool replaceFolder(const QString& source, const QString& target, QString* error) {
  const QString old = target + QStringLiteral(".old");
  QDir(old).removeRecursively();
  if (QFileInfo::exists(target) && !QDir().rename(target, old)) {
    *error = QStringLiteral("Cannot move %1 aside to replace it").arg(target);
    return false;
  }
  if (!QDir().rename(source, target)) {
    QDir().rename(old, target);
    *error = QStringLiteral("Cannot rename %1 to %2").arg(source, target);
    return false;
  }
  QDir(old).removeRecursively();
  return true;
}

bool saveCheckpoint(const QString& runDir, CausalLM& model, const LoraConfig& lora, const AdamW& optimizer,
                    const TrainerState& state, QString* path, QString* error) {
  const QDir dir = checkpointsDir(runDir);
  const QString name = checkpointName(state.step);
  const QString temp = dir.filePath(QStringLiteral(".") + name + QStringLiteral(".tmp"));
  QDir(temp).removeRecursively();
  if (!QDir().mkpath(temp)) {
    *error = QStringLiteral("Cannot create %1 (is the disk full or the folder read-only?)").arg(temp);
    return false;
  }
  if (!saveAdapter(model, lora, QDir(temp).filePath(QStringLiteral("adapter")), error)) return false;

  std::vector<std::pair<std::string, torch::Tensor>> tensors = optimizer.stateTensors();
  tensors.emplace_back(kRngName, cpuRngState().contiguous());
  QList<TensorToWrite> toWrite;
  for (const auto& [key, t] : tensors) {
    const bool bytes = t.scalar_type() == torch::kUInt8;
    toWrite.append({QString::fromStdString(key), bytes ? DType::U8 : DType::F32,
                    std::vector<int64_t>(t.sizes().begin(), t.sizes().end()), t.data_ptr(),
                    qint64(t.numel() * t.element_size())});
  }
  if (!writeSafetensors(QDir(temp).filePath(kOptimizerFile), toWrite,
                        {{QStringLiteral("adamw_step"), QString::number(optimizer.stepCount())}}, error))
    return false;
  QSaveFile f(QDir(temp).filePath(kStateFile));
  if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(state.toJson()).toJson()) < 0 || !f.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(f.fileName(), f.errorString());
    return false;
  }
  *path = dir.filePath(name);
  return replaceFolder(temp, *path, error);
}

QString latestCheckpoint(const QString& runDir) {
  const QDir dir = checkpointsDir(runDir);
  QStringList names = dir.entryList({QStringLiteral("step-*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
  for (auto it = names.crbegin(); it != names.crend(); ++it)
    if (QFileInfo::exists(dir.filePath(*it + QLatin1Char('/') + kStateFile))) return dir.filePath(*it);
  return QString();
}

bool readTrainerState(const QString& checkpoint, TrainerState* state, QString* error) {
  QFile f(QDir(checkpoint).filePath(kStateFile));
  if (f.size() > 1024 * 1024 || !f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("Cannot read %1").arg(f.fileName());
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isObject() ||
      !doc.object().value(QStringLiteral("step")).isDouble()) {
    *error = QStringLiteral("%1 is damaged (%2): remove this checkpoint folder to resume from an "
                            "older one").arg(f.fileName(), pe.errorString());
    return false;
  }
  *state = TrainerState::fromJson(doc.object());
  return true;
}

bool loadCheckpointAdapter(const QString& checkpoint, CausalLM& model, LoraConfig* lora, QString* error) {
  return loadAdapter(model, QDir(checkpoint).filePath(QStringLiteral("adapter")), lora, error, AdapterUse::Any);
}

bool loadCheckpointOptimizer(const QString& checkpoint, AdamW& optimizer, const TrainerState& state,
                             QString* error) {
  auto file = SafetensorsFile::open(QDir(checkpoint).filePath(kOptimizerFile), error);
  if (!file) return false;
  std::map<std::string, torch::Tensor> tensors;
  torch::Tensor rng;
  for (const TensorInfo& t : file->tensors()) {
    const bool bytes = t.dtype == DType::U8;
    if (!bytes && t.dtype != DType::F32) {
      *error = QStringLiteral("%1: \"%2\" has an unexpected type").arg(file->path(), t.name);
      return false;
    }
    torch::Tensor copy = torch::from_blob(const_cast<uchar*>(file->data(t)), t.shape,
                                          bytes ? torch::kUInt8 : torch::kFloat32).clone();
    if (t.name.toStdString() == kRngName)
      rng = copy;
    else
      tensors[t.name.toStdString()] = copy;
  }
  if (!optimizer.loadState(tensors, state.step, error)) {
    *error = file->path() + QStringLiteral(": ") + *error;
    return false;
  }
  if (rng.defined()) setCpuRngState(rng);
  return true;
}

void pruneCheckpoints(const QString& runDir, int keep, int64_t bestStep) {
  const QDir dir = checkpointsDir(runDir);
  const QStringList names = dir.entryList({QStringLiteral("step-*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
  const QString best = bestStep >= 0 ? checkpointName(bestStep) : QString();
  for (int i = 0; i + keep < names.size(); ++i)
    if (names[i] != best) QDir(dir.filePath(names[i])).removeRecursively();
  // Leftovers of a write that was killed.
  for (const QString& t : dir.entryList({QStringLiteral(".step-*")}, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
    QDir(dir.filePath(t)).removeRecursively();
}

}  // namespace Atelier
