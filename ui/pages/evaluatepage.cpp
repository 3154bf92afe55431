// The Evaluate page: the form that says what to evaluate, and the background
// job. The results side (table, chart, worst answers, export) is in
// evaluateresults.cpp.
#include "evaluatepage.h"

#include "evaluationjob.h"
#include "projectcontroller.h"
#include "settings/appsettings.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "storage/runrepository.h"
#include "widgets/messagebanner.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QShowEvent>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Atelier {

// What the page shows of a project, read in one go off the GUI thread.
struct EvaluatePage::Snapshot {
  quint64 generation = 0;
  QStringList datasets;
  QStringList models;  // base model folders worth offering
  QList<QPair<QString, QString>> runs;  // name, base model
  QMap<QString, QStringList> checkpoints;
  QList<EvalRecord> records;
};

EvaluatePage::EvaluatePage(ProjectController* controller, QWidget* parent)
    : QWidget(parent), mController(controller), mJob(new EvaluationJob(this)) {
  setObjectName(QStringLiteral("evaluatePage"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 24, 24, 24);
  auto* title = new QLabel(tr("<h2>Evaluate</h2><p>Measure how well a model answers questions it has not "
                              "trained on: the base model or a fine-tuning run, on the part of a dataset "
                              "kept back for testing. Compare the results, then read the worst answers "
                              "yourself — numbers only tell part of the story.</p>"));
  title->setWordWrap(true);
  mBanner = new MessageBanner;
  mNoProject = new QLabel(tr("Open or create a project on the Project page first; evaluations are kept in a project."));
  mNoProject->setWordWrap(true);
  mContent = new QWidget;
  auto* content = new QVBoxLayout(mContent);
  content->setContentsMargins(0, 0, 0, 0);
  content->addWidget(buildForm());
  content->addWidget(buildResults(), 1);
  layout->addWidget(title);
  layout->addWidget(mBanner);
  layout->addWidget(mNoProject);
  layout->addWidget(mContent, 1);

  connect(mJob, &EvaluationJob::progressChanged, this,
          [this](const QString& phase, int done, int total, const QString& text) {
            mProgress->setRange(0, std::max(total, 1));
            mProgress->setValue(done);
            mProgress->setFormat(phase == QLatin1String("evaluating") ? tr("%v of %m") : tr("%p%"));
            mStatus->setText(text);
          });
  connect(mJob, &EvaluationJob::finished, this, [this](bool ok, qint64 id, const QString& message) {
    setBusy(false);
    if (ok) {
      mStatus->setText(id > 0 ? tr("Stored as result #%1. %2").arg(id).arg(message) : message);
      refresh();
      if (id > 0) {
        // Select the new row once the table has it.
        auto* once = new QObject(this);
        connect(this, &EvaluatePage::refreshed, once, [this, id, once] {
          selectResult(id);
          once->deleteLater();
        });
      }
    } else {
      mStatus->clear();
      mBanner->showMessage(MessageBanner::Kind::Error, message.toHtmlEscaped());
    }
    Q_EMIT evaluationFinished(ok, id);
  });
  connect(controller, &ProjectController::projectOpened, this, &EvaluatePage::refresh);
  connect(controller, &ProjectController::projectClosed, this, &EvaluatePage::refresh);
  refresh();
}

EvaluatePage::~EvaluatePage() = default;

void EvaluatePage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (!event->spontaneous() && mController->hasProject()) refresh();
}

