#include "training/trainingpresets.h"

#include <QCoreApplication>

#include <algorithm>

namespace Atelier {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("TrainingPresets", text); }

// Passes over the data a Balanced run makes: small datasets need many passes to
// be learned at all, large ones are learned in one or two.
int balancedEpochs(const PresetInput& in) {
  const qint64 n = in.trainExamples;
  if (in.trainTokens > 20'000'000) return 1;
  if (n < 100) return 20;
  if (n < 1000) return 5;
  if (n < 10000) return 3;
  return 2;
}

// Preference pairs teach a preference, not new knowledge: a few passes are
// enough, and more make DPO drift far from the base model.
int preferenceEpochs(const PresetInput& in) {
  const qint64 n = in.trainExamples;
  if (in.trainTokens > 20'000'000) return 1;
  if (n < 100) return 8;
  if (n < 1000) return 3;
  if (n < 10000) return 2;
  return 1;
}

}  // namespace

SftConfig applyPreset(TrainingPreset preset, const PresetInput& in, SftConfig c) {
  const qint64 examples = std::max<qint64>(in.trainExamples, 1);
  const bool tight = in.memory != FitVerdict::Fits;
  const bool noFit = in.memory == FitVerdict::DoesNotFit;
  // A preference example is a pair: both answers (and for DPO the reference
  // model's view of both) go through the model, so half as many fit at once.
  const bool pairs = c.isPreference();

  // Sequence length: the power of two that holds a long example whole.
  int seqLen = 128;
  while (seqLen < in.typicalLength && seqLen < 2048) seqLen *= 2;
  if (tight) seqLen = std::min(seqLen, 1024);
  if (noFit) seqLen = std::min(seqLen, 512);
  c.seqLen = seqLen;
  // Recomputing activations trades ~30 % speed for much less memory: only when needed.
  c.gradientCheckpointing = tight;

  // Effective batch (sequences per optimizer step), at least four steps per pass.
  const int wantedBatch = preset == TrainingPreset::QuickTry ? 8 : 16;
  const int effective = int(std::clamp<qint64>(examples / 4, 1, wantedBatch));
  int micro = seqLen <= 256 ? 8 : seqLen <= 512 ? 4 : 2;
  if (tight) micro = std::max(1, micro / 2);
  if (pairs) micro = std::max(1, micro / 2);
  if (noFit) micro = 1;
  micro = std::min(micro, effective);
  c.batchSize = micro;
  c.gradAccum = std::max(1, effective / micro);

  // LoRA: more rank = more capacity to learn, more to store.
  int rank = preset == TrainingPreset::QuickTry ? 8 : preset == TrainingPreset::Balanced ? 16 : 32;
  if (noFit) rank = std::min(rank, 8);
  c.lora.rank = rank;
  c.lora.alpha = 2.0 * rank;
  c.lora.dropout = (preset == TrainingPreset::QuickTry || examples >= 5000) ? 0.0 : 0.05;
  c.lora.rslora = false;

  // Learning rate: the usual LoRA values; tiny models (like the sample's) need
  // a much larger step to move at all.
  double lr = preset == TrainingPreset::QuickTry ? 3e-4 : preset == TrainingPreset::Balanced ? 2e-4 : 1e-4;
  // Preference recipes take smaller steps: DPO only nudges the model (the usual
  // LoRA DPO rates are around 5e-5), a reward model's new score head a bit more.
  if (c.recipe == QLatin1String("dpo")) lr /= 4;
  else if (c.recipe == QLatin1String("reward")) lr /= 2;
  if (in.modelParameters > 0 && in.modelParameters < 20'000'000) lr *= 15;
  c.learningRate = lr;
  if (c.recipe == QLatin1String("dpo")) c.dpoBeta = 0.1;
  // bf16 where the hardware has it, except for tiny models: they lose too much
  // (on an H100 the sample model memorised its answers far worse in bf16), and
  // at their size speed does not matter.
  c.precision = in.modelParameters > 0 && in.modelParameters < 20'000'000 ? QStringLiteral("f32")
                                                                        : QStringLiteral("auto");
  c.weightDecay = 0.0;
  c.scheduler = QStringLiteral("cosine");
  c.maxGradNorm = 1.0;

  // Length of the run.
  const int epochs = pairs ? preferenceEpochs(in) : balancedEpochs(in);
  c.maxSteps = 0;
  if (preset == TrainingPreset::QuickTry) {
    c.epochs = std::max(1, epochs / 2);
    c.maxSteps = std::min(c.totalSteps(int(examples)), 100);  // a try: minutes, not hours
  } else {
    c.epochs = preset == TrainingPreset::Balanced ? epochs : epochs * 2;
  }
  const int total = c.totalSteps(int(examples));
  c.warmupSteps = total / 20;
  c.evalEvery = std::max(1, total / 10);
  c.saveEvery = std::max(1, total / 5);
  c.keepCheckpoints = 2;
  // Stop when the validation loss stops improving; the best adapter is kept.
  c.patience = preset == TrainingPreset::QuickTry ? 0 : preset == TrainingPreset::Balanced ? 3 : 5;
  return c;
}

