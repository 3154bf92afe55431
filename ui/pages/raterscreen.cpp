#include "raterscreen.h"

#include "models/databasequeue.h"
#include "ranking/rankingqueue.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRandomGenerator>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QUuid>
#include <QVBoxLayout>

#include <algorithm>

namespace Atelier {

RaterScreen::RaterScreen(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("raterScreen"));
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  mTitle = new QLabel;
  mProgress = new QProgressBar;
  mProgress->setObjectName(QStringLiteral("raterProgress"));
  mProgress->setFormat(tr("%v of %m prompts"));
  mLeave = new QPushButton(tr("Leave rater mode…"));
  mLeave->setObjectName(QStringLiteral("leaveRaterMode"));
  mLeave->setToolTip(tr("Back to the project owner's view (asks for the owner's PIN)."));
  top->addWidget(mTitle, 1);
  top->addWidget(mProgress);
  top->addWidget(mLeave);
  layout->addLayout(top);

  mPrompt = new QLabel;
  mPrompt->setObjectName(QStringLiteral("raterPrompt"));
  mPrompt->setWordWrap(true);
  mPrompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mPrompt->setStyleSheet(QStringLiteral("font-size: 14pt; padding: 8px;"));
  layout->addWidget(mPrompt);

  mBody = new QStackedWidget;
  mList = new QListWidget;
  mList->setObjectName(QStringLiteral("raterResponses"));
  mList->setWordWrap(true);
  mList->setDragDropMode(QAbstractItemView::InternalMove);
  mList->setDefaultDropAction(Qt::MoveAction);
  mList->setToolTip(tr("Drag the answers into order (best on top) and press Enter, or press their numbers "
                       "from best to worst."));
  mBody->addWidget(mList);
  auto* pair = new QWidget;
  auto* pairRow = new QHBoxLayout(pair);
  mPairA = new QLabel;
  mPairB = new QLabel;
  for (QLabel* l : {mPairA, mPairB}) {
    l->setWordWrap(true);
    l->setFrameShape(QFrame::StyledPanel);
    l->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    l->setMargin(8);
    pairRow->addWidget(l, 1);
  }
  mBody->addWidget(pair);
  mDone = new QLabel(tr("Every prompt you can rate is rated. Thank you!"));
  mDone->setAlignment(Qt::AlignCenter);
  mBody->addWidget(mDone);
  layout->addWidget(mBody, 1);

  mHint = new QLabel;
  mHint->setObjectName(QStringLiteral("raterHint"));
  mHint->setWordWrap(true);
  layout->addWidget(mHint);

  auto* extras = new QHBoxLayout;
  mScore = new QSpinBox;
  mScore->setObjectName(QStringLiteral("raterScore"));
  mScore->setRange(0, 7);
  mScore->setSpecialValueText(tr("no score"));
  mScore->setToolTip(tr("Optional: how good is the best answer, 1 (poor) to 7 (excellent)."));
  mComment = new QLineEdit;
  mComment->setObjectName(QStringLiteral("raterComment"));
  mComment->setPlaceholderText(tr("Optional comment"));
  mUnsafe = new QCheckBox(tr("&Unsafe"));
  mWrong = new QCheckBox(tr("&Wrong facts"));
  mOffTopic = new QCheckBox(tr("&Off-topic"));
  mUnsafe->setObjectName(QStringLiteral("flagUnsafe"));
  mWrong->setObjectName(QStringLiteral("flagWrong"));
  mOffTopic->setObjectName(QStringLiteral("flagOffTopic"));
  extras->addWidget(new QLabel(tr("Score:")));
  extras->addWidget(mScore);
  extras->addWidget(mComment, 1);
  extras->addWidget(mUnsafe);
  extras->addWidget(mWrong);
  extras->addWidget(mOffTopic);
  layout->addLayout(extras);

  auto* buttons = new QHBoxLayout;
  auto* skipButton = new QPushButton(tr("&Skip (S)"));
  auto* undoButton = new QPushButton(tr("Undo last (Ctrl+Z)"));
  buttons->addStretch(1);
  buttons->addWidget(undoButton);
  buttons->addWidget(skipButton);
  layout->addLayout(buttons);
  connect(skipButton, &QPushButton::clicked, this, &RaterScreen::skip);
  connect(undoButton, &QPushButton::clicked, this, &RaterScreen::undo);
  connect(mLeave, &QPushButton::clicked, this, &RaterScreen::leaveRequested);

