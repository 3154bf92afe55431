#include "rankingrepository.h"

#include "database.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Atelier {

namespace {

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

QString compact(const QJsonObject& o) {
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// A null QString binds as SQL NULL; the text columns are NOT NULL.
QString text(const QString& s) { return s.isNull() ? QStringLiteral("") : s; }

bool exec(QSqlQuery& q, QString* error) {
  if (q.exec()) return true;
  if (error) *error = q.lastError().text();
  return false;
}

QString pinHash(const QString& salt, const QString& pin) {
  return QString::fromLatin1(
      QCryptographicHash::hash((salt + QLatin1Char(':') + pin).toUtf8(), QCryptographicHash::Sha256).toHex());
}

}  // namespace

QJsonObject judgementResultJson(const Judgement& j) {
  QJsonObject o;
  if (j.skipped) return o;
  if (j.mode == QLatin1String("ranking")) {
    QJsonArray ranks;
    for (const auto& r : j.ranks) ranks.append(QJsonArray{double(r.first), r.second});
    o.insert(QStringLiteral("ranks"), ranks);
  } else {
    o.insert(QStringLiteral("a"), double(j.a));
    o.insert(QStringLiteral("b"), double(j.b));
    o.insert(QStringLiteral("choice"), j.choice);
  }
  return o;
}

bool judgementResultFromJson(const QJsonObject& o, Judgement* j) {
  j->ranks.clear();
  for (const QJsonValue& v : o.value(QStringLiteral("ranks")).toArray()) {
    const QJsonArray pair = v.toArray();
    if (pair.size() != 2) return false;
    j->ranks.append({qint64(pair.at(0).toDouble()), pair.at(1).toInt()});
  }
  j->a = qint64(o.value(QStringLiteral("a")).toDouble());
  j->b = qint64(o.value(QStringLiteral("b")).toDouble());
  j->choice = o.value(QStringLiteral("choice")).toString();
  return true;
}

qint64 RankingRepository::createPromptSet(const QString& name, const QString& source, QString* error) {
  if (name.trimmed().isEmpty()) {
    if (error) *error = QStringLiteral("A prompt set needs a name.");
    return 0;
  }
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO rank_prompt_sets(name, source, created_at) VALUES (?,?,?)"));
  q.addBindValue(name);
  q.addBindValue(text(source));
  q.addBindValue(now());
  if (!q.exec()) {
    if (error)
      *error = q.lastError().text().contains(QStringLiteral("UNIQUE"))
                   ? QStringLiteral("A prompt set named \"%1\" already exists; choose another name.").arg(name)
                   : q.lastError().text();
    return 0;
  }
  return q.lastInsertId().toLongLong();
}

qint64 RankingRepository::promptSetId(const QString& name) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id FROM rank_prompt_sets WHERE name = ?"));
  q.addBindValue(name);
  return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

QList<PromptSet> RankingRepository::promptSets() {
  QList<PromptSet> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QStringLiteral("SELECT s.id, s.name, s.source, (SELECT COUNT(*) FROM rank_prompts p"
                             " WHERE p.set_id = s.id) FROM rank_prompt_sets s ORDER BY s.id")))
    return out;
  while (q.next())
    out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toLongLong()});
  return out;
}

int RankingRepository::addPrompts(qint64 setId, const QStringList& texts, QString* error) {
  QSqlDatabase c = mDb.connection();
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    if (error) *error = q.lastError().text();
    return -1;
  }
  q.prepare(QStringLiteral("SELECT COALESCE(MAX(position), 0) FROM rank_prompts WHERE set_id = ?"));
  q.addBindValue(setId);
  int position = exec(q, error) && q.next() ? q.value(0).toInt() : 0;
  int added = 0;
  QSqlQuery ins(c);
  ins.prepare(QStringLiteral("INSERT OR IGNORE INTO rank_prompts(set_id, position, text) VALUES (?,?,?)"));
  for (const QString& t : texts) {
    const QString text = t.trimmed();
    if (text.isEmpty()) continue;
    ins.addBindValue(setId);
    ins.addBindValue(position + 1);
    ins.addBindValue(text);
    if (!exec(ins, error)) {
      QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
      return -1;
    }
    if (ins.numRowsAffected() > 0) {
      ++position;
      ++added;
    }
  }
  if (!q.exec(QStringLiteral("COMMIT"))) {
    if (error) *error = q.lastError().text();
    QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
    return -1;
  }
  return added;
}

