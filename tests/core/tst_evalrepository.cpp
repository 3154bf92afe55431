// Stored evaluation results: one row per evaluation with its examples, the
// worst examples in both orders, nothing stored by a failed write, exports
// written whole, and a run's checkpoints resolved to their adapter folders.
#include "eval/evalexport.h"
#include "eval/evalsession.h"
#include "project/project.h"
#include "project/sampleproject.h"
#include "storage/database.h"
#include "storage/evalrepository.h"
#include "storage/runrepository.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Atelier;

namespace {

EvalExampleRecord example(const QString& prompt, const QVariant& rouge, double nll, int tokens) {
  EvalExampleRecord e;
  e.sourceLine = 10 + prompt.size();
  e.prompt = prompt;
  e.reference = QStringLiteral("ref of ") + prompt;
  e.generation = QStringLiteral("gen of ") + prompt;
  e.rougeL = rouge;
  e.nll = nll;
  e.tokens = tokens;
  return e;
}

EvalRecord record(const QString& run, const QString& checkpoint, double rouge) {
  EvalRecord r;
  r.runName = run;
  r.checkpoint = checkpoint;
  r.model = QStringLiteral("/models/base");
  r.adapter = checkpoint.isEmpty() ? QString() : QStringLiteral("/runs/%1/adapter").arg(run);
  r.dataset = QStringLiteral("faq");
  r.split = QStringLiteral("test");
  r.n = 3;
  r.tokens = 12;
  r.perplexity = 7.5;
  r.hasGeneration = true;
  r.bleu = 0.25;
  r.rougeL = rouge;
  r.maxNewTokens = 64;
  r.details = {{QStringLiteral("device"), QStringLiteral("cpu")}};
  return r;
}

void makeAdapter(const QString& folder) {
  QDir().mkpath(folder);
  QFile f(QDir(folder).filePath(QStringLiteral("adapter_config.json")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("{}");
}

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestEvalRepository : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init();
  void cleanup() { mProject.reset(); }
  void storesAndListsNewestFirst();
  void worstExamplesInBothOrders();
  void failedStoreLeavesNothing();
  void removeTakesTheExamples();
  void exportsJsonlAndCsv();
  void exportRefusesUnknownIdAndKeepsOldFile();
  void resolvesRunCheckpoints();
  void recordFromAResult();
  void sessionStoresAndCancelStoresNothing();

 private:
  QTemporaryDir mTmp;
  std::unique_ptr<Project> mProject;
  int mCount = 0;
};

void TestEvalRepository::init() {
  QString error;
  mProject = Project::create(mTmp.filePath(QStringLiteral("p%1").arg(++mCount)), QStringLiteral("P"), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
}

void TestEvalRepository::storesAndListsNewestFirst() {
  EvalRepository repo(mProject->database());
  QString error;
  const qint64 base = repo.store(record(QStringLiteral("base"), QString(), 0.1),
                                 {example(QStringLiteral("a"), 0.5, 3.0, 2)}, &error);
  QVERIFY2(base > 0, qPrintable(error));
  EvalRecord perplexityOnly = record(QStringLiteral("run-1"), QStringLiteral("step-000020"), 0);
  perplexityOnly.hasGeneration = false;
  perplexityOnly.split.clear();  // all rows
  const qint64 tuned = repo.store(perplexityOnly, {example(QStringLiteral("b"), QVariant(), 1.0, 4)}, &error);
  QVERIFY2(tuned > base, qPrintable(error));

  const QList<EvalRecord> all = repo.list();
  QCOMPARE(all.size(), 2);
  QCOMPARE(all[0].id, tuned);
  QCOMPARE(all[0].label(), QStringLiteral("run-1 · step-000020"));
  QCOMPARE(all[0].split, QStringLiteral("all"));
  QVERIFY(!all[0].hasGeneration);
  QCOMPARE(all[1].label(), QStringLiteral("base"));
  EvalRecord found;
  QVERIFY(repo.find(base, &found));
  QCOMPARE(found.runName, QStringLiteral("base"));
  QCOMPARE(found.dataset, QStringLiteral("faq"));
  QCOMPARE(found.n, 3);
  QCOMPARE(found.tokens, qint64(12));
  QCOMPARE(found.perplexity, 7.5);
  QVERIFY(found.hasGeneration);
  QCOMPARE(found.bleu, 0.25);
  QCOMPARE(found.rougeL, 0.1);
  QCOMPARE(found.maxNewTokens, 64);
  QVERIFY(found.createdAt.isValid());
  QCOMPARE(found.details.value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
  QVERIFY(!repo.find(tuned + 100, &found));

  QList<EvalExampleRecord> examples;
  QVERIFY(repo.forEachExample(tuned, [&](const EvalExampleRecord& e) { examples << e; return true; }, &error));
  QCOMPARE(examples.size(), 1);
  QCOMPARE(examples[0].prompt, QStringLiteral("b"));
  QVERIFY(examples[0].rougeL.isNull());
  QCOMPARE(examples[0].perplexity(), std::exp(0.25));
}

void TestEvalRepository::worstExamplesInBothOrders() {
  EvalRepository repo(mProject->database());
  QString error;
  // ROUGE-L 0.9, 0.1, 0.5; per-token NLL 1.0, 0.5, 3.0; "empty" has no answer tokens.
  const qint64 id = repo.store(record(QStringLiteral("base"), QString(), 0.5),
                               {example(QStringLiteral("good"), 0.9, 4.0, 4), example(QStringLiteral("bad"), 0.1, 1.0, 2),
                                example(QStringLiteral("mid"), 0.5, 9.0, 3), example(QStringLiteral("empty"), QVariant(), 0, 0)},
                               &error);
  QVERIFY2(id > 0, qPrintable(error));
  QList<EvalExampleRecord> worst = repo.worstExamples(id, WorstBy::RougeL, 2);
  QCOMPARE(worst.size(), 2);
  QCOMPARE(worst[0].prompt, QStringLiteral("bad"));
  QCOMPARE(worst[1].prompt, QStringLiteral("mid"));
  worst = repo.worstExamples(id, WorstBy::Perplexity, 10);
  QCOMPARE(worst.size(), 4);
  QCOMPARE(worst[0].prompt, QStringLiteral("mid"));
  QCOMPARE(worst[1].prompt, QStringLiteral("good"));
  QCOMPARE(worst[2].prompt, QStringLiteral("bad"));
  QCOMPARE(worst[3].prompt, QStringLiteral("empty"));
}

void TestEvalRepository::failedStoreLeavesNothing() {
  EvalRepository repo(mProject->database());
  EvalRecord bad = record(QStringLiteral("base"), QString(), 0.5);
  bad.split = QStringLiteral("holdout");  // not a split the schema knows
  QString error;
  QCOMPARE(repo.store(bad, {example(QStringLiteral("a"), 0.5, 1, 1)}, &error), qint64(0));
  QVERIFY(error.contains(QStringLiteral("cannot store")));
  QVERIFY(repo.list().isEmpty());
  QSqlQuery q(mProject->database().connection());
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM eval_examples")) && q.next());
  QCOMPARE(q.value(0).toInt(), 0);
  // The connection is usable afterwards (the transaction was rolled back).
  QVERIFY(repo.store(record(QStringLiteral("base"), QString(), 0.5), {}, &error) > 0);
}

void TestEvalRepository::removeTakesTheExamples() {
  EvalRepository repo(mProject->database());
  QString error;
  const qint64 id = repo.store(record(QStringLiteral("base"), QString(), 0.5),
                               {example(QStringLiteral("a"), 0.5, 1, 1), example(QStringLiteral("b"), 0.5, 1, 1)}, &error);
  QVERIFY(repo.remove(id, &error));
  QVERIFY(repo.list().isEmpty());
  QSqlQuery q(mProject->database().connection());
  QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM eval_examples")) && q.next());
  QCOMPARE(q.value(0).toInt(), 0);
}

void TestEvalRepository::exportsJsonlAndCsv() {
  EvalRepository repo(mProject->database());
  QString error;
  EvalExampleRecord tricky = example(QStringLiteral("a \"quoted\", comma"), 0.25, 2.0, 2);
  tricky.generation = QStringLiteral("line one\nline two, ünïcödé");
  const qint64 id = repo.store(record(QStringLiteral("run-1"), QStringLiteral("final"), 0.5),
                               {tricky, example(QStringLiteral("plain"), QVariant(), 0, 0)}, &error);
  QVERIFY(id > 0);
  const QString jsonl = mTmp.filePath(QStringLiteral("answers.jsonl"));
  QCOMPARE(evalExportFormatFor(jsonl), EvalExportFormat::Jsonl);
  QCOMPARE(exportEvalExamples(mProject->database(), id, jsonl, EvalExportFormat::Jsonl, &error), 2);
  const QList<QByteArray> lines = readAll(jsonl).trimmed().split('\n');
  QCOMPARE(lines.size(), 2);
  const QJsonObject first = QJsonDocument::fromJson(lines[0]).object();
  QCOMPARE(first.value(QStringLiteral("prompt")).toString(), tricky.prompt);
  QCOMPARE(first.value(QStringLiteral("generation")).toString(), tricky.generation);
  QCOMPARE(first.value(QStringLiteral("reference")).toString(), tricky.reference);
  QCOMPARE(first.value(QStringLiteral("rouge_l")).toDouble(), 0.25);
  QCOMPARE(first.value(QStringLiteral("perplexity")).toDouble(), std::exp(1.0));
  QCOMPARE(first.value(QStringLiteral("model")).toString(), QStringLiteral("run-1 · final"));
  QVERIFY(QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("rouge_l")).isNull());

  const QString csv = mTmp.filePath(QStringLiteral("answers.CSV"));
  QCOMPARE(evalExportFormatFor(csv), EvalExportFormat::Csv);
  QCOMPARE(exportEvalExamples(mProject->database(), id, csv, EvalExportFormat::Csv, &error), 2);
  const QString text = QString::fromUtf8(readAll(csv));
  QVERIFY(text.startsWith(QStringLiteral("\"line\",\"prompt\",\"reference\",\"generation\",\"rouge_l\",\"perplexity\"\r\n")));
  QVERIFY2(text.contains(QStringLiteral("\"a \"\"quoted\"\", comma\"")), qPrintable(text));
  QVERIFY(text.contains(QStringLiteral("\"line one\nline two, ünïcödé\"")));
  QCOMPARE(text.count(QStringLiteral("\r\n")), 3);
}

void TestEvalRepository::exportRefusesUnknownIdAndKeepsOldFile() {
  const QString path = mTmp.filePath(QStringLiteral("keep.jsonl"));
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("old\n");
  f.close();
  QString error;
  QCOMPARE(exportEvalExamples(mProject->database(), 42, path, EvalExportFormat::Jsonl, &error), -1);
  QVERIFY(error.contains(QStringLiteral("#42")));
  QCOMPARE(readAll(path), QByteArray("old\n"));
  QCOMPARE(exportEvalExamples(mProject->database(), 42, mTmp.filePath(QStringLiteral("no/such/dir/x.csv")),
                              EvalExportFormat::Csv, &error), -1);
}

void TestEvalRepository::resolvesRunCheckpoints() {
  const QString runDir = QDir(mProject->folder()).filePath(QStringLiteral("runs/r1"));
  RunInfo run;
  run.name = QStringLiteral("r1");
  run.kind = QStringLiteral("sft");
  run.dataset = QStringLiteral("faq");
  run.model = QStringLiteral("/models/base");
  run.runDir = runDir;
  QString error;
  QVERIFY(RunRepository(mProject->database()).startRun(run, &error) > 0);
  EvalTarget target;
  QVERIFY(!resolveRunTarget(mProject->database(), QStringLiteral("r1"), QString(), &target, &error));
  QVERIFY2(error.contains(QStringLiteral("no adapter yet")), qPrintable(error));

  makeAdapter(runDir + QStringLiteral("/adapter"));
  makeAdapter(runDir + QStringLiteral("/best-adapter"));
  makeAdapter(runDir + QStringLiteral("/checkpoints/step-000020/adapter"));
  makeAdapter(runDir + QStringLiteral("/checkpoints/step-000040/adapter"));
  QDir().mkpath(runDir + QStringLiteral("/checkpoints/step-000060"));  // half-written: no adapter inside
  QCOMPARE(runCheckpoints(run), (QStringList{QStringLiteral("final"), QStringLiteral("best"),
                                             QStringLiteral("step-000040"), QStringLiteral("step-000020")}));

  QVERIFY2(resolveRunTarget(mProject->database(), QStringLiteral("r1"), QString(), &target, &error), qPrintable(error));
  QCOMPARE(target.checkpoint, QStringLiteral("final"));
  QCOMPARE(target.adapter, runDir + QStringLiteral("/adapter"));
  QCOMPARE(target.model, QStringLiteral("/models/base"));
  QCOMPARE(target.runName, QStringLiteral("r1"));
  QVERIFY(resolveRunTarget(mProject->database(), QStringLiteral("r1"), QStringLiteral("best"), &target, &error));
  QCOMPARE(target.adapter, runDir + QStringLiteral("/best-adapter"));
  QVERIFY(resolveRunTarget(mProject->database(), QStringLiteral("r1"), QStringLiteral("step-20"), &target, &error));
  QCOMPARE(target.checkpoint, QStringLiteral("step-000020"));
  QCOMPARE(target.adapter, runDir + QStringLiteral("/checkpoints/step-000020/adapter"));

  QVERIFY(!resolveRunTarget(mProject->database(), QStringLiteral("r1"), QStringLiteral("step-60"), &target, &error));
  QVERIFY2(error.contains(QStringLiteral("choose one of: final, best, step-000040, step-000020")), qPrintable(error));
  QVERIFY(!resolveRunTarget(mProject->database(), QStringLiteral("nope"), QString(), &target, &error));
  QVERIFY2(error.contains(QStringLiteral("its runs are: r1")), qPrintable(error));
}

void TestEvalRepository::recordFromAResult() {
  EvalTarget target;
  target.model = QStringLiteral("/models/base");
  target.adapter = QStringLiteral("/somewhere/adapter");
  target.runName = QStringLiteral("base");  // a bare adapter folder, not a run
  EvalOptions options;
  options.dataset = QStringLiteral("faq");
  options.split.clear();
  options.maxNewTokens = 16;
  EvalResult result;
  result.n = 2;
  result.tokens = 5;
  result.perplexity = 3.0;
  result.bleu.bleu = 0.4;
  result.rougeL = 0.6;
  EvalExample a;
  a.prompt = QStringLiteral("q");
  a.reference = QStringLiteral("r");
  a.generated = QStringLiteral("g");
  a.rougeL = 0.6;
  a.nll = 2;
  a.tokens = 3;
  EvalExample text;  // a plain-text row: scored, not generated for
  text.nll = 1;
  text.tokens = 2;
  result.examples = {a, text};
  const EvalRecord r = evalRecordFor(target, options, result);
  QCOMPARE(r.checkpoint, QStringLiteral("adapter"));
  QCOMPARE(r.split, QStringLiteral("all"));
  QVERIFY(r.hasGeneration);
  QCOMPARE(r.maxNewTokens, 16);
  const QList<EvalExampleRecord> rows = evalExampleRecordsFor(result);
  QCOMPARE(rows.size(), 2);
  QCOMPARE(rows[0].rougeL.toDouble(), 0.6);
  QCOMPARE(rows[0].generation, QStringLiteral("g"));
  QVERIFY(rows[1].rougeL.isNull());
  QCOMPARE(rows[1].position, 1);
  options.generate = false;
  QVERIFY(!evalRecordFor(target, options, result).hasGeneration);
}

// A real evaluation of the sample's small base model: cancelled half-way it
// stores nothing; finished it stores the result with every example.
void TestEvalRepository::sessionStoresAndCancelStoresNothing() {
  QString error;
  auto sample = createSampleProject(mTmp.filePath(QStringLiteral("sample")), &error);
  QVERIFY2(sample, qPrintable(error));
  EvalTarget target;
  target.model = sampleModelPath(*sample);
  EvalSessionOptions options;
  options.eval.dataset = QStringLiteral("support-faq");
  options.eval.limit = 2;
  options.eval.maxNewTokens = 8;
  options.device = QStringLiteral("cpu");
  int calls = 0;
  QStringList phases;
  const EvalSessionProgress cancelSoon = [&](const QString& phase, int, int) {
    if (!phases.contains(phase)) phases << phase;
    return phase != QLatin1String("evaluating") || ++calls < 3;
  };
  EvalResult result;
  qint64 id = -1;
  QVERIFY(!runEvalSession(sample->database(), target, options, cancelSoon, &result, &id, &error));
  QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
  QCOMPARE(id, qint64(0));
  QCOMPARE(phases, (QStringList{QStringLiteral("loading"), QStringLiteral("evaluating")}));
  EvalRepository repo(sample->database());
  QVERIFY(repo.list().isEmpty());

  QVERIFY2(runEvalSession(sample->database(), target, options, {}, &result, &id, &error), qPrintable(error));
  QVERIFY(id > 0);
  EvalRecord stored;
  QVERIFY(repo.find(id, &stored));
  QCOMPARE(stored.runName, QStringLiteral("base"));
  QCOMPARE(stored.n, 2);
  QCOMPARE(stored.perplexity, result.perplexity);
  QCOMPARE(stored.rougeL, result.rougeL);
  QCOMPARE(stored.details.value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
  QCOMPARE(repo.worstExamples(id, WorstBy::Perplexity, 10).size(), 2);

  options.store = false;
  QVERIFY(runEvalSession(sample->database(), target, options, {}, &result, &id, &error));
  QCOMPARE(id, qint64(0));
  QCOMPARE(repo.list().size(), 1);
}

QTEST_GUILESS_MAIN(TestEvalRepository)
#include "tst_evalrepository.moc"