  auto shortcut = [this](const QKeySequence& key, auto slot) {
    auto* s = new QShortcut(key, this);
    s->setContext(Qt::WidgetWithChildrenShortcut);
    connect(s, &QShortcut::activated, this, slot);
  };
  for (int n = 1; n <= 9; ++n) shortcut(QKeySequence(Qt::Key_0 + n), [this, n] { pressRank(n); });
  shortcut(QKeySequence(Qt::Key_Return), [this] { commitOrder(); });
  shortcut(QKeySequence(Qt::Key_Enter), [this] { commitOrder(); });
  shortcut(QKeySequence(Qt::Key_Backspace), [this] {
    mPressed.clear();
    showList();
  });
  shortcut(QKeySequence(Qt::Key_A), [this] { commitPair(QStringLiteral("a")); });
  shortcut(QKeySequence(Qt::Key_B), [this] { commitPair(QStringLiteral("b")); });
  shortcut(QKeySequence(Qt::Key_T), [this] { commitPair(QStringLiteral("tie")); });
  shortcut(QKeySequence(Qt::Key_X), [this] { commitPair(QStringLiteral("both_bad")); });
  shortcut(QKeySequence(Qt::Key_S), [this] { skip(); });
  shortcut(QKeySequence::Undo, [this] { undo(); });
}

void RaterScreen::start(DatabaseQueue* queue, qint64 setId, qint64 raterId, const QString& raterName,
                        const QString& mode) {
  mQueue = queue;
  mSetId = setId;
  mRaterId = raterId;
  mRater = raterName;
  mMode = mode;
  mTitle->setText(tr("Rating as <b>%1</b>").arg(raterName.toHtmlEscaped()));
  mHint->setText(mode == QLatin1String("pairwise")
                     ? tr("Which answer is better? A, B, T = equally good, X = both bad. S skips, Ctrl+Z undoes.")
                     : tr("Press the answers' numbers from best to worst (or drag them and press Enter). "
                          "Backspace starts over, S skips, Ctrl+Z undoes the last judgement."));
  loadNext();
}

QList<qint64> RaterScreen::shownCandidates() const {
  QList<qint64> ids;
  for (const Candidate& c : mCandidates) ids << c.id;
  return ids;
}

void RaterScreen::loadNext(qint64 promptId) {
  if (!mQueue) return;
  mBusy = true;
  const qint64 setId = mSetId, raterId = mRaterId;
  mQueue->run<Item>(
      [setId, raterId, promptId](Database& db) {
        Item item;
        QueueProgress progress;
        const qint64 next = nextPromptForRater(db, setId, raterId, &progress);
        item.promptId = promptId ? promptId : next;
        item.done = int(progress.done);
        item.available = int(progress.available);
        RankingRepository repo(db);
        RankPrompt p;
        if (item.promptId && repo.prompt(item.promptId, &p)) {
          item.prompt = p.text;
          item.candidates = repo.candidates(item.promptId);
          // Random order so neither position nor origin tells which model wrote it.
          std::shuffle(item.candidates.begin(), item.candidates.end(), *QRandomGenerator::global());
        }
        return item;
      },
      [this](const Item& item) {
        mBusy = false;
        showItem(item);
      });
}

