// The Evaluate page, offscreen, on the sample project: a real (small)
// evaluation of the base model runs in the background and lands in the table,
// the chart and the database; its worst answers are listed and its answers
// exported; a run's checkpoint is evaluated like the base model; a cancelled
// evaluation stores nothing; a run without a saved adapter cannot be started.
#include "pages/evaluatepage.h"
#include "pages/evaluationjob.h"
#include "projectcontroller.h"
#include "storage/database.h"
#include "storage/evalrepository.h"
#include "storage/runrepository.h"
#include "widgets/evalchart.h"
#include "widgets/messagebanner.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Atelier;

class TestEvaluatePage : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void evaluatesListsAndExports();
  void timeLeftInPlainWords();
};

void TestEvaluatePage::timeLeftInPlainWords() {
  QCOMPARE(EvaluationJob::timeLeftText(0.2), QStringLiteral("about 1 s left"));
  QCOMPARE(EvaluationJob::timeLeftText(42), QStringLiteral("about 42 s left"));
  QCOMPARE(EvaluationJob::timeLeftText(600), QStringLiteral("about 10 min left"));
  QCOMPARE(EvaluationJob::timeLeftText(3 * 3600), QStringLiteral("about 3.0 h left"));
  QVERIFY(EvaluationJob::timeLeftText(-1).isEmpty());
}

