#pragma once

#include "eval/evalsession.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

class QTimer;

namespace Atelier {

class Project;

// One evaluation on a worker thread (the model is loaded and run in this
// process, never on the GUI thread), followed by a timer: rows done, total and
// an estimate of the time left. Cancel is seen between two generated tokens; a
// cancelled or failed evaluation stores nothing.
class EvaluationJob : public QObject {
  Q_OBJECT
 public:
  explicit EvaluationJob(QObject* parent = nullptr);
  // Cancels a running evaluation and waits for its thread to let go of the project.
  ~EvaluationJob() override;

  bool start(std::shared_ptr<Project> project, const EvalTarget& target, const EvalSessionOptions& options);
  void cancel();
  bool isRunning() const { return mRunning; }

  // "about 2 min left", "about 40 s left"; empty when unknown.
  static QString timeLeftText(double seconds);

 signals:
  // phase: "loading" (done/total per mille) or "evaluating" (rows); text for a status line.
  void progressChanged(const QString& phase, int done, int total, const QString& text);
  void finished(bool ok, qint64 storedId, const QString& message);

 private:
  struct Shared {
    std::atomic<bool> cancel{false};
    std::atomic<int> phase{0};  // 0 loading, 1 evaluating
    std::atomic<int> done{0};
    std::atomic<int> total{0};
  };
  struct Outcome {
    bool ok = false;
    qint64 id = 0;
    QString message;
  };
  void poll();

  std::shared_ptr<Shared> mShared;
  QFutureWatcher<Outcome>* mWatcher;
  QTimer* mTimer;
  QElapsedTimer mSince;  // since the first row was seen finished
  int mFirstDone = -1;
  bool mRunning = false;
};

}  // namespace Atelier
