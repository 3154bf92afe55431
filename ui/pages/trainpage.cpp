#include "pages/trainpage.h"

#include "jobs/jobprocess.h"
#include "jobs/runfollower.h"
#include "pages/trainsettingsform.h"
#include "projectcontroller.h"
#include "widgets/messagebanner.h"
#include "widgets/trainingchart.h"

#include "data/datasetstats.h"
#include "data/chattemplate.h"
#include "data/tokencounter.h"
#include "inference/chatprompt.h"
#include "project/project.h"
#include "project/sampleproject.h"
#include "settings/appsettings.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "system/systeminfo.h"
#include "tokenizer/tokenizerloader.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace Atelier {
namespace {

int percentile95(QList<int> values) {
  if (values.isEmpty()) return 0;
  std::sort(values.begin(), values.end());
  return values.at(std::min<int>(values.size() - 1, int(values.size() * 0.95)));
}

// The chat template's own tokens (turn headers, an Alpaca preamble), measured:
// a small vocabulary spells them out in many tokens, and examples cut short
// lose their endings, which for preference pairs is often the difference.
int templateTokens(const QString& model, TokenCounter& counter) {
  constexpr int kUsual = 16;
  QString error;
  auto tokenizer = loadModelTokenizer(model, &error);
  ChatTemplate chatTemplate;
  RenderedChat rendered;
  const QList<ChatMessage> turn = {{QStringLiteral("user"), QStringLiteral("x")},
                                   {QStringLiteral("assistant"), QStringLiteral("y")}};
  if (!tokenizer || !modelChatTemplate(model, tokenizer.get(), QString(), &chatTemplate, &error) ||
      !renderChat(chatTemplate, turn, false, &rendered, &error))
    return kUsual;
  return std::max(kUsual, counter.count(rendered.text) - counter.count(QStringLiteral("x")) -
                              counter.count(QStringLiteral("y")));
}

// Reads the dataset's size in tokens and the model's shape; runs on a pool thread.
TrainAnalysis analyseInBackground(std::shared_ptr<Project> project, const QString& dataset, const QString& model) {
  TrainAnalysis a;
  a.dataset = dataset;
  a.model = model;
  a.modelOk = !model.isEmpty() && ModelConfig::load(model, &a.modelConfig, &a.error);
  if (a.modelOk) a.input.modelParameters = a.modelConfig.parameterCount();
  // Tokens with the model's tokenizer when it has one, else characters ÷ 4.
  QString error;
  auto counter = TokenCounter::create(a.modelOk ? model : QString(), &error);
  if (!counter) counter = TokenCounter::create(QString(), &error);
  DatasetInfo info;
  if (counter && DatasetRepository(project->database()).find(dataset, &info)) {
    DatasetStats stats;
    if (computeDatasetStats(project->database(), info.id, *counter, &stats, &error)) {
      const qint64 kept = std::max<qint64>(stats.kept, 1);
      const qint64 train = stats.train + stats.val + stats.test > 0 ? stats.train : stats.kept;
      qint64 tokens = 0;
      int typical = a.modelOk ? templateTokens(model, *counter) : 16;
      for (auto it = stats.tokensPerRole.constBegin(); it != stats.tokensPerRole.constEnd(); ++it) {
        for (int n : it.value()) tokens += n;
        typical += percentile95(it.value());
      }
      a.input.trainExamples = train;
      a.input.trainTokens = tokens * train / kept;
      a.input.typicalLength = typical;
    }
  }
  project->database().releaseThreadConnection();
  // The device a run with device "auto" would use.
  a.cpuMemory = totalMemoryBytes();
  const CudaDriverInfo cuda = probeCudaDriver();
  if (cuda.driverLoaded && !cuda.devices.isEmpty()) {
    a.cuda = true;
    a.deviceName = cuda.devices.first().name;
    a.deviceMemory = cuda.devices.first().memoryBytes;
  } else {
    a.deviceName = QObject::tr("this computer's memory");
    a.deviceMemory = a.cpuMemory;
  }
  if (a.modelOk) {
    TrainingShape shape;
    shape.batchSize = 4;
    shape.sequenceLength = std::clamp(a.input.typicalLength, 128, 2048);
    shape.loraRank = 16;
    shape.weightBytesPerParameter = a.cuda ? 2 : 4;
    shape.activationBytesPerValue = a.cuda ? 2 : 4;
    const MemoryEstimate need = estimateLoraTraining(a.modelConfig, shape, a.cuda);
    a.input.memory = judgeFit(need, shape, a.deviceMemory, a.deviceName).verdict;
  }
  return a;
}

}  // namespace

