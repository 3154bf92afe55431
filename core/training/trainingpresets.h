#pragma once
// Presets for the Train page: every setting of a run chosen from how much data
// there is and how much memory the device has, so a person who has never
// trained a model can press Start. Plain data, no torch.
#include "model/memoryestimate.h"
#include "training/sftconfig.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Atelier {

enum class TrainingPreset { QuickTry, Balanced, Thorough };

// What the presets look at.
struct PresetInput {
  qint64 trainExamples = 0;     // rows (pairs, for preference data) in the training split
  qint64 trainTokens = 0;       // tokens in those rows (all roles)
  int typicalLength = 256;      // tokens of a long example (the 95th percentile is a good choice)
  qint64 modelParameters = 0;   // of the base model; tiny models take a higher learning rate
  FitVerdict memory = FitVerdict::Fits;  // the verdict for the Balanced shape on this device
};

// Sets every training setting of `base` (folders, dataset, device and recipe are
// kept). For the preference recipes the examples are pairs.
SftConfig applyPreset(TrainingPreset preset, const PresetInput& input, SftConfig base);

// The recipes the Train page offers (SftConfig::recipe values), their names
// and one-line explanations.
QStringList trainingRecipes();
QString recipeName(const QString& recipe);
QString recipeDescription(const QString& recipe);
// What a run of this kind (RunInfo::kind: sft, pretrain, dpo, reward) is called.
QString runKindName(const QString& kind);

QString presetName(TrainingPreset preset);
QString presetDescription(TrainingPreset preset);

// One plain-language line per setting, for people who have never trained a model.
struct SettingExplanation {
  QString key;          // SftConfig JSON key ("learning_rate", "lora.r", ...)
  QString label;        // what the Train page calls it
  QString explanation;  // one sentence: what it does and when to change it
};
const QList<SettingExplanation>& settingExplanations();
// The line for `key`, empty when there is none.
QString explainSetting(const QString& key);

}  // namespace Atelier
