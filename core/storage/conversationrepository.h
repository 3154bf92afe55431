#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QVariant>

namespace Atelier {

class Database;

// Which rows of a dataset the browser shows.
struct ConversationFilter {
  QString search;  // text in any turn (SQLite LIKE: case-insensitive for ASCII only)
  QString flag;    // "" = every row, "kept", or a reason ("exact_duplicate", "removed_by_user", ...)
};

enum class ConversationSort { Id, SourceLine, Prompt, Answer, Turns, Characters, Flag, Split };

// One line of the browser's table: previews, not whole texts.
struct ConversationRow {
  qint64 id = 0;
  qint64 sourceLine = 0;
  QString prompt;  // first user (or text) turn, cut to a preview
  QString answer;  // first assistant turn, cut to a preview
  int turns = 0;
  qint64 characters = 0;
  QString flags;      // "" = kept
  QString split;      // "", train, val, test
  QString userState;  // "", removed, restored
};

// A row's standing; the browser's undo puts back exactly what was there.
struct ConversationState {
  QString flags;
  QString userState;
  QString split;
};

struct StoredTurn {
  QString role;
  QString variant;
  QString content;   // as imported, or as a person edited it
  QVariant cleaned;  // null when cleaning left the text as it was
  QString text() const { return cleaned.isNull() ? content : cleaned.toString(); }
};

// Reading and editing single conversations, for the dataset browser. Every
// change is committed at once (a person's edit must survive a crash).
class ConversationRepository {
 public:
  explicit ConversationRepository(Database& db) : mDb(db) {}

  bool count(qint64 datasetId, const ConversationFilter& filter, qint64* n, QString* error);
  bool page(qint64 datasetId, const ConversationFilter& filter, ConversationSort sort, bool descending,
            qint64 offset, int limit, QList<ConversationRow>* rows, QString* error);
  // Rows per flag ("" = kept), for the filter's choices.
  bool flagCounts(qint64 datasetId, QMap<QString, qint64>* counts, QString* error);

  bool turns(qint64 conversationId, QList<StoredTurn>* out, QString* error);
  // The person's text becomes the turn's content, so cleaning again starts
  // from it; `before` receives what was there, for undo.
  bool setTurnText(qint64 conversationId, int position, const QString& text, StoredTurn* before, QString* error);
  bool restoreTurn(qint64 conversationId, int position, const StoredTurn& before, QString* error);

  bool state(qint64 conversationId, ConversationState* out, QString* error);
  bool setState(qint64 conversationId, const ConversationState& state, QString* error);
  // Flag as removed (or restore a row cleaning left out); `before` is for undo.
  bool removeByUser(qint64 conversationId, ConversationState* before, QString* error);
  bool restoreByUser(qint64 conversationId, ConversationState* before, QString* error);

 private:
  Database& mDb;
};

}  // namespace Atelier
