#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Atelier {

class Database;

// A training run as the project remembers it. The run folder holds the weights;
// the database holds what the GUI draws (every event), so a GUI started while a
// run is going on, or long after, redraws the whole curve.
struct RunInfo {
  qint64 id = 0;
  QString name;       // folder name under runs/, unique in the project
  QString kind;       // sft | pretrain | dpo | reward
  QString dataset;
  QString model;      // base model folder
  QString runDir;     // absolute
  QJsonObject config;
  QString status;     // running | stopped | finished | failed
  qint64 pid = 0;     // of the worker while it runs
  QDateTime createdAt, updatedAt;
  QJsonObject summary;  // final metrics, the adapter path, the failure message
};

struct RunEvent {
  qint64 id = 0;  // increasing within the project: "events after id N" follows a run
  QString event;  // start | step | eval | checkpoint | message | stopped | done | error
  qint64 step = -1;
  QJsonObject payload;  // the whole JSON line, "event" included
};

class RunRepository {
 public:
  explicit RunRepository(Database& db) : mDb(db) {}

  // Registers a run (status running) or, when one of that name exists (a resume),
  // marks it running again with the new pid. Returns its id, 0 on failure.
  qint64 startRun(const RunInfo& run, QString* error);
  bool setStatus(qint64 runId, const QString& status, const QJsonObject& summary, QString* error);
  bool setPid(qint64 runId, qint64 pid, QString* error);

  QList<RunInfo> list();
  bool find(const QString& name, RunInfo* out);
  bool findById(qint64 runId, RunInfo* out);

  // Stores one event line; the step is taken from its "step" field when present.
  bool appendEvent(qint64 runId, const QJsonObject& event, QString* error);
  // Events of a run with id > afterId, oldest first.
  QList<RunEvent> events(qint64 runId, qint64 afterId = 0);
  // A resumed run repeats the steps after its last checkpoint: their old events go.
  bool dropEventsAfterStep(qint64 runId, qint64 step, QString* error);
  bool remove(qint64 runId, QString* error);

 private:
  Database& mDb;
};

}  // namespace Atelier
