#include "rankingqueue.h"

#include "storage/database.h"
#include "storage/rankingrepository.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

qint64 nextPromptForRater(Database& db, qint64 setId, qint64 raterId, QueueProgress* progress) {
  const int perPrompt = RankingRepository(db).ratersPerPrompt();
  QSqlQuery q(db.connection());
  // One query so two raters on one machine see a consistent picture.
  q.prepare(QStringLiteral(
      "SELECT p.id,"
      " (SELECT COUNT(*) FROM judgements j WHERE j.prompt_id = p.id AND j.skipped = 0) AS taken,"
      " EXISTS (SELECT 1 FROM judgements j WHERE j.prompt_id = p.id AND j.rater_id = ?) AS seen"
      " FROM rank_prompts p WHERE p.set_id = ?"
      " AND (SELECT COUNT(*) FROM rank_candidates c WHERE c.prompt_id = p.id) >= 2"
      " ORDER BY taken, p.position"));
  q.addBindValue(raterId);
  q.addBindValue(setId);
  if (!q.exec()) {
    qWarning("ranking queue: %s", qPrintable(q.lastError().text()));
    return 0;
  }
  qint64 best = 0;
  QueueProgress p;
  while (q.next()) {
    if (q.value(2).toBool()) {
      ++p.done;
      continue;
    }
    if (q.value(1).toInt() >= perPrompt) continue;
    ++p.available;
    if (!best) best = q.value(0).toLongLong();
  }
  if (progress) *progress = p;
  return best;
}

}  // namespace Atelier
