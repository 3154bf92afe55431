#include "runrepository.h"

#include "database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

namespace {

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

QString compact(const QJsonObject& o) {
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject parseObject(const QString& text) {
  return QJsonDocument::fromJson(text.toUtf8()).object();
}

bool exec(QSqlQuery& q, QString* error) {
  if (q.exec()) return true;
  if (error) *error = q.lastError().text();
  return false;
}

const char* kRunColumns =
    "SELECT id, name, kind, dataset, model, run_dir, config_json, status, pid,"
    " created_at, updated_at, summary_json FROM runs";

RunInfo readRun(const QSqlQuery& q) {
  RunInfo r;
  r.id = q.value(0).toLongLong();
  r.name = q.value(1).toString();
  r.kind = q.value(2).toString();
  r.dataset = q.value(3).toString();
  r.model = q.value(4).toString();
  r.runDir = q.value(5).toString();
  r.config = parseObject(q.value(6).toString());
  r.status = q.value(7).toString();
  r.pid = q.value(8).toLongLong();
  r.createdAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
  r.updatedAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
  r.summary = parseObject(q.value(11).toString());
  return r;
}

}  // namespace

qint64 RunRepository::startRun(const RunInfo& run, QString* error) {
  RunInfo existing;
  QSqlQuery q(mDb.connection());
  if (find(run.name, &existing)) {
    q.prepare(QStringLiteral("UPDATE runs SET status = 'running', pid = ?, updated_at = ?,"
                             " config_json = ? WHERE id = ?"));
    q.addBindValue(run.pid);
    q.addBindValue(now());
    q.addBindValue(compact(run.config));
    q.addBindValue(existing.id);
    return exec(q, error) ? existing.id : 0;
  }
  q.prepare(QStringLiteral("INSERT INTO runs(name, kind, dataset, model, run_dir, config_json,"
                           " status, pid, created_at, updated_at) VALUES (?,?,?,?,?,?,'running',?,?,?)"));
  const QString at = now();
  for (const QVariant& v : {QVariant(run.name), QVariant(run.kind), QVariant(run.dataset),
                            QVariant(run.model), QVariant(run.runDir), QVariant(compact(run.config)),
                            QVariant(run.pid), QVariant(at), QVariant(at)})
    q.addBindValue(v);
  if (!exec(q, error)) return 0;
  return q.lastInsertId().toLongLong();
}

bool RunRepository::setStatus(qint64 runId, const QString& status, const QJsonObject& summary,
                              QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE runs SET status = ?, summary_json = ?, pid = NULL,"
                           " updated_at = ? WHERE id = ?"));
  q.addBindValue(status);
  q.addBindValue(compact(summary));
  q.addBindValue(now());
  q.addBindValue(runId);
  return exec(q, error);
}

bool RunRepository::setPid(qint64 runId, qint64 pid, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE runs SET pid = ? WHERE id = ?"));
  q.addBindValue(pid);
  q.addBindValue(runId);
  return exec(q, error);
}

QList<RunInfo> RunRepository::list() {
  QList<RunInfo> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QString::fromLatin1(kRunColumns) + QStringLiteral(" ORDER BY id"))) return out;
  while (q.next()) out << readRun(q);
  return out;
}

bool RunRepository::find(const QString& name, RunInfo* out) {
  QSqlQuery q(mDb.connection());
  q.prepare(QString::fromLatin1(kRunColumns) + QStringLiteral(" WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec() || !q.next()) return false;
  *out = readRun(q);
  return true;
}

bool RunRepository::findById(qint64 runId, RunInfo* out) {
  QSqlQuery q(mDb.connection());
  q.prepare(QString::fromLatin1(kRunColumns) + QStringLiteral(" WHERE id = ?"));
  q.addBindValue(runId);
  if (!q.exec() || !q.next()) return false;
  *out = readRun(q);
  return true;
}

bool RunRepository::appendEvent(qint64 runId, const QJsonObject& event, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO run_events(run_id, event, step, payload) VALUES (?,?,?,?)"));
  q.addBindValue(runId);
  q.addBindValue(event.value(QStringLiteral("event")).toString());
  q.addBindValue(event.contains(QStringLiteral("step"))
                     ? QVariant(qint64(event.value(QStringLiteral("step")).toDouble()))
                     : QVariant());
  q.addBindValue(compact(event));
  return exec(q, error);
}

QList<RunEvent> RunRepository::events(qint64 runId, qint64 afterId) {
  QList<RunEvent> out;
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  q.prepare(QStringLiteral("SELECT id, event, step, payload FROM run_events"
                           " WHERE run_id = ? AND id > ? ORDER BY id"));
  q.addBindValue(runId);
  q.addBindValue(afterId);
  if (!q.exec()) return out;
  while (q.next()) {
    RunEvent e;
    e.id = q.value(0).toLongLong();
    e.event = q.value(1).toString();
    e.step = q.value(2).isNull() ? -1 : q.value(2).toLongLong();
    e.payload = parseObject(q.value(3).toString());
    out << e;
  }
  return out;
}

bool RunRepository::dropEventsAfterStep(qint64 runId, qint64 step, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM run_events WHERE run_id = ? AND step > ?"
                           " AND event IN ('step', 'eval', 'checkpoint')"));
  q.addBindValue(runId);
  q.addBindValue(step);
  return exec(q, error);
}

bool RunRepository::remove(qint64 runId, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM runs WHERE id = ?"));
  q.addBindValue(runId);
  return exec(q, error);
}

}  // namespace Atelier
