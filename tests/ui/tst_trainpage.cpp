// The Train page end to end with the real worker: on the sample project, the
// preset's settings, Start, the curve growing, Stop (a checkpoint, status
// stopped), a new page redrawing the whole curve from the database, Resume to
// the end, and the model card. Then the preference recipes: DPO and a reward
// model on the tone pairs, with their accuracy and margin curves.
#include "pages/trainpage.h"
#include "storage/datasetrepository.h"
#include "pages/trainsettingsform.h"
#include "projectcontroller.h"
#include "widgets/trainingchart.h"

#include "data/datasetcleaner.h"
#include "jobs/jobprocess.h"
#include "data/datasetimporter.h"
#include "project/project.h"
#include "storage/runrepository.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QDir>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include <csignal>
#include <qcustomplot.h>

using namespace Atelier;

class TestTrainPage : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void trainStopReopenResume();
  void killedWorkerShowsAsInterrupted();
  void preferenceRecipesDrawRewardCurves();
};

namespace {

// Creates the sample project in `dir` and waits until the controller has it open.
bool openSampleProject(ProjectController& controller, const QTemporaryDir& dir) {
  QSignalSpy opened(&controller, &ProjectController::projectOpened);
  controller.createSampleProject(dir.filePath(QStringLiteral("sample")));
  return opened.wait(120000);
}

}  // namespace

void TestTrainPage::initTestCase() {
  qputenv("ATELIER_BINARY", ATELIER_BINARY);
  if (qEnvironmentVariableIsEmpty("OMP_NUM_THREADS")) qputenv("OMP_NUM_THREADS", "2");
}

