#include "conversationtablemodel.h"

#include "databasequeue.h"

namespace Atelier {
namespace {

struct CountAndPage {
  bool ok = false;
  QString error;
  qint64 count = 0;
  QList<ConversationRow> rows;
};

QString oneLine(const QString& text) {
  QString s = text.simplified();
  return s.size() > 120 ? s.left(119) + QChar(0x2026) : s;
}

}  // namespace

ConversationTableModel::ConversationTableModel(DatabaseQueue* queue, qint64 datasetId, QObject* parent)
    : QAbstractTableModel(parent), mQueue(queue), mDatasetId(datasetId) {
  refresh();
}

QString ConversationTableModel::flagLabel(const QString& flag) {
  static const QHash<QString, const char*> labels = {
      {QString(), QT_TR_NOOP("Kept")},
      {QStringLiteral("removed_by_user"), QT_TR_NOOP("Removed by you")},
      {QStringLiteral("exact_duplicate"), QT_TR_NOOP("Exact duplicate")},
      {QStringLiteral("near_duplicate"), QT_TR_NOOP("Near duplicate")},
      {QStringLiteral("pii"), QT_TR_NOOP("Personal data")},
      {QStringLiteral("too_short"), QT_TR_NOOP("Too short")},
      {QStringLiteral("too_long"), QT_TR_NOOP("Too long")},
      {QStringLiteral("too_few_tokens"), QT_TR_NOOP("Too few tokens")},
      {QStringLiteral("too_many_tokens"), QT_TR_NOOP("Too many tokens")},
      {QStringLiteral("empty_answer"), QT_TR_NOOP("Empty answer")},
      {QStringLiteral("repeated_lines"), QT_TR_NOOP("Repeated lines")},
      {QStringLiteral("repetitive"), QT_TR_NOOP("Repetitive")},
      {QStringLiteral("symbols"), QT_TR_NOOP("Mostly symbols")},
      {QStringLiteral("blocklist"), QT_TR_NOOP("Blocked word")}};
  const auto it = labels.constFind(flag);
  return it == labels.constEnd() ? flag : tr(it.value());
}

int ConversationTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(mCount);
}

int ConversationTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConversationTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case LineColumn: return tr("Line");
    case PromptColumn: return tr("Question / text");
    case AnswerColumn: return tr("Answer");
    case TurnsColumn: return tr("Messages");
    case CharactersColumn: return tr("Characters");
    case StatusColumn: return tr("Status");
    case SplitColumn: return tr("Split");
  }
  return {};
}

const ConversationRow* ConversationTableModel::rowAt(int row) const {
  const auto it = mPages.constFind(row / kPageSize);
  if (it == mPages.constEnd() || row % kPageSize >= it->size()) return nullptr;
  return &it->at(row % kPageSize);
}

int ConversationTableModel::rowOfConversation(qint64 id) const {
  for (auto it = mPages.constBegin(); it != mPages.constEnd(); ++it)
    for (int i = 0; i < it->size(); ++i)
      if (it->at(i).id == id) return it.key() * kPageSize + i;
  return -1;
}

QVariant ConversationTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid()) return {};
  const ConversationRow* r = rowAt(index.row());
  if (!r) {
    requestPage(index.row() / kPageSize);
    return role == Qt::DisplayRole ? QVariant(QString(QChar(0x2026))) : QVariant();
  }
  if (role == IdRole) return r->id;
  if (role == FlagRole) return r->flags;
  if (role == Qt::ToolTipRole && index.column() == StatusColumn && r->userState == QLatin1String("restored"))
    return tr("Restored by you; cleaning leaves it in.");
  if (role != Qt::DisplayRole) return {};
  switch (index.column()) {
    case LineColumn: return r->sourceLine;
    case PromptColumn: return oneLine(r->prompt);
    case AnswerColumn: return oneLine(r->answer);
    case TurnsColumn: return r->turns;
    case CharactersColumn: return r->characters;
    case StatusColumn: return flagLabel(r->flags);
    case SplitColumn: return r->split;
  }
  return {};
}

void ConversationTableModel::sort(int column, Qt::SortOrder order) {
  static const ConversationSort byColumn[] = {ConversationSort::SourceLine, ConversationSort::Prompt, ConversationSort::Answer,
                                              ConversationSort::Turns,      ConversationSort::Characters, ConversationSort::Flag,
                                              ConversationSort::Split};
  mSort = column >= 0 && column < ColumnCount ? byColumn[column] : ConversationSort::Id;
  mDescending = order == Qt::DescendingOrder;
  refresh();
}

void ConversationTableModel::setFilter(const ConversationFilter& filter) {
  mFilter = filter;
  refresh();
}

void ConversationTableModel::refresh() {
  const quint64 generation = ++mGeneration;
  mRefreshing = true;
  const qint64 id = mDatasetId;
  const ConversationFilter filter = mFilter;
  const ConversationSort sort = mSort;
  const bool descending = mDescending;
  mQueue->run<CountAndPage>(
      [=](Database& db) {
        CountAndPage r;
        ConversationRepository repo(db);
        r.ok = repo.count(id, filter, &r.count, &r.error) &&
               repo.page(id, filter, sort, descending, 0, kPageSize, &r.rows, &r.error);
        return r;
      },
      [this, generation](const CountAndPage& r) {
        if (generation != mGeneration) return;  // a newer filter or sort is on its way
        mRefreshing = false;
        if (!r.ok) {
          emit failed(r.error);
          return;
        }
        beginResetModel();
        mCount = r.count;
        mPages.clear();
        mRequested.clear();
        mPages.insert(0, r.rows);
        endResetModel();
        emit refreshed();
      });
}

void ConversationTableModel::requestPage(int page) const {
  if (mRefreshing || mRequested.contains(page)) return;
  mRequested.insert(page);
  auto* self = const_cast<ConversationTableModel*>(this);
  const quint64 generation = mGeneration;
  const qint64 id = mDatasetId;
  const ConversationFilter filter = mFilter;
  const ConversationSort sort = mSort;
  const bool descending = mDescending;
  mQueue->run<CountAndPage>(
      [=](Database& db) {
        CountAndPage r;
        r.ok = ConversationRepository(db).page(id, filter, sort, descending, qint64(page) * kPageSize, kPageSize,
                                               &r.rows, &r.error);
        return r;
      },
      [self, generation, page](const CountAndPage& r) {
        if (generation != self->mGeneration) return;
        if (!r.ok) {
          emit self->failed(r.error);
          return;
        }
        self->mPages.insert(page, r.rows);
        const int first = page * kPageSize;
        self->dataChanged(self->index(first, 0), self->index(first + int(r.rows.size()) - 1, ColumnCount - 1));
      });
}

}  // namespace Atelier
