#include "clicommon.h"
#include "commands.h"

#include <algorithm>

#include "log/logger.h"
#include "settings/appsettings.h"
#include "system/torchruntime.h"
#include "version.h"

#include <cstdio>
#include <functional>

namespace Atelier::Cli {
namespace {

struct Verb {
  QStringList words;  // {"project", "init"}
  QString summary;
  std::function<int(const QStringList&)> run;
};

const QList<Verb>& verbs() {
  static const QList<Verb> list = {
      {{QStringLiteral("system")}, QStringLiteral("Show versions, BLAS, threads and GPUs"), runSystem},
      {{QStringLiteral("project"), QStringLiteral("init")},
       QStringLiteral("Create a project folder"), runProjectInit},
      {{QStringLiteral("project"), QStringLiteral("check")},
       QStringLiteral("Check a project without changing it"), runProjectCheck},
      {{QStringLiteral("data"), QStringLiteral("import")}, QStringLiteral("Import a dataset file into a project"), runDataImport},
      {{QStringLiteral("data"), QStringLiteral("export")}, QStringLiteral("Write a dataset as OpenAI-messages JSONL"), runDataExport},
      {{QStringLiteral("data"), QStringLiteral("stats")}, QStringLiteral("Counts for a dataset"), runDataStats},
      {{QStringLiteral("data"), QStringLiteral("clean")}, QStringLiteral("Clean a dataset (nothing is deleted)"), runDataClean},
      {{QStringLiteral("data"), QStringLiteral("split")}, QStringLiteral("Split a dataset into train/val/test"), runDataSplit},
      {{QStringLiteral("model"), QStringLiteral("create")},
       QStringLiteral("Create a small random model folder with a tokenizer"), runModelCreate},
      {{QStringLiteral("model"), QStringLiteral("info")}, QStringLiteral("Describe a model folder"), runModelInfo},
      {{QStringLiteral("tokenize")}, QStringLiteral("Turn text into token ids"), runTokenize},
      {{QStringLiteral("detokenize")}, QStringLiteral("Turn token ids into text"), runDetokenize},
      {{QStringLiteral("logits")}, QStringLiteral("Write a model's logits for token ids"), runLogits},
      {{QStringLiteral("generate")}, QStringLiteral("Generate text with a model"), runGenerate},
      {{QStringLiteral("train"), QStringLiteral("sft")}, QStringLiteral("Fine-tune a model with LoRA (the training worker)"), runTrainSft},
      {{QStringLiteral("train"), QStringLiteral("dpo")}, QStringLiteral("Teach a model the preferred answers of preference pairs (DPO)"), runTrainDpo},
      {{QStringLiteral("train"), QStringLiteral("reward")}, QStringLiteral("Train a reward model on preference pairs"), runTrainReward},
      {{QStringLiteral("export"), QStringLiteral("peft")}, QStringLiteral("Write a checked PEFT adapter folder"), runExportPeft},
      {{QStringLiteral("export"), QStringLiteral("merged")}, QStringLiteral("Fold an adapter into its base model (HF folder)"), runExportMerged},
      {{QStringLiteral("export"), QStringLiteral("gguf")}, QStringLiteral("Write one GGUF file for llama.cpp / LM Studio"), runExportGguf},
      {{QStringLiteral("export"), QStringLiteral("ollama")}, QStringLiteral("Write a GGUF + Modelfile folder for Ollama"), runExportOllama},
      {{QStringLiteral("chat")}, QStringLiteral("Chat with a model in the terminal (streams)"), runChat},
      {{QStringLiteral("eval")}, QStringLiteral("Perplexity, BLEU and ROUGE-L of a model on a dataset split"), runEval},
      {{QStringLiteral("eval"), QStringLiteral("text")}, QStringLiteral("BLEU and ROUGE-L of two line-aligned files"), runEvalText},
      {{QStringLiteral("eval"), QStringLiteral("list")}, QStringLiteral("List the evaluations stored in a project"), runEvalList},
      {{QStringLiteral("eval"), QStringLiteral("export")}, QStringLiteral("Write a stored evaluation's answers (JSONL/CSV)"), runEvalExport},
      {{QStringLiteral("bench"), QStringLiteral("generate")},
       QStringLiteral("Measure generation speed (with and without KV cache)"), runBenchGenerate},
      {{QStringLiteral("bench"), QStringLiteral("data")},
       QStringLiteral("Measure import and cleaning speed on a file"), runBenchData},
      {{QStringLiteral("bench"), QStringLiteral("train")},
       QStringLiteral("Measure LoRA training speed and memory"), runBenchTrain},
      {{QStringLiteral("rank"), QStringLiteral("prompts"), QStringLiteral("add")},
       QStringLiteral("Add typed prompts to a prompt set for ranking"), runRankPromptsAdd},
      {{QStringLiteral("rank"), QStringLiteral("prompts"), QStringLiteral("import")},
       QStringLiteral("Add prompts from a dataset or a file to a prompt set"), runRankPromptsImport},
      {{QStringLiteral("rank"), QStringLiteral("prompts"), QStringLiteral("list")},
       QStringLiteral("List the prompt sets"), runRankPromptsList},
      {{QStringLiteral("rank"), QStringLiteral("candidates")},
       QStringLiteral("Generate K responses per prompt to rank"), runRankCandidates},
      {{QStringLiteral("rank"), QStringLiteral("export")},
       QStringLiteral("Write judgements or DPO pairs (prompt, chosen, rejected)"), runRankExport},
      {{QStringLiteral("rank"), QStringLiteral("import")},
       QStringLiteral("Merge judgements from another copy of the project"), runRankImport},
      {{QStringLiteral("rank"), QStringLiteral("stats")},
       QStringLiteral("Rater counts, agreement, Krippendorff's alpha"), runRankStats},
      {{QStringLiteral("demo")}, QStringLiteral("Run the headless demo of the whole workflow"), runDemo},
  };
  return list;
}

}  // namespace

QString overviewHelp() {
  QString text = QStringLiteral(
      "Usage: atelier [VERB ...] [--json] [--help]\n"
      "\n"
      "Without a verb, Atelier opens its window. With a verb, it runs without one.\n"
      "\n"
      "Verbs:\n");
  // The column fits the longest verb ("rank prompts import") plus two spaces.
  int width = 0;
  for (const Verb& v : verbs()) width = std::max(width, int(v.words.join(QLatin1Char(' ')).size()) + 2);
  for (const Verb& v : verbs())
    text += QStringLiteral("  %1%2\n").arg(v.words.join(QLatin1Char(' ')), -width).arg(v.summary);
  text += QStringLiteral("  %1%2\n").arg(QStringLiteral("gui [DIR]"), -width).arg(
      QStringLiteral("Open the window, optionally on a project"));
  text += QStringLiteral(
      "\nOptions:\n"
      "  --version         Print the version\n"
      "  --help            Show this help; `atelier VERB --help` shows a verb's options\n"
      "\nErrors go to stderr as `error: ...` with a non-zero exit code.\n");
  return text;
}

int run(const QStringList& arguments) {
  const QStringList args = arguments.mid(1);
  if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
    std::fprintf(stdout, "%s", overviewHelp().toLocal8Bit().constData());
    return Ok;
  }
  if (args.first() == QLatin1String("--version")) {
    printLine(QStringLiteral("atelier %1").arg(QStringLiteral(ATELIER_VERSION)));
    return Ok;
  }
  // Hidden verb for the durability test: not in the help, not for users.
  if (args.size() >= 2 && args[0] == QLatin1String("rank") && args[1] == QLatin1String("judge"))
    return runRankJudge(QStringList{arguments.first()} + args.mid(2));
  // Longest match first, so "project init" wins over a bare "project".
  const Verb* best = nullptr;
  for (const Verb& v : verbs()) {
    if (args.size() >= v.words.size() && args.mid(0, v.words.size()) == v.words &&
        (!best || v.words.size() > best->words.size()))
      best = &v;
  }
  if (!best) {
    QStringList known;
    for (const Verb& v : verbs())
      if (v.words.first() == args.first()) known << v.words.join(QLatin1Char(' '));
    if (!known.isEmpty())
      return fail(QStringLiteral("'%1' needs one of: %2")
                      .arg(args.first(), known.join(QStringLiteral(", "))),
                  UsageError);
    return fail(QStringLiteral("unknown verb '%1' (see: atelier --help)").arg(args.first()),
                UsageError);
  }
  // Library messages (warnings from libtorch, sentencepiece) go to stderr on
  // the command line, keeping stdout clean for --json.
  Logger::instance().setStderrLevel(static_cast<int>(LogLevel::Warning));
  // Thread count and warning routing, once for every verb (cheap without a model).
  TorchRuntime::initialize(AppSettings().cpuThreads());
  QStringList rest{arguments.first()};
  rest << args.mid(best->words.size());
  return best->run(rest);
}

}  // namespace Atelier::Cli