QList<RankPrompt> RankingRepository::prompts(qint64 setId) {
  QList<RankPrompt> out;
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id, set_id, position, text FROM rank_prompts WHERE set_id = ? ORDER BY position"));
  q.addBindValue(setId);
  if (!q.exec()) return out;
  while (q.next()) out.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt(), q.value(3).toString()});
  return out;
}

bool RankingRepository::prompt(qint64 promptId, RankPrompt* out) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id, set_id, position, text FROM rank_prompts WHERE id = ?"));
  q.addBindValue(promptId);
  if (!q.exec() || !q.next()) return false;
  *out = {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt(), q.value(3).toString()};
  return true;
}

qint64 RankingRepository::findPrompt(qint64 setId, const QString& text) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id FROM rank_prompts WHERE set_id = ? AND text = ?"));
  q.addBindValue(setId);
  q.addBindValue(text.trimmed());
  return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

qint64 RankingRepository::addCandidate(const Candidate& c, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO rank_candidates(prompt_id, text, model, adapter, sampling_json, seed, created_at)"
                           " VALUES (?,?,?,?,?,?,?)"));
  q.addBindValue(c.promptId);
  q.addBindValue(text(c.text));
  q.addBindValue(text(c.model));
  q.addBindValue(text(c.adapter));
  q.addBindValue(compact(c.sampling));
  q.addBindValue(c.seed >= 0 ? QVariant(c.seed) : QVariant());
  q.addBindValue(now());
  return exec(q, error) ? q.lastInsertId().toLongLong() : 0;
}

QList<Candidate> RankingRepository::candidates(qint64 promptId) {
  QList<Candidate> out;
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id, prompt_id, text, model, adapter, sampling_json, seed FROM rank_candidates"
                           " WHERE prompt_id = ? ORDER BY id"));
  q.addBindValue(promptId);
  if (!q.exec()) return out;
  while (q.next()) {
    Candidate c;
    c.id = q.value(0).toLongLong();
    c.promptId = q.value(1).toLongLong();
    c.text = q.value(2).toString();
    c.model = q.value(3).toString();
    c.adapter = q.value(4).toString();
    c.sampling = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
    c.seed = q.value(6).isNull() ? -1 : q.value(6).toLongLong();
    out.append(c);
  }
  return out;
}

qint64 RankingRepository::rater(const QString& name, QString* error) {
  const QString n = name.trimmed();
  if (n.isEmpty()) {
    if (error) *error = QStringLiteral("A rater needs a name.");
    return 0;
  }
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT OR IGNORE INTO raters(name, created_at) VALUES (?,?)"));
  q.addBindValue(n);
  q.addBindValue(now());
  if (!exec(q, error)) return 0;
  q.prepare(QStringLiteral("SELECT id FROM raters WHERE name = ?"));
  q.addBindValue(n);
  return exec(q, error) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<Rater> RankingRepository::raters() {
  QList<Rater> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QStringLiteral("SELECT id, name FROM raters ORDER BY name"))) return out;
  while (q.next()) out.append({q.value(0).toLongLong(), q.value(1).toString()});
  return out;
}

bool RankingRepository::addJudgement(Judgement* j, QString* error) {
  if (j->mode != QLatin1String("ranking") && j->mode != QLatin1String("pairwise")) {
    if (error) *error = QStringLiteral("Unknown judgement mode \"%1\" (ranking or pairwise).").arg(j->mode);
    return false;
  }
  if (j->uuid.isEmpty()) j->uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
  if (!j->createdAt.isValid()) j->createdAt = QDateTime::currentDateTimeUtc();
  // A single INSERT in autocommit mode is its own transaction: with WAL and
  // synchronous=FULL the WAL is fsynced before exec() returns.
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO judgements(uuid, rater_id, prompt_id, mode, result_json, score, comment,"
                           " flags, skipped, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  q.addBindValue(j->uuid);
  q.addBindValue(j->raterId);
  q.addBindValue(j->promptId);
  q.addBindValue(j->mode);
  q.addBindValue(compact(judgementResultJson(*j)));
  q.addBindValue(j->score >= 1 && j->score <= 7 ? QVariant(j->score) : QVariant());
  q.addBindValue(text(j->comment));
  q.addBindValue(text(j->flags.join(QLatin1Char(','))));
  q.addBindValue(j->skipped ? 1 : 0);
  q.addBindValue(j->createdAt.toUTC().toString(Qt::ISODateWithMs));
  return exec(q, error);
}

bool RankingRepository::hasJudgement(const QString& uuid) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT 1 FROM judgements WHERE uuid = ?"));
  q.addBindValue(uuid);
  return q.exec() && q.next();
}

