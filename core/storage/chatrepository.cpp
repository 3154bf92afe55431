#include "chatrepository.h"

#include "database.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

namespace {

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

bool exec(QSqlQuery& q, QString* error) {
  if (q.exec()) return true;
  if (error) *error = q.lastError().text();
  return false;
}

const char* kChatColumns =
    "SELECT id, title, model_dir, adapter_dir, system_prompt, sampling_json, created_at, updated_at FROM chats";

ChatInfo readChat(const QSqlQuery& q) {
  ChatInfo c;
  c.id = q.value(0).toLongLong();
  c.title = q.value(1).toString();
  c.modelDir = q.value(2).toString();
  c.adapterDir = q.value(3).toString();
  c.systemPrompt = q.value(4).toString();
  c.sampling = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
  c.createdAt = QDateTime::fromString(q.value(6).toString(), Qt::ISODateWithMs);
  c.updatedAt = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
  return c;
}

// A null QString binds as NULL; these columns are NOT NULL text.
QVariant text(const QString& s) { return s.isNull() ? QVariant(QStringLiteral("")) : QVariant(s); }

QString compact(const QJsonObject& o) {
  return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

}  // namespace

QList<ChatInfo> ChatRepository::list() {
  QList<ChatInfo> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QString::fromLatin1(kChatColumns) + QStringLiteral(" ORDER BY updated_at DESC, id DESC")))
    return out;
  while (q.next()) out.append(readChat(q));
  return out;
}

bool ChatRepository::find(qint64 chatId, ChatInfo* out) {
  QSqlQuery q(mDb.connection());
  q.prepare(QString::fromLatin1(kChatColumns) + QStringLiteral(" WHERE id = ?"));
  q.addBindValue(chatId);
  if (!q.exec() || !q.next()) return false;
  *out = readChat(q);
  return true;
}

qint64 ChatRepository::create(const ChatInfo& chat, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO chats(title, model_dir, adapter_dir, system_prompt, sampling_json,"
                           " created_at, updated_at) VALUES (?,?,?,?,?,?,?)"));
  const QString at = now();
  for (const QVariant& v : {text(chat.title), text(chat.modelDir), text(chat.adapterDir),
                            text(chat.systemPrompt), QVariant(compact(chat.sampling)), QVariant(at),
                            QVariant(at)})
    q.addBindValue(v);
  if (!exec(q, error)) return 0;
  return q.lastInsertId().toLongLong();
}

bool ChatRepository::update(const ChatInfo& chat, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE chats SET title = ?, model_dir = ?, adapter_dir = ?, system_prompt = ?,"
                           " sampling_json = ?, updated_at = ? WHERE id = ?"));
  for (const QVariant& v : {text(chat.title), text(chat.modelDir), text(chat.adapterDir),
                            text(chat.systemPrompt), QVariant(compact(chat.sampling)), QVariant(now()),
                            QVariant(chat.id)})
    q.addBindValue(v);
  return exec(q, error);
}

bool ChatRepository::remove(qint64 chatId, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM chats WHERE id = ?"));
  q.addBindValue(chatId);
  return exec(q, error);
}

bool ChatRepository::touch(qint64 chatId, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE chats SET updated_at = ? WHERE id = ?"));
  q.addBindValue(now());
  q.addBindValue(chatId);
  return exec(q, error);
}

QList<ChatMessageRecord> ChatRepository::messages(qint64 chatId) {
  QList<ChatMessageRecord> out;
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("SELECT id, position, role, content, tokens_per_s, created_at, feedback,"
                           " better_answer FROM chat_messages WHERE chat_id = ? ORDER BY position"));
  q.addBindValue(chatId);
  if (!q.exec()) return out;
  while (q.next()) {
    ChatMessageRecord m;
    m.id = q.value(0).toLongLong();
    m.position = q.value(1).toInt();
    m.role = q.value(2).toString();
    m.content = q.value(3).toString();
    m.tokensPerSecond = q.value(4).toDouble();
    m.createdAt = QDateTime::fromString(q.value(5).toString(), Qt::ISODateWithMs);
    m.feedback = q.value(6).toString();
    m.betterAnswer = q.value(7).toString();
    out.append(m);
  }
  return out;
}

