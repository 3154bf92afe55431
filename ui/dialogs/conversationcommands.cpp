#include "conversationcommands.h"

#include "models/databasequeue.h"

#include <QCoreApplication>

namespace Atelier {

void ConversationEditor::writeTurn(qint64 id, int position, const StoredTurn& turn) {
  mQueue->run<QString>(
      [=](Database& db) {
        QString error;
        ConversationRepository(db).restoreTurn(id, position, turn, &error);
        return error;
      },
      [this, id](const QString& error) { finish(id, error); });
}

void ConversationEditor::writeState(qint64 id, const ConversationState& state) {
  mQueue->run<QString>(
      [=](Database& db) {
        QString error;
        ConversationRepository(db).setState(id, state, &error);
        return error;
      },
      [this, id](const QString& error) { finish(id, error); });
}

void ConversationEditor::finish(qint64 id, const QString& error) {
  if (error.isEmpty()) emit saved(id);
  else emit failed(tr("The change could not be saved: %1").arg(error));
}

EditTurnCommand::EditTurnCommand(ConversationEditor* editor, qint64 id, int position, const StoredTurn& before,
                                 const QString& text)
    : mEditor(editor), mId(id), mPosition(position), mBefore(before), mAfter(before) {
  // The edit replaces the text cleaning would start from; cleaning again
  // (redaction, HTML) then applies to the person's text too.
  mAfter.content = text;
  mAfter.cleaned = QVariant();
  setText(QCoreApplication::translate("Atelier::DatasetBrowser", "edit message"));
}

void EditTurnCommand::redo() { mEditor->writeTurn(mId, mPosition, mAfter); }
void EditTurnCommand::undo() { mEditor->writeTurn(mId, mPosition, mBefore); }

SetRowStateCommand::SetRowStateCommand(ConversationEditor* editor, qint64 id, const ConversationState& before,
                                       const ConversationState& after, const QString& text)
    : mEditor(editor), mId(id), mBefore(before), mAfter(after) {
  setText(text);
}

SetRowStateCommand* SetRowStateCommand::remove(ConversationEditor* editor, qint64 id, const ConversationState& before) {
  return new SetRowStateCommand(editor, id, before, {QStringLiteral("removed_by_user"), QStringLiteral("removed"), QString()},
                                QCoreApplication::translate("Atelier::DatasetBrowser", "remove row"));
}

SetRowStateCommand* SetRowStateCommand::restore(ConversationEditor* editor, qint64 id, const ConversationState& before) {
  // No split until the next split, like any row cleaning lets in.
  return new SetRowStateCommand(editor, id, before, {QStringLiteral(""), QStringLiteral("restored"), QString()},
                                QCoreApplication::translate("Atelier::DatasetBrowser", "restore row"));
}

void SetRowStateCommand::redo() { mEditor->writeState(mId, mAfter); }
void SetRowStateCommand::undo() { mEditor->writeState(mId, mBefore); }

}  // namespace Atelier