TrainPage::TrainPage(ProjectController* controller, QWidget* parent)
    : QWidget(parent), mController(controller), mJob(new JobProcess(this)) {
  auto* outer = new QVBoxLayout(this);
  mBanner = new MessageBanner;
  outer->addWidget(mBanner);
  mNoProject = new QLabel(tr("Open or create a project first (the Project step), or open the sample project."));
  mNoProject->setAlignment(Qt::AlignCenter);
  outer->addWidget(mNoProject);
  mContent = new QWidget;
  outer->addWidget(mContent, 1);

  // Left: what to train and how.
  auto* left = new QWidget;
  auto* leftColumn = new QVBoxLayout(left);
  auto* what = new QGroupBox(tr("What to train"));
  auto* whatForm = new QFormLayout(what);
  mRecipe = new QComboBox;
  mRecipe->setObjectName(QStringLiteral("recipeBox"));
  for (const QString& r : trainingRecipes()) {
    mRecipe->addItem(recipeName(r), r);
    mRecipe->setItemData(mRecipe->count() - 1, recipeDescription(r), Qt::ToolTipRole);
  }
  whatForm->addRow(tr("&Goal:"), mRecipe);
  mRecipeHelp = new QLabel(recipeDescription(recipe()));
  mRecipeHelp->setObjectName(QStringLiteral("recipeHelp"));
  mRecipeHelp->setWordWrap(true);
  mRecipeHelp->setForegroundRole(QPalette::PlaceholderText);
  whatForm->addRow(mRecipeHelp);
  mDataset = new QComboBox;
  mDataset->setObjectName(QStringLiteral("datasetBox"));
  mDataset->setToolTip(tr("The examples the model learns from (imported in the Data step)."));
  whatForm->addRow(tr("&Dataset:"), mDataset);
  mDatasetHint = new QLabel;
  mDatasetHint->setObjectName(QStringLiteral("datasetHint"));
  mDatasetHint->setWordWrap(true);
  mDatasetHint->setVisible(false);
  whatForm->addRow(mDatasetHint);
  auto* modelRow = new QHBoxLayout;
  mModel = new QComboBox;
  mModel->setObjectName(QStringLiteral("modelBox"));
  mModel->setEditable(true);
  mModel->setMinimumContentsLength(24);
  mModel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  mModel->setToolTip(tr("The base model folder (chosen in the Model step)."));
  auto* browse = new QToolButton;
  browse->setText(tr("Browse…"));
  modelRow->addWidget(mModel, 1);
  modelRow->addWidget(browse);
  auto* modelLabel = new QLabel(tr("Base &model:"));
  modelLabel->setBuddy(mModel);
  whatForm->addRow(modelLabel, modelRow);
  leftColumn->addWidget(what);

  auto* how = new QGroupBox(tr("How"));
  auto* howColumn = new QVBoxLayout(how);
  auto* presetRow = new QHBoxLayout;
  mPresets = new QButtonGroup(this);
  for (TrainingPreset p : {TrainingPreset::QuickTry, TrainingPreset::Balanced, TrainingPreset::Thorough}) {
    auto* b = new QRadioButton(presetName(p));
    b->setToolTip(presetDescription(p));
    b->setObjectName(QStringLiteral("preset%1").arg(int(p)));
    mPresets->addButton(b, int(p));
    presetRow->addWidget(b);
  }
  presetRow->addStretch();
  mPresets->button(int(TrainingPreset::QuickTry))->setChecked(true);
  howColumn->addLayout(presetRow);
  mPresetHelp = new QLabel(presetDescription(TrainingPreset::QuickTry));
  mPresetHelp->setWordWrap(true);
  howColumn->addWidget(mPresetHelp);
  mSettings = new TrainSettingsForm;
  mSettings->setRecipe(recipe());
  auto* scroll = new QScrollArea;
  scroll->setWidget(mSettings);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  howColumn->addWidget(scroll, 1);
  mFit = new QLabel;
  mFit->setObjectName(QStringLiteral("fitLabel"));
  mFit->setWordWrap(true);
  howColumn->addWidget(mFit);
  leftColumn->addWidget(how, 1);

  auto* buttons = new QHBoxLayout;
  mStart = new QPushButton(tr("&Start"));
  mStart->setObjectName(QStringLiteral("startButton"));
  mStart->setToolTip(tr("Start a new run with these settings (Ctrl+Return)."));
  mStart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
  mStop = new QPushButton(tr("&Pause / Stop"));
  mStop->setObjectName(QStringLiteral("stopButton"));
  mStop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  mStop->setToolTip(tr("(Ctrl+.) Saves a checkpoint, then stops. Nothing is lost: Resume continues exactly where it "
                       "stopped, now or another day."));
  mResume = new QPushButton(tr("&Resume"));
  mResume->setObjectName(QStringLiteral("resumeButton"));
  mResume->setToolTip(tr("Continue the selected run from its last checkpoint."));
  buttons->addWidget(mStart);
  buttons->addWidget(mStop);
  buttons->addWidget(mResume);
  leftColumn->addLayout(buttons);

  // Right: the run.
  auto* right = new QWidget;
  auto* rightColumn = new QVBoxLayout(right);
  mStatusLabel = new QLabel(tr("No run yet."));
  mStatusLabel->setObjectName(QStringLiteral("statusLabel"));
  mStatusLabel->setWordWrap(true);
  rightColumn->addWidget(mStatusLabel);
  mProgress = new QProgressBar;
  mProgress->setObjectName(QStringLiteral("progress"));
  mProgress->setFormat(tr("%v of %m steps"));
  rightColumn->addWidget(mProgress);
  mSpeed = new QLabel;
  mSpeed->setObjectName(QStringLiteral("speedLabel"));
  rightColumn->addWidget(mSpeed);
  mChart = new TrainingChart;
  mChart->setObjectName(QStringLiteral("trainingChart"));
  rightColumn->addWidget(mChart, 3);
  auto* history = new QLabel(tr("Runs (tick one to overlay its curve, click to show it):"));
  rightColumn->addWidget(history);
  mRuns = new QListWidget;
  mRuns->setObjectName(QStringLiteral("runList"));
  mRuns->setMaximumHeight(120);
  rightColumn->addWidget(mRuns);
  mAdapter = new QLabel;
  mAdapter->setObjectName(QStringLiteral("adapterLabel"));
  mAdapter->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mAdapter->setWordWrap(true);
  rightColumn->addWidget(mAdapter);
  mCard = new QTextBrowser;
  mCard->setObjectName(QStringLiteral("modelCard"));
  mCard->setVisible(false);
  rightColumn->addWidget(mCard, 2);

  auto* split = new QSplitter;
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 2);
  split->setSizes({480, 920});
  auto* contentLayout = new QHBoxLayout(mContent);
  contentLayout->setContentsMargins(0, 0, 0, 0);
  contentLayout->addWidget(split);

  connect(browse, &QToolButton::clicked, this, &TrainPage::chooseModelFolder);
  connect(mRecipe, &QComboBox::currentIndexChanged, this, &TrainPage::onRecipeChanged);
  connect(mDataset, &QComboBox::currentIndexChanged, this, [this] { analyse(); });
  connect(mModel, &QComboBox::currentTextChanged, this, [this] { analyse(); });
  connect(mPresets, &QButtonGroup::idClicked, this, [this](int id) { applyPreset(TrainingPreset(id)); });
  connect(mSettings, &TrainSettingsForm::changed, this, &TrainPage::updateFit);
  connect(mStart, &QPushButton::clicked, this, [this] {
    QString error;
    if (!startRun(&error) && !error.isEmpty()) mBanner->showMessage(MessageBanner::Kind::Error, error);
  });
  connect(mStop, &QPushButton::clicked, this, &TrainPage::stopRun);
  connect(mResume, &QPushButton::clicked, this, [this] {
    QString error;
    if (!resumeRun(&error)) mBanner->showMessage(MessageBanner::Kind::Error, error);
  });
  connect(mRuns, &QListWidget::itemChanged, this, &TrainPage::onRunItemChanged);
  connect(mRuns, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    RunInfo run;
    run.id = item->data(Qt::UserRole).toLongLong();
    if (run.id != mRun.id) followRun(run);
  });
  connect(mJob, &JobProcess::finished, this, [this](qint64) {
    // The worker is gone; if it never reached the database, its log says why.
    if (mRun.id == 0 || mStatus == QLatin1String("interrupted")) {
      const QString tail = mJob->logTail();
      if (!tail.isEmpty())
        mBanner->showMessage(MessageBanner::Kind::Error, tr("The training worker stopped: %1").arg(tail));
    }
    // Read the run's final state again (a worker that refused to resume leaves
    // the status as it was, which the follower would not report as a change).
    if (mRun.id > 0 && mFollower) {
      mRedrawOnNextEvents = true;
      mFollower->follow(mRun.id);
    }
    updateButtons();
  });

  connect(controller, &ProjectController::projectOpened, this, &TrainPage::reload);
  connect(controller, &ProjectController::projectClosed, this, &TrainPage::reload);
  reload();
}