QStringList trainingRecipes() { return {QStringLiteral("sft"), QStringLiteral("dpo"), QStringLiteral("reward")}; }

QString recipeName(const QString& recipe) {
  if (recipe == QLatin1String("dpo")) return tr("Prefer the chosen answers (DPO)");
  if (recipe == QLatin1String("reward")) return tr("Reward model (scores answers)");
  return tr("Fine-tune on examples");
}

QString recipeDescription(const QString& recipe) {
  if (recipe == QLatin1String("dpo"))
    return tr("Learns from pairs of a better and a worse answer to write more like the better one. Needs a "
              "preference dataset.");
  if (recipe == QLatin1String("reward"))
    return tr("Trains a judge that gives an answer a score: higher for answers like the chosen ones. It does "
              "not chat. Needs a preference dataset.");
  return tr("Teaches the model to answer like the examples (questions with their answers).");
}

QString runKindName(const QString& kind) {
  if (kind == QLatin1String("dpo")) return tr("DPO");
  if (kind == QLatin1String("reward")) return tr("Reward model");
  if (kind == QLatin1String("pretrain")) return tr("Continued pretraining");
  return tr("Fine-tune");
}

QString presetName(TrainingPreset preset) {
  switch (preset) {
    case TrainingPreset::QuickTry: return tr("Quick try");
    case TrainingPreset::Balanced: return tr("Balanced");
    case TrainingPreset::Thorough: return tr("Thorough");
  }
  return {};
}

QString presetDescription(TrainingPreset preset) {
  switch (preset) {
    case TrainingPreset::QuickTry:
      return tr("A short run to check that everything works and the loss falls. At most 100 steps.");
    case TrainingPreset::Balanced:
      return tr("Good results for most datasets; stops by itself when the model stops improving.");
    case TrainingPreset::Thorough:
      return tr("Twice as many passes with a larger adapter and a gentler learning rate. Slower, "
                "sometimes a little better.");
  }
  return {};
}

