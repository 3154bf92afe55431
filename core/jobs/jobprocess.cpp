#include "jobs/jobprocess.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace Atelier {

JobProcess::JobProcess(QObject* parent) : QObject(parent), mTimer(new QTimer(this)) {
  mTimer->setInterval(250);
  connect(mTimer, &QTimer::timeout, this, &JobProcess::poll);
}

JobProcess::~JobProcess() = default;

QString JobProcess::workerBinary() {
  const QString fromEnv = qEnvironmentVariable("ATELIER_BINARY");
  return fromEnv.isEmpty() ? QCoreApplication::applicationFilePath() : fromEnv;
}

bool JobProcess::isAlive(qint64 pid) {
  if (pid <= 0) return false;
  if (::kill(pid_t(pid), 0) != 0 && errno != EPERM) return false;
  // An exited process nobody has reaped yet (a detached worker whose new parent
  // is slow to wait) still answers kill(0): its state in /proc says "Z".
  QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
  if (stat.open(QIODevice::ReadOnly)) {
    const QByteArray line = stat.readAll();
    const int close = line.lastIndexOf(')');
    if (close > 0 && close + 2 < line.size() && line.at(close + 2) == 'Z') return false;
  }
  return true;
}

bool JobProcess::start(const QStringList& args, const QString& logFile, QString* error) {
  if (isRunning()) {
    *error = tr("A run is already going on: stop it first.");
    return false;
  }
  QProcess process;
  process.setProgram(workerBinary());
  process.setArguments(args);
  process.setStandardInputFile(QProcess::nullDevice());
  process.setStandardOutputFile(QProcess::nullDevice());
  process.setStandardErrorFile(logFile, QIODevice::Truncate);
  // Detached: the worker belongs to no window and survives the GUI closing.
  qint64 pid = 0;
  if (!process.startDetached(&pid) || pid <= 0) {
    *error = tr("Cannot start the training worker %1: %2").arg(workerBinary(), process.errorString());
    return false;
  }
  mLogFile = logFile;
  attach(pid);
  Q_EMIT started(pid);
  return true;
}

void JobProcess::attach(qint64 pid) {
  mPid = pid;
  if (pid > 0) mTimer->start();
}

bool JobProcess::requestStop() {
  if (!isRunning()) return false;
  return ::kill(pid_t(mPid), SIGTERM) == 0;
}

QString JobProcess::logTail(int maxLines) const {
  QFile f(mLogFile);
  if (mLogFile.isEmpty() || !f.open(QIODevice::ReadOnly)) return {};
  if (f.size() > 64 * 1024) f.seek(f.size() - 64 * 1024);
  QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  if (lines.size() > maxLines) lines = lines.mid(lines.size() - maxLines);
  return lines.join(QLatin1Char('\n'));
}

void JobProcess::poll() {
  if (isAlive(mPid)) return;
  const qint64 pid = mPid;
  mPid = 0;
  mTimer->stop();
  Q_EMIT finished(pid);
}

}  // namespace Atelier