TrainPage::~TrainPage() {
  mFollower.reset();  // before the project whose database it reads
}  // a running worker keeps running

void TrainPage::chooseModelFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Base model folder"), modelFolder());
  if (!folder.isEmpty()) setModelFolder(folder);
}

void TrainPage::setModelFolder(const QString& folder) {
  if (mModel->findText(folder) < 0) mModel->insertItem(0, folder);
  mModel->setCurrentText(folder);
}

QString TrainPage::modelFolder() const { return mModel->currentText().trimmed(); }

void TrainPage::reload() {
  mFollower.reset();
  mProject.reset();
  mRun = RunInfo();
  mStatus.clear();
  mChart->clear();
  mLastEventId = 0;
  mChart->clearOverlays();
  const bool open = mController->hasProject();
  mNoProject->setVisible(!open);
  mContent->setVisible(open);
  mDatasets.clear();
  fillDatasets();
  if (!open) return;
  auto project = mController->project();
  mProject = project;
  mFollower = std::make_unique<RunFollower>(project->database());
  connect(mFollower.get(), &RunFollower::eventsArrived, this, &TrainPage::onEvents);
  connect(mFollower.get(), &RunFollower::runChanged, this, &TrainPage::onRunChanged);

  // The models this person used, and the sample's own when it is there.
  mModel->blockSignals(true);
  const QString keep = modelFolder();
  mModel->clear();
  QStringList models = AppSettings().recentModels();
  const QString sample = sampleModelPath(*project);
  if (QFileInfo::exists(QDir(sample).filePath(QStringLiteral("config.json")))) models.prepend(sample);
  models.removeDuplicates();
  mModel->addItems(models);
  mModel->setCurrentText(!keep.isEmpty() && models.contains(keep) ? keep : models.value(0));
  mModel->blockSignals(false);

  struct Overview {
    QList<DatasetInfo> datasets;
    QList<RunInfo> runs;
    QStringList statuses;
  };
  auto* watcher = new QFutureWatcher<Overview>(this);
  connect(watcher, &QFutureWatcher<Overview>::finished, this, [this, watcher] {
    const Overview o = watcher->result();
    watcher->deleteLater();
    mDatasets = o.datasets;
    fillDatasets();
    mLoadingRuns = true;
    mRuns->clear();
    for (int i = 0; i < o.runs.size(); ++i) {
      const RunInfo& r = o.runs[i];
      auto* item = new QListWidgetItem(runItemText(r, o.statuses[i]));
      item->setData(Qt::UserRole, r.id);
      item->setData(Qt::UserRole + 1, r.name);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(Qt::Unchecked);
      mRuns->addItem(item);
    }
    mLoadingRuns = false;
    // Re-attach to the newest run: a live one goes on being drawn.
    if (!o.runs.isEmpty()) followRun(o.runs.last());
    analyse();
  });
  watcher->setFuture(QtConcurrent::run([project] {
    Overview o;
    o.datasets = DatasetRepository(project->database()).list();
    o.runs = RunRepository(project->database()).list();
    std::sort(o.runs.begin(), o.runs.end(), [](const RunInfo& a, const RunInfo& b) { return a.id < b.id; });
    for (const RunInfo& r : o.runs) o.statuses << RunFollower::effectiveStatus(r);
    project->database().releaseThreadConnection();
    return o;
  }));
  updateButtons();
}