QWidget* EvaluatePage::buildForm() {
  auto* box = new QGroupBox(tr("What to evaluate"));
  auto* form = new QFormLayout;
  mTarget = new QComboBox;
  mTarget->setObjectName(QStringLiteral("evalTarget"));
  mTarget->setToolTip(tr("The base model as downloaded, or the model with what a fine-tuning run taught it."));
  mCheckpoint = new QComboBox;
  mCheckpoint->setObjectName(QStringLiteral("evalCheckpoint"));
  mCheckpoint->setToolTip(tr("Which saved state of the run: the final one, the one with the best validation "
                             "loss, or one saved along the way."));
  mModel = new QComboBox;
  mModel->setObjectName(QStringLiteral("evalModel"));
  mModel->setEditable(true);
  mModel->setToolTip(tr("The base model folder (Hugging Face layout)."));
  mBrowseModel = new QPushButton(tr("Choose &folder…"));
  auto* modelRow = new QHBoxLayout;
  modelRow->addWidget(mModel, 1);
  modelRow->addWidget(mBrowseModel);
  mDataset = new QComboBox;
  mDataset->setObjectName(QStringLiteral("evalDataset"));
  mSplit = new QComboBox;
  mSplit->setObjectName(QStringLiteral("evalSplit"));
  mSplit->addItem(tr("Test part (kept back, never trained on)"), QStringLiteral("test"));
  mSplit->addItem(tr("Validation part"), QStringLiteral("val"));
  mSplit->addItem(tr("Training part (answers it has seen)"), QStringLiteral("train"));
  mSplit->addItem(tr("All kept rows"), QStringLiteral("all"));
  mSplit->setToolTip(tr("Use the test part to see how the model does on questions it has never seen."));
  mMaxNewTokens = new QSpinBox;
  mMaxNewTokens->setObjectName(QStringLiteral("evalMaxNewTokens"));
  mMaxNewTokens->setRange(1, 4096);
  mMaxNewTokens->setValue(128);
  mMaxNewTokens->setSuffix(tr(" tokens"));
  mMaxNewTokens->setToolTip(tr("The longest answer the model may write for each question (a token is about "
                               "three quarters of a word). Longer answers take longer to evaluate."));
  mLimit = new QSpinBox;
  mLimit->setObjectName(QStringLiteral("evalLimit"));
  mLimit->setRange(0, 1000000);
  mLimit->setSpecialValueText(tr("all"));
  mLimit->setToolTip(tr("Evaluate only the first questions of the part, for a quick look (0 = all)."));
  form->addRow(tr("&Model:"), mTarget);
  form->addRow(tr("Chec&kpoint:"), mCheckpoint);
  auto* modelLabel = new QLabel(tr("&Base model folder:"));
  modelLabel->setBuddy(mModel);
  form->addRow(modelLabel, modelRow);
  form->addRow(tr("&Dataset:"), mDataset);
  form->addRow(tr("&Part:"), mSplit);
  form->addRow(tr("Longest &answer:"), mMaxNewTokens);
  form->addRow(tr("At most (&questions):"), mLimit);

  mStart = new QPushButton(tr("&Start evaluation"));
  mStart->setObjectName(QStringLiteral("evalStart"));
  mStart->setToolTip(tr("Start (Ctrl+Return). The window stays usable while it runs."));
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->setToolTip(tr("Stop the evaluation (Esc); nothing is stored."));
  mCancel->hide();
  mProgress = new QProgressBar;
  mProgress->hide();
  mStatus = new QLabel;
  mStatus->setObjectName(QStringLiteral("evalStatus"));
  mStatus->setWordWrap(true);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(mStart);
  buttons->addWidget(mCancel);
  buttons->addWidget(mProgress, 1);
  auto* column = new QVBoxLayout(box);
  column->addLayout(form);
  column->addLayout(buttons);
  column->addWidget(mStatus);

  auto* start = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
  connect(start, &QShortcut::activated, this, &EvaluatePage::startEvaluation);
  auto* stop = new QShortcut(QKeySequence(Qt::Key_Escape), this);
  connect(stop, &QShortcut::activated, this, &EvaluatePage::cancel);
  connect(mStart, &QPushButton::clicked, this, &EvaluatePage::startEvaluation);
  connect(mCancel, &QPushButton::clicked, this, &EvaluatePage::cancel);
  connect(mBrowseModel, &QPushButton::clicked, this, &EvaluatePage::chooseModelFolder);
  connect(mTarget, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateCheckpoints);
  connect(mDataset, &QComboBox::currentIndexChanged, this, &EvaluatePage::updateButtons);
  return box;
}

