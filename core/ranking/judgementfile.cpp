#include "judgementfile.h"

#include "storage/database.h"
#include "storage/rankingrepository.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Atelier {

namespace {

QJsonObject candidateJson(const Candidate& c) {
  return {{QStringLiteral("text"), c.text},
          {QStringLiteral("model"), c.model},
          {QStringLiteral("adapter"), c.adapter},
          {QStringLiteral("sampling"), c.sampling},
          {QStringLiteral("seed"), c.seed >= 0 ? QJsonValue(double(c.seed)) : QJsonValue()}};
}

Candidate candidateFromJson(const QJsonObject& o) {
  Candidate c;
  c.text = o.value(QStringLiteral("text")).toString();
  c.model = o.value(QStringLiteral("model")).toString();
  c.adapter = o.value(QStringLiteral("adapter")).toString();
  c.sampling = o.value(QStringLiteral("sampling")).toObject();
  c.seed = o.value(QStringLiteral("seed")).isDouble() ? qint64(o.value(QStringLiteral("seed")).toDouble()) : -1;
  return c;
}

// One line checked and parsed; candidate references are indexes into `candidates`.
struct Line {
  Judgement j;
  QString set, prompt;
  QList<Candidate> candidates;
  QList<int> rankOf;  // ranking: rank per candidate
  int a = -1, b = -1;
};

bool parseLine(const QByteArray& bytes, int number, Line* line, QString* error) {
  auto bad = [&](const QString& what) {
    *error = QStringLiteral("line %1: %2").arg(number).arg(what);
    return false;
  };
  QJsonParseError pe;
  const QJsonObject o = QJsonDocument::fromJson(bytes, &pe).object();
  if (pe.error != QJsonParseError::NoError) return bad(QStringLiteral("not JSON (%1)").arg(pe.errorString()));
  Judgement& j = line->j;
  j.uuid = o.value(QStringLiteral("uuid")).toString();
  if (QUuid::fromString(j.uuid).isNull()) return bad(QStringLiteral("\"uuid\" is missing or not a UUID"));
  j.rater = o.value(QStringLiteral("rater")).toString().trimmed();
  if (j.rater.isEmpty()) return bad(QStringLiteral("\"rater\" is missing"));
  line->set = o.value(QStringLiteral("prompt_set")).toString().trimmed();
  line->prompt = o.value(QStringLiteral("prompt")).toString().trimmed();
  if (line->set.isEmpty() || line->prompt.isEmpty()) return bad(QStringLiteral("\"prompt_set\" and \"prompt\" are needed"));
  j.mode = o.value(QStringLiteral("mode")).toString();
  if (j.mode != QLatin1String("ranking") && j.mode != QLatin1String("pairwise"))
    return bad(QStringLiteral("\"mode\" must be \"ranking\" or \"pairwise\""));
  j.createdAt = QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
  if (!j.createdAt.isValid()) return bad(QStringLiteral("\"created_at\" is not an ISO date"));
  j.skipped = o.value(QStringLiteral("skipped")).toBool();
  j.score = o.value(QStringLiteral("score")).toInt();
  if (j.score < 0 || j.score > 7) return bad(QStringLiteral("\"score\" must be 1 to 7 or null"));
  j.comment = o.value(QStringLiteral("comment")).toString();
  for (const QJsonValue& f : o.value(QStringLiteral("flags")).toArray()) j.flags << f.toString();
  for (const QJsonValue& c : o.value(QStringLiteral("candidates")).toArray()) {
    line->candidates.append(candidateFromJson(c.toObject()));
    if (line->candidates.last().text.isEmpty()) return bad(QStringLiteral("a candidate has no \"text\""));
  }
  if (j.skipped) return true;
  const int n = line->candidates.size();
  if (j.mode == QLatin1String("ranking")) {
    for (const QJsonValue& r : o.value(QStringLiteral("ranks")).toArray()) line->rankOf << r.toInt();
    if (line->rankOf.size() != n || n < 2) return bad(QStringLiteral("\"ranks\" needs one rank per candidate (at least 2)"));
    for (int r : line->rankOf)
      if (r < 1) return bad(QStringLiteral("\"ranks\" must be 1 or more"));
  } else {
    const QJsonObject p = o.value(QStringLiteral("pair")).toObject();
    line->a = p.value(QStringLiteral("a")).toInt(-1);
    line->b = p.value(QStringLiteral("b")).toInt(-1);
    j.choice = p.value(QStringLiteral("choice")).toString();
    if (line->a < 0 || line->b < 0 || line->a >= n || line->b >= n || line->a == line->b)
      return bad(QStringLiteral("\"pair\" needs two different candidate indexes \"a\" and \"b\""));
    if (!QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("tie"), QStringLiteral("both_bad")}.contains(j.choice))
      return bad(QStringLiteral("\"pair.choice\" must be a, b, tie or both_bad"));
  }
  return true;
}

qint64 lookup(QSqlDatabase& c, const QString& sql, const QVariantList& binds) {
  QSqlQuery q(c);
  q.prepare(sql);
  for (const QVariant& v : binds) q.addBindValue(v);
  return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
}

}  // namespace

