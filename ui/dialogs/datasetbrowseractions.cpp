// The browser's selected row: showing it as a chat, editing, removing and
// restoring it through the undo stack.
#include "datasetbrowser.h"

#include "dialogs/conversationcommands.h"
#include "models/conversationtablemodel.h"
#include "models/databasequeue.h"
#include "widgets/chatbubbleview.h"

#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>

namespace Atelier {
namespace {

struct LoadedTurns {
  QList<StoredTurn> turns;
  QString error;
};

}  // namespace

bool DatasetBrowser::selectRow(int row) {
  if (row < 0 || row >= mModel->rowCount() || !mModel->rowAt(row)) return false;
  mTable->selectRow(row);
  mTable->setCurrentIndex(mModel->index(row, 0));
  return true;
}

void DatasetBrowser::currentChanged() {
  if (mResetting) return;
  const QModelIndex current = mTable->currentIndex();
  const ConversationRow* row = current.isValid() ? mModel->rowAt(current.row()) : nullptr;
  if (!row) {
    mCurrentId = 0;
    mCurrentLoaded = false;
    mCurrentTurns.clear();
    mBubbles->setPlaceholder(tr("Choose a row to see it as a chat."));
    mRowStatus->clear();
    updateButtons();
    return;
  }
  const bool same = row->id == mCurrentId;
  mCurrentId = row->id;
  mCurrentRow = *row;
  if (!same) mCurrentLoaded = false;
  loadCurrent();
}

void DatasetBrowser::loadCurrent() {
  const qint64 id = mCurrentId;
  updateButtons();
  mQueue->run<LoadedTurns>(
      [id](Database& db) {
        LoadedTurns r;
        ConversationRepository(db).turns(id, &r.turns, &r.error);
        return r;
      },
      [this, id](const LoadedTurns& r) {
        if (id != mCurrentId) return;  // the selection moved on meanwhile
        mCurrentTurns = r.turns;
        mCurrentLoaded = r.error.isEmpty();
        QList<Turn> shown;
        for (const StoredTurn& t : r.turns) shown.append({t.role, t.text(), t.variant});
        mBubbles->setConversation(shown);
        QString status = tr("Line %1 of the source file · %2").arg(mCurrentRow.sourceLine)
                             .arg(ConversationTableModel::flagLabel(mCurrentRow.flags));
        if (!mCurrentRow.split.isEmpty()) status += tr(" · %1 split").arg(mCurrentRow.split);
        if (mCurrentRow.userState == QLatin1String("restored")) status += tr(" · restored by you");
        mRowStatus->setText(status);
        updateButtons();
        emit currentLoaded(id);
      });
}

void DatasetBrowser::updateButtons() {
  const bool ready = mCurrentId && mCurrentLoaded;
  mEdit->setEnabled(ready);
  mRemove->setEnabled(ready && mCurrentRow.flags != QLatin1String("removed_by_user"));
  mRestore->setEnabled(ready && !mCurrentRow.flags.isEmpty());
}

void DatasetBrowser::editActivated(int position) {
  if (position < 0 || position >= mCurrentTurns.size()) return;
  bool ok = false;
  const QString text = QInputDialog::getMultiLineText(this, tr("Edit message"),
                                                      tr("%1 — the text used for training:").arg(roleLabel(
                                                          {mCurrentTurns[position].role, QString(), mCurrentTurns[position].variant})),
                                                      mCurrentTurns[position].text(), &ok);
  if (ok) editTurn(position, text);
}

bool DatasetBrowser::editTurn(int position, const QString& text) {
  if (!mCurrentLoaded || position < 0 || position >= mCurrentTurns.size()) return false;
  if (text == mCurrentTurns[position].text()) return true;
  mUndo->push(new EditTurnCommand(mEditor, mCurrentId, position, mCurrentTurns[position], text));
  // Shown at once; the reload after saving confirms it.
  mCurrentTurns[position].content = text;
  mCurrentTurns[position].cleaned = QVariant();
  return true;
}

bool DatasetBrowser::removeCurrent() {
  if (!mCurrentLoaded || mCurrentRow.flags == QLatin1String("removed_by_user")) return false;
  mUndo->push(SetRowStateCommand::remove(mEditor, mCurrentId,
                                         {mCurrentRow.flags, mCurrentRow.userState, mCurrentRow.split}));
  mCurrentRow.flags = QStringLiteral("removed_by_user");
  updateButtons();
  return true;
}

bool DatasetBrowser::restoreCurrent() {
  if (!mCurrentLoaded || mCurrentRow.flags.isEmpty()) return false;
  mUndo->push(SetRowStateCommand::restore(mEditor, mCurrentId,
                                          {mCurrentRow.flags, mCurrentRow.userState, mCurrentRow.split}));
  mCurrentRow.flags.clear();
  updateButtons();
  return true;
}

}  // namespace Atelier
