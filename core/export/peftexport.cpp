#include "peftexport.h"

#include "inference/languagemodel.h"
#include "peft/loraconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

namespace Atelier {

bool exportPeftAdapter(const QString& model, const QString& adapter, const QString& out, const QString& baseName,
                       QString* error) {
  const QFileInfo target(out);
  if (target.exists() && (!target.isDir() || !QDir(out).isEmpty())) {
    *error = QStringLiteral("%1 already exists and is not an empty folder: choose a new folder").arg(out);
    return false;
  }
  // Applying it checks names, shapes and the config against the base model.
  LanguageModelOptions options;
  options.device = QStringLiteral("cpu");
  options.adapter = adapter;
  if (!LanguageModel::load(model, options, error)) return false;
  LoraConfig config;
  if (!LoraConfig::fromFolder(adapter, &config, error)) return false;
  if (!baseName.isEmpty()) config.baseModel = baseName;
  const QString temp = QDir(target.absolutePath())
                           .filePath(QStringLiteral(".%1.export-%2")
                                         .arg(target.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
  auto fail = [&](const QString& message) {
    QDir(temp).removeRecursively();
    *error = message;
    return false;
  };
  if (!QDir().mkpath(temp)) return fail(QStringLiteral("Cannot create %1").arg(temp));
  if (!QFile::copy(QDir(adapter).filePath(QStringLiteral("adapter_model.safetensors")),
                   QDir(temp).filePath(QStringLiteral("adapter_model.safetensors"))))
    return fail(QStringLiteral("Cannot copy the adapter weights into %1 (is the disk full?)").arg(temp));
  QSaveFile c(QDir(temp).filePath(QStringLiteral("adapter_config.json")));
  if (!c.open(QIODevice::WriteOnly) || c.write(QJsonDocument(config.toJson()).toJson()) < 0 || !c.commit())
    return fail(QStringLiteral("Cannot write %1").arg(c.fileName()));
  for (const QString& extra : {QStringLiteral("README.md")}) {
    const QString card = QDir(adapter).filePath(QStringLiteral("../") + extra);
    if (QFileInfo::exists(card)) QFile::copy(card, QDir(temp).filePath(extra));  // the run's model card
  }
  if (target.exists()) QDir(out).removeRecursively();
  if (!QDir().rename(temp, out)) return fail(QStringLiteral("Cannot move the export into %1").arg(out));
  return true;
}

}  // namespace Atelier
