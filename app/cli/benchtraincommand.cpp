// `atelier bench train`: LoRA training throughput on random tokens.
#include "clicommon.h"
#include "commands.h"

#include "system/torchruntime.h"
#include "training/benchtrain.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>

namespace Atelier::Cli {

namespace {

struct BaselineResult {
  double tokensPerSecond = 0;
  qint64 peakMemoryBytes = 0;
};

// Runs the eager-PyTorch baseline (tools/bench/train_eager.py) with the same
// sizes and thread count, so the ratio comes from one run on one machine state.
bool runEagerBaseline(const QString& script, const BenchTrainOptions& o, bool autocastBf16, BaselineResult* out,
                      QString* error) {
  QStringList args = {script,
                      QStringLiteral("--threads"), QString::number(TorchRuntime::threads()),
                      QStringLiteral("--hidden"), QString::number(o.hidden),
                      QStringLiteral("--layers"), QString::number(o.layers),
                      QStringLiteral("--heads"), QString::number(o.heads),
                      QStringLiteral("--kv-heads"), QString::number(o.kvHeads),
                      QStringLiteral("--ffn"), QString::number(o.ffn),
                      QStringLiteral("--vocab"), QString::number(o.vocab),
                      QStringLiteral("--seq-len"), QString::number(o.seqLen),
                      QStringLiteral("--batch-size"), QString::number(o.batchSize),
                      QStringLiteral("--steps"), QString::number(o.steps),
                      QStringLiteral("--warmup-steps"), QString::number(o.warmupSteps),
                      QStringLiteral("--lora-r"), QString::number(o.loraRank)};
  if (autocastBf16) args << QStringLiteral("--autocast-bf16");
  QProcess p;
  // Debian's python3-torch lives with the system interpreter, not a pyenv one.
  const QString python = QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                                            : QStringLiteral("python3");
  p.start(python, args);
  if (!p.waitForFinished(30 * 60 * 1000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
    *error = QStringLiteral("the baseline %1 failed (is python3-torch installed? apt install python3-torch): %2")
                 .arg(script, QString::fromUtf8(p.readAllStandardError()).trimmed().right(400));
    return false;
  }
  const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
  const QJsonObject json = QJsonDocument::fromJson(lines.last()).object();
  out->tokensPerSecond = json.value(QStringLiteral("tokens_per_s")).toDouble();
  out->peakMemoryBytes = json.value(QStringLiteral("peak_memory_bytes")).toVariant().toLongLong();
  if (out->tokensPerSecond <= 0) {
    *error = QStringLiteral("the baseline %1 printed no tokens_per_s").arg(script);
    return false;
  }
  return true;
}

}  // namespace

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
  const QCommandLineOption precision(QStringLiteral("precision"),
                                     QStringLiteral("Base model precision: auto (bf16 where the hardware has it), f32 or bf16."),
                                     QStringLiteral("P"), QStringLiteral("auto"));
  const QCommandLineOption baseline(QStringLiteral("baseline"),
                                    QStringLiteral("Also run this eager-PyTorch script (tools/bench/train_eager.py) with the "
                                                   "same sizes and report the ratios; with a bf16 base it runs once more "
                                                   "under torch.autocast(bfloat16)."),
                                    QStringLiteral("SCRIPT"));
  v.parser.addOptions({model, device, checkpointing, precision, baseline});
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
  o.precision = v.parser.value(precision);
  const QString baselineScript = v.parser.value(baseline);
  const bool withBaseline = !baselineScript.isEmpty();
  if (withBaseline) {
    // Checked before the (long) measurement: the script builds a random model
    // of the given sizes and runs on the CPU.
    if (!QFile::exists(baselineScript))
      return fail(QStringLiteral("%1: no such baseline script").arg(baselineScript), UsageError);
    if (!o.modelFolder.isEmpty())
      return fail(QStringLiteral("--baseline compares random models of the given sizes; leave out --model"), UsageError);
    if (o.device == QLatin1String("cuda") ||
        (o.device == QLatin1String("auto") && TorchRuntime::cudaAvailable()))
      return fail(QStringLiteral("--baseline compares CPU runs; add --device cpu"), UsageError);
  }
  BenchTrainResult r;
  QString error;
  if (!benchTrain(o, &r, &error)) return fail(error);
  BaselineResult eager, eagerBf16;
  if (withBaseline && !runEagerBaseline(baselineScript, o, false, &eager, &error)) return fail(error);
  const bool withBf16Baseline = withBaseline && r.precision == QLatin1String("bf16");
  if (withBf16Baseline && !runEagerBaseline(baselineScript, o, true, &eagerBf16, &error)) return fail(error);
  if (v.wantsJson()) {
    QJsonObject json{{QStringLiteral("device"), r.device},
               {QStringLiteral("precision"), r.precision},
               {QStringLiteral("threads"), TorchRuntime::threads()},
               {QStringLiteral("parameters"), r.parameters},
               {QStringLiteral("trainable_parameters"), r.trainableParameters},
               {QStringLiteral("tokens_per_s"), r.tokensPerSecond},
               {QStringLiteral("peak_memory_bytes"), r.peakMemoryBytes},
               {QStringLiteral("peak_gpu_memory_bytes"), r.peakGpuMemoryBytes},
               {QStringLiteral("first_loss"), r.firstLoss},
               {QStringLiteral("last_loss"), r.lastLoss}};
    if (withBaseline) {
      json.insert(QStringLiteral("baseline_tokens_per_s"), eager.tokensPerSecond);
      json.insert(QStringLiteral("baseline_peak_memory_bytes"), eager.peakMemoryBytes);
      json.insert(QStringLiteral("ratio_to_baseline"), r.tokensPerSecond / eager.tokensPerSecond);
      json.insert(QStringLiteral("memory_ratio_to_baseline"),
                  eager.peakMemoryBytes > 0 ? double(r.peakMemoryBytes) / eager.peakMemoryBytes : 0.0);
    }
    if (withBf16Baseline) {
      json.insert(QStringLiteral("baseline_autocast_bf16_tokens_per_s"), eagerBf16.tokensPerSecond);
      json.insert(QStringLiteral("ratio_to_autocast_bf16_baseline"), r.tokensPerSecond / eagerBf16.tokensPerSecond);
    }
    printJson(json);
  } else {
    printLine(QStringLiteral("%1 parameters (%2 trainable) on %3 in %5, %4 threads")
                  .arg(r.parameters).arg(r.trainableParameters).arg(r.device).arg(TorchRuntime::threads())
                  .arg(r.precision));
    printLine(QStringLiteral("%1 tokens/s, peak memory %2, loss %3 → %4")
                  .arg(r.tokensPerSecond, 0, 'f', 0)
                  .arg(humanBytes(r.peakMemoryBytes))
                  .arg(r.firstLoss, 0, 'f', 3)
                  .arg(r.lastLoss, 0, 'f', 3));
    if (withBaseline)
      printLine(QStringLiteral("eager PyTorch (f32): %1 tokens/s, peak memory %2 → Atelier is %3× as fast, %4× the memory")
                    .arg(eager.tokensPerSecond, 0, 'f', 0)
                    .arg(humanBytes(eager.peakMemoryBytes))
                    .arg(r.tokensPerSecond / eager.tokensPerSecond, 0, 'f', 2)
                    .arg(double(r.peakMemoryBytes) / std::max<qint64>(1, eager.peakMemoryBytes), 0, 'f', 2));
    if (withBf16Baseline)
      printLine(QStringLiteral("eager PyTorch under autocast(bf16): %1 tokens/s → Atelier is %2× as fast")
                    .arg(eagerBf16.tokensPerSecond, 0, 'f', 0)
                    .arg(r.tokensPerSecond / eagerBf16.tokensPerSecond, 0, 'f', 2));
  }
  return Ok;
}

}  // namespace Atelier::Cli
