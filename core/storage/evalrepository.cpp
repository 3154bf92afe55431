#include "evalrepository.h"

#include "database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>

namespace Atelier {

namespace {

const char* kResultColumns =
    "SELECT id, run_name, checkpoint, model, adapter, dataset, split, n, tokens, perplexity, bleu,"
    " rouge_l, max_new_tokens, created_at, details_json FROM eval_results";

const char* kExampleColumns =
    "SELECT position, source_line, prompt, reference, generation, rouge_l, nll, tokens FROM eval_examples";

EvalRecord readRecord(const QSqlQuery& q) {
  EvalRecord r;
  r.id = q.value(0).toLongLong();
  r.runName = q.value(1).toString();
  r.checkpoint = q.value(2).toString();
  r.model = q.value(3).toString();
  r.adapter = q.value(4).toString();
  r.dataset = q.value(5).toString();
  r.split = q.value(6).toString();
  r.n = q.value(7).toInt();
  r.tokens = q.value(8).toLongLong();
  r.perplexity = q.value(9).toDouble();
  r.hasGeneration = !q.value(10).isNull();
  r.bleu = q.value(10).toDouble();
  r.rougeL = q.value(11).toDouble();
  r.maxNewTokens = q.value(12).toInt();
  r.createdAt = QDateTime::fromString(q.value(13).toString(), Qt::ISODateWithMs);
  r.details = QJsonDocument::fromJson(q.value(14).toString().toUtf8()).object();
  return r;
}

EvalExampleRecord readExample(const QSqlQuery& q) {
  EvalExampleRecord e;
  e.position = q.value(0).toInt();
  e.sourceLine = q.value(1).toLongLong();
  e.prompt = q.value(2).toString();
  e.reference = q.value(3).toString();
  e.generation = q.value(4).toString();
  e.rougeL = q.value(5).isNull() ? QVariant() : QVariant(q.value(5).toDouble());
  e.nll = q.value(6).toDouble();
  e.tokens = q.value(7).toInt();
  return e;
}

// A perplexity of an empty answer or an overflowing one is stored as a large
// finite number: SQLite has no infinity literal that survives every driver.
double finite(double v) { return std::isfinite(v) ? v : 1e300; }

// A null QString binds as SQL NULL; these columns hold text, empty or not.
QVariant text(const QString& s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }

}  // namespace

QString EvalRecord::label() const {
  if (checkpoint.isEmpty()) return runName;
  return QStringLiteral("%1 · %2").arg(runName, checkpoint);
}

double EvalExampleRecord::perplexity() const { return tokens > 0 ? std::exp(nll / tokens) : 0; }

qint64 EvalRepository::store(const EvalRecord& r, const QList<EvalExampleRecord>& examples, QString* error) {
  QSqlDatabase c = mDb.connection();
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    if (error) *error = QStringLiteral("cannot store the evaluation: %1").arg(q.lastError().text());
    return 0;
  }
  auto rollback = [&](const QSqlQuery& failed) {
    if (error) *error = QStringLiteral("cannot store the evaluation: %1").arg(failed.lastError().text());
    QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
    return qint64(0);
  };
  q.prepare(QStringLiteral("INSERT INTO eval_results(run_name, checkpoint, model, adapter, dataset, split, n,"
                           " tokens, perplexity, bleu, rouge_l, max_new_tokens, created_at, details_json)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  const QDateTime at = r.createdAt.isValid() ? r.createdAt : QDateTime::currentDateTimeUtc();
  for (const QVariant& v :
       {text(r.runName), text(r.checkpoint), text(r.model), text(r.adapter), text(r.dataset),
        QVariant(r.split.isEmpty() ? QStringLiteral("all") : r.split), QVariant(r.n), QVariant(r.tokens),
        QVariant(finite(r.perplexity)), r.hasGeneration ? QVariant(r.bleu) : QVariant(),
        r.hasGeneration ? QVariant(r.rougeL) : QVariant(), QVariant(r.maxNewTokens),
        QVariant(at.toUTC().toString(Qt::ISODateWithMs)),
        QVariant(QString::fromUtf8(QJsonDocument(r.details).toJson(QJsonDocument::Compact)))})
    q.addBindValue(v);
  if (!q.exec()) return rollback(q);
  const qint64 id = q.lastInsertId().toLongLong();
  QSqlQuery e(c);
  e.prepare(QStringLiteral("INSERT INTO eval_examples(eval_id, position, source_line, prompt, reference,"
                           " generation, rouge_l, nll, tokens) VALUES (?,?,?,?,?,?,?,?,?)"));
  for (int i = 0; i < examples.size(); ++i) {
    const EvalExampleRecord& x = examples[i];
    for (const QVariant& v : {QVariant(id), QVariant(i), QVariant(x.sourceLine), text(x.prompt),
                              text(x.reference), text(x.generation),
                              x.rougeL.isNull() ? QVariant() : QVariant(x.rougeL.toDouble()),
                              QVariant(finite(x.nll)), QVariant(x.tokens)})
      e.addBindValue(v);
    if (!e.exec()) return rollback(e);
  }
  if (!q.exec(QStringLiteral("COMMIT"))) return rollback(q);
  return id;
}

QList<EvalRecord> EvalRepository::list() {
  QList<EvalRecord> out;
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  if (!q.exec(QString::fromLatin1(kResultColumns) + QStringLiteral(" ORDER BY id DESC"))) return out;
  while (q.next()) out << readRecord(q);
  return out;
}

bool EvalRepository::find(qint64 id, EvalRecord* out) {
  QSqlQuery q(mDb.connection());
  q.prepare(QString::fromLatin1(kResultColumns) + QStringLiteral(" WHERE id = ?"));
  q.addBindValue(id);
  if (!q.exec() || !q.next()) return false;
  *out = readRecord(q);
  return true;
}

bool EvalRepository::forEachExample(qint64 id, const std::function<bool(const EvalExampleRecord&)>& each,
                                    QString* error) {
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  q.prepare(QString::fromLatin1(kExampleColumns) + QStringLiteral(" WHERE eval_id = ? ORDER BY position"));
  q.addBindValue(id);
  if (!q.exec()) {
    if (error) *error = q.lastError().text();
    return false;
  }
  while (q.next())
    if (!each(readExample(q))) break;
  return true;
}

QList<EvalExampleRecord> EvalRepository::worstExamples(qint64 id, WorstBy by, int limit) {
  QList<EvalExampleRecord> out;
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  // Per-token NLL orders like per-example perplexity; rows without answer tokens go last.
  const QString order = by == WorstBy::RougeL
                            ? QStringLiteral(" AND rouge_l IS NOT NULL ORDER BY rouge_l ASC, position")
                            : QStringLiteral(" ORDER BY tokens = 0, nll / MAX(tokens, 1) DESC, position");
  q.prepare(QString::fromLatin1(kExampleColumns) + QStringLiteral(" WHERE eval_id = ?") + order +
            QStringLiteral(" LIMIT ?"));
  q.addBindValue(id);
  q.addBindValue(limit);
  if (!q.exec()) return out;
  while (q.next()) out << readExample(q);
  return out;
}

bool EvalRepository::remove(qint64 id, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM eval_results WHERE id = ?"));
  q.addBindValue(id);
  if (q.exec()) return true;
  if (error) *error = q.lastError().text();
  return false;
}

}  // namespace Atelier
