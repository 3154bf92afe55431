// `atelier demo`: the headless tour of what Atelier can do so far, on the
// bundled sample project. It grows as capabilities land.
#include "clicommon.h"
#include "commands.h"
#include "demotraining.h"

#include "export/ollamaexport.h"
#include "inference/languagemodel.h"
#include "project/project.h"
#include "storage/datasetrepository.h"
#include "project/sampleproject.h"
#include "system/systeminfo.h"
#include "tokenizer/sentencepiecetokenizer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>

namespace Atelier::Cli {

namespace {

// The tuned sample model as an Ollama folder (GGUF + Modelfile) in the
// project's exports/, named after the run, and the commands that use it.
bool demoExport(const Project& project, const QJsonObject& fineTune, const std::function<void(const QString&)>& say,
                QJsonObject* report, QString* error) {
  const QString run = QFileInfo(fineTune.value(QStringLiteral("run")).toString()).fileName();
  OllamaExportOptions o;
  o.gguf.model = sampleModelPath(project);
  o.gguf.adapter = fineTune.value(QStringLiteral("adapter")).toString();
  o.gguf.type = QStringLiteral("q8_0");
  o.gguf.name = QStringLiteral("atelier-sample-") + run;
  o.folder = QDir(project.folder()).filePath(QStringLiteral("exports/") + run + QStringLiteral("-ollama"));
  o.modelName = QStringLiteral("atelier-sample");
  OllamaExportResult r;
  if (!exportOllama(o, &r, error)) return false;
  say(QStringLiteral("GGUF (Q8_0, %1, %2 tensors, read back and checked) in %3 s:")
          .arg(humanBytes(r.gguf.bytes)).arg(r.gguf.tensors).arg(r.gguf.seconds, 0, 'f', 1));
  say(QStringLiteral("  %1").arg(r.gguf.path));
  for (const QString& w : r.gguf.warnings) say(QStringLiteral("  Note: %1").arg(w));
  say(QStringLiteral("  llama.cpp:  llama-cli -m \"%1\" -cnv").arg(r.gguf.path));
  say(QStringLiteral("  Ollama:     %1 && %2").arg(r.createCommand, r.runCommand));
  say(QStringLiteral("  LM Studio:  copy the .gguf into ~/.lmstudio/models/atelier/atelier-sample/ (or run: lms import \"%1\")")
          .arg(r.gguf.path));
  *report = {{QStringLiteral("gguf"), r.gguf.path},       {QStringLiteral("bytes"), double(r.gguf.bytes)},
             {QStringLiteral("sha256"), r.gguf.sha256},   {QStringLiteral("seconds"), r.gguf.seconds},
             {QStringLiteral("ollama_folder"), r.folder}, {QStringLiteral("modelfile"), r.modelfile},
             {QStringLiteral("ollama_create"), r.createCommand}, {QStringLiteral("chat_template"), r.chatFamily},
             {QStringLiteral("warnings"), QJsonArray::fromStringList(r.gguf.warnings)}};
  return true;
}

}  // namespace

int runDemo(const QStringList& args) {
  VerbParser v(QStringLiteral("demo"),
               QStringLiteral("Run the headless demo on the bundled sample project: system check, "
                              "project and base model creation, a tokenizer round trip, "
                              "generation, and LoRA fine-tuning that teaches the model the sample answers."));
  QCommandLineOption dirOption(QStringLiteral("dir"),
                               QStringLiteral("Project folder (created if missing, reused if it "
                                              "already holds the sample). Default: ./atelier-demo"),
                               QStringLiteral("DIR"), QStringLiteral("atelier-demo"));
  v.parser.addOption(dirOption);
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  const bool json = v.wantsJson();
  auto say = [json](const QString& text) {
    if (!json) printLine(text);
  };
  QElapsedTimer timer;
  timer.start();

  say(QStringLiteral("== 1/6 This machine"));
  const SystemInfo info = collectSystemInfo();
  say(QStringLiteral("libtorch %1 on %2 threads, BLAS: %3, GPU: %4")
          .arg(info.torchVersion)
          .arg(info.cpuThreads)
          .arg(info.blas.name, info.torchCuda ? QStringLiteral("yes") : QStringLiteral("none")));

  say(QStringLiteral("== 2/6 The sample project"));
  const QString folder = v.parser.value(dirOption);
  QString error;
  std::unique_ptr<Project> project;
  if (Project::isProjectFolder(folder)) {
    project = Project::open(folder, &error);
    if (project && !QFileInfo::exists(sampleTokenizerPath(*project)))
      return fail(QStringLiteral("%1 holds a project that is not the sample; choose another --dir")
                      .arg(folder));
    say(QStringLiteral("Reusing %1").arg(QDir(folder).absolutePath()));
  } else {
    say(QStringLiteral("Creating %1 with a small base model and its tokenizer...").arg(QDir(folder).absolutePath()));
    project = createSampleProject(folder, &error);
  }
  if (!project) return fail(error);

  for (const DatasetInfo& d : DatasetRepository(project->database()).list())
    say(QStringLiteral("Dataset \"%1\": %2 %3 conversations imported from %4")
            .arg(d.name).arg(d.conversations).arg(d.kind, QFileInfo(d.sourceFile).fileName()));

  say(QStringLiteral("== 3/6 Tokenizer round trip"));
  auto tokenizer = SentencePieceTokenizer::load(sampleTokenizerPath(*project), &error);
  if (!tokenizer) return fail(error);
  const QString text = QStringLiteral("How long does a bicycle service take? Ünïcödé and 🚲 too.");
  std::vector<int32_t> ids;
  QString decoded;
  if (!tokenizer->encode(text, &ids) || !tokenizer->decode(ids, &decoded))
    return fail(tokenizer->errorString());
  QStringList pieces;
  QJsonArray idArray;
  for (int32_t id : ids) {
    pieces << tokenizer->idToPiece(id);
    idArray.append(id);
  }
  const bool roundTrip = decoded == text;
  say(QStringLiteral("%1 pieces in the vocabulary; \"%2\" ->").arg(tokenizer->vocabSize()).arg(text));
  say(QStringLiteral("  %1").arg(pieces.join(QLatin1Char(' '))));
  say(QStringLiteral("  decodes back %1").arg(roundTrip ? QStringLiteral("exactly") : QStringLiteral("DIFFERENTLY: ") + decoded));

  say(QStringLiteral("== 4/6 The base model writes (it is untrained, so expect word salad)"));
  LanguageModelOptions modelOptions;
  modelOptions.device = QStringLiteral("auto");
  auto lm = LanguageModel::load(sampleModelPath(*project), modelOptions, &error);
  if (!lm) return fail(error);
  std::vector<int32_t> prompt;
  const QString question = QStringLiteral("How long does a bicycle service take?");
  if (!tokenizer->encode(question, &prompt)) return fail(tokenizer->errorString());
  prompt.insert(prompt.begin(), tokenizer->bosId());
  GenerationOptions generation;
  generation.maxNewTokens = 24;
  GenerationResult generated;
  if (!lm->generate(prompt, generation, {}, &generated, &error)) return fail(error);
  say(QStringLiteral("%1 parameters on %2; \"%3\" ->").arg(lm->config().parameterCount()).arg(lm->device(), question));
  say(QStringLiteral("  %1").arg(generated.text.simplified()));
  say(QStringLiteral("  %1 tokens at %2 tokens/s").arg(generated.ids.size()).arg(generated.decodeTokensPerSecond(), 0, 'f', 0));

  say(QStringLiteral("== 5/6 Fine-tuning the base model on the sample data (LoRA, about a minute)"));
  QJsonObject fineTune;
  if (!demoFineTune(*project, say, &fineTune, &error)) return fail(error);

  say(QStringLiteral("== 6/6 Export for llama.cpp, Ollama and LM Studio"));
  QJsonObject exported;
  if (!demoExport(*project, fineTune, say, &exported, &error)) return fail(error);

  const ProjectSummary summary = project->summary();
  say(QStringLiteral("Project check: integrity %1, format %2, %3 on disk")
          .arg(summary.integrity)
          .arg(summary.schemaVersion)
          .arg(humanBytes(summary.diskBytes)));
  say(QStringLiteral("Done in %1 s. Open the window with: atelier gui %2")
          .arg(timer.elapsed() / 1000.0, 0, 'f', 1)
          .arg(project->folder()));
  if (json) {
    printJson(QJsonObject{
        {QStringLiteral("system"), systemInfoToJson(info)},
        {QStringLiteral("project"), projectSummaryToJson(summary)},
        {QStringLiteral("tokenizer"),
         QJsonObject{{QStringLiteral("vocab_size"), tokenizer->vocabSize()},
                     {QStringLiteral("text"), text},
                     {QStringLiteral("ids"), idArray},
                     {QStringLiteral("round_trip"), roundTrip}}},
        {QStringLiteral("generation"),
         QJsonObject{{QStringLiteral("prompt"), question},
                     {QStringLiteral("text"), generated.text},
                     {QStringLiteral("tokens"), int(generated.ids.size())},
                     {QStringLiteral("tokens_per_s"), generated.decodeTokensPerSecond()}}},
        {QStringLiteral("fine_tune"), fineTune},
        {QStringLiteral("export"), exported},
        {QStringLiteral("seconds"), timer.elapsed() / 1000.0},
    });
  }
  return roundTrip && summary.integrity == QLatin1String("ok") ? Ok : Failure;
}

}  // namespace Atelier::Cli
