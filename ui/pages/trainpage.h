#pragma once
// The Train step: pick a dataset and a base model, choose a preset (every
// setting explained, the rest under Advanced), check that it fits, press Start
// and watch the loss fall. The run is a worker process (`atelier train sft`)
// that outlives this window; the page follows it through the project
// database, so reopening the project mid-run redraws the whole curve.
#include "model/memoryestimate.h"
#include "model/modelconfig.h"
#include "storage/datasetrepository.h"
#include "storage/runrepository.h"
#include "training/sftconfig.h"
#include "training/trainingpresets.h"

#include <QWidget>

#include <memory>
#include <optional>

class QButtonGroup;
class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QPushButton;
class QSystemTrayIcon;
class QTextBrowser;

namespace Atelier {

class JobProcess;
class MessageBanner;
class Project;
class ProjectController;
class RunFollower;
class TrainingChart;
class TrainSettingsForm;

// What the presets and the fit check need, gathered off the GUI thread.
struct TrainAnalysis {
  QString dataset, model;
  bool modelOk = false;
  QString error;
  ModelConfig modelConfig;
  PresetInput input;
  bool cuda = false;
  QString deviceName;
  qint64 deviceMemory = 0;
  qint64 cpuMemory = 0;  // for device "cpu" on a machine with a GPU
};

class TrainPage : public QWidget {
  Q_OBJECT
 public:
  explicit TrainPage(ProjectController* controller, QWidget* parent = nullptr);
  ~TrainPage() override;

  // The base model folder (the Model page's choice, or the sample's).
  void setModelFolder(const QString& folder);
  QString modelFolder() const;
  void applyPreset(TrainingPreset preset);
  // What to train: sft, dpo or reward (SftConfig::recipe).
  QString recipe() const;
  void setRecipe(const QString& recipe);
  // The settings as they would run now.
  SftConfig currentConfig(QString* error = nullptr) const;
  // The fit check of the current settings, when the model has been read.
  std::optional<FitAdvice> fitAdvice() const;

  bool startRun(QString* error);
  bool stopRun();
  bool resumeRun(QString* error);

  qint64 currentRunId() const { return mRun.id; }
  QString currentStatus() const { return mStatus; }
  bool isAnalysing() const { return mAnalysing; }
  TrainingChart* chart() const { return mChart; }
  TrainSettingsForm* settings() const { return mSettings; }
  QComboBox* recipeBox() const { return mRecipe; }
  QComboBox* datasetBox() const { return mDataset; }
  // Says how to get a dataset when the project has none that fits the recipe.
  QLabel* datasetHint() const { return mDatasetHint; }
  QListWidget* runList() const { return mRuns; }
  MessageBanner* banner() const { return mBanner; }
  QTextBrowser* modelCard() const { return mCard; }

 signals:
  void runEnded(const QString& status);
  void analysed();

 private:
  void reload();
  // The datasets that fit the recipe: preference pairs for DPO and reward models.
  void fillDatasets();
  void onRecipeChanged();
  // A run list entry: name, kind, status and dataset.
  static QString runItemText(const RunInfo& run, const QString& status);
  void analyse();
  void updateFit();
  void updateButtons();
  void followRun(const RunInfo& run);
  void onEvents(qint64 runId, const QList<Atelier::RunEvent>& events);
  void onRunChanged(const Atelier::RunInfo& run, const QString& status);
  void onRunItemChanged(QListWidgetItem* item);
  void showEnd(const RunInfo& run, const QString& status);
  void notify(const QString& title, const QString& text);
  void chooseModelFolder();

  ProjectController* mController;
  MessageBanner* mBanner;
  QLabel* mNoProject;
  QWidget* mContent;
  QComboBox* mRecipe;
  QLabel* mRecipeHelp;
  QComboBox* mDataset;
  QLabel* mDatasetHint;
  QList<DatasetInfo> mDatasets;
  QComboBox* mModel;
  QButtonGroup* mPresets;
  QLabel* mPresetHelp;
  TrainSettingsForm* mSettings;
  QLabel* mFit;
  QPushButton* mStart;
  QPushButton* mStop;
  QPushButton* mResume;
  QLabel* mStatusLabel;
  QProgressBar* mProgress;
  QLabel* mSpeed;
  TrainingChart* mChart;
  QListWidget* mRuns;
  QTextBrowser* mCard;
  QLabel* mAdapter;
  QSystemTrayIcon* mTray = nullptr;

  std::shared_ptr<Project> mProject;  // kept while the follower reads its database
  std::unique_ptr<RunFollower> mFollower;
  JobProcess* mJob;
  std::optional<TrainAnalysis> mAnalysis;
  bool mAnalysing = false;
  int mAnalysisGeneration = 0;
  RunInfo mRun;
  QString mStatus;
  bool mSawRunning = false;  // the run was live while we watched: its end is news
  int mTotalSteps = 0;
  bool mLoadingRuns = false;
  bool mStopRequested = false;
  // The run is being read again from the start: the chart is replaced when
  // those events arrive (a batch beginning at or before the last event
  // drawn), not cleared now, so it never shows empty in between.
  bool mRedrawOnNextEvents = false;
  qint64 mLastEventId = 0;
};

}  // namespace Atelier
