#include "evalsession.h"

#include "inference/languagemodel.h"
#include "storage/runrepository.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace Atelier {

namespace {

bool isAdapterFolder(const QString& folder) {
  return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("adapter_config.json")));
}

QString adapterFolderOf(const RunInfo& run, const QString& checkpoint) {
  const QDir dir(run.runDir);
  if (checkpoint == QLatin1String("final")) return dir.filePath(QStringLiteral("adapter"));
  if (checkpoint == QLatin1String("best")) return dir.filePath(QStringLiteral("best-adapter"));
  return dir.filePath(QStringLiteral("checkpoints/%1/adapter").arg(checkpoint));
}

// "step-20" → "step-000020", as the trainer names its checkpoint folders.
QString canonicalCheckpoint(const QString& name) {
  if (name.isEmpty()) return QStringLiteral("final");
  static const QRegularExpression step(QStringLiteral("^step-(\\d+)$"));
  const QRegularExpressionMatch m = step.match(name);
  if (m.hasMatch()) return QStringLiteral("step-%1").arg(m.captured(1).toLongLong(), 6, 10, QLatin1Char('0'));
  return name;
}

}  // namespace

QStringList runCheckpoints(const RunInfo& run) {
  QStringList out;
  for (const QString& name : {QStringLiteral("final"), QStringLiteral("best")})
    if (isAdapterFolder(adapterFolderOf(run, name))) out << name;
  const QDir checkpoints(QDir(run.runDir).filePath(QStringLiteral("checkpoints")));
  const QStringList steps =
      checkpoints.entryList({QStringLiteral("step-*")}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
  for (const QString& step : steps)
    if (isAdapterFolder(adapterFolderOf(run, step))) out << step;
  return out;
}

bool resolveRunTarget(Database& db, const QString& runName, const QString& checkpoint, EvalTarget* target,
                      QString* error) {
  RunInfo run;
  RunRepository runs(db);
  if (!runs.find(runName, &run)) {
    QStringList names;
    for (const RunInfo& r : runs.list()) names << r.name;
    *error = names.isEmpty() ? QStringLiteral("the project has no run \"%1\" (it has no runs yet)").arg(runName)
                             : QStringLiteral("the project has no run \"%1\"; its runs are: %2")
                                   .arg(runName, names.join(QStringLiteral(", ")));
    return false;
  }
  const QString name = canonicalCheckpoint(checkpoint);
  const QString folder = adapterFolderOf(run, name);
  if (!isAdapterFolder(folder)) {
    const QStringList existing = runCheckpoints(run);
    *error = QStringLiteral("run \"%1\" has no checkpoint \"%2\" (%3 has no adapter_config.json); %4")
                 .arg(runName, checkpoint.isEmpty() ? name : checkpoint, QDir::toNativeSeparators(folder),
                      existing.isEmpty() ? QStringLiteral("it has saved no adapter yet")
                                         : QStringLiteral("choose one of: %1").arg(existing.join(QStringLiteral(", "))));
    return false;
  }
  target->model = run.model;
  target->adapter = folder;
  target->runName = run.name;
  target->checkpoint = name;
  return true;
}

EvalRecord evalRecordFor(const EvalTarget& target, const EvalOptions& options, const EvalResult& result) {
  EvalRecord r;
  r.runName = target.runName.isEmpty() ? QStringLiteral("base") : target.runName;
  r.checkpoint = target.checkpoint;
  if (r.checkpoint.isEmpty() && !target.adapter.isEmpty()) r.checkpoint = QStringLiteral("adapter");
  r.model = QFileInfo(target.model).absoluteFilePath();
  r.adapter = target.adapter.isEmpty() ? QString() : QFileInfo(target.adapter).absoluteFilePath();
  r.dataset = options.dataset;
  r.split = options.split.isEmpty() ? QStringLiteral("all") : options.split;
  r.n = result.n;
  r.tokens = result.tokens;
  r.perplexity = result.perplexity;
  r.hasGeneration = options.generate && !result.examples.isEmpty() &&
                    std::any_of(result.examples.begin(), result.examples.end(),
                                [](const EvalExample& e) { return !e.reference.isEmpty(); });
  r.bleu = result.bleu.bleu;
  r.rougeL = result.rougeL;
  r.maxNewTokens = options.generate ? options.maxNewTokens : 0;
  const BleuResult& b = result.bleu;
  r.details = {{QStringLiteral("mean_nll"), result.meanNll},
               {QStringLiteral("limit"), options.limit},
               {QStringLiteral("bleu_precisions"),
                QJsonArray{b.precisions[0], b.precisions[1], b.precisions[2], b.precisions[3]}},
               {QStringLiteral("brevity_penalty"), b.brevityPenalty},
               {QStringLiteral("hypothesis_length"), double(b.hypothesisLength)},
               {QStringLiteral("reference_length"), double(b.referenceLength)}};
  return r;
}

QList<EvalExampleRecord> evalExampleRecordsFor(const EvalResult& result) {
  QList<EvalExampleRecord> out;
  for (int i = 0; i < result.examples.size(); ++i) {
    const EvalExample& e = result.examples[i];
    EvalExampleRecord x;
    x.position = i;
    x.sourceLine = e.sourceLine;
    x.prompt = e.prompt;
    x.reference = e.reference;
    x.generation = e.generated;
    // Rows without a reference answer (plain text) were not generated for.
    if (!e.reference.isEmpty()) x.rougeL = e.rougeL;
    x.nll = e.nll;
    x.tokens = e.tokens;
    out << x;
  }
  return out;
}

bool runEvalSession(Database& db, const EvalTarget& target, const EvalSessionOptions& options,
                    const EvalSessionProgress& progress, EvalResult* result, qint64* storedId, QString* error) {
  if (storedId) *storedId = 0;
  QElapsedTimer timer;
  timer.start();
  bool cancelled = false;
  LanguageModelOptions modelOptions;
  modelOptions.device = options.device;
  modelOptions.adapter = target.adapter;
  modelOptions.progress = [&](double fraction) {
    cancelled = progress && !progress(QStringLiteral("loading"), int(fraction * 1000), 1000);
    return !cancelled;
  };
  auto lm = LanguageModel::load(target.model, modelOptions, error);
  if (cancelled) *error = QStringLiteral("evaluation cancelled");
  if (!lm || cancelled) return false;
  const EvalProgress rows = [&](int done, int total) {
    return !progress || progress(QStringLiteral("evaluating"), done, total);
  };
  if (!evaluateModel(*lm, db, options.eval, rows, result, error)) return false;
  if (!options.store) return true;
  EvalRecord record = evalRecordFor(target, options.eval, *result);
  record.details[QStringLiteral("device")] = lm->device();
  record.details[QStringLiteral("seconds")] = timer.elapsed() / 1000.0;
  const qint64 id = EvalRepository(db).store(record, evalExampleRecordsFor(*result), error);
  if (id == 0) return false;
  if (storedId) *storedId = id;
  return true;
}

}  // namespace Atelier
