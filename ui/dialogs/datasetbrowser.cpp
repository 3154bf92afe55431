#include "datasetbrowser.h"

#include "dialogs/conversationcommands.h"
#include "models/conversationtablemodel.h"
#include "models/databasequeue.h"
#include "widgets/chatbubbleview.h"
#include "widgets/messagebanner.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace Atelier {

DatasetBrowser::DatasetBrowser(std::shared_ptr<Project> project, const DatasetInfo& dataset, QWidget* parent)
    : QDialog(parent), mDatasetId(dataset.id) {
  setObjectName(QStringLiteral("datasetBrowser"));
  setWindowTitle(tr("Dataset “%1”").arg(dataset.name));
  resize(1100, 700);
  mQueue = new DatabaseQueue(std::move(project), this);
  mModel = new ConversationTableModel(mQueue, dataset.id, this);
  mEditor = new ConversationEditor(mQueue, this);
  mUndo = new QUndoStack(this);

  mBanner = new MessageBanner;
  mSearch = new QLineEdit;
  mSearch->setPlaceholderText(tr("Search the messages…"));
  mSearch->setClearButtonEnabled(true);
  mSearchDelay = new QTimer(this);
  mSearchDelay->setSingleShot(true);
  mSearchDelay->setInterval(300);  // search once typing pauses, not per key
  mFlag = new QComboBox;
  mFlag->setObjectName(QStringLiteral("flagFilter"));
  mFlag->addItem(tr("All rows"), QString());
  auto* undo = new QToolButton;
  auto* redo = new QToolButton;
  QAction* undoAction = mUndo->createUndoAction(this, tr("Undo"));
  undoAction->setShortcuts(QKeySequence::Undo);
  QAction* redoAction = mUndo->createRedoAction(this, tr("Redo"));
  redoAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
  addAction(undoAction);
  addAction(redoAction);
  undo->setDefaultAction(undoAction);
  redo->setDefaultAction(redoAction);
  auto* filters = new QHBoxLayout;
  filters->addWidget(mSearch, 1);
  filters->addWidget(new QLabel(tr("Show:")));
  filters->addWidget(mFlag);
  filters->addWidget(undo);
  filters->addWidget(redo);

  mTable = new QTableView;
  mTable->setObjectName(QStringLiteral("conversationTable"));
  mTable->setModel(mModel);
  mTable->setSortingEnabled(true);
  mTable->sortByColumn(ConversationTableModel::LineColumn, Qt::AscendingOrder);
  mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  mTable->setSelectionMode(QAbstractItemView::SingleSelection);
  mTable->verticalHeader()->hide();
  mTable->horizontalHeader()->setSectionResizeMode(ConversationTableModel::PromptColumn, QHeaderView::Stretch);
  mTable->horizontalHeader()->setSectionResizeMode(ConversationTableModel::AnswerColumn, QHeaderView::Stretch);

  auto* side = new QWidget;
  auto* sideLayout = new QVBoxLayout(side);
  sideLayout->setContentsMargins(0, 0, 0, 0);
  mRowStatus = new QLabel(tr("Choose a row to see it as a chat."));
  mRowStatus->setWordWrap(true);
  mBubbles = new ChatBubbleView;
  mEdit = new QPushButton(tr("&Edit answer…"));
  mEdit->setToolTip(tr("Double-click any message to edit it."));
  mRemove = new QPushButton(tr("&Remove row"));
  mRemove->setToolTip(tr("Leave this row out of training. Undo with Ctrl+Z."));
  mRestore = new QPushButton(tr("Re&store row"));
  mRestore->setToolTip(tr("Put a row that cleaning or you left out back in; cleaning again keeps it."));
  auto* rowButtons = new QHBoxLayout;
  for (auto* b : {mEdit, mRemove, mRestore}) rowButtons->addWidget(b);
  rowButtons->addStretch(1);
  sideLayout->addWidget(mRowStatus);
  sideLayout->addWidget(mBubbles, 1);
  sideLayout->addLayout(rowButtons);

  auto* splitter = new QSplitter;
  splitter->addWidget(mTable);
  splitter->addWidget(side);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mBanner);
  layout->addLayout(filters);
  layout->addWidget(splitter, 1);

  connect(mSearch, &QLineEdit::textChanged, mSearchDelay, qOverload<>(&QTimer::start));
  connect(mSearchDelay, &QTimer::timeout, this, &DatasetBrowser::applyFilter);
  connect(mFlag, &QComboBox::activated, this, &DatasetBrowser::applyFilter);
  connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DatasetBrowser::currentChanged);
  // A reset clears the view's current row; the selection is put back on the
  // same conversation once the reload arrives, not dropped on the way.
  connect(mModel, &QAbstractItemModel::modelAboutToBeReset, this, [this] { mResetting = true; });
  connect(mModel, &QAbstractItemModel::modelReset, this, [this] { mResetting = false; });
  connect(mModel, &ConversationTableModel::refreshed, this, [this] {
    const int row = mCurrentId ? mModel->rowOfConversation(mCurrentId) : -1;
    if (row >= 0) {
      mTable->setCurrentIndex(mModel->index(row, 0));
      mTable->selectRow(row);
    } else {
      mCurrentId = 0;  // filtered out: nothing is selected now
    }
    currentChanged();
  });
  connect(mModel, &ConversationTableModel::failed, this, [this](const QString& m) {
    mBanner->showMessage(MessageBanner::Kind::Error, m.toHtmlEscaped());
  });
  connect(mEditor, &ConversationEditor::failed, this, [this](const QString& m) {
    mBanner->showMessage(MessageBanner::Kind::Error, m.toHtmlEscaped());
  });
  connect(mEditor, &ConversationEditor::saved, this, [this](qint64) {
    mModel->refresh();
    reloadFlagCounts();
    emit datasetChanged();
  });
  connect(mBubbles, &ChatBubbleView::turnActivated, this, &DatasetBrowser::editActivated);
  connect(mEdit, &QPushButton::clicked, this, [this] {
    for (int i = 0; i < mCurrentTurns.size(); ++i)
      if (mCurrentTurns[i].role == QLatin1String("assistant") || mCurrentTurns[i].role == QLatin1String("text"))
        return editActivated(i);
    if (!mCurrentTurns.isEmpty()) editActivated(mCurrentTurns.size() - 1);
  });
  connect(mRemove, &QPushButton::clicked, this, &DatasetBrowser::removeCurrent);
  connect(mRestore, &QPushButton::clicked, this, &DatasetBrowser::restoreCurrent);
  reloadFlagCounts();
  updateButtons();
}