QString TrainPage::recipe() const { return mRecipe->currentData().toString(); }

void TrainPage::setRecipe(const QString& recipe) {
  const int i = mRecipe->findData(recipe);
  if (i >= 0) mRecipe->setCurrentIndex(i);
}

void TrainPage::onRecipeChanged() {
  mRecipeHelp->setText(recipeDescription(recipe()));
  mSettings->setRecipe(recipe());
  fillDatasets();
  analyse();
}

void TrainPage::fillDatasets() {
  const bool pairs = isPreferenceRecipe(recipe());
  const QString keep = mDataset->currentText();
  mDataset->blockSignals(true);
  mDataset->clear();
  for (const DatasetInfo& d : std::as_const(mDatasets))
    if ((d.kind == QLatin1String("preference")) == pairs) mDataset->addItem(d.name);
  const int i = mDataset->findText(keep);
  if (i >= 0) mDataset->setCurrentIndex(i);
  mDataset->blockSignals(false);
  mDataset->setEnabled(mDataset->count() > 0);
  // An empty list says how to fill it rather than leaving the person guessing.
  if (mDataset->count() > 0)
    mDatasetHint->clear();
  else if (pairs)
    mDatasetHint->setText(tr("This needs preference pairs: a question with a better (chosen) and a worse (rejected) "
                             "answer. Import a pairs file (prompt, chosen, rejected) in the Data step, or rank "
                             "answers in the Rank step and export the judgements as a dataset."));
  else
    mDatasetHint->setText(tr("This needs examples (questions with their answers, or plain text): import them in "
                             "the Data step."));
  mDatasetHint->setVisible(mDataset->count() == 0 && mController->hasProject());
}