qint64 exportJudgements(Database& db, qint64 setId, const QString& path, QString* error) {
  RankingRepository repo(db);
  QHash<qint64, QString> setNames;
  for (const PromptSet& s : repo.promptSets()) setNames.insert(s.id, s.name);
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return -1;
  }
  qint64 written = 0;
  for (const Judgement& j : repo.judgements(setId)) {
    RankPrompt prompt;
    if (!repo.prompt(j.promptId, &prompt)) continue;
    QHash<qint64, Candidate> byId;
    for (const Candidate& c : repo.candidates(j.promptId)) byId.insert(c.id, c);
    QJsonArray candidates;
    QJsonObject o{{QStringLiteral("uuid"), j.uuid},
                  {QStringLiteral("rater"), j.rater},
                  {QStringLiteral("prompt_set"), setNames.value(prompt.setId)},
                  {QStringLiteral("prompt"), prompt.text},
                  {QStringLiteral("mode"), j.mode},
                  {QStringLiteral("created_at"), j.createdAt.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("skipped"), j.skipped},
                  {QStringLiteral("score"), j.score ? QJsonValue(j.score) : QJsonValue()},
                  {QStringLiteral("comment"), j.comment},
                  {QStringLiteral("flags"), QJsonArray::fromStringList(j.flags)}};
    if (!j.skipped && j.mode == QLatin1String("ranking")) {
      QJsonArray ranks;
      for (const auto& r : j.ranks) {
        candidates.append(candidateJson(byId.value(r.first)));
        ranks.append(r.second);
      }
      o.insert(QStringLiteral("ranks"), ranks);
    } else if (!j.skipped) {
      candidates.append(candidateJson(byId.value(j.a)));
      candidates.append(candidateJson(byId.value(j.b)));
      o.insert(QStringLiteral("pair"), QJsonObject{{QStringLiteral("a"), 0}, {QStringLiteral("b"), 1},
                                                   {QStringLiteral("choice"), j.choice}});
    }
    o.insert(QStringLiteral("candidates"), candidates);
    file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    ++written;
  }
  if (!file.commit()) {
    *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
    return -1;
  }
  return written;
}

bool importJudgements(Database& db, const QString& path, ImportSummary* summary, QString* error) {
  *summary = ImportSummary();
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("Cannot read %1: %2").arg(path, file.errorString());
    return false;
  }
  QList<Line> lines;
  int number = 0;
  while (!file.atEnd()) {
    const QByteArray bytes = file.readLine().trimmed();
    ++number;
    if (bytes.isEmpty()) continue;
    Line line;
    if (!parseLine(bytes, number, &line, error)) {
      *error = QStringLiteral("%1, %2; nothing was imported.").arg(path, *error);
      return false;
    }
    lines.append(line);
  }
  QSqlDatabase c = db.connection();
  RankingRepository repo(db);
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    *error = QStringLiteral("Cannot start the import: %1").arg(q.lastError().text());
    return false;
  }
  auto fail = [&](int lineIndex, const QString& what) {
    *error = QStringLiteral("%1: judgement %2: %3; nothing was imported.").arg(path).arg(lineIndex + 1).arg(what);
    QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
    *summary = ImportSummary();
    return false;
  };
  const qint64 ratersBefore = repo.raters().size();
  for (int i = 0; i < lines.size(); ++i) {
    Line& line = lines[i];
    if (repo.hasJudgement(line.j.uuid)) {
      ++summary->duplicates;
      continue;
    }
    QString e;
    qint64 setId = repo.promptSetId(line.set);
    if (!setId && !(setId = repo.createPromptSet(line.set, QStringLiteral("imported"), &e))) return fail(i, e);
    qint64 promptId = repo.findPrompt(setId, line.prompt);
    if (!promptId) {
      QSqlQuery ins(c);
      ins.prepare(QStringLiteral("INSERT INTO rank_prompts(set_id, position, text) VALUES"
                                 " (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM rank_prompts WHERE set_id = ?), ?)"));
      ins.addBindValue(setId);
      ins.addBindValue(setId);
      ins.addBindValue(line.prompt);
      if (!ins.exec()) return fail(i, ins.lastError().text());
      promptId = ins.lastInsertId().toLongLong();
      ++summary->createdPrompts;
    }
    QList<qint64> ids;
    for (Candidate cand : line.candidates) {
      qint64 id = lookup(c, QStringLiteral("SELECT id FROM rank_candidates WHERE prompt_id = ? AND text = ? ORDER BY id LIMIT 1"),
                         {promptId, cand.text});
      if (!id) {
        cand.promptId = promptId;
        if (!(id = repo.addCandidate(cand, &e))) return fail(i, e);
        ++summary->createdCandidates;
      }
      ids << id;
    }
    Judgement j = line.j;
    j.promptId = promptId;
    if (!(j.raterId = repo.rater(j.rater, &e))) return fail(i, e);
    for (int k = 0; k < line.rankOf.size(); ++k) j.ranks.append({ids[k], line.rankOf[k]});
    if (line.a >= 0) {
      j.a = ids[line.a];
      j.b = ids[line.b];
    }
    if (!repo.addJudgement(&j, &e)) return fail(i, e);
    ++summary->imported;
  }
  if (!q.exec(QStringLiteral("COMMIT"))) return fail(lines.size() - 1, q.lastError().text());
  summary->createdRaters = repo.raters().size() - ratersBefore;
  return true;
}

}  // namespace Atelier
