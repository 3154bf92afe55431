#include "runrecorder.h"

#include "storage/database.h"
#include "storage/runrepository.h"

#include <QJsonDocument>
#include <QSqlDatabase>

#include <cstdio>

namespace Atelier {

RunRecorder::RunRecorder(Database& db, qint64 runId) : mDb(db), mRunId(runId) { mSinceFlush.start(); }

RunRecorder::~RunRecorder() { flush(); }

bool RunRecorder::openStream(const QString& path, QString* error) {
  if (path.isEmpty()) return true;
  const bool ok = path == QLatin1String("-")
                      ? mStream.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered)
                      : (mStream.setFileName(path), mStream.open(QIODevice::WriteOnly | QIODevice::Append));
  if (!ok) *error = QStringLiteral("Cannot write events to %1: %2").arg(path, mStream.errorString());
  return ok;
}

void RunRecorder::record(const QJsonObject& event) {
  const QString kind = event.value(QStringLiteral("event")).toString();
  mPending.append(event);
  // Into the database before the stream: whoever reads a line (the GUI, a test)
  // may kill the worker at once, and the curve in the database must hold it.
  if (kind != QLatin1String("step") || mSinceFlush.elapsed() >= 500) flush();
  // A resume replaces the events after its checkpoint: they are recomputed.
  if (kind == QLatin1String("start"))
    RunRepository(mDb).dropEventsAfterStep(
        mRunId, qint64(event.value(QStringLiteral("resumed_from_step")).toDouble()), nullptr);
  if (mStream.isOpen()) {
    mStream.write(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
    mStream.flush();
  }
}

bool RunRecorder::flush(QString* error) {
  mSinceFlush.restart();
  if (mPending.isEmpty()) return true;
  QSqlDatabase c = mDb.connection();
  c.transaction();
  RunRepository runs(mDb);
  for (const QJsonObject& e : std::as_const(mPending)) {
    if (!runs.appendEvent(mRunId, e, error)) {
      c.rollback();
      return false;
    }
  }
  mPending.clear();
  return c.commit();
}

}  // namespace Atelier
