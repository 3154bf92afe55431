// `atelier eval list`: the evaluations stored in a project; `atelier eval
// export`: one evaluation's answers as JSON lines or CSV.
#include "clicommon.h"
#include "commands.h"

#include "eval/evalexport.h"
#include "project/project.h"
#include "storage/evalrepository.h"

#include <QJsonArray>

namespace Atelier::Cli {

namespace {

QJsonObject recordJson(const EvalRecord& r) {
  QJsonObject o{{QStringLiteral("id"), double(r.id)},
                {QStringLiteral("run"), r.runName},
                {QStringLiteral("checkpoint"), r.checkpoint},
                {QStringLiteral("model"), r.model},
                {QStringLiteral("adapter"), r.adapter},
                {QStringLiteral("dataset"), r.dataset},
                {QStringLiteral("split"), r.split},
                {QStringLiteral("n"), r.n},
                {QStringLiteral("perplexity"), r.perplexity},
                {QStringLiteral("max_new_tokens"), r.maxNewTokens},
                {QStringLiteral("created_at"), r.createdAt.toString(Qt::ISODateWithMs)}};
  o[QStringLiteral("bleu")] = r.hasGeneration ? QJsonValue(r.bleu) : QJsonValue();
  o[QStringLiteral("rouge_l")] = r.hasGeneration ? QJsonValue(r.rougeL) : QJsonValue();
  return o;
}

}  // namespace

int runEvalList(const QStringList& args) {
  VerbParser v(QStringLiteral("eval list"), QStringLiteral("List the evaluations stored in a project, newest first."));
  const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR"));
  v.parser.addOption(project);
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(project)) return fail(QStringLiteral("--project DIR is required"), UsageError);
  QString error;
  auto p = Project::open(v.parser.value(project), &error);
  if (!p) return fail(error);
  const QList<EvalRecord> records = EvalRepository(p->database()).list();
  if (v.wantsJson()) {
    QJsonArray list;
    for (const EvalRecord& r : records) list.append(recordJson(r));
    printJson({{QStringLiteral("evaluations"), list}});
    return Ok;
  }
  if (records.isEmpty()) printLine(QStringLiteral("No evaluations stored yet (run `atelier eval`)."));
  for (const EvalRecord& r : records)
    printLine(QStringLiteral("#%1  %2  %3/%4  n=%5  perplexity %6%7")
                  .arg(r.id).arg(r.label(), r.dataset, r.split).arg(r.n).arg(r.perplexity, 0, 'f', 3)
                  .arg(r.hasGeneration ? QStringLiteral("  BLEU %1  ROUGE-L %2").arg(r.bleu * 100, 0, 'f', 2).arg(r.rougeL * 100, 0, 'f', 2)
                                       : QString()));
  return Ok;
}

int runEvalExport(const QStringList& args) {
  VerbParser v(QStringLiteral("eval export"),
               QStringLiteral("Write a stored evaluation's prompts, reference answers and generated answers as JSON "
                              "lines, or as CSV when the file name ends in .csv."));
  const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR"));
  const QCommandLineOption id(QStringLiteral("id"), QStringLiteral("Evaluation number (see `atelier eval list`)."), QStringLiteral("N"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("File to write (.jsonl or .csv)."), QStringLiteral("FILE"));
  v.parser.addOptions({project, id, out});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(project) || !v.parser.isSet(id) || !v.parser.isSet(out))
    return fail(QStringLiteral("--project DIR, --id N and --out FILE are required"), UsageError);
  bool ok = false;
  const qint64 evalId = v.parser.value(id).toLongLong(&ok);
  if (!ok || evalId <= 0) return fail(QStringLiteral("--id must be an evaluation number such as 3"), UsageError);
  QString error;
  auto p = Project::open(v.parser.value(project), &error);
  if (!p) return fail(error);
  const QString path = v.parser.value(out);
  const int rows = exportEvalExamples(p->database(), evalId, path, evalExportFormatFor(path), &error);
  if (rows < 0) return fail(error);
  if (v.wantsJson()) printJson({{QStringLiteral("rows"), rows}, {QStringLiteral("out"), path}});
  else printLine(QStringLiteral("Wrote %1 answers to %2").arg(rows).arg(path));
  return Ok;
}

}  // namespace Atelier::Cli
