// The Rank step, offscreen: a rater ranks three sets of answers and skips a
// fourth with the keyboard alone (keys 1..K in order of preference, Ctrl+Z,
// S), and every judgement is in the database as it was made; rater mode hides
// the other steps and menus and needs the owner's PIN to leave.
#include "mainwindow.h"
#include "models/databasequeue.h"
#include "pages/rankpage.h"
#include "pages/raterscreen.h"
#include "project/project.h"
#include "projectcontroller.h"
#include "storage/rankingrepository.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QSpinBox>
#include <QListWidget>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestRankPage : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rankWithKeyboardAlone();
};

static void press(QWidget* fallback, int key, Qt::KeyboardModifiers mods = Qt::NoModifier) {
  QWidget* target = QApplication::focusWidget() ? QApplication::focusWidget() : fallback;
  QTest::keyClick(target, Qt::Key(key), mods);
}

void TestRankPage::rankWithKeyboardAlone() {
  QTemporaryDir dir;
  MainWindow w;
  w.show();
  w.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&w));
  QSignalSpy opened(w.controller(), &ProjectController::projectOpened);
  w.controller()->createProject(dir.filePath(QStringLiteral("p")), QStringLiteral("P"), QString());
  QVERIFY(opened.wait(20000));
  Database& db = w.controller()->project()->database();
  RankingRepository repo(db);
  QString error;
  const qint64 set = repo.createPromptSet(QStringLiteral("greetings"), QStringLiteral("typed"), &error);
  QCOMPARE(repo.addPrompts(set, {QStringLiteral("One?"), QStringLiteral("Two?"), QStringLiteral("Three?"),
                                 QStringLiteral("Four?")}, &error), 4);
  for (const RankPrompt& p : repo.prompts(set))
    for (int k = 0; k < 3; ++k) {
      Candidate c;
      c.promptId = p.id;
      c.text = QStringLiteral("%1 answer %2").arg(p.text).arg(k);
      c.model = QStringLiteral("/secret/model/name");
      QVERIFY(repo.addCandidate(c, &error));
    }
  QVERIFY(repo.setOwnerPin(QStringLiteral("2468"), &error));

  RankPage* page = w.rankPage();
  w.sidebar()->setCurrentRow(4);
  page->refresh();
  auto* sets = page->findChild<QComboBox*>(QStringLiteral("promptSets"));
  QTRY_COMPARE_WITH_TIMEOUT(sets->count(), 1, 10000);
  page->startRating(QStringLiteral("Ana"), QStringLiteral("ranking"));
  RaterScreen* screen = page->raterScreen();
  QTRY_VERIFY_WITH_TIMEOUT(page->inRaterMode() && screen->currentPromptId() != 0, 10000);
  QVERIFY(!w.sidebar()->isVisible());
  QVERIFY(!w.menuBar()->isVisible());
  // The origin is hidden: no model name anywhere on the screen.
  for (QListWidget* list : screen->findChildren<QListWidget*>())
    for (int i = 0; i < list->count(); ++i) QVERIFY(!list->item(i)->text().contains(QStringLiteral("secret")));

  const qint64 ana = repo.rater(QStringLiteral("Ana"), &error);
  QHash<qint64, QHash<qint64, int>> expected;  // prompt -> candidate -> rank
  auto rankCurrent = [&](int first, int second) {
    const qint64 prompt = screen->currentPromptId();
    const QList<qint64> shown = screen->shownCandidates();
    QCOMPARE(shown.size(), 3);
    const int last = 6 - first - second;
    expected[prompt] = {{shown[first - 1], 1}, {shown[second - 1], 2}, {shown[last - 1], 3}};
    const int before = repo.judgements().size();
    press(screen, Qt::Key_0 + first);
    QCOMPARE(repo.judgements().size(), before);  // one key is not a ranking yet
    press(screen, Qt::Key_0 + second);           // the third is implied
    QTRY_COMPARE_WITH_TIMEOUT(repo.judgements().size(), before + 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(screen->currentPromptId() != prompt, 10000);
  };
  rankCurrent(2, 3);
  rankCurrent(1, 2);
  rankCurrent(3, 1);
  // Undo the last one with Ctrl+Z: it comes back and can be ranked again.
  const qint64 fourth = screen->currentPromptId();
  press(screen, Qt::Key_Z, Qt::ControlModifier);
  QTRY_COMPARE_WITH_TIMEOUT(repo.judgements().size(), 2, 10000);
  QTRY_VERIFY_WITH_TIMEOUT(screen->currentPromptId() != fourth && expected.contains(screen->currentPromptId()), 10000);
  rankCurrent(1, 3);
  // Skip the fourth with S.
  QCOMPARE(screen->currentPromptId(), fourth);
  press(screen, Qt::Key_S);
  QTRY_COMPARE_WITH_TIMEOUT(repo.judgements().size(), 4, 10000);
  QTRY_COMPARE_WITH_TIMEOUT(screen->currentPromptId(), 0, 10000);  // nothing left

  // The database holds exactly what was pressed.
  const QList<Judgement> all = repo.judgements();
  int ranked = 0;
  for (const Judgement& j : all) {
    QCOMPARE(j.raterId, ana);
    if (j.skipped) {
      QCOMPARE(j.promptId, fourth);
      continue;
    }
    ++ranked;
    QCOMPARE(j.mode, QStringLiteral("ranking"));
    QHash<qint64, int> got;
    for (const auto& r : j.ranks) got.insert(r.first, r.second);
    QCOMPARE(got, expected.value(j.promptId));
  }
  QCOMPARE(ranked, 3);

  // Leaving needs the owner's PIN.
  QVERIFY(!page->leaveRaterMode(QStringLiteral("1111")));
  QVERIFY(page->inRaterMode());
  w.close();  // closing is refused in rater mode without the PIN
  QVERIFY(w.isVisible());
  QVERIFY(page->leaveRaterMode(QStringLiteral("2468")));
  QVERIFY(!page->inRaterMode());
  QVERIFY(w.sidebar()->isVisible());

  // A second rater compares pairs with A / B / T; the owner wants two raters per prompt.
  QVERIFY(repo.setRatersPerPrompt(2, &error));
  page->startRating(QStringLiteral("Ben"), QStringLiteral("pairwise"));
  QTRY_VERIFY_WITH_TIMEOUT(page->inRaterMode() && screen->currentPromptId() != 0, 10000);
  QCOMPARE(screen->mode(), QStringLiteral("pairwise"));
  QHash<qint64, QPair<QList<qint64>, QString>> pairs;  // prompt -> (shown a, b), choice
  const QList<QPair<int, QString>> keys = {{Qt::Key_A, QStringLiteral("a")}, {Qt::Key_B, QStringLiteral("b")},
                                           {Qt::Key_T, QStringLiteral("tie")}, {Qt::Key_X, QStringLiteral("both_bad")}};
  for (const auto& k : keys) {
    const qint64 prompt = screen->currentPromptId();
    QVERIFY(prompt);
    pairs[prompt] = {screen->shownCandidates(), k.second};
    const int before = repo.judgements().size();
    press(screen, k.first);
    QTRY_COMPARE_WITH_TIMEOUT(repo.judgements().size(), before + 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(screen->currentPromptId() != prompt, 10000);
  }
  QCOMPARE(screen->currentPromptId(), 0);  // Ben has seen all four (Ana skipped one)
  for (const Judgement& j : repo.judgements()) {
    if (j.rater != QLatin1String("Ben")) continue;
    QCOMPARE(j.mode, QStringLiteral("pairwise"));
    QCOMPARE(QList<qint64>({j.a, j.b}), pairs.value(j.promptId).first);
    QCOMPARE(j.choice, pairs.value(j.promptId).second);
  }
  QVERIFY(page->leaveRaterMode(QStringLiteral("2468")));

  // A third rater drags the answers into order and presses Enter, after typing
  // a score and a comment (whose letters must not act as shortcuts) and
  // ticking a flag with Space.
  QVERIFY(repo.setRatersPerPrompt(3, &error));
  page->startRating(QStringLiteral("Cleo"), QStringLiteral("ranking"));
  QTRY_VERIFY_WITH_TIMEOUT(page->inRaterMode() && screen->currentPromptId() != 0, 10000);
  const qint64 prompt = screen->currentPromptId();
  const QList<qint64> shown = screen->shownCandidates();
  auto* list = screen->findChild<QListWidget*>(QStringLiteral("raterResponses"));
  list->insertItem(0, list->takeItem(2));  // what a drop of the third answer on top leaves
  auto* score = screen->findChild<QSpinBox*>(QStringLiteral("raterScore"));
  auto* comment = screen->findChild<QLineEdit*>(QStringLiteral("raterComment"));
  score->setFocus(Qt::TabFocusReason);  // as Tab gives it: the text is selected, typing replaces it
  score->selectAll();
  QTest::keyClicks(score, QStringLiteral("5"));  // the box keeps its digits from the rank shortcuts
  comment->setFocus();
  QTest::keyClicks(comment, QStringLiteral("a bit stiff, 2 typos"));
  auto* wrong = screen->findChild<QCheckBox*>(QStringLiteral("flagWrong"));
  wrong->setFocus(Qt::TabFocusReason);
  QTest::keyClick(wrong, Qt::Key_Space);
  QCOMPARE(repo.judgements().size(), 8);  // Ana's 4 and Ben's 4: nothing was committed by typing
  list->setFocus();
  press(screen, Qt::Key_Return);
  QTRY_COMPARE_WITH_TIMEOUT(repo.judgements().size(), 9, 10000);
  const Judgement cleo = repo.judgements().last();
  QCOMPARE(cleo.rater, QStringLiteral("Cleo"));
  QCOMPARE(cleo.promptId, prompt);
  QHash<qint64, int> got;
  for (const auto& r : cleo.ranks) got.insert(r.first, r.second);
  QCOMPARE(got, (QHash<qint64, int>{{shown[2], 1}, {shown[0], 2}, {shown[1], 3}}));
  QCOMPARE(cleo.score, 5);
  QCOMPARE(cleo.comment, QStringLiteral("a bit stiff, 2 typos"));
  QCOMPARE(cleo.flags, QStringList{QStringLiteral("wrong")});
  QVERIFY(page->leaveRaterMode(QStringLiteral("2468")));
  QTRY_VERIFY_WITH_TIMEOUT(page->queue()->isIdle(), 10000);
}

QTEST_MAIN(TestRankPage)
#include "tst_rankpage.moc"
