#pragma once

#include "data/datasetstats.h"
#include "project/project.h"

#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>

class QComboBox;
class QCustomPlot;
class QLabel;

namespace Atelier {

// Statistics of the selected dataset on the Data page: a histogram of token
// lengths per role (with the chosen model's tokenizer, or clearly labelled
// as an estimate), counts, turns per conversation and what cleaning left out
// and why. Computed on a worker thread; a newer request cancels an older one.
class DatasetStatsView : public QWidget {
  Q_OBJECT
 public:
  explicit DatasetStatsView(QWidget* parent = nullptr);
  ~DatasetStatsView() override;

  // Recomputes for the dataset (id 0 or no project: empty).
  void setDataset(std::shared_ptr<Project> project, qint64 datasetId);
  void recompute();
  // The model folder whose tokenizer counts; empty = estimate.
  void setTokenModel(const QString& folder);

  bool isBusy() const { return mBusy; }
  const DatasetStats& stats() const { return mStats; }
  QCustomPlot* plot() const { return mPlot; }
  QString summaryText() const;
  QString tokenLabelText() const;

 signals:
  void computed(bool ok);

 private:
  void display(const DatasetStats& stats);
  void fillModels();

  std::shared_ptr<Project> mProject;
  qint64 mDatasetId = 0;
  quint64 mGeneration = 0;
  std::shared_ptr<std::atomic<bool>> mCancel;
  bool mBusy = false;
  // Its own thread: the work fans out over the global pool (blockingMap), and
  // a global-pool thread waiting on the global pool can starve it.
  QThreadPool mPool;
  DatasetStats mStats;
  QComboBox* mModel;
  QLabel* mTokenLabel;
  QLabel* mSummary;
  QCustomPlot* mPlot;
};

}  // namespace Atelier
