#pragma once

#include "project/project.h"
#include "storage/conversationrepository.h"
#include "storage/datasetrepository.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;
class QUndoStack;

namespace Atelier {

class ChatBubbleView;
class ConversationEditor;
class ConversationTableModel;
class DatabaseQueue;
class MessageBanner;

// Looks through one dataset: a searchable, sortable table of its
// conversations (paged from SQLite), the selected one as a chat, a filter by
// what cleaning decided, and edits, removals and restores that are saved at
// once and undone with Ctrl+Z / Ctrl+Shift+Z.
class DatasetBrowser : public QDialog {
  Q_OBJECT
 public:
  DatasetBrowser(std::shared_ptr<Project> project, const DatasetInfo& dataset, QWidget* parent = nullptr);
  ~DatasetBrowser() override;

  // For tests and keyboard users; each returns false when nothing is selected
  // or the selection is not loaded yet.
  bool selectRow(int row);
  bool editTurn(int position, const QString& text);
  bool removeCurrent();
  bool restoreCurrent();
  void setSearchText(const QString& text);  // applies at once, without the typing delay
  void setFlagFilter(const QString& flag);  // "", "kept" or a reason

  ConversationTableModel* model() const { return mModel; }
  ChatBubbleView* bubbles() const { return mBubbles; }
  QUndoStack* undoStack() const { return mUndo; }
  DatabaseQueue* queue() const { return mQueue; }
  QTableView* table() const { return mTable; }
  QComboBox* flagFilter() const { return mFlag; }
  MessageBanner* banner() const { return mBanner; }

 signals:
  void currentLoaded(qint64 conversationId);
  // Something was saved; the Data page refreshes its counts.
  void datasetChanged();

 private:
  void applyFilter();
  void reloadFlagCounts();
  void currentChanged();
  void loadCurrent();
  void updateButtons();
  void editActivated(int position);

  qint64 mDatasetId;
  DatabaseQueue* mQueue;
  ConversationTableModel* mModel;
  ConversationEditor* mEditor;
  QUndoStack* mUndo;
  MessageBanner* mBanner;
  QLineEdit* mSearch;
  QTimer* mSearchDelay;
  QComboBox* mFlag;
  QTableView* mTable;
  ChatBubbleView* mBubbles;
  QLabel* mRowStatus;
  QPushButton* mEdit;
  QPushButton* mRemove;
  QPushButton* mRestore;
  qint64 mCurrentId = 0;
  ConversationRow mCurrentRow;
  QList<StoredTurn> mCurrentTurns;
  bool mCurrentLoaded = false;
  bool mResetting = false;
};

}  // namespace Atelier