void TestTrainPage::trainStopReopenResume() {
  QTemporaryDir dir;
  ProjectController controller;
  QVERIFY(openSampleProject(controller, dir));

  auto page = std::make_unique<TrainPage>(&controller);
  page->show();
  QTRY_VERIFY_WITH_TIMEOUT(page->datasetBox()->findText(QStringLiteral("support-faq")) >= 0, 20000);
  page->datasetBox()->setCurrentText(QStringLiteral("support-faq"));
  QVERIFY(page->modelFolder().endsWith(QStringLiteral("sample-base")));
  QTRY_VERIFY_WITH_TIMEOUT(!page->isAnalysing() && page->fitAdvice().has_value(), 60000);
  QCOMPARE(page->fitAdvice()->verdict, FitVerdict::Fits);

  // The Quick try preset on the sample: a short run that a person sees finish.
  page->applyPreset(TrainingPreset::QuickTry);
  const SftConfig preset = page->currentConfig();
  QVERIFY(preset.totalSteps(24) <= 100);
  QVERIFY(preset.learningRate > 1e-3);  // the sample's tiny model needs big steps
  qInfo("Quick try on the sample: %s", qPrintable(preset.toArguments().mid(10).join(QLatin1Char(' '))));
  // Keep this test short on shared machines: 20 steps, checks every 4.
  qobject_cast<QSpinBox*>(page->settings()->editor(QStringLiteral("max_steps")))->setValue(20);
  qobject_cast<QSpinBox*>(page->settings()->editor(QStringLiteral("eval_every")))->setValue(4);
  qobject_cast<QSpinBox*>(page->settings()->editor(QStringLiteral("save_every")))->setValue(100);
  QCOMPARE(page->currentConfig().maxSteps, 20);

  QSignalSpy ended(page.get(), &TrainPage::runEnded);
  QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("startButton")), Qt::LeftButton);
  QCOMPARE(page->currentStatus(), QStringLiteral("running"));
  // The curve grows while the worker trains.
  QTRY_VERIFY_WITH_TIMEOUT(page->chart()->lossGraph()->dataCount() >= 2, 180000);
  const qint64 runId = page->currentRunId();
  QVERIFY(runId > 0);
  QVERIFY(page->stopRun());
  QTRY_COMPARE_WITH_TIMEOUT(page->currentStatus(), QStringLiteral("stopped"), 120000);
  QCOMPARE(ended.count(), 1);
  QCOMPARE(ended.first().first().toString(), QStringLiteral("stopped"));
  RunInfo run;
  QVERIFY(RunRepository(controller.project()->database()).findById(runId, &run));
  QCOMPARE(run.status, QStringLiteral("stopped"));
  const QStringList checkpoints =
      QDir(run.runDir + QStringLiteral("/checkpoints")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
  QVERIFY2(!checkpoints.isEmpty(), qPrintable(run.runDir));
  QTRY_VERIFY(page->findChild<QPushButton*>(QStringLiteral("resumeButton"))->isEnabled());
  const int stepsBefore = page->chart()->lossGraph()->dataCount();
  qInfo("stopped after %d of 20 steps", stepsBefore);
  QVERIFY(stepsBefore >= 2 && stepsBefore < 20);

  // A new page (the GUI reopened) redraws the whole curve from the database.
  page.reset();
  page = std::make_unique<TrainPage>(&controller);
  page->show();
  QTRY_COMPARE_WITH_TIMEOUT(page->currentRunId(), runId, 20000);
  QTRY_COMPARE_WITH_TIMEOUT(page->chart()->lossGraph()->dataCount(), stepsBefore, 20000);
  QTRY_COMPARE(page->currentStatus(), QStringLiteral("stopped"));

  // Resume to the end: all 20 steps, the model card and the adapter.
  QSignalSpy endedAgain(page.get(), &TrainPage::runEnded);
  QTRY_VERIFY_WITH_TIMEOUT(!page->isAnalysing(), 60000);
  QTest::mouseClick(page->findChild<QPushButton*>(QStringLiteral("resumeButton")), Qt::LeftButton);
  QCOMPARE(page->currentStatus(), QStringLiteral("running"));
  QTRY_COMPARE_WITH_TIMEOUT(page->currentStatus(), QStringLiteral("finished"), 300000);
  QTRY_COMPARE(page->chart()->lossGraph()->dataCount(), 20);
  QVERIFY(page->chart()->evalGraph()->dataCount() >= 5);  // steps 0, 4, ..., 20
  QCOMPARE(endedAgain.count(), 1);
  QVERIFY(page->modelCard()->isVisibleTo(page.get()));
  QVERIFY(!page->modelCard()->toPlainText().isEmpty());
  QVERIFY(QFile::exists(run.runDir + QStringLiteral("/adapter/adapter_model.safetensors")));

  // For a look at the layout: ATELIER_SCREENSHOT=file.png
  if (const QString shot = qEnvironmentVariable("ATELIER_SCREENSHOT"); !shot.isEmpty()) {
    page->resize(1400, 900);
    QTest::qWait(200);
    page->grab().save(shot);
  }

  // The run history: ticking a run overlays its curve for comparison.
  QCOMPARE(page->runList()->count(), 1);
  page->runList()->item(0)->setCheckState(Qt::Checked);
  QTRY_COMPARE(page->chart()->overlayCount(), 1);
  page->runList()->item(0)->setCheckState(Qt::Unchecked);
  QTRY_COMPARE(page->chart()->overlayCount(), 0);
}

