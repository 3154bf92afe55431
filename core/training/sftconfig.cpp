#include "sftconfig.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace Atelier {

int SftConfig::totalSteps(int examples) const {
  if (maxSteps > 0) return maxSteps;
  const int microBatches = (std::max(examples, 0) + batchSize - 1) / std::max(batchSize, 1);
  const int perEpoch = std::max(1, (microBatches + gradAccum - 1) / std::max(gradAccum, 1));
  return perEpoch * std::max(epochs, 1);
}

QJsonObject SftConfig::toJson() const {
  QJsonObject o;
  o[QStringLiteral("project")] = project;
  o[QStringLiteral("dataset")] = dataset;
  o[QStringLiteral("model")] = model;
  o[QStringLiteral("run_dir")] = runDir;
  o[QStringLiteral("recipe")] = recipe;
  o[QStringLiteral("lora")] = lora.toJson();
  o[QStringLiteral("learning_rate")] = learningRate;
  o[QStringLiteral("weight_decay")] = weightDecay;
  o[QStringLiteral("adam_beta1")] = adamBeta1;
  o[QStringLiteral("adam_beta2")] = adamBeta2;
  o[QStringLiteral("adam_eps")] = adamEps;
  o[QStringLiteral("epochs")] = epochs;
  o[QStringLiteral("max_steps")] = maxSteps;
  o[QStringLiteral("batch_size")] = batchSize;
  o[QStringLiteral("grad_accum")] = gradAccum;
  o[QStringLiteral("seq_len")] = seqLen;
  o[QStringLiteral("warmup_steps")] = warmupSteps;
  o[QStringLiteral("scheduler")] = scheduler;
  o[QStringLiteral("max_grad_norm")] = maxGradNorm;
  o[QStringLiteral("seed")] = QString::number(seed);  // 64-bit: JSON numbers are doubles
  o[QStringLiteral("eval_every")] = evalEvery;
  o[QStringLiteral("save_every")] = saveEvery;
  o[QStringLiteral("keep_checkpoints")] = keepCheckpoints;
  o[QStringLiteral("patience")] = patience;
  o[QStringLiteral("assistant_only_loss")] = assistantOnlyLoss;
  o[QStringLiteral("chat_family")] = chatFamily;
  o[QStringLiteral("device")] = device;
  o[QStringLiteral("gradient_checkpointing")] = gradientCheckpointing;
  o[QStringLiteral("precision")] = precision;
  if (recipe == QLatin1String("dpo")) {
    o[QStringLiteral("dpo_beta")] = dpoBeta;
    o[QStringLiteral("dpo_label_smoothing")] = dpoLabelSmoothing;
  }
  return o;
}

bool SftConfig::fromJson(const QJsonObject& o, SftConfig* out, QString* error) {
  SftConfig c;
  auto str = [&](const char* key, QString* v) {
    if (o.contains(QLatin1String(key))) *v = o.value(QLatin1String(key)).toString();
  };
  auto num = [&](const char* key, double* v) {
    if (o.contains(QLatin1String(key))) *v = o.value(QLatin1String(key)).toDouble(*v);
  };
  auto integer = [&](const char* key, int* v) {
    if (o.contains(QLatin1String(key))) *v = o.value(QLatin1String(key)).toInt(*v);
  };
  auto flag = [&](const char* key, bool* v) {
    if (o.contains(QLatin1String(key))) *v = o.value(QLatin1String(key)).toBool(*v);
  };
  str("project", &c.project);
  str("dataset", &c.dataset);
  str("model", &c.model);
  str("run_dir", &c.runDir);
  str("recipe", &c.recipe);
  if (o.contains(QStringLiteral("lora"))) {
    const QByteArray lora = QJsonDocument(o.value(QStringLiteral("lora")).toObject()).toJson();
    if (!LoraConfig::fromJson(lora, QStringLiteral("run.json"), &c.lora, error)) return false;
  }
  num("learning_rate", &c.learningRate);
  num("weight_decay", &c.weightDecay);
  num("adam_beta1", &c.adamBeta1);
  num("adam_beta2", &c.adamBeta2);
  num("adam_eps", &c.adamEps);
  integer("epochs", &c.epochs);
  integer("max_steps", &c.maxSteps);
  integer("batch_size", &c.batchSize);
  integer("grad_accum", &c.gradAccum);
  integer("seq_len", &c.seqLen);
  integer("warmup_steps", &c.warmupSteps);
  str("scheduler", &c.scheduler);
  num("max_grad_norm", &c.maxGradNorm);
  if (o.contains(QStringLiteral("seed"))) {
    bool ok = false;
    c.seed = o.value(QStringLiteral("seed")).toString().toULongLong(&ok);
    if (!ok) {
      *error = QStringLiteral("run.json: \"seed\" must be a whole number written as a string");
      return false;
    }
  }
  integer("eval_every", &c.evalEvery);
  integer("save_every", &c.saveEvery);
  integer("keep_checkpoints", &c.keepCheckpoints);
  integer("patience", &c.patience);
  flag("assistant_only_loss", &c.assistantOnlyLoss);
  str("chat_family", &c.chatFamily);
  str("device", &c.device);
  flag("gradient_checkpointing", &c.gradientCheckpointing);
  str("precision", &c.precision);
  num("dpo_beta", &c.dpoBeta);
  num("dpo_label_smoothing", &c.dpoLabelSmoothing);
  *out = c;
  return c.validate(error);
}

