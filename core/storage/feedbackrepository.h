#pragma once

#include "data/conversation.h"

#include <QString>

namespace Atelier {

class Database;

// Turns judgements made in the chat into rows of the project's `feedback`
// dataset, so the next fine-tune learns from them like from any other data:
//  - thumbs up: the conversation up to and including the answer, as it was;
//  - a better answer written by the person: the same conversation whose last
//    assistant turn is the better answer (variant "chosen") followed by the
//    model's answer (variant "rejected"); SFT trains on the chosen one, a
//    preference recipe can use the pair;
//  - thumbs down alone: nothing to learn from, and an earlier row goes.
// One chat message gives at most one row: judging it again replaces its row.
class FeedbackRepository {
 public:
  static QString datasetName() { return QStringLiteral("feedback"); }

  explicit FeedbackRepository(Database& db) : mDb(db) {}

  // `context` is the conversation before the answer (system, user, assistant...
  // ending with a user turn). Returns the new row's id in *rowId (0 = none).
  bool record(qint64 chatMessageId, const QList<Turn>& context, const QString& answer,
              const QString& feedback, const QString& betterAnswer, qint64* rowId, QString* error);

 private:
  qint64 ensureDataset(QString* error);
  Database& mDb;
};

}  // namespace Atelier
