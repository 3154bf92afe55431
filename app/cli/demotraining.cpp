#include "demotraining.h"

#include "eval/evalsession.h"
#include "inference/chatprompt.h"
#include "inference/languagemodel.h"
#include "project/project.h"
#include "project/sampleproject.h"
#include "storage/datasetrepository.h"
#include "storage/runrepository.h"
#include "tokenizer/tokenizerloader.h"
#include "training/modelcard.h"
#include "training/runrecorder.h"
#include "training/sfttrainer.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>

namespace Atelier::Cli {

namespace {

// The tuned model has seen this question (it is in the train split of the sample).
QString heldInQuestion(Database& db, QString* answer) {
  QString question;
  DatasetRepository(db).forEachConversation(
      [&] {
        DatasetInfo info;
        DatasetRepository(db).find(QStringLiteral("support-faq"), &info);
        return info.id;
      }(),
      QStringLiteral("train"), [&](const Conversation& c) {
        for (const Turn& t : c.turns) {
          if (t.role == QLatin1String("user") && question.isEmpty()) question = t.content;
          if (t.role == QLatin1String("assistant") && answer->isEmpty()) *answer = t.content;
        }
        return false;
      },
      nullptr);
  return question;
}

bool answer(const QString& model, const QString& adapter, const QString& question, QString* text, QString* error) {
  LanguageModelOptions options;
  options.device = QStringLiteral("auto");
  options.adapter = adapter;
  auto lm = LanguageModel::load(model, options, error);
  if (!lm) return false;
  std::vector<int32_t> prompt;
  GenerationOptions generation;
  generation.maxNewTokens = 120;
  if (!buildChatPrompt(model, lm->tokenizer(), QString(), {{QStringLiteral("user"), question}}, &prompt,
                       &generation.stopStrings, error))
    return false;
  GenerationResult result;
  if (!lm->generate(prompt, generation, {}, &result, error)) return false;
  *text = result.text.simplified();
  return true;
}

}  // namespace

bool demoFineTune(Project& project, const std::function<void(const QString&)>& say, QJsonObject* report,
                  QString* error) {
  SftConfig c;
  c.project = project.folder();
  c.dataset = QStringLiteral("support-faq");
  c.model = sampleModelPath(project);
  c.runDir = QDir(project.folder()).filePath(
      QStringLiteral("runs/demo-") + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
  // Settings for a tiny model and 27 examples: many passes, a high learning rate.
  c.epochs = 30;
  c.batchSize = 8;
  c.learningRate = 5e-3;
  c.warmupSteps = 5;
  c.lora.rank = 16;
  c.lora.alpha = 32;
  c.lora.dropout = 0;
  c.evalEvery = 20;  // the validation loss rises once it memorises: the last adapter is kept
  c.saveEvery = 1000;
  c.seqLen = 256;
  // A model this small (hidden size 64) loses too much in bf16: on an H100 the
  // bf16 run memorised the answers far worse. Speed is no issue at this size.
  c.precision = QStringLiteral("f32");
  auto tokenizer = loadModelTokenizer(c.model, error);
  ChatTemplate chatTemplate;
  SftData data;
  ExampleOptions examples;
  examples.seqLen = c.seqLen;
  if (!tokenizer || !modelChatTemplate(c.model, tokenizer.get(), QString(), &chatTemplate, error) ||
      !loadSftData(project.database(), c.dataset, chatTemplate, tokenizer.get(), examples, &data, error))
    return false;
  RunInfo run;
  run.name = QFileInfo(c.runDir).fileName();
  run.kind = QStringLiteral("sft");
  run.dataset = c.dataset;
  run.model = c.model;
  run.runDir = c.runDir;
  run.config = c.toJson();
  RunRepository runs(project.database());
  const qint64 runId = runs.startRun(run, error);
  if (runId == 0) return false;
  say(QStringLiteral("LoRA r=%1 on all seven projections, %2 training / %3 validation examples, %4 epochs")
          .arg(c.lora.rank).arg(data.train.size()).arg(data.val.size()).arg(c.epochs));
  RunRecorder recorder(project.database(), runId);
  double firstLoss = -1, lastLoss = 0, firstVal = -1, lastVal = 0;
  int total = 0;
  const EventSink sink = [&](const QJsonObject& e) {
    recorder.record(e);
    const QString kind = e.value(QStringLiteral("event")).toString();
    if (kind == QLatin1String("start")) total = e.value(QStringLiteral("total_steps")).toInt();
    if (kind == QLatin1String("step")) {
      lastLoss = e.value(QStringLiteral("loss")).toDouble();
      if (firstLoss < 0) firstLoss = lastLoss;
      const int step = e.value(QStringLiteral("step")).toInt();
      if (step % 20 == 0 || step == total)
        say(QStringLiteral("  step %1/%2  loss %3  %4 tokens/s  about %5 s left")
                .arg(step).arg(total).arg(lastLoss, 0, 'f', 3)
                .arg(e.value(QStringLiteral("tokens_per_s")).toDouble(), 0, 'f', 0)
                .arg(e.value(QStringLiteral("eta_s")).toDouble(), 0, 'f', 0));
    }
    if (kind == QLatin1String("eval")) {
      lastVal = e.value(QStringLiteral("val_loss")).toDouble();
      if (firstVal < 0) firstVal = lastVal;
    }
  };
  SftRunControl control;
  control.padId = tokenizer->padId() >= 0 ? tokenizer->padId() : std::max(tokenizer->eosId(), 0);
  control.beforeCheckpoint = [&] { recorder.flush(); };
  QJsonObject summary;
  if (trainSft(c, data, control, sink, &summary, error) != RunOutcome::Finished) {
    recorder.flush();
    runs.setStatus(runId, QStringLiteral("failed"), {{QStringLiteral("error"), *error}}, nullptr);
    return false;
  }
  recorder.flush();
  runs.setStatus(runId, QStringLiteral("finished"), summary, nullptr);
  if (!writeSftModelCard(c, data, summary, error)) return false;
  say(QStringLiteral("Training loss %1 → %2, validation loss %3 → %4, in %5 s; adapter in %6")
          .arg(firstLoss, 0, 'f', 3).arg(lastLoss, 0, 'f', 3).arg(firstVal, 0, 'f', 3).arg(lastVal, 0, 'f', 3)
          .arg(summary.value(QStringLiteral("elapsed_s")).toDouble(), 0, 'f', 1)
          .arg(summary.value(QStringLiteral("adapter")).toString()));

  QString expected;
  const QString question = heldInQuestion(project.database(), &expected);
  QString before, after;
  if (!answer(c.model, QString(), question, &before, error) ||
      !answer(c.model, summary.value(QStringLiteral("adapter")).toString(), question, &after, error))
    return false;
  say(QStringLiteral("Question from the data: \"%1\"").arg(question));
  say(QStringLiteral("  base model:  %1").arg(before.isEmpty() ? QStringLiteral("(stops at once, having learned nothing)") : before));
  say(QStringLiteral("  tuned model: %1").arg(after));
  say(QStringLiteral("  the data:    %1").arg(expected));
  // Numbers for the same comparison: answers it has seen (train) and ones it has not (test).
  QJsonObject evaluation;
  for (const auto& [label, adapterFolder] : {std::make_pair(QStringLiteral("base"), QString()),
                                             std::make_pair(QStringLiteral("tuned"), summary.value(QStringLiteral("adapter")).toString())}) {
    LanguageModelOptions options;
    options.adapter = adapterFolder;
    auto lm = LanguageModel::load(c.model, options, error);
    if (!lm) return false;
    EvalOptions heldIn;
    heldIn.dataset = c.dataset;
    heldIn.split = QStringLiteral("train");
    heldIn.limit = 8;
    heldIn.maxNewTokens = 120;
    EvalOptions heldOut = heldIn;
    heldOut.split = QStringLiteral("test");
    heldOut.limit = 0;
    EvalResult in, out;
    if (!evaluateModel(*lm, project.database(), heldIn, {}, &in, error) ||
        !evaluateModel(*lm, project.database(), heldOut, {}, &out, error))
      return false;
    // Stored like any evaluation, so the sample project's Evaluate page opens with base vs tuned.
    EvalTarget target;
    target.model = c.model;
    target.adapter = adapterFolder;
    if (!adapterFolder.isEmpty()) {
      target.runName = run.name;
      target.checkpoint = QStringLiteral("final");
    }
    QJsonArray stored;
    for (const auto& [options, result] : {std::make_pair(heldIn, in), std::make_pair(heldOut, out)}) {
      EvalRecord record = evalRecordFor(target, options, result);
      record.details[QStringLiteral("device")] = lm->device();
      record.details[QStringLiteral("source")] = QStringLiteral("demo");
      const qint64 id = EvalRepository(project.database()).store(record, evalExampleRecordsFor(result), error);
      if (id == 0) return false;
      stored.append(double(id));
    }
    say(QStringLiteral("  %1 model: seen questions BLEU %2, ROUGE-L %3; unseen (test) BLEU %4, perplexity %5")
            .arg(label, -5).arg(in.bleu.bleu * 100, 0, 'f', 1).arg(in.rougeL * 100, 0, 'f', 1)
            .arg(out.bleu.bleu * 100, 0, 'f', 1).arg(out.perplexity, 0, 'f', 1));
    evaluation[label] = QJsonObject{{QStringLiteral("train_bleu"), in.bleu.bleu}, {QStringLiteral("train_rouge_l"), in.rougeL},
                                    {QStringLiteral("test_bleu"), out.bleu.bleu}, {QStringLiteral("test_rouge_l"), out.rougeL},
                                    {QStringLiteral("test_perplexity"), out.perplexity},
                                    {QStringLiteral("stored_as"), stored}};
  }
  *report = {{QStringLiteral("run"), c.runDir},
             {QStringLiteral("adapter"), summary.value(QStringLiteral("adapter")).toString()},
             {QStringLiteral("evaluation"), evaluation},
             {QStringLiteral("first_loss"), firstLoss},
             {QStringLiteral("final_loss"), lastLoss},
             {QStringLiteral("first_val_loss"), firstVal},
             {QStringLiteral("best_val_loss"), summary.value(QStringLiteral("best_val_loss"))},
             {QStringLiteral("seconds"), summary.value(QStringLiteral("elapsed_s"))},
             {QStringLiteral("question"), question},
             {QStringLiteral("base_answer"), before},
             {QStringLiteral("tuned_answer"), after},
             {QStringLiteral("expected_answer"), expected},
             {QStringLiteral("tuned_answer_matches_data"), after.startsWith(expected.simplified().left(40))}};
  return true;
}

}  // namespace Atelier::Cli
