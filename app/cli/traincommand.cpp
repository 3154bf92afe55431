// `atelier train sft|dpo|reward`: the training worker. The GUI runs these same
// verbs as a child process and follows their JSON-lines events (--events -).
#include "clicommon.h"
#include "commands.h"

#include "inference/chatprompt.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "storage/runrepository.h"
#include "tokenizer/tokenizerloader.h"
#include "training/modelcard.h"
#include "training/preferencetrainer.h"
#include "training/runrecorder.h"
#include "training/sfttrainer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace Atelier::Cli {
namespace {

std::atomic<bool> gStopRequested{false};

extern "C" void requestStop(int) { gStopRequested.store(true); }

struct Options {
  QCommandLineOption project{QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR")};
  QCommandLineOption dataset{QStringLiteral("dataset"), QStringLiteral("Dataset name in the project."), QStringLiteral("NAME")};
  QCommandLineOption model{QStringLiteral("model"), QStringLiteral("Base model folder."), QStringLiteral("DIR")};
  QCommandLineOption out{QStringLiteral("out"), QStringLiteral("Run folder (default: <project>/runs/sft-<time>)."), QStringLiteral("RUNDIR")};
  QCommandLineOption resume{QStringLiteral("resume"), QStringLiteral("Continue the run in --out from its newest checkpoint; settings default to its run.json.")};
  QCommandLineOption events{QStringLiteral("events"), QStringLiteral("Write JSON-lines events to FILE (\"-\" = stdout)."), QStringLiteral("FILE")};
  QCommandLineOption rslora{QStringLiteral("rslora"), QStringLiteral("Scale LoRA by alpha/sqrt(r) (rank-stabilised).")};
  QCommandLineOption allTokens{QStringLiteral("loss-on-all-tokens"), QStringLiteral("Learn the prompts too, not only the answers.")};
  QCommandLineOption checkpointing{QStringLiteral("gradient-checkpointing"), QStringLiteral("Recompute activations to save memory.")};
  QList<QPair<QCommandLineOption, QString>> values;  // option, SftConfig JSON key

  explicit Options(const QString& recipe) {
    auto add = [&](const char* name, const char* key, const char* help, const char* value) {
      values.append({QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value)),
                     QString::fromLatin1(key)});
    };
    add("lora-r", "lora.r", "LoRA rank (default 8).", "N");
    add("lora-alpha", "lora.lora_alpha", "LoRA alpha (default 16).", "N");
    add("lora-dropout", "lora.lora_dropout", "LoRA dropout (default 0.05).", "F");
    add("target-modules", "lora.target_modules", "Comma-separated projections (default all seven).", "LIST");
    add("lr", "learning_rate", "Peak learning rate (default 2e-4).", "F");
    add("weight-decay", "weight_decay", "AdamW weight decay on matrices (default 0).", "F");
    add("epochs", "epochs", "Passes over the training split (default 3).", "N");
    add("max-steps", "max_steps", "Stop after N optimizer steps (overrides --epochs).", "N");
    add("batch-size", "batch_size", "Sequences per micro-batch; short ones go more to a batch, up to batch-size x seq-len tokens (default 4).", "N");
    add("grad-accum", "grad_accum", "Micro-batches per optimizer step (default 1).", "N");
    add("seq-len", "seq_len", "Longest sequence in tokens; longer examples are cut (default 512).", "N");
    add("warmup-steps", "warmup_steps", "Steps of linear warm-up (default 0).", "N");
    add("scheduler", "scheduler", "cosine, linear or constant (default cosine).", "NAME");
    add("max-grad-norm", "max_grad_norm", "Gradient clipping norm, 0 = off (default 1).", "F");
    add("seed", "seed", "Random seed (default 42).", "N");
    add("eval-every", "eval_every", "Evaluate every N steps (default: each epoch).", "N");
    add("save-every", "save_every", "Checkpoint every N steps (default: each epoch).", "N");
    add("keep-checkpoints", "keep_checkpoints", "Checkpoints to keep besides the best (default 2).", "N");
    add("patience", "patience", "Stop after N evaluations without improvement (default 0 = never).", "N");
    add("chat-family", "chat_family", "Force a chat template family (Llama3, ChatML, ...).", "NAME");
    add("device", "device", "auto, cpu or cuda (default auto).", "DEVICE");
    add("precision", "precision", "Base model products: auto (bf16 where the hardware has it), f32 or bf16.", "P");
    if (recipe == QLatin1String("dpo")) {
      add("beta", "dpo_beta", "How closely the model stays to the base (default 0.1; larger = closer).", "F");
      add("label-smoothing", "dpo_label_smoothing", "Share of preferences assumed wrong, 0 to 0.5 (default 0).", "F");
    }
  }
};

