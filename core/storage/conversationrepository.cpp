#include "conversationrepository.h"

#include "database.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Atelier {
namespace {

constexpr int kPreviewChars = 200;

// The WHERE clause for a filter, with its values in bind order.
QString whereClause(const ConversationFilter& f, QVariantList* binds) {
  QString where = QStringLiteral(" WHERE c.dataset_id = ?");
  if (f.flag == QLatin1String("kept")) {
    where += QStringLiteral(" AND c.flags = ''");
  } else if (!f.flag.isEmpty()) {
    where += QStringLiteral(" AND c.flags = ?");
    binds->append(f.flag);
  }
  if (!f.search.trimmed().isEmpty()) {
    QString pattern = f.search.trimmed();
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    where += QStringLiteral(" AND EXISTS (SELECT 1 FROM turns s WHERE s.conversation_id = c.id"
                            " AND COALESCE(s.cleaned, s.content) LIKE ? ESCAPE '\\')");
    binds->append(QStringLiteral("%%1%").arg(pattern));
  }
  return where;
}

QString sortColumn(ConversationSort sort) {
  switch (sort) {
    case ConversationSort::Id: return QStringLiteral("c.id");
    case ConversationSort::SourceLine: return QStringLiteral("c.source_line");
    case ConversationSort::Prompt: return QStringLiteral("prompt");
    case ConversationSort::Answer: return QStringLiteral("answer");
    case ConversationSort::Turns: return QStringLiteral("turn_count");
    case ConversationSort::Characters: return QStringLiteral("characters");
    case ConversationSort::Flag: return QStringLiteral("c.flags");
    case ConversationSort::Split: return QStringLiteral("c.split");
  }
  return QStringLiteral("c.id");
}

bool run(QSqlQuery& q, const QVariantList& binds, QString* error) {
  for (const QVariant& v : binds) q.addBindValue(v);
  if (q.exec()) return true;
  *error = q.lastError().text();
  return false;
}

}  // namespace

bool ConversationRepository::count(qint64 datasetId, const ConversationFilter& filter, qint64* n, QString* error) {
  QVariantList binds{datasetId};
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT COUNT(*) FROM conversations c") + whereClause(filter, &binds));
  if (!run(q, binds, error)) return false;
  *n = q.next() ? q.value(0).toLongLong() : 0;
  return true;
}

bool ConversationRepository::page(qint64 datasetId, const ConversationFilter& filter, ConversationSort sort,
                                  bool descending, qint64 offset, int limit, QList<ConversationRow>* rows,
                                  QString* error) {
  rows->clear();
  QVariantList binds{datasetId};
  const QString where = whereClause(filter, &binds);
  QSqlQuery q(mDb.connection());
  q.setForwardOnly(true);
  q.prepare(QStringLiteral(
                "SELECT c.id, c.source_line, c.flags, COALESCE(c.split, ''), COALESCE(c.user_state, ''),"
                " (SELECT substr(COALESCE(t.cleaned, t.content), 1, %1) FROM turns t WHERE t.conversation_id = c.id"
                "   AND t.role IN ('user', 'text') ORDER BY t.position LIMIT 1) AS prompt,"
                " (SELECT substr(COALESCE(t.cleaned, t.content), 1, %1) FROM turns t WHERE t.conversation_id = c.id"
                "   AND t.role = 'assistant' ORDER BY t.position LIMIT 1) AS answer,"
                " (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count,"
                " (SELECT SUM(LENGTH(COALESCE(t.cleaned, t.content))) FROM turns t WHERE t.conversation_id = c.id)"
                "   AS characters"
                " FROM conversations c")
                .arg(kPreviewChars) +
            where +
            QStringLiteral(" ORDER BY %1 %2, c.id %2 LIMIT ? OFFSET ?")
                .arg(sortColumn(sort), descending ? QStringLiteral("DESC") : QStringLiteral("ASC")));
  binds << limit << offset;
  if (!run(q, binds, error)) return false;
  while (q.next()) {
    ConversationRow r;
    r.id = q.value(0).toLongLong();
    r.sourceLine = q.value(1).toLongLong();
    r.flags = q.value(2).toString();
    r.split = q.value(3).toString();
    r.userState = q.value(4).toString();
    r.prompt = q.value(5).toString();
    r.answer = q.value(6).toString();
    r.turns = q.value(7).toInt();
    r.characters = q.value(8).toLongLong();
    rows->append(r);
  }
  return true;
}

