// `atelier eval`: perplexity, BLEU and ROUGE-L of a model (and adapter) on a
// dataset split; `atelier eval text`: BLEU and ROUGE-L of two line-aligned files.
#include "clicommon.h"
#include "commands.h"

#include "eval/evalsession.h"
#include "eval/textmetrics.h"
#include "project/project.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>

#include <cstdio>

namespace Atelier::Cli {

namespace {

bool readLines(const QString& path, QStringList* lines, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return false;
  }
  if (f.size() > 512LL * 1024 * 1024) {
    *error = QStringLiteral("%1 is over 512 MB; evaluate a sample of it").arg(path);
    return false;
  }
  const QByteArray bytes = f.readAll();
  QString text = QString::fromUtf8(bytes);
  if (text.toUtf8() != bytes) {
    *error = QStringLiteral("%1 is not valid UTF-8").arg(path);
    return false;
  }
  text.remove(QLatin1Char('\r'));
  *lines = text.split(QLatin1Char('\n'));
  if (!lines->isEmpty() && lines->last().isEmpty()) lines->removeLast();
  return true;
}

QJsonObject bleuJson(const BleuResult& b) {
  return {{QStringLiteral("bleu"), b.bleu},
          {QStringLiteral("precisions"), QJsonArray{b.precisions[0], b.precisions[1], b.precisions[2], b.precisions[3]}},
          {QStringLiteral("brevity_penalty"), b.brevityPenalty},
          {QStringLiteral("hypothesis_length"), double(b.hypothesisLength)},
          {QStringLiteral("reference_length"), double(b.referenceLength)}};
}

}  // namespace

int runEvalText(const QStringList& args) {
  VerbParser v(QStringLiteral("eval text"),
               QStringLiteral("BLEU (as NLTK's corpus_bleu on whitespace tokens) and ROUGE-L of line-aligned "
                              "hypothesis and reference files."));
  const QCommandLineOption hyp(QStringLiteral("hyp"), QStringLiteral("Generated answers, one per line."), QStringLiteral("FILE"));
  const QCommandLineOption ref(QStringLiteral("ref"), QStringLiteral("Reference answers, one per line."), QStringLiteral("FILE"));
  v.parser.addOptions({hyp, ref});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(hyp) || !v.parser.isSet(ref)) return fail(QStringLiteral("--hyp FILE and --ref FILE are required"), UsageError);
  QStringList hypotheses, references;
  QString error;
  if (!readLines(v.parser.value(hyp), &hypotheses, &error) || !readLines(v.parser.value(ref), &references, &error))
    return fail(error);
  if (hypotheses.size() != references.size())
    return fail(QStringLiteral("%1 has %2 lines but %3 has %4: the files must be line-aligned")
                    .arg(v.parser.value(hyp)).arg(hypotheses.size()).arg(v.parser.value(ref)).arg(references.size()));
  const BleuResult b = corpusBleu(hypotheses, references);
  const double rouge = meanRougeL(hypotheses, references);
  if (v.wantsJson()) {
    QJsonObject o = bleuJson(b);
    o[QStringLiteral("n")] = int(hypotheses.size());
    o[QStringLiteral("rouge_l")] = rouge;
    printJson(o);
  } else {
    printLine(QStringLiteral("%1 pairs: BLEU %2, ROUGE-L %3").arg(hypotheses.size()).arg(b.bleu * 100, 0, 'f', 2).arg(rouge * 100, 0, 'f', 2));
  }
  return Ok;
}

