#pragma once

#include "storage/rankingrepository.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace Atelier {

class DatabaseQueue;

// The focused screen for people who only rate: the prompt on top, the
// responses in random order with their origin hidden. Ranking: press the
// response numbers in order of preference (1..K), or drag them into order and
// press Enter. Pairwise: A / B / T (tie) / X (both bad). Optional 1–7 score,
// comment and flags. Ctrl+Z takes back the last judgement, S skips. Each
// judgement goes to the database the moment it is made (through the queue,
// off the GUI thread).
class RaterScreen : public QWidget {
  Q_OBJECT
 public:
  explicit RaterScreen(QWidget* parent = nullptr);

  // Starts rating `setId` as `raterId`; mode "ranking" or "pairwise".
  void start(DatabaseQueue* queue, qint64 setId, qint64 raterId, const QString& raterName, const QString& mode);
  // Forgets the queue (the project is closing).
  void stop() { mQueue = nullptr; mPromptId = 0; }
  qint64 currentPromptId() const { return mPromptId; }
  // The candidate ids in the order shown (for tests).
  QList<qint64> shownCandidates() const;
  QString mode() const { return mMode; }

 signals:
  void leaveRequested();
  void judged(const QString& uuid);

 private:
  struct Item {
    qint64 promptId = 0;
    QString prompt;
    QList<Candidate> candidates;  // shown order
    int done = 0, available = 0;
  };
  // Loads the next prompt by the queue, or `promptId` again (after an undo).
  void loadNext(qint64 promptId = 0);
  void showItem(const Item& item);
  void pressRank(int number);
  void commitOrder();
  void commitPair(const QString& choice);
  void skip();
  void undo();
  void commit(Judgement j);
  void fillExtras(Judgement* j) const;
  void resetExtras();
  void showList();

  DatabaseQueue* mQueue = nullptr;
  qint64 mSetId = 0, mRaterId = 0, mPromptId = 0;
  QString mRater, mMode;
  bool mBusy = false;
  QList<Candidate> mCandidates;  // shown order
  QList<int> mPressed;           // indexes in order of preference so far

  QLabel* mTitle;
  QLabel* mPrompt;
  QLabel* mHint;
  QListWidget* mList;
  QStackedWidget* mBody;
  QLabel* mPairA;
  QLabel* mPairB;
  QLabel* mDone;
  QSpinBox* mScore;
  QLineEdit* mComment;
  QCheckBox* mUnsafe;
  QCheckBox* mWrong;
  QCheckBox* mOffTopic;
  QProgressBar* mProgress;
  QPushButton* mLeave;
};

}  // namespace Atelier
