#include "logger.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>

#include <cstdio>

namespace Atelier {
namespace {
constexpr int kRecentLimit = 2000;
}

QString logLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::Debug: return QStringLiteral("debug");
    case LogLevel::Info: return QStringLiteral("info");
    case LogLevel::Warning: return QStringLiteral("warning");
    case LogLevel::Error: return QStringLiteral("error");
  }
  return QStringLiteral("info");
}

QString LogEntry::formatted() const {
  return QStringLiteral("%1 [%2] %3: %4")
      .arg(time.toString(Qt::ISODateWithMs), logLevelName(level), category, message);
}

Logger::Logger() : mStderrLevel(static_cast<int>(LogLevel::Error) + 1) {
  qRegisterMetaType<Atelier::LogEntry>();
}

Logger& Logger::instance() {
  static Logger* logger = new Logger;  // never destroyed: logging may happen during exit
  return *logger;
}

void Logger::write(LogLevel level, const QString& category, const QString& message) {
  LogEntry entry;
  entry.time = QDateTime::currentDateTime();
  entry.level = level;
  entry.category = category;
  entry.message = message.trimmed();
  {
    QMutexLocker lock(&mMutex);
    const QString line = entry.formatted();
    if (mFile.isOpen()) {
      mFile.write(line.toUtf8());
      mFile.write("\n");
      mFile.flush();
    }
    if (static_cast<int>(level) >= mStderrLevel) {
      std::fprintf(stderr, "%s\n", line.toLocal8Bit().constData());
      std::fflush(stderr);
    }
    mRecent.append(entry);
    if (mRecent.size() > kRecentLimit) mRecent.removeFirst();
  }
  Q_EMIT entryLogged(entry);
}

bool Logger::setLogFile(const QString& path, QString* error) {
  QMutexLocker lock(&mMutex);
  if (mFile.isOpen()) mFile.close();
  if (path.isEmpty()) return true;
  mFile.setFileName(path);
  if (!mFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
    if (error)
      *error = QStringLiteral("Cannot write the log file %1: %2").arg(path, mFile.errorString());
    return false;
  }
  return true;
}

QString Logger::logFile() const {
  QMutexLocker lock(&mMutex);
  return mFile.isOpen() ? mFile.fileName() : QString();
}

void Logger::setStderrLevel(int level) {
  QMutexLocker lock(&mMutex);
  mStderrLevel = level;
}

QList<LogEntry> Logger::recentEntries() const {
  QMutexLocker lock(&mMutex);
  return mRecent;
}

static void qtMessageHandler(QtMsgType type, const QMessageLogContext& context,
                             const QString& message) {
  LogLevel level = LogLevel::Info;
  switch (type) {
    case QtDebugMsg: level = LogLevel::Debug; break;
    case QtInfoMsg: level = LogLevel::Info; break;
    case QtWarningMsg: level = LogLevel::Warning; break;
    case QtCriticalMsg:
    case QtFatalMsg: level = LogLevel::Error; break;
  }
  const QString category =
      context.category && qstrcmp(context.category, "default") != 0
          ? QString::fromUtf8(context.category)
          : QStringLiteral("qt");
  Logger::instance().write(level, category, message);
}

void Logger::installQtMessageHandler() { qInstallMessageHandler(qtMessageHandler); }

void logDebug(const QString& c, const QString& m) { Logger::instance().write(LogLevel::Debug, c, m); }
void logInfo(const QString& c, const QString& m) { Logger::instance().write(LogLevel::Info, c, m); }
void logWarning(const QString& c, const QString& m) {
  Logger::instance().write(LogLevel::Warning, c, m);
}
void logError(const QString& c, const QString& m) { Logger::instance().write(LogLevel::Error, c, m); }

}  // namespace Atelier
