#include "preferencepairs.h"

#include "storage/database.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>

namespace Atelier {

QList<PairVote> pairsFromJudgement(const Judgement& j, PairMode mode) {
  QList<PairVote> out;
  if (j.skipped) return out;
  if (j.mode == QLatin1String("pairwise")) {
    if (j.choice == QLatin1String("a")) out.append({j.a, j.b});
    else if (j.choice == QLatin1String("b")) out.append({j.b, j.a});
    return out;
  }
  QMap<int, QList<qint64>> levels;  // rank -> candidates, best first
  for (const auto& r : j.ranks) levels[r.second].append(r.first);
  const QList<QList<qint64>> ordered = levels.values();
  for (int hi = 0; hi < ordered.size(); ++hi) {
    const int last = mode == PairMode::Adjacent ? std::min(hi + 1, int(ordered.size()) - 1) : int(ordered.size()) - 1;
    for (int lo = hi + 1; lo <= last; ++lo)
      for (qint64 w : ordered[hi])
        for (qint64 l : ordered[lo]) out.append({w, l});
  }
  return out;
}

QList<PreferencePair> preferencePairs(Database& db, qint64 setId, PairMode mode) {
  RankingRepository repo(db);
  QMap<QPair<qint64, QPair<qint64, qint64>>, int> votes;  // (prompt, (winner, loser)) -> count
  QList<qint64> promptOrder;
  for (const Judgement& j : repo.judgements(setId)) {
    if (!promptOrder.contains(j.promptId)) promptOrder.append(j.promptId);
    for (const PairVote& v : pairsFromJudgement(j, mode)) votes[{j.promptId, {v.winner, v.loser}}] += 1;
  }
  QList<PreferencePair> out;
  for (qint64 promptId : promptOrder) {
    RankPrompt prompt;
    if (!repo.prompt(promptId, &prompt)) continue;
    QHash<qint64, QString> texts;
    for (const Candidate& c : repo.candidates(promptId)) texts.insert(c.id, c.text);
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) {
      if (it.key().first != promptId) continue;
      const qint64 w = it.key().second.first, l = it.key().second.second;
      const int against = votes.value({promptId, {l, w}});
      if (it.value() <= against || !texts.contains(w) || !texts.contains(l)) continue;
      out.append({promptId, prompt.text, w, l, texts.value(w), texts.value(l), it.value(), against});
    }
  }
  return out;
}

bool writeDpoJsonl(const QList<PreferencePair>& pairs, const QString& path, QString* error) {
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  for (const PreferencePair& p : pairs) {
    const QJsonObject o{{QStringLiteral("prompt"), p.prompt},
                        {QStringLiteral("chosen"), p.chosen},
                        {QStringLiteral("rejected"), p.rejected}};
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
  }
  if (!file.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return false;
  }
  return true;
}

qint64 createPreferenceDataset(Database& db, const QString& name, const QList<PreferencePair>& pairs,
                               QString* error) {
  QSqlDatabase c = db.connection();
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    *error = q.lastError().text();
    return 0;
  }
  auto fail = [&](const QString& message) {
    *error = message;
    QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
    return qint64(0);
  };
  q.prepare(QStringLiteral("INSERT INTO datasets(name, kind, format, source_file, created_at)"
                           " VALUES (?, 'preference', 'preference', 'rankings', ?)"));
  q.addBindValue(name);
  q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
  if (!q.exec())
    return fail(q.lastError().text().contains(QStringLiteral("UNIQUE"))
                    ? QStringLiteral("A dataset named \"%1\" already exists in this project; choose another name.").arg(name)
                    : q.lastError().text());
  const qint64 datasetId = q.lastInsertId().toLongLong();
  QSqlQuery conv(c), turn(c);
  conv.prepare(QStringLiteral("INSERT INTO conversations(dataset_id, source_line, original) VALUES (?,?,?)"));
  turn.prepare(QStringLiteral("INSERT INTO turns(conversation_id, position, role, variant, content) VALUES (?,?,?,?,?)"));
  int line = 0;
  for (const PreferencePair& p : pairs) {
    const QJsonObject o{{QStringLiteral("prompt"), p.prompt},
                        {QStringLiteral("chosen"), p.chosen},
                        {QStringLiteral("rejected"), p.rejected}};
    conv.addBindValue(datasetId);
    conv.addBindValue(++line);
    conv.addBindValue(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    if (!conv.exec()) return fail(conv.lastError().text());
    const qint64 convId = conv.lastInsertId().toLongLong();
    const QList<QStringList> turns = {{QStringLiteral("user"), QString(), p.prompt},
                                      {QStringLiteral("assistant"), QStringLiteral("chosen"), p.chosen},
                                      {QStringLiteral("assistant"), QStringLiteral("rejected"), p.rejected}};
    for (int i = 0; i < turns.size(); ++i) {
      turn.addBindValue(convId);
      turn.addBindValue(i);
      turn.addBindValue(turns[i][0]);
      turn.addBindValue(turns[i][1].isEmpty() ? QVariant() : QVariant(turns[i][1]));
      turn.addBindValue(turns[i][2]);
      if (!turn.exec()) return fail(turn.lastError().text());
    }
  }
  if (!q.exec(QStringLiteral("COMMIT"))) return fail(q.lastError().text());
  return datasetId;
}

}  // namespace Atelier