void RaterScreen::showItem(const Item& item) {
  mPromptId = item.candidates.size() >= 2 ? item.promptId : 0;
  mCandidates = mPromptId ? item.candidates : QList<Candidate>();
  mPressed.clear();
  resetExtras();
  mProgress->setRange(0, qMax(1, item.done + item.available));
  mProgress->setValue(item.done);
  if (!mPromptId) {
    mPrompt->clear();
    mBody->setCurrentWidget(mDone);
    return;
  }
  mPrompt->setText(item.prompt);
  if (mMode == QLatin1String("pairwise")) {
    mCandidates = mCandidates.mid(0, 2);
    mPairA->setText(tr("<b>A</b><br>%1").arg(mCandidates[0].text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    mPairB->setText(tr("<b>B</b><br>%1").arg(mCandidates[1].text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    mBody->setCurrentIndex(1);
  } else {
    showList();
    mBody->setCurrentWidget(mList);
    mList->setFocus();
  }
}

void RaterScreen::showList() {
  mList->clear();
  for (int i = 0; i < mCandidates.size(); ++i) {
    const int place = mPressed.indexOf(i);
    const QString badge = place >= 0 ? tr("  [choice %1]").arg(place + 1) : QString();
    auto* item = new QListWidgetItem(QStringLiteral("%1.  %2%3").arg(i + 1).arg(mCandidates[i].text, badge));
    item->setData(Qt::UserRole, i);
    mList->addItem(item);
  }
}

void RaterScreen::pressRank(int number) {
  if (mBusy || !mPromptId || mMode != QLatin1String("ranking")) return;
  const int index = number - 1;
  if (index >= mCandidates.size() || mPressed.contains(index)) return;
  mPressed << index;
  if (mPressed.size() < mCandidates.size() - 1) {
    showList();
    return;
  }
  for (int i = 0; i < mCandidates.size(); ++i)
    if (!mPressed.contains(i)) mPressed << i;  // the last one is implied
  Judgement j;
  j.mode = QStringLiteral("ranking");
  for (int r = 0; r < mPressed.size(); ++r) j.ranks.append({mCandidates[mPressed[r]].id, r + 1});
  commit(j);
}

void RaterScreen::commitOrder() {
  if (mBusy || !mPromptId || mMode != QLatin1String("ranking")) return;
  Judgement j;
  j.mode = QStringLiteral("ranking");
  for (int row = 0; row < mList->count(); ++row)
    j.ranks.append({mCandidates[mList->item(row)->data(Qt::UserRole).toInt()].id, row + 1});
  commit(j);
}

void RaterScreen::commitPair(const QString& choice) {
  if (mBusy || !mPromptId || mMode != QLatin1String("pairwise")) return;
  Judgement j;
  j.mode = QStringLiteral("pairwise");
  j.a = mCandidates[0].id;
  j.b = mCandidates[1].id;
  j.choice = choice;
  commit(j);
}

void RaterScreen::skip() {
  if (mBusy || !mPromptId) return;
  Judgement j;
  j.mode = mMode;
  j.skipped = true;
  commit(j);
}

void RaterScreen::fillExtras(Judgement* j) const {
  j->score = mScore->value();
  j->comment = mComment->text().trimmed();
  if (mUnsafe->isChecked()) j->flags << QStringLiteral("unsafe");
  if (mWrong->isChecked()) j->flags << QStringLiteral("wrong");
  if (mOffTopic->isChecked()) j->flags << QStringLiteral("off_topic");
}

void RaterScreen::resetExtras() {
  mScore->setValue(0);
  mComment->clear();
  for (QCheckBox* c : {mUnsafe, mWrong, mOffTopic}) c->setChecked(false);
}

void RaterScreen::commit(Judgement j) {
  j.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
  j.raterId = mRaterId;
  j.promptId = mPromptId;
  if (!j.skipped) fillExtras(&j);
  mBusy = true;
  mQueue->run<QString>(
      [j](Database& db) mutable {
        QString error;
        return RankingRepository(db).addJudgement(&j, &error) ? QString() : error;
      },
      [this, uuid = j.uuid](const QString& error) {
        mBusy = false;
        if (!error.isEmpty()) {
          // Nothing moves on: the rater sees the problem and can try again.
          mHint->setText(tr("Could not save this judgement: %1").arg(error));
          return;
        }
        Q_EMIT judged(uuid);
        loadNext();
      });
}

void RaterScreen::undo() {
  if (mBusy || !mQueue) return;
  mBusy = true;
  const qint64 raterId = mRaterId;
  mQueue->run<qint64>(
      [raterId](Database& db) {
        Judgement removed;
        QString error;
        return RankingRepository(db).removeLastJudgement(raterId, &removed, &error) ? removed.promptId : qint64(0);
      },
      [this](const qint64& promptId) {
        mBusy = false;
        if (promptId) loadNext(promptId);
      });
}

}  // namespace Atelier