void TestTrainPage::killedWorkerShowsAsInterrupted() {
  QTemporaryDir dir;
  ProjectController controller;
  QVERIFY(openSampleProject(controller, dir));
  TrainPage page(&controller);
  QTRY_VERIFY_WITH_TIMEOUT(page.datasetBox()->findText(QStringLiteral("support-faq")) >= 0, 20000);
  QTRY_VERIFY_WITH_TIMEOUT(!page.isAnalysing() && page.fitAdvice().has_value(), 60000);
  qobject_cast<QSpinBox*>(page.settings()->editor(QStringLiteral("max_steps")))->setValue(200);
  QString error;
  QVERIFY2(page.startRun(&error), qPrintable(error));
  QTRY_VERIFY_WITH_TIMEOUT(page.chart()->lossGraph()->dataCount() >= 1, 180000);
  RunInfo run;
  QVERIFY(RunRepository(controller.project()->database()).findById(page.currentRunId(), &run));
  QVERIFY(run.pid > 0);
  // A crash (or a power cut) leaves the run marked running with no process behind it.
  ::kill(pid_t(run.pid), SIGKILL);
  QTRY_COMPARE_WITH_TIMEOUT(page.currentStatus(), QStringLiteral("interrupted"), 20000);
  QVERIFY(page.findChild<QPushButton*>(QStringLiteral("resumeButton"))->isEnabled());
  QVERIFY(page.findChild<QPushButton*>(QStringLiteral("startButton"))->isEnabled());
  QVERIFY(!page.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
}

namespace {
// When the worker exits the page reads its run once more, redrawing the chart
// from the database: checks of the chart come after that.
void waitForWorkerExit(TrainPage& page) {
  JobProcess* job = page.findChild<JobProcess*>();
  QVERIFY(job);
  QTRY_VERIFY_WITH_TIMEOUT(!job->isRunning(), 60000);
}

// Starts a run and waits for it to finish (the caller checks currentTestFailed()).
void finishRun(TrainPage& page, ProjectController& controller, RunInfo* run) {
  QString error;
  QVERIFY2(page.startRun(&error), qPrintable(error));
  QTRY_VERIFY_WITH_TIMEOUT(page.currentRunId() > 0, 180000);
  QTRY_COMPARE_WITH_TIMEOUT(page.currentStatus(), QStringLiteral("finished"), 300000);
  waitForWorkerExit(page);
  QVERIFY(RunRepository(controller.project()->database()).findById(page.currentRunId(), run));
}

void setSpin(TrainPage& page, const char* key, int value) {
  qobject_cast<QSpinBox*>(page.settings()->editor(QString::fromLatin1(key)))->setValue(value);
}
}  // namespace

void TestTrainPage::preferenceRecipesDrawRewardCurves() {
  QTemporaryDir dir;
  ProjectController controller;
  QVERIFY(openSampleProject(controller, dir));

  // The sample comes with the tone pairs: take them out, then bring them back as a user would.
  {
    DatasetRepository datasets(controller.project()->database());
    DatasetInfo bundled;
    QString error;
    QVERIFY(datasets.find(QStringLiteral("tone-pairs"), &bundled));
    QCOMPARE(bundled.kind, QStringLiteral("preference"));
    QVERIFY2(datasets.remove(bundled.id, &error), qPrintable(error));
  }
  {
    // No preference data yet: DPO says where to get some instead of an empty list.
    TrainPage page(&controller);
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(page.datasetBox()->findText(QStringLiteral("support-faq")) >= 0, 20000);
    QVERIFY(!page.settings()->isSettingVisible(QStringLiteral("dpo_beta")));
    page.recipeBox()->setCurrentIndex(page.recipeBox()->findData(QStringLiteral("dpo")));
    QCOMPARE(page.datasetBox()->count(), 0);
    QVERIFY(page.datasetHint()->isVisible());
    QVERIFY(page.datasetHint()->text().contains(QStringLiteral("Data step")));
    QVERIFY(page.datasetHint()->text().contains(QStringLiteral("Rank step")));
    QString error;
    QVERIFY(!page.startRun(&error));
    QVERIFY(error.contains(QStringLiteral("preference")));
  }

  // The tone pairs, imported and split as the Data step does.
  const QString pairs = dir.filePath(QStringLiteral("support-tone-pairs.jsonl"));
  QVERIFY(QFile::copy(QStringLiteral(":/sample/support-tone-pairs.jsonl"), pairs));
  ImportOptions import;
  import.file = pairs;
  import.name = QStringLiteral("tone-pairs");
  ImportResult imported;
  QString error;
  QVERIFY2(importDataset(controller.project()->database(), import, &imported, &error), qPrintable(error));
  QCOMPARE(imported.imported, qint64(120));
  SplitResult split;
  QVERIFY2(splitDataset(controller.project()->database(), import.name, 0.1, 0.1, 42, &split, &error),
           qPrintable(error));

  auto page = std::make_unique<TrainPage>(&controller);
  page->show();
  QTRY_VERIFY_WITH_TIMEOUT(page->datasetBox()->findText(QStringLiteral("support-faq")) >= 0, 20000);
  // Fine-tuning lists the examples, not the pairs; DPO the other way round.
  QCOMPARE(page->datasetBox()->findText(QStringLiteral("tone-pairs")), -1);
  page->recipeBox()->setCurrentIndex(page->recipeBox()->findData(QStringLiteral("dpo")));
  QCOMPARE(page->datasetBox()->count(), 1);
  QCOMPARE(page->datasetBox()->currentText(), QStringLiteral("tone-pairs"));
  QVERIFY(!page->datasetHint()->isVisible());
  QVERIFY(page->settings()->isSettingVisible(QStringLiteral("dpo_beta")));
  QTRY_VERIFY_WITH_TIMEOUT(!page->isAnalysing() && page->fitAdvice().has_value(), 60000);
  page->applyPreset(TrainingPreset::QuickTry);
  SftConfig config = page->currentConfig();
  QCOMPARE(config.recipe, QStringLiteral("dpo"));
  QCOMPARE(config.dataset, QStringLiteral("tone-pairs"));
  QCOMPARE(config.dpoBeta, 0.1);
  QVERIFY(config.learningRate > 1e-4);  // still the tiny model's larger step
  qobject_cast<QDoubleSpinBox*>(page->settings()->editor(QStringLiteral("dpo_beta")))->setValue(0.2);
  QCOMPARE(page->currentConfig().dpoBeta, 0.2);
  QVERIFY(page->currentConfig().toArguments().contains(QStringLiteral("--beta")));
  // Short: 6 steps, checks at 0, 3 and 6.
  setSpin(*page, "max_steps", 6);
  setSpin(*page, "eval_every", 3);
  setSpin(*page, "save_every", 100);
  RunInfo dpo;
  finishRun(*page, controller, &dpo);
  if (QTest::currentTestFailed()) return;
  QCOMPARE(dpo.kind, QStringLiteral("dpo"));
  QCOMPARE(dpo.dataset, QStringLiteral("tone-pairs"));
  TrainingChart* chart = page->chart();
  QTRY_COMPARE(chart->lossGraph()->dataCount(), 6);
  QTRY_COMPARE(chart->accuracyGraph()->dataCount(), 6);
  QVERIFY(chart->preferenceMode());
  QCOMPARE(chart->marginGraph()->dataCount(), 6);
  QVERIFY(chart->valAccuracyGraph()->dataCount() >= 2);
  QCOMPARE(chart->valMarginGraph()->dataCount(), chart->valAccuracyGraph()->dataCount());
  QVERIFY(chart->rewardAxis()->visible());
  QVERIFY(chart->valuesNear(3).contains(QStringLiteral("Reward accuracy")));
  const auto valAccuracy = chart->valAccuracyGraph()->data();
  for (auto it = valAccuracy->constBegin(); it != valAccuracy->constEnd(); ++it) QVERIFY(it->value >= 0 && it->value <= 1);
  QCOMPARE(page->runList()->count(), 1);
  QVERIFY(page->runList()->item(0)->text().contains(QStringLiteral("DPO")));
  QVERIFY(page->modelCard()->isVisibleTo(page.get()));
  if (const QString shot = qEnvironmentVariable("ATELIER_SCREENSHOT_DPO"); !shot.isEmpty()) {
    page->resize(1400, 900);
    QTest::qWait(200);
    page->grab().save(shot);
  }

  // The GUI reopened: the curves come back from the stored events.
  const int valPoints = chart->valAccuracyGraph()->dataCount();
  page = std::make_unique<TrainPage>(&controller);
  page->show();
  QTRY_COMPARE_WITH_TIMEOUT(page->currentRunId(), dpo.id, 20000);
  QTRY_COMPARE_WITH_TIMEOUT(page->chart()->accuracyGraph()->dataCount(), 6, 20000);
  QCOMPARE(page->chart()->marginGraph()->dataCount(), 6);
  QCOMPARE(page->chart()->valAccuracyGraph()->dataCount(), valPoints);
  QVERIFY(page->runList()->item(0)->text().contains(QStringLiteral("DPO")));

  // A reward model: its own kind and curves, paused and resumed as a reward
  // run (`train reward --resume`), and an adapter that does not chat.
  QTRY_VERIFY_WITH_TIMEOUT(page->datasetBox()->count() > 0, 20000);
  page->setRecipe(QStringLiteral("reward"));
  QCOMPARE(page->recipeBox()->currentText(), QStringLiteral("Reward model (scores answers)"));
  QCOMPARE(page->datasetBox()->currentText(), QStringLiteral("tone-pairs"));
  QVERIFY(!page->settings()->isSettingVisible(QStringLiteral("dpo_beta")));
  QTRY_VERIFY_WITH_TIMEOUT(!page->isAnalysing() && page->fitAdvice().has_value(), 60000);
  setSpin(*page, "max_steps", 16);
  setSpin(*page, "eval_every", 8);
  setSpin(*page, "save_every", 100);
  QCOMPARE(page->currentConfig().recipe, QStringLiteral("reward"));
  QVERIFY2(page->startRun(&error), qPrintable(error));
  QTRY_VERIFY_WITH_TIMEOUT(page->chart()->accuracyGraph()->dataCount() >= 1, 180000);
  QVERIFY(page->stopRun());
  QTRY_COMPARE_WITH_TIMEOUT(page->currentStatus(), QStringLiteral("stopped"), 120000);
  waitForWorkerExit(*page);
  QTRY_VERIFY(page->chart()->accuracyGraph()->dataCount() >= 1);
  QVERIFY(page->chart()->accuracyGraph()->dataCount() < 16);
  QTRY_VERIFY(page->findChild<QPushButton*>(QStringLiteral("resumeButton"))->isEnabled());
  QVERIFY2(page->resumeRun(&error), qPrintable(error));
  QTRY_COMPARE_WITH_TIMEOUT(page->currentStatus(), QStringLiteral("finished"), 300000);
  waitForWorkerExit(*page);
  if (QTest::currentTestFailed()) return;
  RunInfo reward;
  QVERIFY(RunRepository(controller.project()->database()).findById(page->currentRunId(), &reward));
  QCOMPARE(reward.kind, QStringLiteral("reward"));
  QTRY_COMPARE(page->chart()->accuracyGraph()->dataCount(), 16);
  QVERIFY(page->chart()->valAccuracyGraph()->dataCount() >= 2);
  QVERIFY(page->chart()->valMarginGraph()->dataCount() >= 2);
  QTRY_VERIFY(page->findChild<QLabel*>(QStringLiteral("adapterLabel"))->text().contains(QStringLiteral("cannot chat")));
  QCOMPARE(page->runList()->count(), 2);
  QVERIFY(page->runList()->item(1)->text().contains(QStringLiteral("Reward model")));

  // Clicking the first (DPO) run redraws its curves in place of the reward model's.
  QTest::mouseClick(page->runList()->viewport(), Qt::LeftButton, {},
                    page->runList()->visualItemRect(page->runList()->item(0)).center());
  QTRY_COMPARE_WITH_TIMEOUT(page->currentRunId(), dpo.id, 5000);
  QTRY_COMPARE_WITH_TIMEOUT(page->chart()->accuracyGraph()->dataCount(), 6, 20000);
}

QTEST_MAIN(TestTrainPage)
#include "tst_trainpage.moc"