DatasetBrowser::~DatasetBrowser() = default;

void DatasetBrowser::applyFilter() {
  mSearchDelay->stop();
  mModel->setFilter({mSearch->text(), mFlag->currentData().toString()});
}

void DatasetBrowser::setSearchText(const QString& text) {
  mSearch->setText(text);
  applyFilter();
}

void DatasetBrowser::setFlagFilter(const QString& flag) {
  int index = mFlag->findData(flag);
  if (index < 0) {  // a reason with no rows yet still filters (to nothing)
    mFlag->addItem(ConversationTableModel::flagLabel(flag), flag);
    index = mFlag->count() - 1;
  }
  mFlag->setCurrentIndex(index);
  applyFilter();
}

void DatasetBrowser::reloadFlagCounts() {
  const qint64 id = mDatasetId;
  mQueue->run<QMap<QString, qint64>>(
      [id](Database& db) {
        QMap<QString, qint64> counts;
        QString error;
        ConversationRepository(db).flagCounts(id, &counts, &error);
        return counts;
      },
      [this](const QMap<QString, qint64>& counts) {
        const QString current = mFlag->currentData().toString();
        qint64 total = 0;
        for (qint64 n : counts) total += n;
        mFlag->clear();
        mFlag->addItem(tr("All rows (%1)").arg(total), QString());
        mFlag->addItem(tr("Kept (%1)").arg(counts.value(QString())), QStringLiteral("kept"));
        for (auto it = counts.begin(); it != counts.end(); ++it)
          if (!it.key().isEmpty())
            mFlag->addItem(tr("%1 (%2)").arg(ConversationTableModel::flagLabel(it.key())).arg(it.value()), it.key());
        if (!current.isEmpty() && mFlag->findData(current) < 0)  // the filter in use stays, at 0 rows
          mFlag->addItem(tr("%1 (%2)").arg(ConversationTableModel::flagLabel(current)).arg(0), current);
        mFlag->setCurrentIndex(std::max(0, mFlag->findData(current)));
      });
}

}  // namespace Atelier