bool SftConfig::validate(QString* error) const {
  auto fail = [&](const QString& message) {
    *error = message;
    return false;
  };
  if (recipe != QLatin1String("sft") && !isPreference())
    return fail(QStringLiteral("recipe \"%1\" is unknown: use sft, dpo or reward").arg(recipe));
  if (!(dpoBeta > 0 && dpoBeta <= 10))
    return fail(QStringLiteral("DPO beta %1 is out of range: use a value above 0 and at most 10 (0.1 is usual)").arg(dpoBeta));
  if (dpoLabelSmoothing < 0 || dpoLabelSmoothing >= 0.5)
    return fail(QStringLiteral("DPO label smoothing must be at least 0 and below 0.5"));
  if (!(learningRate > 0 && learningRate < 1))
    return fail(QStringLiteral("learning rate %1 is out of range: use a value between 1e-6 and 1e-2 "
                               "(2e-4 is a good start for LoRA)").arg(learningRate));
  if (weightDecay < 0) return fail(QStringLiteral("weight decay must not be negative"));
  if (epochs < 1 && maxSteps < 1) return fail(QStringLiteral("set at least 1 epoch or --max-steps"));
  if (maxSteps < 0) return fail(QStringLiteral("--max-steps must not be negative"));
  if (batchSize < 1 || batchSize > 4096) return fail(QStringLiteral("batch size must be 1 to 4096"));
  if (gradAccum < 1 || gradAccum > 4096)
    return fail(QStringLiteral("gradient accumulation must be 1 to 4096"));
  if (seqLen < 8 || seqLen > 131072)
    return fail(QStringLiteral("sequence length must be 8 to 131072 tokens"));
  if (warmupSteps < 0) return fail(QStringLiteral("warm-up steps must not be negative"));
  if (scheduler != QLatin1String("cosine") && scheduler != QLatin1String("linear") &&
      scheduler != QLatin1String("constant"))
    return fail(QStringLiteral("scheduler \"%1\" is unknown: use cosine, linear or constant").arg(scheduler));
  if (maxGradNorm < 0) return fail(QStringLiteral("gradient clipping norm must not be negative"));
  if (evalEvery < 0 || saveEvery < 0 || patience < 0 || keepCheckpoints < 1)
    return fail(QStringLiteral("eval/save intervals and patience must not be negative, and at least "
                               "1 checkpoint must be kept"));
  if (lora.rank < 1 || lora.rank > 1024) return fail(QStringLiteral("LoRA rank must be 1 to 1024"));
  if (lora.alpha <= 0) return fail(QStringLiteral("LoRA alpha must be positive"));
  if (lora.dropout < 0 || lora.dropout >= 1) return fail(QStringLiteral("LoRA dropout must be in [0, 1)"));
  if (lora.targetModules.isEmpty()) return fail(QStringLiteral("choose at least one target module"));
  for (const QString& t : lora.targetModules)
    if (!LoraConfig::supportedTargets().contains(t))
      return fail(QStringLiteral("target module \"%1\" is unknown: use %2")
                      .arg(t, LoraConfig::supportedTargets().join(QLatin1Char(','))));
  if (device != QLatin1String("auto") && device != QLatin1String("cpu") && device != QLatin1String("cuda"))
    return fail(QStringLiteral("device \"%1\" is unknown: use auto, cpu or cuda").arg(device));
  if (precision != QLatin1String("auto") && precision != QLatin1String("f32") && precision != QLatin1String("bf16"))
    return fail(QStringLiteral("precision \"%1\" is unknown: use auto, f32 or bf16").arg(precision));
  return true;
}

QStringList SftConfig::toArguments() const {
  const auto n = [](double v) { return QString::number(v, 'g', 10); };
  QStringList a = {QStringLiteral("train"), recipe,
                   QStringLiteral("--project"), project, QStringLiteral("--dataset"), dataset,
                   QStringLiteral("--model"), model, QStringLiteral("--out"), runDir,
                   QStringLiteral("--lora-r"), QString::number(lora.rank),
                   QStringLiteral("--lora-alpha"), n(lora.alpha),
                   QStringLiteral("--lora-dropout"), n(lora.dropout),
                   QStringLiteral("--target-modules"), lora.targetModules.join(QLatin1Char(',')),
                   QStringLiteral("--lr"), n(learningRate),
                   QStringLiteral("--weight-decay"), n(weightDecay),
                   QStringLiteral("--batch-size"), QString::number(batchSize),
                   QStringLiteral("--grad-accum"), QString::number(gradAccum),
                   QStringLiteral("--seq-len"), QString::number(seqLen),
                   QStringLiteral("--warmup-steps"), QString::number(warmupSteps),
                   QStringLiteral("--scheduler"), scheduler,
                   QStringLiteral("--max-grad-norm"), n(maxGradNorm),
                   QStringLiteral("--seed"), QString::number(seed),
                   QStringLiteral("--eval-every"), QString::number(evalEvery),
                   QStringLiteral("--save-every"), QString::number(saveEvery),
                   QStringLiteral("--keep-checkpoints"), QString::number(keepCheckpoints),
                   QStringLiteral("--patience"), QString::number(patience),
                   QStringLiteral("--device"), device,
                   QStringLiteral("--precision"), precision};
  if (maxSteps > 0)
    a << QStringLiteral("--max-steps") << QString::number(maxSteps);
  else
    a << QStringLiteral("--epochs") << QString::number(epochs);
  if (lora.rslora) a << QStringLiteral("--rslora");
  if (!assistantOnlyLoss) a << QStringLiteral("--loss-on-all-tokens");
  if (!chatFamily.isEmpty()) a << QStringLiteral("--chat-family") << chatFamily;
  if (gradientCheckpointing) a << QStringLiteral("--gradient-checkpointing");
  if (recipe == QLatin1String("dpo"))
    a << QStringLiteral("--beta") << n(dpoBeta) << QStringLiteral("--label-smoothing") << n(dpoLabelSmoothing);
  return a;
}

}  // namespace Atelier
