#include "feedbackrepository.h"

#include "database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

namespace {

bool fail(QSqlQuery& q, QString* error) {
  if (error) *error = QStringLiteral("Cannot save the feedback: %1").arg(q.lastError().text());
  return false;
}

// What the row came from, so it can be traced back to the chat (and replaced).
QString originalText(qint64 messageId, const QList<Turn>& turns) {
  QJsonArray messages;
  for (const Turn& t : turns) {
    QJsonObject m{{QStringLiteral("role"), t.role}, {QStringLiteral("content"), t.content}};
    if (!t.variant.isEmpty()) m.insert(QStringLiteral("variant"), t.variant);
    messages.append(m);
  }
  return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("chat_message_id"), messageId},
                                                     {QStringLiteral("messages"), messages}})
                               .toJson(QJsonDocument::Compact));
}

}  // namespace

qint64 FeedbackRepository::ensureDataset(QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id FROM datasets WHERE name = ?"));
  q.addBindValue(datasetName());
  if (!q.exec()) return fail(q, error), 0;
  if (q.next()) return q.value(0).toLongLong();
  q.prepare(QStringLiteral("INSERT INTO datasets(name, kind, format, source_file, created_at)"
                           " VALUES (?, 'chat', 'feedback', 'chat', ?)"));
  q.addBindValue(datasetName());
  q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
  if (!q.exec()) return fail(q, error), 0;
  return q.lastInsertId().toLongLong();
}

bool FeedbackRepository::record(qint64 chatMessageId, const QList<Turn>& context, const QString& answer,
                                const QString& feedback, const QString& betterAnswer, qint64* rowId,
                                QString* error) {
  *rowId = 0;
  QSqlDatabase c = mDb.connection();
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) return fail(q, error);
  const auto rollback = [&] { QSqlQuery(c).exec(QStringLiteral("ROLLBACK")); };
  const qint64 datasetId = ensureDataset(error);
  if (datasetId == 0) return rollback(), false;
  // The message's earlier row (a changed mind) goes.
  q.prepare(QStringLiteral("DELETE FROM conversations WHERE dataset_id = ? AND source_line = ?"));
  q.addBindValue(datasetId);
  q.addBindValue(chatMessageId);
  if (!q.exec()) return rollback(), fail(q, error);

  QList<Turn> turns = context;
  if (!betterAnswer.trimmed().isEmpty()) {
    turns.append({QStringLiteral("assistant"), betterAnswer.trimmed(), QStringLiteral("chosen")});
    turns.append({QStringLiteral("assistant"), answer, QStringLiteral("rejected")});
  } else if (feedback == QLatin1String("up")) {
    turns.append({QStringLiteral("assistant"), answer, QString()});
  } else {
    turns.clear();
  }
  if (!turns.isEmpty()) {
    q.prepare(QStringLiteral("INSERT INTO conversations(dataset_id, source_line, original) VALUES (?, ?, ?)"));
    q.addBindValue(datasetId);
    q.addBindValue(chatMessageId);
    q.addBindValue(originalText(chatMessageId, turns));
    if (!q.exec()) return rollback(), fail(q, error);
    *rowId = q.lastInsertId().toLongLong();
    for (int i = 0; i < turns.size(); ++i) {
      q.prepare(QStringLiteral("INSERT INTO turns(conversation_id, position, role, variant, content)"
                               " VALUES (?, ?, ?, ?, ?)"));
      q.addBindValue(*rowId);
      q.addBindValue(i);
      q.addBindValue(turns[i].role);
      q.addBindValue(turns[i].variant.isEmpty() ? QVariant() : QVariant(turns[i].variant));
      q.addBindValue(turns[i].content);
      if (!q.exec()) return rollback(), fail(q, error);
    }
  }
  if (!q.exec(QStringLiteral("COMMIT"))) return rollback(), fail(q, error);
  return true;
}

}  // namespace Atelier
