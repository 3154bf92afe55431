#pragma once

#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace Atelier {

class MessageBanner;
class ProjectController;

// The Export step: pick a training run (its adapter) or a base model alone,
// pick formats (PEFT adapter, merged model, GGUF, Ollama folder) and a folder,
// export on a worker thread with progress and cancel, then show how to use
// the result in llama.cpp, Ollama and LM Studio with copyable commands.
class ExportPage : public QWidget {
  Q_OBJECT
 public:
  explicit ExportPage(ProjectController* controller, QWidget* parent = nullptr);
  ~ExportPage() override;

  // Adds a base model folder to the choices and selects it (also used by tests).
  void addModelFolder(const QString& folder);
  void setOutputFolder(const QString& folder);
  bool isBusy() const { return static_cast<bool>(mCancel); }
  QString howToText() const;
  MessageBanner* banner() const { return mBanner; }

 public slots:
  void refresh();
  void startExport();
  void cancelExport();

 signals:
  void finished(bool ok);

 private:
  void chooseModelFolder();
  void chooseOutputFolder();
  void updateControls();

  ProjectController* mController;
  MessageBanner* mBanner;
  QComboBox* mSource;
  QCheckBox* mPeft;
  QCheckBox* mMerged;
  QComboBox* mMergedDtype;
  QCheckBox* mGguf;
  QComboBox* mGgufType;
  QCheckBox* mOllama;
  QLineEdit* mOutput;
  QPushButton* mExport;
  QPushButton* mCancelButton;
  QProgressBar* mProgress;
  QLabel* mStatus;
  QPlainTextEdit* mHowTo;
  QPushButton* mCopy;
  std::shared_ptr<std::atomic<bool>> mCancel;  // set while an export runs
  QString mProjectFolder;  // whose exports/ the output folder defaults to
};

}  // namespace Atelier