const QList<SettingExplanation>& settingExplanations() {
  static const QList<SettingExplanation> table = {
      {QStringLiteral("learning_rate"), tr("Learning rate"),
       tr("How big a correction each step makes. Too high: the loss jumps or rises; too low: it barely moves.")},
      {QStringLiteral("epochs"), tr("Passes over the data"),
       tr("How many times the model reads every training example. More passes learn more, and can memorise.")},
      {QStringLiteral("max_steps"), tr("Maximum steps"),
       tr("Stop after this many steps whatever the passes say (0 = no limit).")},
      {QStringLiteral("batch_size"), tr("Examples at once"),
       tr("Examples processed together (short ones share a batch in greater numbers). Larger is faster but needs more memory.")},
      {QStringLiteral("grad_accum"), tr("Batches per step"),
       tr("Adds up several batches before one correction: a large batch's effect without its memory.")},
      {QStringLiteral("seq_len"), tr("Longest example (tokens)"),
       tr("Longer examples are cut here. Longer needs more memory; too short loses the ends of answers.")},
      {QStringLiteral("warmup_steps"), tr("Warm-up steps"),
       tr("The first steps start gently and speed up, which keeps the start of training stable.")},
      {QStringLiteral("scheduler"), tr("Learning-rate schedule"),
       tr("How the learning rate shrinks towards the end: cosine (smooth), linear, or constant.")},
      {QStringLiteral("max_grad_norm"), tr("Gradient clipping"),
       tr("Caps how large one correction can be, so a strange example cannot derail training (0 = off).")},
      {QStringLiteral("weight_decay"), tr("Weight decay"),
       tr("Gently pulls the adapter towards zero to avoid over-fitting. 0 is usual for LoRA.")},
      {QStringLiteral("seed"), tr("Random seed"),
       tr("The same seed with the same settings gives exactly the same run.")},
      {QStringLiteral("eval_every"), tr("Check every (steps)"),
       tr("How often the model is tested on the validation examples it never trains on (0 = once per pass).")},
      {QStringLiteral("save_every"), tr("Save every (steps)"),
       tr("How often a checkpoint is written, so a crash or Stop loses little (0 = once per pass).")},
      {QStringLiteral("keep_checkpoints"), tr("Checkpoints kept"),
       tr("How many recent checkpoints stay on disk besides the best one.")},
      {QStringLiteral("patience"), tr("Patience"),
       tr("Stop when the validation loss has not improved this many checks in a row (0 = never stop early).")},
      {QStringLiteral("lora.r"), tr("Adapter size (rank)"),
       tr("How much the adapter can learn. 8–16 suits most tasks; larger learns more and trains slower.")},
      {QStringLiteral("lora.lora_alpha"), tr("Adapter strength (alpha)"),
       tr("How strongly the adapter changes the model; usually twice the rank.")},
      {QStringLiteral("lora.lora_dropout"), tr("Adapter dropout"),
       tr("Randomly ignores part of the adapter while training, which helps small datasets generalise.")},
      {QStringLiteral("lora.use_rslora"), tr("Rank-stabilised scaling"),
       tr("Scales the adapter by alpha/√rank instead of alpha/rank; helps with large ranks.")},
      {QStringLiteral("lora.target_modules"), tr("Adapted layers"),
       tr("Which parts of each layer get an adapter. All seven learns most; q_proj,v_proj is the smallest.")},
      {QStringLiteral("assistant_only_loss"), tr("Learn only the answers"),
       tr("The model learns to write the assistant's replies, not to repeat the questions.")},
      {QStringLiteral("gradient_checkpointing"), tr("Save memory (slower)"),
       tr("Recomputes intermediate results instead of keeping them: much less memory, about a third slower.")},
      {QStringLiteral("device"), tr("Device"),
       tr("Where training runs: auto picks the graphics card when there is one.")},
      {QStringLiteral("precision"), tr("Number precision"),
       tr("bf16 trains faster and needs less memory where the hardware has it; auto uses it there.")},
      {QStringLiteral("recipe"), tr("What to train"),
       tr("Fine-tune on examples, prefer the chosen answers of pairs (DPO), or train a reward model.")},
      {QStringLiteral("dpo_beta"), tr("Beta (DPO)"),
       tr("How closely the model stays to the base model: larger stays closer, smaller follows the preferences "
          "more boldly. 0.1 is usual.")},
      {QStringLiteral("chat_family"), tr("Chat format"),
       tr("The conversation format the model expects; empty uses the model's own.")},
  };
  return table;
}

QString explainSetting(const QString& key) {
  for (const auto& e : settingExplanations())
    if (e.key == key) return e.explanation;
  return {};
}

}  // namespace Atelier
