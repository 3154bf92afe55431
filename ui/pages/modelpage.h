#pragma once

#include "model/modelinspection.h"
#include "system/systeminfo.h"

#include <QWidget>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;

namespace Atelier {

class MessageBanner;

// The Model step: choose a base model folder and see, in plain words, what it
// is and whether fine-tuning it fits this machine. Folders are inspected on a
// worker thread.
class ModelPage : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPage(QWidget* parent = nullptr);

  // The machine facts for the verdict; until they arrive, inspection waits.
  void setSystemInfo(const SystemInfo& info);
  // Starts inspecting a folder in the background; inspected() follows.
  void inspectFolder(const QString& folder);

  bool isBusy() const { return mBusy; }
  std::optional<ModelInspection> lastInspection() const { return mLast; }
  MessageBanner* banner() const { return mBanner; }
  void reloadRecentModels();

 signals:
  void inspected(bool usable);

 private:
  void chooseFolder();
  void startInspection();
  void display(const ModelInspection& m);

  MessageBanner* mBanner;
  QLabel* mBusyLabel;
  QLabel* mDetails;
  QLabel* mVerdict;
  QLabel* mSuggestions;
  QListWidget* mRecent;
  QPushButton* mOpen;
  QPushButton* mForget;
  std::optional<SystemInfo> mSystem;
  std::optional<ModelInspection> mLast;
  QString mPending;
  bool mBusy = false;
};

}  // namespace Atelier