int runEval(const QStringList& args) {
  VerbParser v(QStringLiteral("eval"),
               QStringLiteral("Evaluate a model (optionally with a LoRA adapter, or a run's checkpoint) on a dataset "
                              "split: perplexity of the reference answers, and greedy answers scored with BLEU and "
                              "ROUGE-L. The result is stored in the project (the Evaluate page shows it)."));
  const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR"));
  const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("Dataset name."), QStringLiteral("NAME"));
  const QCommandLineOption split(QStringLiteral("split"), QStringLiteral("train, val, test or all (default test)."), QStringLiteral("SPLIT"), QStringLiteral("test"));
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Base model folder (default with --run: the run's)."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("PEFT LoRA adapter folder."), QStringLiteral("DIR"));
  const QCommandLineOption run(QStringLiteral("run"), QStringLiteral("Evaluate a training run of the project (its base model and adapter)."), QStringLiteral("NAME"));
  const QCommandLineOption checkpoint(QStringLiteral("checkpoint"), QStringLiteral("With --run: final (default), best or step-N."), QStringLiteral("NAME"), QStringLiteral("final"));
  const QCommandLineOption noStore(QStringLiteral("no-store"), QStringLiteral("Do not store the result in the project."));
  const QCommandLineOption maxNew(QStringLiteral("max-new-tokens"), QStringLiteral("Longest generated answer (default 128)."), QStringLiteral("N"), QStringLiteral("128"));
  const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("Evaluate at most N rows."), QStringLiteral("N"), QStringLiteral("0"));
  const QCommandLineOption noGenerate(QStringLiteral("perplexity-only"), QStringLiteral("Skip generation (no BLEU/ROUGE-L)."));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  const QCommandLineOption examples(QStringLiteral("examples"), QStringLiteral("Include every generated answer in the JSON."));
  v.parser.addOptions({project, dataset, split, model, adapter, run, checkpoint, noStore, maxNew, limit, noGenerate,
                       device, examples});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(project) || !v.parser.isSet(dataset) || (!v.parser.isSet(model) && !v.parser.isSet(run)))
    return fail(QStringLiteral("--project DIR, --dataset NAME and --model DIR (or --run NAME) are required"), UsageError);
  if (v.parser.isSet(run) && v.parser.isSet(adapter))
    return fail(QStringLiteral("--run takes the adapter from the run: leave out --adapter"), UsageError);
  if (v.parser.isSet(checkpoint) && !v.parser.isSet(run))
    return fail(QStringLiteral("--checkpoint needs --run NAME"), UsageError);
  EvalSessionOptions session;
  EvalOptions& o = session.eval;
  o.dataset = v.parser.value(dataset);
  o.split = v.parser.value(split) == QLatin1String("all") ? QString() : v.parser.value(split);
  if (!o.split.isEmpty() && o.split != QLatin1String("train") && o.split != QLatin1String("val") && o.split != QLatin1String("test"))
    return fail(QStringLiteral("--split must be train, val, test or all"), UsageError);
  bool ok1 = false, ok2 = false;
  o.maxNewTokens = v.parser.value(maxNew).toInt(&ok1);
  o.limit = v.parser.value(limit).toInt(&ok2);
  if (!ok1 || !ok2 || o.maxNewTokens < 1 || o.limit < 0)
    return fail(QStringLiteral("--max-new-tokens must be positive and --limit not negative"), UsageError);
  o.generate = !v.parser.isSet(noGenerate);
  session.device = v.parser.value(device);
  session.store = !v.parser.isSet(noStore);
  if (session.device != QLatin1String("auto") && session.device != QLatin1String("cpu") && session.device != QLatin1String("cuda"))
    return fail(QStringLiteral("--device must be auto, cpu or cuda"), UsageError);
  QString error;
  auto p = Project::open(v.parser.value(project), &error);
  if (!p) return fail(error);
  EvalTarget target;
  if (v.parser.isSet(run)) {
    if (!resolveRunTarget(p->database(), v.parser.value(run), v.parser.value(checkpoint), &target, &error))
      return fail(error);
    if (v.parser.isSet(model)) target.model = v.parser.value(model);
  } else {
    target.model = v.parser.value(model);
    target.adapter = v.parser.value(adapter);
  }
  // A long evaluation says how far it is on stderr (stdout stays clean for --json), every few seconds.
  QElapsedTimer sinceStart, sinceReport;  // from the first row: loading the model is not a row's cost
  const EvalSessionProgress progress = [&](const QString& phase, int done, int total) {
    if (phase != QLatin1String("evaluating")) return true;
    if (!sinceStart.isValid()) {
      sinceStart.start();
      sinceReport.start();
    }
    if (done == 0 || sinceReport.elapsed() < 5000) return true;
    sinceReport.restart();
    const double left = sinceStart.elapsed() / 1000.0 / done * (total - done);
    std::fprintf(stderr, "%s\n", qPrintable(QStringLiteral("evaluated %1 of %2 rows, about %3 s left")
                                                .arg(done).arg(total).arg(left, 0, 'f', 0)));
    std::fflush(stderr);
    return true;
  };
  EvalResult r;
  qint64 storedId = 0;
  if (!runEvalSession(p->database(), target, session, progress, &r, &storedId, &error)) return fail(error);
  if (v.wantsJson()) {
    QJsonObject out{{QStringLiteral("n"), r.n},
                    {QStringLiteral("tokens"), double(r.tokens)},
                    {QStringLiteral("perplexity"), r.perplexity},
                    {QStringLiteral("mean_nll"), r.meanNll},
                    {QStringLiteral("model"), target.model},
                    {QStringLiteral("adapter"), target.adapter},
                    {QStringLiteral("stored_as"), storedId > 0 ? QJsonValue(double(storedId)) : QJsonValue()}};
    if (v.parser.isSet(run)) {
      out[QStringLiteral("run")] = target.runName;
      out[QStringLiteral("checkpoint")] = target.checkpoint;
    }
    if (o.generate) {
      out[QStringLiteral("bleu")] = r.bleu.bleu;
      out[QStringLiteral("bleu_details")] = bleuJson(r.bleu);
      out[QStringLiteral("rouge_l")] = r.rougeL;
    }
    if (v.parser.isSet(examples)) {
      QJsonArray list;
      for (const EvalExample& e : r.examples)
        list.append(QJsonObject{{QStringLiteral("line"), double(e.sourceLine)}, {QStringLiteral("prompt"), e.prompt},
                                {QStringLiteral("reference"), e.reference}, {QStringLiteral("generated"), e.generated},
                                {QStringLiteral("rouge_l"), e.rougeL}, {QStringLiteral("nll"), e.nll},
                                {QStringLiteral("tokens"), e.tokens}});
      out[QStringLiteral("examples")] = list;
    }
    printJson(out);
  } else {
    printLine(QStringLiteral("%1 rows, %2 answer tokens: perplexity %3").arg(r.n).arg(r.tokens).arg(r.perplexity, 0, 'f', 3));
    if (o.generate)
      printLine(QStringLiteral("BLEU %1, ROUGE-L %2").arg(r.bleu.bleu * 100, 0, 'f', 2).arg(r.rougeL * 100, 0, 'f', 2));
    if (storedId > 0) printLine(QStringLiteral("Stored as evaluation #%1 (see the Evaluate page).").arg(storedId));
  }
  return Ok;
}

}  // namespace Atelier::Cli
