#pragma once

#include "storage/conversationrepository.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace Atelier {

class DatabaseQueue;

// A dataset's conversations for a QTableView, read from SQLite a page at a
// time on the queue's worker thread: a row not loaded yet shows "…" until its
// page arrives, so a 100,000-row dataset costs a few pages of memory.
class ConversationTableModel : public QAbstractTableModel {
  Q_OBJECT
 public:
  enum Column { LineColumn, PromptColumn, AnswerColumn, TurnsColumn, CharactersColumn, StatusColumn, SplitColumn, ColumnCount };
  static constexpr int kPageSize = 200;
  static constexpr int IdRole = Qt::UserRole + 1;
  static constexpr int FlagRole = Qt::UserRole + 2;

  ConversationTableModel(DatabaseQueue* queue, qint64 datasetId, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
  void sort(int column, Qt::SortOrder order) override;

  void setFilter(const ConversationFilter& filter);
  ConversationFilter filter() const { return mFilter; }
  // Reads the count and first page again (after an edit); refreshed() follows.
  void refresh();
  // The row, when its page is loaded; null otherwise.
  const ConversationRow* rowAt(int row) const;
  int rowOfConversation(qint64 id) const;  // -1 when not loaded

  // "Kept", "Exact duplicate", "Removed by you", ...
  static QString flagLabel(const QString& flag);

 signals:
  void refreshed();
  void failed(const QString& message);

 private:
  void requestPage(int page) const;

  DatabaseQueue* mQueue;
  qint64 mDatasetId;
  ConversationFilter mFilter;
  ConversationSort mSort = ConversationSort::Id;
  bool mDescending = false;
  qint64 mCount = 0;
  quint64 mGeneration = 0;
  bool mRefreshing = false;
  // Filled lazily from data(), which is const.
  mutable QHash<int, QList<ConversationRow>> mPages;
  mutable QSet<int> mRequested;
};

}  // namespace Atelier
