#pragma once

#include <QDateTime>
#include <QFile>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>

namespace Atelier {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

struct LogEntry {
  QDateTime time;
  LogLevel level = LogLevel::Info;
  QString category;  // "atelier", "storage", "torch", "sentencepiece", "qt", ...
  QString message;

  // One line as written to the log file: "2026-11-22T10:00:00.123 [warning] torch: ...".
  QString formatted() const;
};

QString logLevelName(LogLevel level);

// The one log sink of the process. Everything ends here: Atelier's own
// messages, Qt's qDebug/qWarning, libtorch warnings and sentencepiece output.
// From here entries go to the project's log file, to stderr (command line) and
// to whoever listens to entryLogged (the GUI's log panel). Thread-safe.
class Logger : public QObject {
  Q_OBJECT

 public:
  static Logger& instance();

  void write(LogLevel level, const QString& category, const QString& message);

  // Appends to this file from now on (the project folder's atelier.log);
  // an empty path stops file logging. Returns false if it cannot be opened.
  bool setLogFile(const QString& path, QString* error = nullptr);
  QString logFile() const;

  // Entries at or above this level are echoed to stderr; Error+1 disables.
  void setStderrLevel(int level);

  // The most recent entries, oldest first, so a log panel opened late can show history.
  QList<LogEntry> recentEntries() const;

  // Routes qDebug/qInfo/qWarning/qCritical into this sink.
  static void installQtMessageHandler();

 Q_SIGNALS:
  // Emitted on the thread that logged; connect with Qt::QueuedConnection or
  // AutoConnection from another thread.
  void entryLogged(const Atelier::LogEntry& entry);

 private:
  Logger();
  mutable QMutex mMutex;
  QFile mFile;
  int mStderrLevel;
  QList<LogEntry> mRecent;
};

// Short helpers for Atelier's own messages.
void logDebug(const QString& category, const QString& message);
void logInfo(const QString& category, const QString& message);
void logWarning(const QString& category, const QString& message);
void logError(const QString& category, const QString& message);

}  // namespace Atelier

Q_DECLARE_METATYPE(Atelier::LogEntry)
