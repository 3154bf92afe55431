#pragma once

#include "storage/conversationrepository.h"

#include <QObject>
#include <QUndoCommand>

namespace Atelier {

class DatabaseQueue;

// Writes a person's changes to single conversations through the window's
// queue, committed at once; saved() follows each write so views reload.
class ConversationEditor : public QObject {
  Q_OBJECT
 public:
  explicit ConversationEditor(DatabaseQueue* queue, QObject* parent = nullptr) : QObject(parent), mQueue(queue) {}
  void writeTurn(qint64 conversationId, int position, const StoredTurn& turn);
  void writeState(qint64 conversationId, const ConversationState& state);

 signals:
  void saved(qint64 conversationId);
  void failed(const QString& message);

 private:
  void finish(qint64 conversationId, const QString& error);
  DatabaseQueue* mQueue;
};

// Undo puts back exactly what was stored before (text and cleaned text, or
// flag, decision and split), so an undo after cleaning changed nothing else
// leaves the database as it was.
class EditTurnCommand : public QUndoCommand {
 public:
  EditTurnCommand(ConversationEditor* editor, qint64 conversationId, int position, const StoredTurn& before,
                  const QString& text);
  void redo() override;
  void undo() override;

 private:
  ConversationEditor* mEditor;
  qint64 mId;
  int mPosition;
  StoredTurn mBefore, mAfter;
};

class SetRowStateCommand : public QUndoCommand {
 public:
  // Removed by the person, or restored (kept whatever cleaning said).
  static SetRowStateCommand* remove(ConversationEditor* editor, qint64 id, const ConversationState& before);
  static SetRowStateCommand* restore(ConversationEditor* editor, qint64 id, const ConversationState& before);
  void redo() override;
  void undo() override;

 private:
  SetRowStateCommand(ConversationEditor* editor, qint64 id, const ConversationState& before,
                     const ConversationState& after, const QString& text);
  ConversationEditor* mEditor;
  qint64 mId;
  ConversationState mBefore, mAfter;
};

}  // namespace Atelier