void TestEvaluatePage::evaluatesListsAndExports() {
  QTemporaryDir dir;
  ProjectController controller;
  EvaluatePage page(&controller);
  page.show();
  QSignalSpy refreshed(&page, &EvaluatePage::refreshed);
  QSignalSpy opened(&controller, &ProjectController::projectOpened);
  controller.createSampleProject(dir.filePath(QStringLiteral("sample")));
  QVERIFY(opened.wait(120000));
  QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 20000);
  std::shared_ptr<Project> project = controller.project();
  QCOMPARE(page.datasetBox()->currentText(), QStringLiteral("support-faq"));
  QCOMPARE(page.targetBox()->count(), 1);  // the base model; no runs yet
  QVERIFY2(page.modelBox()->currentText().endsWith(QStringLiteral("models/sample-base")),
           qPrintable(page.modelBox()->currentText()));
  QCOMPARE(page.resultsView()->model()->rowCount(), 0);
  page.splitBox()->setCurrentIndex(page.splitBox()->findData(QStringLiteral("test")));
  page.limitBox()->setValue(2);
  page.maxNewTokensBox()->setValue(4);

  // Cancelled at once: nothing is stored.
  QSignalSpy finished(&page, &EvaluatePage::evaluationFinished);
  QVERIFY(page.startEvaluation());
  QVERIFY(page.isBusy());
  QVERIFY(!page.startEvaluation());  // one at a time
  page.cancel();
  QVERIFY(finished.wait(120000));
  QCOMPARE(finished.takeFirst().first().toBool(), false);
  QVERIFY2(page.banner()->text().contains(QStringLiteral("cancelled")), qPrintable(page.banner()->text()));
  QVERIFY(EvalRepository(project->database()).list().isEmpty());

  // A real evaluation: two test questions, up to 24 new tokens each; the GUI
  // thread keeps its heartbeat while the model works.
  page.maxNewTokensBox()->setValue(24);
  refreshed.clear();
  QElapsedTimer sinceBeat;
  qint64 longestGapMs = 0;
  QTimer heartbeat;
  heartbeat.setInterval(5);
  connect(&heartbeat, &QTimer::timeout, [&] { longestGapMs = qMax(longestGapMs, sinceBeat.restart()); });
  sinceBeat.start();
  heartbeat.start();
  QVERIFY(page.startEvaluation());
  QVERIFY(finished.wait(300000));
  heartbeat.stop();
  QVERIFY2(longestGapMs < 250, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(longestGapMs)));
  const QList<QVariant> done = finished.takeFirst();
  QVERIFY2(done.at(0).toBool(), qPrintable(page.banner()->text()));
  const qint64 id = done.at(1).toLongLong();
  QVERIFY(id > 0);
  QVERIFY2(page.statusText().contains(QStringLiteral("#%1").arg(id)), qPrintable(page.statusText()));
  const QList<EvalRecord> stored = EvalRepository(project->database()).list();
  QCOMPARE(stored.size(), 1);
  QCOMPARE(stored[0].id, id);
  QCOMPARE(stored[0].runName, QStringLiteral("base"));
  QCOMPARE(stored[0].split, QStringLiteral("test"));
  QCOMPARE(stored[0].n, 2);
  QCOMPARE(stored[0].maxNewTokens, 24);
  QVERIFY(stored[0].hasGeneration);
  QVERIFY(stored[0].perplexity > 1);

  // It shows in the table (selected), the chart, and its worst answers are listed.
  QSignalSpy worst(&page, &EvaluatePage::worstExamplesShown);
  QTRY_COMPARE_WITH_TIMEOUT(page.resultsView()->model()->rowCount(), 1, 20000);
  QTRY_COMPARE_WITH_TIMEOUT(page.selectedResultId(), id, 20000);
  QCOMPARE(page.resultsView()->model()->index(0, 1).data().toString(), QStringLiteral("Base model"));
  QCOMPARE(page.chart()->barCount(), 1);
  QTRY_COMPARE_WITH_TIMEOUT(page.worstView()->rowCount(), 2, 20000);
  QList<EvalExampleRecord> examples;
  QString error;
  QVERIFY(EvalRepository(project->database()).forEachExample(id, [&](const EvalExampleRecord& e) {
    examples << e;
    return true;
  }, &error));
  QCOMPARE(examples.size(), 2);
  const EvalExampleRecord& lowest =
      examples[0].rougeL.toDouble() <= examples[1].rougeL.toDouble() ? examples[0] : examples[1];
  QVERIFY(page.worstView()->item(0, 0)->text().startsWith(QStringLiteral("ROUGE-L")));
  QCOMPARE(page.worstView()->item(0, 1)->text(), lowest.prompt.simplified());  // sample questions are short

  // Export: JSON lines and CSV, complete.
  QSignalSpy exported(&page, &EvaluatePage::exported);
  const QString jsonl = dir.filePath(QStringLiteral("answers.jsonl"));
  QVERIFY(page.exportSelected(jsonl));
  QVERIFY(exported.wait(20000));
  QVERIFY(exported.takeFirst().first().toBool());
  QFile f(jsonl);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
  QCOMPARE(lines.size(), 2);
  for (int i = 0; i < 2; ++i) {
    const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
    QCOMPARE(o.value(QStringLiteral("prompt")).toString(), examples[i].prompt);
    QCOMPARE(o.value(QStringLiteral("reference")).toString(), examples[i].reference);
    QCOMPARE(o.value(QStringLiteral("generation")).toString(), examples[i].generation);
  }
  const QString csv = dir.filePath(QStringLiteral("answers.csv"));
  QVERIFY(page.exportSelected(csv));
  QVERIFY(exported.wait(20000));
  QVERIFY(exported.takeFirst().first().toBool());
  QFile c(csv);
  QVERIFY(c.open(QIODevice::ReadOnly));
  QVERIFY(c.readLine().startsWith("\"line\",\"prompt\",\"reference\",\"generation\",\"rouge_l\",\"perplexity\""));
  QVERIFY(QDir(dir.path()).entryList({QStringLiteral("answers*")}, QDir::Files | QDir::Hidden).size() == 2);

  // A real run (two LoRA steps, a checkpoint after each) evaluated at its first checkpoint.
  QProcess train;
  train.start(QStringLiteral(ATELIER_BINARY),
              {QStringLiteral("train"), QStringLiteral("sft"), QStringLiteral("--project"), project->folder(),
               QStringLiteral("--dataset"), QStringLiteral("support-faq"), QStringLiteral("--model"),
               page.modelBox()->currentText(), QStringLiteral("--out"), project->folder() + QStringLiteral("/runs/tiny"),
               QStringLiteral("--max-steps"), QStringLiteral("2"), QStringLiteral("--save-every"), QStringLiteral("1"),
               QStringLiteral("--batch-size"), QStringLiteral("2"), QStringLiteral("--seq-len"), QStringLiteral("128")});
  QVERIFY(train.waitForFinished(300000));
  QVERIFY2(train.exitCode() == 0, train.readAllStandardError().constData());
  refreshed.clear();
  page.refresh();
  QVERIFY(refreshed.wait(20000));
  page.targetBox()->setCurrentIndex(page.targetBox()->findData(QStringLiteral("tiny")));
  QVERIFY(page.checkpointBox()->findData(QStringLiteral("final")) >= 0);
  page.checkpointBox()->setCurrentIndex(page.checkpointBox()->findData(QStringLiteral("step-000001")));
  QVERIFY(page.checkpointBox()->currentIndex() >= 0);
  QVERIFY(page.startEvaluation());
  QVERIFY(finished.wait(300000));
  QVERIFY2(finished.takeFirst().first().toBool(), qPrintable(page.banner()->text()));
  EvalRecord tuned = EvalRepository(project->database()).list().first();
  QCOMPARE(tuned.runName, QStringLiteral("tiny"));
  QCOMPARE(tuned.checkpoint, QStringLiteral("step-000001"));
  QVERIFY2(tuned.adapter.endsWith(QStringLiteral("runs/tiny/checkpoints/step-000001/adapter")), qPrintable(tuned.adapter));
  QCOMPARE(tuned.n, 2);
  QTRY_COMPARE_WITH_TIMEOUT(page.resultsView()->model()->rowCount(), 2, 20000);
  QTRY_COMPARE_WITH_TIMEOUT(page.selectedResultId(), tuned.id, 20000);
  QCOMPARE(page.chart()->barCount(), 2);
  // The chart compares like with like: a result on another part is left out until "all results".
  QCOMPARE(page.chartScopeBox()->count(), 2);  // support-faq · test, all results
  QCOMPARE(page.chartScopeBox()->currentData().toString(), QStringLiteral("support-faq/test"));

  // Deleting a result takes its answers with it; the other stays.
  refreshed.clear();
  page.removeResult(id);
  QVERIFY(refreshed.wait(20000));
  QCOMPARE(page.resultsView()->model()->rowCount(), 1);
  QCOMPARE(EvalRepository(project->database()).list().size(), 1);
  QVERIFY(!EvalRepository(project->database()).find(id, &tuned));
  QVERIFY(EvalRepository(project->database()).worstExamples(id, WorstBy::Perplexity, 10).isEmpty());

  // A run that has saved no adapter yet is offered, but cannot be evaluated.
  RunInfo run;
  run.name = QStringLiteral("just-started");
  run.kind = QStringLiteral("sft");
  run.dataset = QStringLiteral("support-faq");
  run.model = page.modelBox()->currentText();
  run.runDir = dir.filePath(QStringLiteral("sample/runs/just-started"));
  QVERIFY(RunRepository(project->database()).startRun(run, &error) > 0);
  refreshed.clear();
  page.refresh();
  QVERIFY(refreshed.wait(20000));
  QCOMPARE(page.targetBox()->count(), 3);
  page.targetBox()->setCurrentIndex(page.targetBox()->findData(QStringLiteral("just-started")));
  QCOMPARE(page.checkpointBox()->count(), 0);
  auto* start = page.findChild<QPushButton*>(QStringLiteral("evalStart"));
  QVERIFY(!start->isEnabled());
  QVERIFY(start->toolTip().contains(QStringLiteral("no adapter")));
  QVERIFY(!page.startEvaluation());
}

QTEST_MAIN(TestEvaluatePage)
#include "tst_evaluatepage.moc"
