#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Atelier {

class Database;

// A chat of the Chat step, with what it talks to and how it samples.
struct ChatInfo {
  qint64 id = 0;
  QString title;
  QString modelDir;
  QString adapterDir;  // empty: the base model alone
  QString systemPrompt;
  QJsonObject sampling;  // temperature, top_p, top_k, repetition_penalty, max_tokens
  QDateTime createdAt, updatedAt;
};

struct ChatMessageRecord {
  qint64 id = 0;
  int position = 0;
  QString role;  // user | assistant
  QString content;
  double tokensPerSecond = 0;  // assistant answers; 0 when unknown
  QDateTime createdAt;
  QString feedback = QStringLiteral("none");  // up | down | none
  QString betterAnswer;  // written by the person; empty if none
};

struct SystemPromptPreset {
  QString name;
  QString systemPrompt;
};

// Chats and their messages in the project database. Every change is
// committed at once: what a person typed or judged survives a crash.
class ChatRepository {
 public:
  explicit ChatRepository(Database& db) : mDb(db) {}

  // Newest (most recently changed) first.
  QList<ChatInfo> list();
  bool find(qint64 chatId, ChatInfo* out);
  qint64 create(const ChatInfo& chat, QString* error);
  // Title, model, adapter, system prompt and sampling.
  bool update(const ChatInfo& chat, QString* error);
  bool remove(qint64 chatId, QString* error);

  QList<ChatMessageRecord> messages(qint64 chatId);
  // Appends at the end; returns the new message's id, 0 on failure.
  qint64 appendMessage(qint64 chatId, const ChatMessageRecord& message, QString* error);
  bool setContent(qint64 messageId, const QString& content, double tokensPerSecond, QString* error);
  // Drops the messages at `position` and after (edit and resend, regenerate).
  bool truncate(qint64 chatId, int position, QString* error);
  bool setFeedback(qint64 messageId, const QString& feedback, const QString& betterAnswer, QString* error);

  QList<SystemPromptPreset> presets();
  bool savePreset(const SystemPromptPreset& preset, QString* error);
  bool removePreset(const QString& name, QString* error);

 private:
  bool touch(qint64 chatId, QString* error);
  Database& mDb;
};

}  // namespace Atelier
