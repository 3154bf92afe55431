#pragma once
// Follows a training run through the project database: every event the worker
// stored (so a GUI opened mid-run, or long after, redraws the whole curve) and
// then new ones as they come, polled every 250 ms on a thread of its own so the
// GUI thread never waits on SQLite.
#include "storage/runrepository.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QThread>

namespace Atelier {

class Database;
class RunPoller;

class RunFollower : public QObject {
  Q_OBJECT
 public:
  explicit RunFollower(Database& db, QObject* parent = nullptr);
  ~RunFollower() override;

  // Starts following `runId` from its first event (0 = follow nothing).
  void follow(qint64 runId);
  qint64 runId() const { return mRunId; }

  // The status to show: a run marked running whose worker process is gone was
  // interrupted (a crash, a kill -9, a reboot) and can be resumed.
  static QString effectiveStatus(const RunInfo& run);

 Q_SIGNALS:
  // New events of `runId`, oldest first (the first batch holds all stored ones).
  void eventsArrived(qint64 runId, const QList<Atelier::RunEvent>& events);
  // The run's row, with effectiveStatus(); emitted at the start and on every change.
  void runChanged(const Atelier::RunInfo& run, const QString& status);

 private:
  QThread mThread;
  RunPoller* mPoller = nullptr;
  qint64 mRunId = 0;
};

}  // namespace Atelier

Q_DECLARE_METATYPE(Atelier::RunEvent)
Q_DECLARE_METATYPE(Atelier::RunInfo)
