// `atelier bench train`: LoRA training throughput on random tokens.
#include "clicommon.h"
#include "commands.h"

#include "system/torchruntime.h"
#include "training/benchtrain.h"

namespace Atelier::Cli {

int runBenchTrain(const QStringList& args) {
  VerbParser v(QStringLiteral("bench train"),
               QStringLiteral("Measure LoRA training speed (all seven projections, random tokens) on "
                              "a model folder or a random model of the given sizes."));
  struct IntOption {
    QCommandLineOption option;
    int* target;
  };
  BenchTrainOptions o;
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Model folder (default: a random model)."), QStringLiteral("DIR"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  auto intOption = [](const char* name, const char* help, int* target) {
    return IntOption{QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("N"),
                                        QString::number(*target)),
                     target};
  };
  const QList<IntOption> ints = {
      intOption("hidden", "Hidden size of the random model.", &o.hidden),
      intOption("layers", "Layers of the random model.", &o.layers),
      intOption("heads", "Attention heads.", &o.heads),
      intOption("kv-heads", "Key/value heads.", &o.kvHeads),
      intOption("ffn", "MLP size.", &o.ffn),
      intOption("vocab", "Vocabulary size.", &o.vocab),
      intOption("seq-len", "Tokens per sequence.", &o.seqLen),
      intOption("batch-size", "Sequences per step.", &o.batchSize),
      intOption("steps", "Timed steps.", &o.steps),
      intOption("warmup-steps", "Untimed steps first.", &o.warmupSteps),
      intOption("lora-r", "LoRA rank.", &o.loraRank),
  };
  const QCommandLineOption checkpointing(QStringLiteral("gradient-checkpointing"), QStringLiteral("Recompute each layer in the backward pass (less memory)."));
  v.parser.addOptions({model, device, checkpointing});
  for (const IntOption& i : ints) v.parser.addOption(i.option);
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  for (const IntOption& i : ints) {
    bool ok = false;
    *i.target = v.parser.value(i.option).toInt(&ok);
    if (!ok || *i.target < (i.target == &o.warmupSteps ? 0 : 1))
      return fail(QStringLiteral("--%1 must be a positive whole number").arg(i.option.names().first()), UsageError);
  }
  o.modelFolder = v.parser.value(model);
  o.device = v.parser.value(device);
  o.gradientCheckpointing = v.parser.isSet(checkpointing);
  BenchTrainResult r;
  QString error;
  if (!benchTrain(o, &r, &error)) return fail(error);
  if (v.wantsJson()) {
    printJson({{QStringLiteral("device"), r.device},
               {QStringLiteral("threads"), TorchRuntime::threads()},
               {QStringLiteral("parameters"), r.parameters},
               {QStringLiteral("trainable_parameters"), r.trainableParameters},
               {QStringLiteral("tokens_per_s"), r.tokensPerSecond},
               {QStringLiteral("peak_memory_bytes"), r.peakMemoryBytes},
               {QStringLiteral("first_loss"), r.firstLoss},
               {QStringLiteral("last_loss"), r.lastLoss}});
  } else {
    printLine(QStringLiteral("%1 parameters (%2 trainable) on %3, %4 threads")
                  .arg(r.parameters).arg(r.trainableParameters).arg(r.device).arg(TorchRuntime::threads()));
    printLine(QStringLiteral("%1 tokens/s, peak memory %2, loss %3 → %4")
                  .arg(r.tokensPerSecond, 0, 'f', 0)
                  .arg(humanBytes(r.peakMemoryBytes))
                  .arg(r.firstLoss, 0, 'f', 3)
                  .arg(r.lastLoss, 0, 'f', 3));
  }
  return Ok;
}

}  // namespace Atelier::Cli