static const char* kJudgementColumns =
    "SELECT j.uuid, j.rater_id, r.name, j.prompt_id, j.mode, j.result_json, j.score, j.comment, j.flags,"
    " j.skipped, j.created_at FROM judgements j JOIN raters r ON r.id = j.rater_id";

static Judgement readJudgement(const QSqlQuery& q) {
  Judgement j;
  j.uuid = q.value(0).toString();
  j.raterId = q.value(1).toLongLong();
  j.rater = q.value(2).toString();
  j.promptId = q.value(3).toLongLong();
  j.mode = q.value(4).toString();
  judgementResultFromJson(QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object(), &j);
  j.score = q.value(6).isNull() ? 0 : q.value(6).toInt();
  j.comment = q.value(7).toString();
  j.flags = q.value(8).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
  j.skipped = q.value(9).toInt() != 0;
  j.createdAt = QDateTime::fromString(q.value(10).toString(), Qt::ISODateWithMs);
  return j;
}

bool RankingRepository::removeLastJudgement(qint64 raterId, Judgement* removed, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QString::fromLatin1(kJudgementColumns) +
            QStringLiteral(" WHERE j.rater_id = ? ORDER BY j.created_at DESC, j.rowid DESC LIMIT 1"));
  q.addBindValue(raterId);
  if (!exec(q, error)) return false;
  if (!q.next()) {
    if (error) *error = QStringLiteral("There is nothing to undo.");
    return false;
  }
  const Judgement j = readJudgement(q);
  QSqlQuery del(mDb.connection());
  del.prepare(QStringLiteral("DELETE FROM judgements WHERE uuid = ?"));
  del.addBindValue(j.uuid);
  if (!exec(del, error)) return false;
  if (removed) *removed = j;
  return true;
}

QList<Judgement> RankingRepository::judgements(qint64 setId) {
  QList<Judgement> out;
  QSqlQuery q(mDb.connection());
  QString sql = QString::fromLatin1(kJudgementColumns);
  if (setId > 0) sql += QStringLiteral(" JOIN rank_prompts p ON p.id = j.prompt_id WHERE p.set_id = ?");
  sql += QStringLiteral(" ORDER BY j.created_at, j.rowid");
  q.prepare(sql);
  if (setId > 0) q.addBindValue(setId);
  if (!q.exec()) return out;
  while (q.next()) out.append(readJudgement(q));
  return out;
}

QString RankingRepository::setting(const QString& key) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT value FROM rank_settings WHERE key = ?"));
  q.addBindValue(key);
  return q.exec() && q.next() ? q.value(0).toString() : QString();
}

bool RankingRepository::setSetting(const QString& key, const QString& value, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO rank_settings(key, value) VALUES (?,?)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  q.addBindValue(key);
  q.addBindValue(value);
  return exec(q, error);
}

int RankingRepository::ratersPerPrompt() {
  const int n = setting(QStringLiteral("raters_per_prompt")).toInt();
  return n >= 1 ? n : 1;
}

bool RankingRepository::setRatersPerPrompt(int n, QString* error) {
  if (n < 1 || n > 100) {
    if (error) *error = QStringLiteral("Raters per prompt must be between 1 and 100 (got %1).").arg(n);
    return false;
  }
  return setSetting(QStringLiteral("raters_per_prompt"), QString::number(n), error);
}

bool RankingRepository::setOwnerPin(const QString& pin, QString* error) {
  if (pin.size() < 4) {
    if (error) *error = QStringLiteral("The owner PIN needs at least 4 characters.");
    return false;
  }
  const QString salt = QString::number(QRandomGenerator::system()->generate64(), 16);
  return setSetting(QStringLiteral("owner_pin"), salt + QLatin1Char('$') + pinHash(salt, pin), error);
}

bool RankingRepository::hasOwnerPin() { return !setting(QStringLiteral("owner_pin")).isEmpty(); }

bool RankingRepository::checkOwnerPin(const QString& pin) {
  const QString stored = setting(QStringLiteral("owner_pin"));
  const int dollar = stored.indexOf(QLatin1Char('$'));
  if (dollar < 0) return true;  // no PIN set: nothing to protect
  return pinHash(stored.left(dollar), pin) == stored.mid(dollar + 1);
}

}  // namespace Atelier
