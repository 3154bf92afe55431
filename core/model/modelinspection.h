#pragma once

#include "model/memoryestimate.h"
#include "model/modelconfig.h"
#include "system/systeminfo.h"

#include <QString>
#include <QStringList>

namespace Atelier {

// Everything the Model page and `atelier model info` tell about a model
// folder, without loading its weights into memory (they are only validated).
struct ModelInspection {
  QString folder;
  bool usable = false;
  QString error;            // why the folder is not usable
  ModelConfig config;
  qint64 weightBytes = 0;   // as stored on disk
  QString weightDtype;      // e.g. "BF16"
  QString tokenizerKind;    // empty when there is none
  QString tokenizerNote;    // why there is none
  QString chatTemplate;     // display name of the family, or why it is unknown
  QString chatTemplateVariant;
  // False for base models whose tokenizer_config.json has no chat_template:
  // chatTemplate is then the plain layout Atelier falls back to.
  bool chatTemplateFromModel = false;
  // The verdict for this machine, for LoRA training with default settings.
  QString deviceName;
  QString deviceType;       // "cpu" or "cuda"
  QString deviceNote;       // why the chosen device was not honoured, if it was not
  qint64 deviceMemoryBytes = 0;
  TrainingShape trainingShape;
  MemoryEstimate training;
  FitAdvice advice{FitVerdict::DoesNotFit, QString(), {}};
  qint64 chatBytes = 0;
};

// `deviceSetting` is AppSettings' "auto", "cpu" or "cuda". Reads config.json,
// validates the safetensors headers, loads the tokenizer and the chat
// template. Takes a moment on large folders: not on the GUI thread.
ModelInspection inspectModelFolder(const QString& folder, const SystemInfo& system,
                                   const QString& deviceSetting);

}  // namespace Atelier