// Applies the options given on the command line over `base` (defaults, or a resumed run's run.json).
bool applyOptions(const VerbParser& v, const Options& o, SftConfig* config, QString* error) {
  QJsonObject json = config->toJson();
  QJsonObject lora = json.value(QStringLiteral("lora")).toObject();
  for (const auto& [option, key] : o.values) {
    if (!v.parser.isSet(option)) continue;
    const QString text = v.parser.value(option);
    const QString name = QStringLiteral("--") + option.names().first();
    QJsonValue value;
    if (key == QLatin1String("lora.target_modules")) {
      value = QJsonArray::fromStringList(text.split(QLatin1Char(','), Qt::SkipEmptyParts));
    } else if (key == QLatin1String("scheduler") || key == QLatin1String("chat_family") ||
               key == QLatin1String("device") || key == QLatin1String("precision") ||
               key == QLatin1String("seed")) {
      if (key == QLatin1String("seed")) {
        bool ok = false;
        text.toULongLong(&ok);
        if (!ok) return (*error = name + QStringLiteral(" must be a whole number"), false);
      }
      value = text;
    } else {
      bool ok = false;
      const double number = text.toDouble(&ok);
      if (!ok) return (*error = QStringLiteral("%1 must be a number, not \"%2\"").arg(name, text), false);
      value = number;
    }
    if (key.startsWith(QLatin1String("lora.")))
      lora[key.mid(5)] = value;
    else
      json[key] = value;
  }
  if (v.parser.isSet(o.rslora)) lora[QStringLiteral("use_rslora")] = true;
  // optionNames(): what was given; `train dpo|reward` do not define this option.
  if (v.parser.optionNames().contains(o.allTokens.names().first()))
    json[QStringLiteral("assistant_only_loss")] = false;
  if (v.parser.isSet(o.checkpointing)) json[QStringLiteral("gradient_checkpointing")] = true;
  // --epochs given alone replaces a resumed run's --max-steps (which would override it).
  const auto isSet = [&](const char* name) { return v.parser.isSet(QString::fromLatin1(name)); };
  if (isSet("epochs") && !isSet("max-steps")) json[QStringLiteral("max_steps")] = 0;
  json[QStringLiteral("lora")] = lora;
  for (const auto& [option, key] : {std::make_pair(&o.dataset, "dataset"), std::make_pair(&o.model, "model")})
    if (v.parser.isSet(*option)) json[QLatin1String(key)] = v.parser.value(*option);
  return SftConfig::fromJson(json, config, error);
}

bool readRunJson(const QString& runDir, SftConfig* config, QString* error) {
  QFile f(QDir(runDir).filePath(QStringLiteral("run.json")));
  if (!f.exists()) return true;
  if (f.size() > 1024 * 1024 || !f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("Cannot read %1").arg(f.fileName());
    return false;
  }
  const QJsonDocument doc = QJsonDocument::fromJson(f.readAll());
  if (!doc.isObject()) {
    *error = QStringLiteral("%1 is damaged: start a new run").arg(f.fileName());
    return false;
  }
  return SftConfig::fromJson(doc.object(), config, error);
}

}  // namespace

// What a recipe trains on, tokenized, and how to describe it.
struct TrainingData {
  SftData sft;                // sft
  PreferenceData preference;  // dpo, reward
  ExampleStats stats;         // of the training split
  bool hasSplits = false;
  QString kind;               // run kind: sft, pretrain, dpo, reward
  int padId = 0;
};

bool loadTrainingData(Project& project, const SftConfig& config, TrainingData* data, QString* error) {
  auto tokenizer = loadModelTokenizer(config.model, error);
  if (!tokenizer) return false;
  data->padId = tokenizer->padId() >= 0 ? tokenizer->padId() : std::max(tokenizer->eosId(), 0);
  DatasetInfo dataset;
  if (!DatasetRepository(project.database()).find(config.dataset, &dataset)) {
    *error = QStringLiteral("the project has no dataset \"%1\"").arg(config.dataset);
    return false;
  }
  ChatTemplate chatTemplate;
  if (!modelChatTemplate(config.model, tokenizer.get(), config.chatFamily, &chatTemplate, error) &&
      (dataset.kind != QLatin1String("text") || config.isPreference())) {
    *error += QStringLiteral(" (or pass --chat-family)");
    return false;
  }
  if (config.isPreference()) {
    if (!loadPreferenceData(project.database(), config.dataset, chatTemplate, tokenizer.get(), config.seqLen,
                            &data->preference, error))
      return false;
    data->stats = data->preference.trainStats;
    data->hasSplits = data->preference.hasSplits;
    data->kind = config.recipe;
    return true;
  }
  ExampleOptions exampleOptions;
  exampleOptions.seqLen = config.seqLen;
  exampleOptions.assistantOnlyLoss = config.assistantOnlyLoss;
  if (!loadSftData(project.database(), config.dataset, chatTemplate, tokenizer.get(), exampleOptions, &data->sft, error))
    return false;
  data->stats = data->sft.trainStats;
  data->hasSplits = data->sft.hasSplits;
  data->kind = dataset.kind == QLatin1String("text") ? QStringLiteral("pretrain") : QStringLiteral("sft");
  return true;
}