void TrainPage::analyse() {
  if (mController->hasProject() && mDataset->currentText().isEmpty()) {
    // Nothing to measure: the settings still follow the recipe.
    ++mAnalysisGeneration;
    mAnalysing = false;
    mAnalysis.reset();
    mFit->clear();
    applyPreset(TrainingPreset(std::max(0, mPresets->checkedId())));
    return;
  }
  if (!mController->hasProject() || mDataset->currentText().isEmpty()) return;
  const int generation = ++mAnalysisGeneration;
  mAnalysing = true;
  mFit->setText(tr("Measuring the dataset and the model…"));
  auto* watcher = new QFutureWatcher<TrainAnalysis>(this);
  connect(watcher, &QFutureWatcher<TrainAnalysis>::finished, this, [this, watcher, generation] {
    const TrainAnalysis a = watcher->result();
    watcher->deleteLater();
    if (generation != mAnalysisGeneration) return;  // the choice changed meanwhile
    mAnalysing = false;
    mAnalysis = a;
    if (!a.modelOk)
      mBanner->showMessage(MessageBanner::Kind::Error,
                           a.model.isEmpty() ? tr("Choose a base model folder (the Model step).") : a.error);
    applyPreset(TrainingPreset(std::max(0, mPresets->checkedId())));
    emit analysed();
  });
  watcher->setFuture(QtConcurrent::run(analyseInBackground, mController->project(), mDataset->currentText(),
                                       modelFolder()));
}

void TrainPage::applyPreset(TrainingPreset preset) {
  if (auto* b = mPresets->button(int(preset))) b->setChecked(true);
  mPresetHelp->setText(presetDescription(preset));
  SftConfig base = currentConfig();
  mSettings->setConfig(Atelier::applyPreset(preset, mAnalysis ? mAnalysis->input : PresetInput(), base));
}

SftConfig TrainPage::currentConfig(QString* error) const {
  SftConfig base;
  if (mController->hasProject()) base.project = mController->project()->folder();
  base.recipe = recipe();
  base.dataset = mDataset->currentText();
  base.model = modelFolder();
  return mSettings->config(base, error);
}

std::optional<FitAdvice> TrainPage::fitAdvice() const {
  if (!mAnalysis || !mAnalysis->modelOk) return std::nullopt;
  const SftConfig c = currentConfig();
  TrainingShape shape;
  shape.batchSize = c.batchSize * (c.isPreference() ? 2 : 1);  // both answers of each pair
  shape.sequenceLength = c.seqLen;
  shape.loraRank = c.lora.rank;
  shape.loraTargetsPerLayer = int(c.lora.targetModules.size());
  shape.gradientCheckpointing = c.gradientCheckpointing;
  const bool cuda = mAnalysis->cuda && c.device != QLatin1String("cpu");
  shape.weightBytesPerParameter = cuda ? 2 : 4;
  shape.activationBytesPerValue = cuda ? 2 : 4;
  const MemoryEstimate need = estimateLoraTraining(mAnalysis->modelConfig, shape, cuda);
  return judgeFit(need, shape, cuda ? mAnalysis->deviceMemory : mAnalysis->cpuMemory,
                  cuda ? mAnalysis->deviceName : tr("this computer's memory"));
}

void TrainPage::updateFit() {
  const auto advice = fitAdvice();
  if (!advice) return;
  QString text = tr("Fit check: %1").arg(advice->summary);
  if (advice->verdict != FitVerdict::Fits && !advice->suggestions.isEmpty())
    text += QLatin1Char(' ') + tr("Suggestion: %1").arg(advice->suggestions.first());
  mFit->setText(text);
  const QColor color = advice->verdict == FitVerdict::Fits    ? QColor(30, 130, 60)
                       : advice->verdict == FitVerdict::Tight ? QColor(190, 120, 0)
                                                              : QColor(190, 30, 30);
  mFit->setStyleSheet(QStringLiteral("color: %1").arg(color.name()));
}

}  // namespace Atelier
