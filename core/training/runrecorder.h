#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Atelier {

class Database;

// Where a worker's events go: one JSON line each to a stream (stdout or a
// file) at once, and into the project database so a GUI started later redraws
// the run. Step events reach the database in batches (one transaction at most
// every half second): each commit waits for the disk (synchronous=FULL), and a
// small model takes many steps a second. What a kill -9 loses from the batch
// is recomputed by --resume anyway, since it comes after the last checkpoint.
class RunRecorder {
 public:
  RunRecorder(Database& db, qint64 runId);
  ~RunRecorder();

  // "-" = stdout; an empty path = no stream. Appends to a file.
  bool openStream(const QString& path, QString* error);
  void record(const QJsonObject& event);
  bool flush(QString* error = nullptr);

 private:
  Database& mDb;
  qint64 mRunId;
  QFile mStream;
  QList<QJsonObject> mPending;
  QElapsedTimer mSinceFlush;
};

}  // namespace Atelier
