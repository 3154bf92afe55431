#pragma once

#include "storage/evalrepository.h"

#include <QList>
#include <QMap>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QStandardItemModel;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace Atelier {

class EvalChart;
class EvaluationJob;
class MessageBanner;
class ProjectController;

// The Evaluate step: measure the base model or a run's checkpoint on a part
// of a dataset (in the background, with progress, time left and cancel),
// compare every stored result in a sortable table and a bar chart, read the
// worst answers of one, and export its answers as JSONL or CSV.
class EvaluatePage : public QWidget {
  Q_OBJECT
 public:
  explicit EvaluatePage(ProjectController* controller, QWidget* parent = nullptr);
  ~EvaluatePage() override;

  // Reads runs, datasets and stored results in the background; refreshed() follows.
  void refresh();
  // Starts evaluating what the form says; evaluationFinished() follows.
  bool startEvaluation();
  void cancel();
  bool isBusy() const;
  // Writes the selected result's answers (.csv → CSV, else JSON lines); exported() follows.
  bool exportSelected(const QString& path);
  // Forgets a stored result and its answers (after the Delete button asked); refreshed() follows.
  void removeResult(qint64 id);
  void selectResult(qint64 id);
  qint64 selectedResultId() const;

  // For tests and keyboard users: the form and the views.
  QComboBox* targetBox() const { return mTarget; }
  QComboBox* checkpointBox() const { return mCheckpoint; }
  QComboBox* modelBox() const { return mModel; }
  QComboBox* datasetBox() const { return mDataset; }
  QComboBox* splitBox() const { return mSplit; }
  QSpinBox* maxNewTokensBox() const { return mMaxNewTokens; }
  QSpinBox* limitBox() const { return mLimit; }
  QTableView* resultsView() const { return mResults; }
  QTableWidget* worstView() const { return mWorst; }
  EvalChart* chart() const { return mChart; }
  QComboBox* chartScopeBox() const { return mChartScope; }
  MessageBanner* banner() const { return mBanner; }
  QString statusText() const;

 signals:
  void refreshed();
  void evaluationFinished(bool ok, qint64 storedId);
  void worstExamplesShown(int count);
  void exported(bool ok, const QString& message);

 protected:
  // Results stored meanwhile (by `atelier eval`, the demo) show when the page is shown again.
  void showEvent(QShowEvent* event) override;

 private:
  struct Snapshot;
  QWidget* buildForm();
  QWidget* buildResults();
  void applySnapshot(const Snapshot& s);
  void fillResults();
  void fillChart();
  void updateCheckpoints();
  void updateButtons();
  void showMetricHelp();
  void showWorstExamples();
  void showExampleDetail();
  void chooseModelFolder();
  void chooseExportFile();
  void deleteSelected();
  void setBusy(bool busy);

  ProjectController* mController;
  EvaluationJob* mJob;
  MessageBanner* mBanner;
  QLabel* mNoProject;
  QWidget* mContent;
  QComboBox* mTarget;
  QComboBox* mCheckpoint;
  QComboBox* mModel;
  QPushButton* mBrowseModel;
  QComboBox* mDataset;
  QComboBox* mSplit;
  QSpinBox* mMaxNewTokens;
  QSpinBox* mLimit;
  QPushButton* mStart;
  QPushButton* mCancel;
  QProgressBar* mProgress;
  QLabel* mStatus;
  QStandardItemModel* mResultsModel;
  QSortFilterProxyModel* mResultsProxy;
  QTableView* mResults;
  QComboBox* mMetric;
  QComboBox* mChartScope;  // "dataset/split" the chart compares, or "" for all
  QLabel* mMetricHelp;
  EvalChart* mChart;
  QTableWidget* mWorst;
  QTextBrowser* mDetail;
  QPushButton* mExport;
  QPushButton* mDelete;
  QMap<QString, QStringList> mRunCheckpoints;  // run name → checkpoints on disk
  QMap<QString, QString> mRunModels;           // run name → its base model
  QList<EvalRecord> mRecords;
  QList<EvalExampleRecord> mWorstRows;
  quint64 mGeneration = 0;  // discards answers of superseded background reads
};

}  // namespace Atelier