int runTrain(const QString& recipe, const QStringList& args) {
  const bool preference = isPreferenceRecipe(recipe);
  VerbParser v(QStringLiteral("train ") + recipe,
               recipe == QLatin1String("dpo")
                   ? QStringLiteral("Teach a model to prefer the chosen answers of a preference dataset (DPO with "
                                    "LoRA; the reference is the base model). Ctrl+C or SIGTERM saves a checkpoint "
                                    "and stops; --resume continues exactly.")
               : recipe == QLatin1String("reward")
                   ? QStringLiteral("Train a reward model (LoRA plus a scalar head, Bradley-Terry loss) that scores "
                                    "answers the way the preference dataset does. Ctrl+C or SIGTERM saves a "
                                    "checkpoint and stops; --resume continues exactly.")
                   : QStringLiteral("Fine-tune a base model with LoRA on a dataset of the project (supervised "
                                    "fine-tuning; plain-text datasets train on all tokens). Ctrl+C or SIGTERM "
                                    "saves a checkpoint and stops; --resume continues exactly."));
  // Stop (SIGTERM from the GUI, Ctrl+C) may come while the tokenizer, data or
  // model are still loading: catch it from the very start so the run still ends
  // as "stopped" after its first checkpoint instead of dying half-registered.
  // The GUI may also close the events pipe; writing to it must not kill us.
  gStopRequested.store(false);
  std::signal(SIGTERM, requestStop);
  std::signal(SIGINT, requestStop);
  std::signal(SIGPIPE, SIG_IGN);
  Options o(recipe);
  v.parser.addOptions({o.project, o.dataset, o.model, o.out, o.resume, o.events, o.rslora, o.checkpointing});
  if (!preference) v.parser.addOption(o.allTokens);
  for (const auto& [option, key] : o.values) v.parser.addOption(option);
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(o.project)) return fail(QStringLiteral("--project DIR is required"), UsageError);
  QString error;
  auto project = Project::open(v.parser.value(o.project), &error);
  if (!project) return fail(error);

  SftConfig config;
  const bool resume = v.parser.isSet(o.resume);
  QString runDir = v.parser.value(o.out);
  if (runDir.isEmpty()) {
    if (resume) return fail(QStringLiteral("--resume needs --out RUNDIR, the run to continue"), UsageError);
    runDir = QDir(project->folder()).filePath(
        QStringLiteral("runs/%1-").arg(recipe) + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
  }
  runDir = QFileInfo(runDir).absoluteFilePath();
  config.recipe = recipe;
  if (resume && !readRunJson(runDir, &config, &error)) return fail(error);
  if (config.recipe != recipe)
    return fail(QStringLiteral("%1 is a %2 run: resume it with `atelier train %2 --resume`").arg(runDir, config.recipe),
                UsageError);
  if (!applyOptions(v, o, &config, &error)) return fail(error, UsageError);
  config.project = project->folder();
  config.runDir = runDir;
  if (config.dataset.isEmpty() || config.model.isEmpty())
    return fail(QStringLiteral("--dataset NAME and --model DIR are required"), UsageError);
  config.model = QFileInfo(config.model).absoluteFilePath();

  TrainingData data;
  if (!loadTrainingData(*project, config, &data, &error)) return fail(error);

  RunInfo run;
  run.name = QFileInfo(runDir).fileName();
  run.kind = data.kind;
  run.dataset = config.dataset;
  run.model = config.model;
  run.runDir = runDir;
  run.config = config.toJson();
  run.pid = qint64(getpid());
  RunRepository runs(project->database());
  RunInfo existing;
  const bool exists = runs.find(run.name, &existing);
  if (!resume && exists)
    return fail(QStringLiteral("the project already has a run named \"%1\": choose another --out, or add "
                               "--resume to continue it").arg(run.name), UsageError);
  if (exists && existing.status == QLatin1String("running") && existing.pid > 0 && ::kill(pid_t(existing.pid), 0) == 0)
    return fail(QStringLiteral("run \"%1\" is already running (process %2): stop it first")
                    .arg(run.name).arg(existing.pid));
  if (exists && existing.status == QLatin1String("finished"))
    return fail(QStringLiteral("run \"%1\" has finished; its adapter is in %2/adapter. Start a new run to "
                               "train further.").arg(run.name, runDir));
  const qint64 runId = runs.startRun(run, &error);
  if (runId == 0) return fail(error);

  RunRecorder recorder(project->database(), runId);
  if (!recorder.openStream(v.parser.value(o.events), &error)) return fail(error);
  const bool streamToStdout = v.parser.value(o.events) == QLatin1String("-");
  const EventSink sink = [&](const QJsonObject& e) {
    recorder.record(e);
    if (streamToStdout || v.wantsJson()) return;
    const QString kind = e.value(QStringLiteral("event")).toString();
    if (kind == QLatin1String("step"))
      printLine(QStringLiteral("step %1  loss %2  lr %3  %4 tokens/s")
                    .arg(e.value(QStringLiteral("step")).toInt())
                    .arg(e.value(QStringLiteral("loss")).toDouble(), 0, 'f', 4)
                    .arg(e.value(QStringLiteral("lr")).toDouble(), 0, 'g', 3)
                    .arg(e.value(QStringLiteral("tokens_per_s")).toDouble(), 0, 'f', 0));
    else if (kind == QLatin1String("eval"))
      printLine(QStringLiteral("eval at step %1: validation loss %2")
                    .arg(e.value(QStringLiteral("step")).toInt())
                    .arg(e.value(QStringLiteral("val_loss")).toDouble(), 0, 'f', 4));
    else if (kind == QLatin1String("message"))
      printLine(e.value(QStringLiteral("text")).toString());
  };
  const QString unit = preference ? QStringLiteral("pairs") : QStringLiteral("examples");
  if (data.stats.truncated > 0)
    sink({{QStringLiteral("event"), QStringLiteral("message")}, {QStringLiteral("level"), QStringLiteral("warning")},
          {QStringLiteral("text"), QStringLiteral("%1 training %3 are longer than %2 tokens and were cut; "
                                                  "raise the sequence length to keep them whole.")
                                       .arg(data.stats.truncated).arg(config.seqLen).arg(unit)}});
  if (data.stats.dropped > 0)
    sink({{QStringLiteral("event"), QStringLiteral("message")}, {QStringLiteral("level"), QStringLiteral("warning")},
          {QStringLiteral("text"), QStringLiteral("%1 training %3 had nothing to learn and were left out "
                                                  "(first: %2).").arg(data.stats.dropped).arg(data.stats.firstDropReason, unit)}});
  if (!data.hasSplits)
    sink({{QStringLiteral("event"), QStringLiteral("message")}, {QStringLiteral("level"), QStringLiteral("info")},
          {QStringLiteral("text"), QStringLiteral("The dataset is not split, so there is no validation loss: split it "
                                                  "in the Data step to see how well the model generalises.")}});

  SftRunControl control;
  control.resume = resume;
  control.stop = &gStopRequested;
  control.beforeCheckpoint = [&] { recorder.flush(); };
  control.padId = data.padId;
  QJsonObject summary;
  const RunOutcome outcome = preference ? trainPreference(config, data.preference, control, sink, &summary, &error)
                                        : trainSft(config, data.sft, control, sink, &summary, &error);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  if (outcome == RunOutcome::Failed) {
    sink({{QStringLiteral("event"), QStringLiteral("error")}, {QStringLiteral("message"), error}});
    recorder.flush();
    runs.setStatus(runId, QStringLiteral("failed"), {{QStringLiteral("error"), error}}, nullptr);
    return fail(error);
  }
  recorder.flush();
  if (outcome == RunOutcome::Stopped) {
    runs.setStatus(runId, QStringLiteral("stopped"), {}, nullptr);
    if (!streamToStdout && !v.wantsJson())
      printLine(QStringLiteral("Stopped after a checkpoint; continue with --resume --out %1").arg(runDir));
    return Ok;
  }
  const bool carded = preference ? writePreferenceModelCard(config, data.preference, summary, &error)
                                 : writeSftModelCard(config, data.sft, summary, &error);
  if (!carded) return fail(error);
  runs.setStatus(runId, QStringLiteral("finished"), summary, nullptr);
  if (v.wantsJson() && !streamToStdout)
    printJson(summary);
  else if (!streamToStdout)
    printLine(QStringLiteral("Done: the adapter is in %1").arg(summary.value(QStringLiteral("adapter")).toString()));
  return Ok;
}

int runTrainSft(const QStringList& args) { return runTrain(QStringLiteral("sft"), args); }
int runTrainDpo(const QStringList& args) { return runTrain(QStringLiteral("dpo"), args); }
int runTrainReward(const QStringList& args) { return runTrain(QStringLiteral("reward"), args); }

}  // namespace Atelier::Cli