void EvaluatePage::refresh() {
  const quint64 generation = ++mGeneration;
  std::shared_ptr<Project> project = mController->project();
  mNoProject->setVisible(!project);
  mContent->setVisible(bool(project));
  if (!project) {
    applySnapshot(Snapshot());
    return;
  }
  auto* watcher = new QFutureWatcher<Snapshot>(this);
  connect(watcher, &QFutureWatcher<Snapshot>::finished, this, [this, watcher] {
    const Snapshot s = watcher->result();
    watcher->deleteLater();
    if (s.generation != mGeneration) return;  // a newer read is on its way
    applySnapshot(s);
  });
  const QStringList recentModels = AppSettings().recentModels();
  watcher->setFuture(QtConcurrent::run([project, generation, recentModels] {
    Snapshot s;
    s.generation = generation;
    Database& db = project->database();
    for (const DatasetInfo& d : DatasetRepository(db).list())
      if (d.kind != QLatin1String("preference")) s.datasets << d.name;
    const QDir models(QDir(project->folder()).filePath(QStringLiteral("models")));
    for (const QString& name : models.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
      if (QFileInfo::exists(models.filePath(name + QStringLiteral("/config.json")))) s.models << models.filePath(name);
    for (const RunInfo& r : RunRepository(db).list()) {
      s.runs.append({r.name, r.model});
      s.checkpoints[r.name] = runCheckpoints(r);
      if (!s.models.contains(r.model)) s.models << r.model;
    }
    for (const QString& m : recentModels)
      if (!s.models.contains(m)) s.models << m;
    s.records = EvalRepository(db).list();
    db.releaseThreadConnection();
    return s;
  }));
}

void EvaluatePage::applySnapshot(const Snapshot& s) {
  const QString target = mTarget->currentData().toString();
  const QString dataset = mDataset->currentText();
  const QString model = mModel->currentText();
  mRunCheckpoints = s.checkpoints;
  mRunModels.clear();
  {
    const QSignalBlocker block(mTarget);
    mTarget->clear();
    mTarget->addItem(tr("Base model (no fine-tuning)"), QString());
    for (const auto& [name, base] : s.runs) {
      mRunModels[name] = base;
      mTarget->addItem(tr("Run %1").arg(name), name);
    }
    mTarget->setCurrentIndex(std::max(0, mTarget->findData(target)));
  }
  mDataset->clear();
  mDataset->addItems(s.datasets);
  if (mDataset->findText(dataset) >= 0) mDataset->setCurrentText(dataset);
  mModel->clear();
  mModel->addItems(s.models);
  if (!model.isEmpty()) mModel->setCurrentText(model);
  updateCheckpoints();
  mRecords = s.records;
  const qint64 selected = selectedResultId();
  fillResults();  // the table and the chart (evaluateresults.cpp)
  if (selected > 0) selectResult(selected);
  else if (!mRecords.isEmpty()) selectResult(mRecords.first().id);
  else showWorstExamples();
  Q_EMIT refreshed();
}

void EvaluatePage::updateCheckpoints() {
  const QString run = mTarget->currentData().toString();
  const QString previous = mCheckpoint->currentData().toString();
  mCheckpoint->clear();
  for (const QString& c : mRunCheckpoints.value(run)) {
    const QString label = c == QLatin1String("final") ? tr("Final (end of training)")
                          : c == QLatin1String("best") ? tr("Best (lowest validation loss)")
                                                       : tr("Saved at %1").arg(c);
    mCheckpoint->addItem(label, c);
  }
  mCheckpoint->setCurrentIndex(std::max(0, mCheckpoint->findData(previous)));
  if (!run.isEmpty()) mModel->setCurrentText(mRunModels.value(run));
  updateButtons();
}

void EvaluatePage::updateButtons() {
  const bool busy = isBusy();
  const bool run = !mTarget->currentData().toString().isEmpty();
  mCheckpoint->setEnabled(!busy && run);
  mModel->setEnabled(!busy && !run);
  mBrowseModel->setEnabled(!busy && !run);
  mTarget->setEnabled(!busy);
  mDataset->setEnabled(!busy);
  mStart->setEnabled(!busy && mDataset->count() > 0 && (!run || mCheckpoint->count() > 0));
  mStart->setToolTip(mDataset->count() == 0 ? tr("Import a dataset on the Data page first.")
                     : run && mCheckpoint->count() == 0 ? tr("This run has saved no adapter yet.")
                                                        : tr("Start (Ctrl+Return). The window stays usable while it runs."));
  mExport->setEnabled(selectedResultId() > 0);
  mDelete->setEnabled(!busy && selectedResultId() > 0);
}

bool EvaluatePage::isBusy() const { return mJob->isRunning(); }

QString EvaluatePage::statusText() const { return mStatus->text(); }

void EvaluatePage::setBusy(bool busy) {
  mCancel->setVisible(busy);
  mStart->setVisible(!busy);
  mProgress->setVisible(busy);
  mProgress->setValue(0);
  updateButtons();
}

bool EvaluatePage::startEvaluation() {
  std::shared_ptr<Project> project = mController->project();
  if (!project || isBusy() || !mStart->isEnabled()) return false;
  mBanner->hide();
  EvalTarget target;
  const QString run = mTarget->currentData().toString();
  if (run.isEmpty()) {
    target.model = mModel->currentText().trimmed();
    if (target.model.isEmpty()) {
      mBanner->showMessage(MessageBanner::Kind::Error, tr("Choose the base model folder to evaluate."));
      return false;
    }
  } else {
    target.runName = run;
    target.checkpoint = mCheckpoint->currentData().toString();
    target.model = mRunModels.value(run);
  }
  EvalSessionOptions options;
  options.eval.dataset = mDataset->currentText();
  const QString split = mSplit->currentData().toString();
  options.eval.split = split == QLatin1String("all") ? QString() : split;
  options.eval.maxNewTokens = mMaxNewTokens->value();
  options.eval.limit = mLimit->value();
  options.device = AppSettings().computeDevice();
  // The run's adapter folder is resolved on the worker (it reads the run from the database).
  if (!mJob->start(project, target, options)) return false;
  mStatus->setText(tr("Starting…"));
  setBusy(true);
  return true;
}

void EvaluatePage::cancel() { mJob->cancel(); }

void EvaluatePage::chooseModelFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a base model folder"), mModel->currentText());
  if (!folder.isEmpty()) mModel->setCurrentText(folder);
}

}  // namespace Atelier