bool ConversationRepository::flagCounts(qint64 datasetId, QMap<QString, qint64>* counts, QString* error) {
  counts->clear();
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT flags, COUNT(*) FROM conversations WHERE dataset_id = ? GROUP BY flags"));
  if (!run(q, {datasetId}, error)) return false;
  while (q.next()) counts->insert(q.value(0).toString(), q.value(1).toLongLong());
  return true;
}

bool ConversationRepository::turns(qint64 conversationId, QList<StoredTurn>* out, QString* error) {
  out->clear();
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT role, COALESCE(variant, ''), content, cleaned FROM turns"
                           " WHERE conversation_id = ? ORDER BY position"));
  if (!run(q, {conversationId}, error)) return false;
  while (q.next()) out->append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3)});
  return true;
}

bool ConversationRepository::setTurnText(qint64 conversationId, int position, const QString& text,
                                         StoredTurn* before, QString* error) {
  QList<StoredTurn> all;
  if (!turns(conversationId, &all, error)) return false;
  if (position < 0 || position >= all.size()) {
    *error = QStringLiteral("conversation %1 has no turn %2").arg(conversationId).arg(position);
    return false;
  }
  *before = all[position];
  StoredTurn after = all[position];
  after.content = text;
  after.cleaned = QVariant();
  return restoreTurn(conversationId, position, after, error);
}

bool ConversationRepository::restoreTurn(qint64 conversationId, int position, const StoredTurn& turn,
                                         QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE turns SET content = ?, cleaned = ? WHERE conversation_id = ? AND position = ?"));
  // A null QVariant of no type binds as NULL.
  return run(q, {turn.content, turn.cleaned.isNull() ? QVariant() : turn.cleaned, conversationId, position}, error);
}

bool ConversationRepository::state(qint64 conversationId, ConversationState* out, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT flags, COALESCE(user_state, ''), COALESCE(split, '') FROM conversations WHERE id = ?"));
  if (!run(q, {conversationId}, error)) return false;
  if (!q.next()) {
    *error = QStringLiteral("no conversation %1").arg(conversationId);
    return false;
  }
  *out = {q.value(0).toString(), q.value(1).toString(), q.value(2).toString()};
  return true;
}

bool ConversationRepository::setState(qint64 conversationId, const ConversationState& s, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE conversations SET flags = ?, user_state = ?, split = ? WHERE id = ?"));
  const QVariant none;
  // A null QString binds as NULL, which flags (NOT NULL) refuses.
  const QString flags = s.flags.isNull() ? QStringLiteral("") : s.flags;
  return run(q, {flags, s.userState.isEmpty() ? none : s.userState, s.split.isEmpty() ? none : s.split, conversationId},
             error);
}

bool ConversationRepository::removeByUser(qint64 conversationId, ConversationState* before, QString* error) {
  if (!state(conversationId, before, error)) return false;
  return setState(conversationId, {QStringLiteral("removed_by_user"), QStringLiteral("removed"), QString()}, error);
}

bool ConversationRepository::restoreByUser(qint64 conversationId, ConversationState* before, QString* error) {
  if (!state(conversationId, before, error)) return false;
  // Restored rows get no split until the next split, like rows cleaning let in.
  return setState(conversationId, {QString(), QStringLiteral("restored"), QString()}, error);
}

}  // namespace Atelier
