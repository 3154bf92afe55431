#pragma once

#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProcess;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QDoubleSpinBox;
class QStackedWidget;
class QTableWidget;

namespace Atelier {

class DatabaseQueue;
class ProjectController;
class RaterScreen;

// The Rank step. The owner's view: prompt sets, generating responses to rank
// (a background `atelier rank candidates` job with progress and cancel), how
// many raters see each prompt, the owner's PIN, statistics with the prompts
// raters disagree on most, export and import. "Start rating" switches to the
// rater screen; leaving it needs the owner's PIN.
class RankPage : public QWidget {
  Q_OBJECT
 public:
  explicit RankPage(ProjectController* controller, QWidget* parent = nullptr);
  ~RankPage() override;

  bool inRaterMode() const;
  RaterScreen* raterScreen() const { return mRater; }
  DatabaseQueue* queue() const { return mQueue.get(); }
  // Starts rater mode on the current set (tests and the Start button).
  void startRating(const QString& rater, const QString& mode);
  // Leaves rater mode when the PIN is right (or none is set); false otherwise.
  bool leaveRaterMode(const QString& pin);
  // Tests answer the PIN question without a dialog.
  void setPinPrompt(std::function<QString()> prompt) { mPinPrompt = std::move(prompt); }
  void refresh();

 signals:
  void raterModeChanged(bool on);

 private:
  void projectChanged();
  void addPrompts();
  void promptsFromDataset();
  void generate();
  void setPin();
  void exportFile(const QString& format);
  void importFile();
  void showMessage(const QString& text);
  qint64 currentSetId() const;

  ProjectController* mController;
  std::unique_ptr<DatabaseQueue> mQueue;
  std::function<QString()> mPinPrompt;
  QStackedWidget* mStack;
  RaterScreen* mRater;
  QComboBox* mSets;
  QLineEdit* mModel;
  QLineEdit* mAdapter;
  QSpinBox* mK;
  QDoubleSpinBox* mTemperature;
  QPushButton* mGenerate;
  QPushButton* mCancel;
  QProgressBar* mGenerateProgress;
  QProcess* mJob = nullptr;
  QSpinBox* mRatersPerPrompt;
  QComboBox* mRaterName;
  QComboBox* mMode;
  QLabel* mStats;
  QTableWidget* mDisagreement;
  QLabel* mMessage;
};

}  // namespace Atelier
