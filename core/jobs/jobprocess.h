#pragma once
// Starts a worker (`atelier train sft ...`, the same binary) as a process of
// its own that outlives the GUI: closing the window mid-run does not stop
// training, and a GUI opened later re-attaches through the project database
// (RunFollower). The worker's stderr goes to a log file so a worker that
// fails before it reaches the database still explains why.
#include <QObject>
#include <QString>
#include <QStringList>

class QTimer;

namespace Atelier {

class JobProcess : public QObject {
  Q_OBJECT
 public:
  explicit JobProcess(QObject* parent = nullptr);
  ~JobProcess() override;  // leaves a running worker running

  // The worker executable: $ATELIER_BINARY when set (tests), else this program.
  static QString workerBinary();
  // True when a process with this id exists (ours or not).
  static bool isAlive(qint64 pid);

  // Starts `workerBinary() args`; stderr goes to `logFile`. False with *error
  // when the program cannot be started.
  bool start(const QStringList& args, const QString& logFile, QString* error);
  // Asks the worker to save a checkpoint and exit (SIGTERM).
  bool requestStop();
  // Follows a worker started earlier (e.g. by a previous GUI) for finished().
  void attach(qint64 pid);
  qint64 pid() const { return mPid; }
  bool isRunning() const { return mPid > 0; }
  QString logFile() const { return mLogFile; }
  // The last lines of the log, for a failure message.
  QString logTail(int maxLines = 8) const;

 Q_SIGNALS:
  void started(qint64 pid);
  // The process is gone (the run's status in the database says how it ended).
  void finished(qint64 pid);

 private:
  void poll();
  qint64 mPid = 0;
  QString mLogFile;
  QTimer* mTimer = nullptr;
};

}  // namespace Atelier
