#include "jobs/runfollower.h"

#include "jobs/jobprocess.h"
#include "storage/database.h"

#include <QTimer>

namespace Atelier {

// Lives on the follower's thread, with its own database connection.
class RunPoller : public QObject {
  Q_OBJECT
 public:
  explicit RunPoller(Database& db) : mDb(db) {}

  void setRun(qint64 runId) {
    mRunId = runId;
    mLastEventId = 0;
    mLastStatus.clear();
    mLastUpdated = QDateTime();
    if (!mTimer) {
      mTimer = new QTimer(this);
      mTimer->setInterval(250);
      connect(mTimer, &QTimer::timeout, this, &RunPoller::poll);
    }
    if (runId > 0) {
      mTimer->start();
      poll();
    } else {
      mTimer->stop();
    }
  }
  void shutDown() {
    if (mTimer) mTimer->stop();
    mDb.releaseThreadConnection();
  }

 Q_SIGNALS:
  void eventsArrived(qint64 runId, const QList<Atelier::RunEvent>& events);
  void runChanged(const Atelier::RunInfo& run, const QString& status);

 private:
  void poll() {
    if (mRunId <= 0) return;
    RunRepository runs(mDb);
    RunInfo run;
    // The status first, then the events: the worker writes its last events
    // before its final status, so a finished run's events are all read here.
    if (!runs.findById(mRunId, &run)) return;
    const QString status = RunFollower::effectiveStatus(run);
    const QList<RunEvent> events = runs.events(mRunId, mLastEventId);
    if (!events.isEmpty()) {
      mLastEventId = events.last().id;
      Q_EMIT eventsArrived(mRunId, events);
    }
    if (status != mLastStatus || run.updatedAt != mLastUpdated) {
      mLastStatus = status;
      mLastUpdated = run.updatedAt;
      Q_EMIT runChanged(run, status);
    }
    // A paused run keeps being polled (cheap: one row and an indexed range):
    // a Resume from this or another window sets it running again.
  }

  Database& mDb;
  QTimer* mTimer = nullptr;
  qint64 mRunId = 0;
  qint64 mLastEventId = 0;
  QString mLastStatus;
  QDateTime mLastUpdated;
};

RunFollower::RunFollower(Database& db, QObject* parent) : QObject(parent) {
  qRegisterMetaType<Atelier::RunEvent>();
  qRegisterMetaType<QList<Atelier::RunEvent>>();
  qRegisterMetaType<Atelier::RunInfo>();
  mPoller = new RunPoller(db);
  mPoller->moveToThread(&mThread);
  // Emitted on the follower's own thread as it ends: the poller's timer and
  // database connection belong to that thread, so they are closed there.
  connect(&mThread, &QThread::finished, mPoller, [poller = mPoller] { poller->shutDown(); }, Qt::DirectConnection);
  connect(mPoller, &RunPoller::eventsArrived, this, &RunFollower::eventsArrived);
  connect(mPoller, &RunPoller::runChanged, this, &RunFollower::runChanged);
  mThread.setObjectName(QStringLiteral("RunFollower"));
  mThread.start();
}

RunFollower::~RunFollower() {
  mThread.quit();
  mThread.wait();
  delete mPoller;
}

void RunFollower::follow(qint64 runId) {
  mRunId = runId;
  RunPoller* poller = mPoller;
  QMetaObject::invokeMethod(poller, [poller, runId] { poller->setRun(runId); }, Qt::QueuedConnection);
}

QString RunFollower::effectiveStatus(const RunInfo& run) {
  if (run.status == QLatin1String("running") && !JobProcess::isAlive(run.pid)) return QStringLiteral("interrupted");
  return run.status;
}

}  // namespace Atelier

#include "runfollower.moc"
