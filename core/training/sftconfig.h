#pragma once
// Settings of one LoRA training run: supervised fine-tuning (also continued
// pretraining), DPO, or a reward model. Plain data (no torch): the GUI builds
// it, the CLI parses it, the trainer runs it, the run folder keeps it.

#include "peft/loraconfig.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Atelier {

// dpo and reward train on preference pairs; sft on examples or plain text.
inline bool isPreferenceRecipe(const QString& recipe) {
  return recipe == QLatin1String("dpo") || recipe == QLatin1String("reward");
}

struct SftConfig {
  QString project;   // project folder
  QString dataset;   // dataset name in the project
  QString model;     // base model folder
  QString runDir;    // output folder: adapter/, checkpoints/, run.json, README.md

  // sft (also plain text), dpo or reward: the last two train on a preference
  // dataset (a prompt with a chosen and a rejected answer).
  QString recipe = QStringLiteral("sft");
  LoraConfig lora;   // rank, alpha, dropout, rsLoRA, target modules

  double learningRate = 2e-4;
  double weightDecay = 0.0;     // AdamW; never applied to norms and biases
  double adamBeta1 = 0.9, adamBeta2 = 0.999, adamEps = 1e-8;
  int epochs = 3;
  int maxSteps = 0;             // > 0 overrides epochs
  int batchSize = 4;            // sequences per micro-batch
  int gradAccum = 1;            // micro-batches per optimizer step
  int seqLen = 512;             // longer examples are cut at this many tokens
  int warmupSteps = 0;
  QString scheduler = QStringLiteral("cosine");  // cosine | linear | constant
  double maxGradNorm = 1.0;     // 0 = no clipping
  quint64 seed = 42;
  int evalEvery = 0;            // optimizer steps; 0 = once per epoch
  int saveEvery = 0;            // optimizer steps; 0 = once per epoch
  int keepCheckpoints = 2;      // the last K, plus the best
  int patience = 0;             // evaluations without improvement before stopping; 0 = never
  bool assistantOnlyLoss = true;  // chat data: learn only the assistant's words
  QString chatFamily;           // force a chat template family; empty = the model's
  QString device = QStringLiteral("auto");  // auto | cpu | cuda
  bool gradientCheckpointing = false;
  // The frozen base's matrix products: auto (bf16 on CUDA and on CPUs with
  // native bf16), f32 or bf16. LoRA and the optimizer always stay f32.
  QString precision = QStringLiteral("auto");
  // DPO: how far the tuned model may move from the reference (the base model,
  // adapter off); larger = stays closer. Label smoothing > 0 assumes that share
  // of the preferences is wrong (conservative DPO).
  double dpoBeta = 0.1;
  double dpoLabelSmoothing = 0.0;

  bool isPreference() const { return isPreferenceRecipe(recipe); }

  // The optimizer steps of the whole run for `examples` training sequences.
  int totalSteps(int examples) const;

  QJsonObject toJson() const;
  static bool fromJson(const QJsonObject& json, SftConfig* out, QString* error);
  // Checks ranges; the message names the setting and what to do.
  bool validate(QString* error) const;

  // The `atelier train sft` arguments that run this config (GUI → worker process).
  QStringList toArguments() const;
};

}  // namespace Atelier
