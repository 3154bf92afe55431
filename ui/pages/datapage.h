#pragma once

#include <QWidget>

#include <atomic>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace Atelier {

class DatasetBrowser;
class DatasetStatsView;
class ImportWizard;
class MessageBanner;
class ProjectController;

// The Data step: the project's datasets, importing a file (in the background,
// with progress and cancel), cleaning with the recommended settings, and
// splitting into train/validation/test.
class DataPage : public QWidget {
  Q_OBJECT
 public:
  DataPage(ProjectController* controller, QWidget* parent = nullptr);

  // Starts importing `file` as dataset `name`; finished() follows.
  void importFile(const QString& file, const QString& name);
  void cleanSelected();
  void splitSelected();
  // Writes the selected dataset's kept rows of `split` (train, val, test or
  // all) to `file` as OpenAI-messages JSONL, in the background; finished() follows.
  void exportSelected(const QString& file, const QString& split);
  void cancel();
  // The import wizard (file → format → import → clean → split), not modal.
  ImportWizard* openImportWizard();
  // The selected dataset's rows in the browser; nullptr when none is selected.
  DatasetBrowser* browseSelected();
  bool isBusy() const { return mBusy; }
  MessageBanner* banner() const { return mBanner; }
  QTreeWidget* table() const { return mTable; }
  DatasetStatsView* statsView() const { return mStats; }

 signals:
  void finished(bool ok);

 private:
  void refresh();
  void setBusy(bool busy, const QString& what);
  QString selectedName() const;
  void updateButtons();
  // Runs `work` on a worker thread with the project's database; reports its message.
  void run(const QString& what, std::function<bool(QString* message)> work);

  ProjectController* mController;
  MessageBanner* mBanner;
  QLabel* mNoProject;
  QWidget* mContent;
  QTreeWidget* mTable;
  QPushButton* mImport;
  QPushButton* mClean;
  QPushButton* mSplit;
  QPushButton* mBrowse;
  QPushButton* mExport;
  DatasetStatsView* mStats;
  QPushButton* mCancel;
  QProgressBar* mProgress;
  QLabel* mStatus;
  bool mBusy = false;
  std::shared_ptr<std::atomic<bool>> mCancelFlag;
  std::shared_ptr<std::atomic<int>> mPercent;
};

}  // namespace Atelier
