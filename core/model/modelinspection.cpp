#include "modelinspection.h"

#include "inference/chatprompt.h"
#include "model/io/weightfolder.h"
#include "settings/appsettings.h"
#include "tokenizer/tokenizerloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Atelier {
namespace {

// Whether the model brings its own chat template; without one Atelier falls
// back to a plain layout, which the user should know before training.
bool hasOwnChatTemplate(const QString& folder) {
  QFile f(QDir(folder).filePath(QStringLiteral("tokenizer_config.json")));
  if (f.size() > 32 * 1024 * 1024 || !f.open(QIODevice::ReadOnly)) return false;
  const QJsonValue t = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("chat_template"));
  return t.isString() ? !t.toString().trimmed().isEmpty() : t.isArray() && !t.toArray().isEmpty();
}

}  // namespace

ModelInspection inspectModelFolder(const QString& folder, const SystemInfo& system,
                                   const QString& deviceSetting) {
  ModelInspection m;
  m.folder = QFileInfo(folder).absoluteFilePath();
  if (!QFileInfo(folder).isDir()) {
    m.error = QStringLiteral("%1 is not a folder.").arg(folder);
    return m;
  }
  QString pickleMessage;
  if (isPickleOnlyFolder(folder, &pickleMessage)) {
    m.error = pickleMessage;
    return m;
  }
  if (!ModelConfig::load(folder, &m.config, &m.error)) return m;
  auto weights = WeightFolder::open(folder, &m.error);
  if (!weights) return m;
  m.weightBytes = weights->totalBytes();
  if (const TensorInfo* t = weights->find(QStringLiteral("model.embed_tokens.weight")))
    m.weightDtype = dtypeName(t->dtype);

  QString tokenizerError;
  auto tokenizer = loadModelTokenizer(folder, &tokenizerError);
  if (tokenizer) m.tokenizerKind = tokenizer->kind();
  else m.tokenizerNote = tokenizerError;
  ChatTemplate chatTemplate;
  QString templateError;
  if (modelChatTemplate(folder, tokenizer.get(), QString(), &chatTemplate, &templateError)) {
    m.chatTemplate = familyDisplayName(chatTemplate.family);
    m.chatTemplateVariant = chatTemplate.variant;
    m.chatTemplateFromModel = hasOwnChatTemplate(folder);
  } else {
    m.chatTemplate = templateError;
  }

  const ResolvedDevice resolved = resolveComputeDevice(deviceSetting, system.torchCuda);
  const bool cuda = resolved.device == QLatin1String("cuda") && system.devices.size() > 1;
  const ComputeDevice& device = cuda ? system.devices.at(1) : system.devices.first();
  m.deviceName = device.name;
  m.deviceType = device.type;
  m.deviceNote = resolved.note;
  m.deviceMemoryBytes = device.memoryBytes;
  // bf16 on the GPU; f32 on the CPU (bf16 matrix products are slow there).
  m.trainingShape.weightBytesPerParameter = m.trainingShape.activationBytesPerValue = cuda ? 2 : 4;
  m.training = estimateLoraTraining(m.config, m.trainingShape, cuda);
  m.advice = judgeFit(m.training, m.trainingShape, device.memoryBytes, device.name);
  m.chatBytes = estimateInferenceBytes(m.config, m.trainingShape.weightBytesPerParameter,
                                       qMin(m.config.maxPositionEmbeddings, 4096));
  m.usable = true;
  return m;
}

}  // namespace Atelier