qint64 ChatRepository::appendMessage(qint64 chatId, const ChatMessageRecord& m, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO chat_messages(chat_id, position, role, content, tokens_per_s,"
                           " created_at, feedback, better_answer) VALUES (?,"
                           " (SELECT COALESCE(MAX(position) + 1, 0) FROM chat_messages WHERE chat_id = ?),"
                           " ?,?,?,?,?,?)"));
  q.addBindValue(chatId);
  q.addBindValue(chatId);
  q.addBindValue(m.role);
  q.addBindValue(text(m.content));
  q.addBindValue(m.tokensPerSecond > 0 ? QVariant(m.tokensPerSecond) : QVariant());
  q.addBindValue(now());
  q.addBindValue(m.feedback.isEmpty() ? QStringLiteral("none") : m.feedback);
  q.addBindValue(m.betterAnswer.isEmpty() ? QVariant() : QVariant(m.betterAnswer));
  if (!exec(q, error)) return 0;
  const qint64 id = q.lastInsertId().toLongLong();
  return touch(chatId, error) ? id : 0;
}

bool ChatRepository::setContent(qint64 messageId, const QString& content, double tokensPerSecond,
                                QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE chat_messages SET content = ?, tokens_per_s = ? WHERE id = ?"));
  q.addBindValue(text(content));
  q.addBindValue(tokensPerSecond > 0 ? QVariant(tokensPerSecond) : QVariant());
  q.addBindValue(messageId);
  return exec(q, error);
}

bool ChatRepository::truncate(qint64 chatId, int position, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM chat_messages WHERE chat_id = ? AND position >= ?"));
  q.addBindValue(chatId);
  q.addBindValue(position);
  return exec(q, error) && touch(chatId, error);
}

bool ChatRepository::setFeedback(qint64 messageId, const QString& feedback, const QString& betterAnswer,
                                 QString* error) {
  if (feedback != QLatin1String("up") && feedback != QLatin1String("down") &&
      feedback != QLatin1String("none")) {
    if (error) *error = QStringLiteral("feedback must be up, down or none, not \"%1\"").arg(feedback);
    return false;
  }
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("UPDATE chat_messages SET feedback = ?, better_answer = ? WHERE id = ?"));
  q.addBindValue(feedback);
  q.addBindValue(betterAnswer.isEmpty() ? QVariant() : QVariant(betterAnswer));
  q.addBindValue(messageId);
  return exec(q, error);
}

QList<SystemPromptPreset> ChatRepository::presets() {
  QList<SystemPromptPreset> out;
  QSqlQuery q(mDb.connection());
  if (!q.exec(QStringLiteral("SELECT name, system_prompt FROM chat_presets ORDER BY name"))) return out;
  while (q.next()) out.append({q.value(0).toString(), q.value(1).toString()});
  return out;
}

bool ChatRepository::savePreset(const SystemPromptPreset& preset, QString* error) {
  if (preset.name.trimmed().isEmpty()) {
    if (error) *error = QStringLiteral("a preset needs a name");
    return false;
  }
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("INSERT INTO chat_presets(name, system_prompt) VALUES (?, ?)"
                           " ON CONFLICT(name) DO UPDATE SET system_prompt = excluded.system_prompt"));
  q.addBindValue(preset.name.trimmed());
  q.addBindValue(text(preset.systemPrompt));
  return exec(q, error);
}

bool ChatRepository::removePreset(const QString& name, QString* error) {
  QSqlQuery q(mDb.connection());
  q.prepare(QStringLiteral("DELETE FROM chat_presets WHERE name = ?"));
  q.addBindValue(name);
  return exec(q, error);
}

}  // namespace Atelier
