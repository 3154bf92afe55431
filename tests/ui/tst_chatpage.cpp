// The Chat page driven offscreen with a real (tiny) model: a long answer
// streams while the GUI thread keeps its 10 ms heartbeat within 50 ms; Stop,
// Regenerate, edit-and-resend, side by side, chats kept in the database, and
// feedback arriving as rows of the feedback dataset.
#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "inference/chatsession.h"
#include "inference/chatprompt.h"
#include "inference/rewardmodel.h"
#include "tokenizer/tokenizerloader.h"
#include "storage/runrepository.h"
#include "training/preferencetrainer.h"
#include "pages/chatpage.h"
#include "project/project.h"
#include "storage/chatrepository.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "system/torchruntime.h"
#include "testsupport.h"
#include "widgets/chatsettingspanel.h"
#include "widgets/chattranscript.h"
#include "widgets/markdownhtml.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QVBoxLayout>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Atelier;

class TestChatPage : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void init();
  void cleanup();
  void markdownRendersBlocksAndEscapes();
  void transcriptCostDoesNotGrowWithLength();
  void longAnswerStreamsWithoutStallingTheGui();
  void stopEndsTheAnswerMidStream();
  void regenerateReplacesTheAnswer();
  void editAndResendDropsLaterMessages();
  void feedbackBecomesRowsOfTheFeedbackDataset();
  void sideBySideAnswersInTwoColumns();
  void chatsAreCreatedDeletedAndRestored();
  void ctrlNStartsAChatNotTheWindowsAction();
  void bestOfNKeepsTheAnswerTheRewardModelPrefers();

 private:
  void setMaxTokens(int n);
  bool waitForAnswers(QSignalSpy& spy, int n, int timeoutMs = 300000);
  QTemporaryDir mDir;
  QString mModel;
  std::shared_ptr<Project> mProject;
  std::unique_ptr<ChatPage> mPage;
};

void TestChatPage::initTestCase() {
  TorchRuntime::initialize(0);
  // The tiny test model, allowed long answers.
  mModel = mDir.filePath(QStringLiteral("model"));
  QVERIFY(QDir().mkpath(mModel));
  const QDir source(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")));
  for (const QString& name : source.entryList(QDir::Files))
    QVERIFY(QFile::copy(source.filePath(name), QDir(mModel).filePath(name)));
  QFile config(QDir(mModel).filePath(QStringLiteral("config.json")));
  QVERIFY(config.open(QIODevice::ReadOnly));
  QJsonObject c = QJsonDocument::fromJson(config.readAll()).object();
  config.close();
  c.insert(QStringLiteral("max_position_embeddings"), 8192);
  QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
  config.write(QJsonDocument(c).toJson());
}

void TestChatPage::init() {
  QString error;
  mProject = Project::create(mDir.filePath(QStringLiteral("p%1").arg(QDateTime::currentMSecsSinceEpoch())),
                             QStringLiteral("p"), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
  mPage = std::make_unique<ChatPage>(nullptr);
  mPage->resize(1200, 800);
  mPage->show();
  QVERIFY(QTest::qWaitForWindowExposed(mPage.get()));
  mPage->activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(mPage.get()));
  mPage->setProject(mProject);
  mPage->setStopIds({-1});  // random weights: never end on the model's own, so the answer length is ours
  for (ChatSession* s : {mPage->session(), mPage->sessionB()})
    connect(s, &ChatSession::failed, this, [](const QString& m) { qWarning("answer failed: %s", qPrintable(m)); });
  mPage->settings()->picker()->setChoice(mModel, QString());
  mPage->settings()->findChild<QDoubleSpinBox*>(QStringLiteral("temperature"))->setValue(1.0);  // temperature: varied text
  setMaxTokens(64);  // enough that random weights spell some text
}

void TestChatPage::cleanup() {
  mPage.reset();
  mProject.reset();
}

void TestChatPage::setMaxTokens(int n) {
  mPage->settings()->findChild<QSpinBox*>(QStringLiteral("maxTokens"))->setValue(n);
}

bool TestChatPage::waitForAnswers(QSignalSpy& spy, int n, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (spy.count() < n && t.elapsed() < timeoutMs) QTest::qWait(20);
  return spy.count() >= n;
}

void TestChatPage::markdownRendersBlocksAndEscapes() {
  QStringList code;
  const QString html = markdownToHtml(
      QStringLiteral("# Title\n\nSome **bold** and *italic* and `x<y`.\n\n- one\n- two\n\n1. first\n\n"
                     "```cpp\nint a = 1 < 2;\n```\n<script>"),
      3, &code);
  QVERIFY(html.contains(QStringLiteral("<h3>Title</h3>")));
  QVERIFY(html.contains(QStringLiteral("<b>bold</b>")));
  QVERIFY(html.contains(QStringLiteral("<i>italic</i>")));
  QVERIFY(html.contains(QStringLiteral("x&lt;y</code>")));
  QVERIFY(html.contains(QStringLiteral("<ul><li>one</li><li>two</li></ul>")));
  QVERIFY(html.contains(QStringLiteral("<ol><li>first</li></ol>")));
  QVERIFY(html.contains(QStringLiteral("int a = 1 &lt; 2;</pre>")));
  QVERIFY(html.contains(QStringLiteral("href=\"copy:3\"")));
  QVERIFY(!html.contains(QStringLiteral("<script>")));
  QCOMPARE(code, QStringList{QStringLiteral("int a = 1 < 2;")});
}

// The tiny model's random tokens decode to little text, so the transcript is
// also fed a long answer directly: 600 batches of words, ~36,000 characters,
// as a fast model would send them. Appending must cost the same at the end as
// at the start, and the final Markdown rendering must fit in a heartbeat gap.
void TestChatPage::transcriptCostDoesNotGrowWithLength() {
  ChatTranscript* t = mPage->transcript();
  t->beginStreaming();
  QList<qint64> costs;
  QElapsedTimer timer;
  QString all;
  for (int i = 0; i < 600; ++i) {
    QString chunk;
    for (int w = 0; w < 10; ++w) chunk += QStringLiteral("word%1 ").arg((i * 10 + w) % 97);
    if (i % 50 == 49) chunk += QStringLiteral("\n\n");
    all += chunk;
    timer.start();
    t->appendStreaming(chunk);
    QCoreApplication::processEvents();  // layout and paint, as between batches
    costs << timer.nsecsElapsed() / 1000;
  }
  const auto mean = [&](int from) {
    qint64 sum = 0;
    for (int i = from; i < from + 50; ++i) sum += costs[i];
    return sum / 50;
  };
  qInfo("append + paint: first 50 batches %lld us, last 50 %lld us", mean(10), mean(550));
  QVERIFY2(mean(550) <= 3 * mean(10) + 2000, "appending gets slower as the answer grows");
  // The finished answer is rendered as Markdown in pieces, one per event-loop turn.
  qint64 worstMs = 0;
  int turns = 0;
  timer.start();
  t->finishStreaming(0, {QStringLiteral("assistant"), all, 50.0}, true);
  worstMs = timer.elapsed();
  while (t->isRendering()) {
    timer.start();
    QCoreApplication::processEvents();
    worstMs = qMax(worstMs, timer.elapsed());
    ++turns;
  }
  qInfo("final Markdown rendering of %d characters: %d turns, the longest %lld ms", int(all.size()), turns, worstMs);
  QVERIFY(turns > 5);
  QVERIFY2(worstMs <= 50, qPrintable(QString::number(worstMs)));
  QVERIFY(t->toPlainText().contains(QStringLiteral("word5 word6")));
  QVERIFY(t->toPlainText().contains(QStringLiteral("Regenerate")));
}

void TestChatPage::longAnswerStreamsWithoutStallingTheGui() {
  setMaxTokens(1500);
  int tokens = 0;
  QString stopReason;
  connect(mPage->session(), &ChatSession::finished, this, [&](const QString&, double, int n, const QString& r) {
    tokens = n;
    stopReason = r;
  });
  QSignalSpy chunks(mPage->session(), &ChatSession::textArrived);
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("Tell me a long story.")));
  QElapsedTimer clock;
  clock.start();
  qint64 last = 0, maxGap = 0, maxGapAt = 0, firstChunkAt = -1;
  connect(mPage->session(), &ChatSession::textArrived, this, [&] {
    if (firstChunkAt < 0) firstChunkAt = clock.elapsed();
  });
  QTimer heartbeat;
  heartbeat.setInterval(10);
  connect(&heartbeat, &QTimer::timeout, this, [&] {
    const qint64 now = clock.elapsed();
    if (now - last > maxGap) {
      maxGap = now - last;
      maxGapAt = now;
    }
    last = now;
  });
  heartbeat.start();
  QVERIFY(waitForAnswers(done, 1));
  heartbeat.stop();
  QCOMPARE(stopReason, QStringLiteral("max_tokens"));
  QCOMPARE(tokens, 1500);
  qInfo("%d tokens in %lld ms (first text at %lld ms), %lld chunks, largest heartbeat gap %lld ms (ending at %lld ms)",
        tokens, clock.elapsed(), firstChunkAt, qint64(chunks.count()), maxGap, maxGapAt);
  // Batched: far fewer updates than tokens.
  QVERIFY2(chunks.count() < tokens / 2, qPrintable(QString::number(chunks.count())));
  QVERIFY2(maxGap <= 50, qPrintable(QStringLiteral("the GUI thread stalled %1 ms").arg(maxGap)));
  const auto stored = ChatRepository(mProject->database()).messages(mPage->currentChatId());
  QCOMPARE(stored.size(), 2);
  QCOMPARE(stored[1].role, QStringLiteral("assistant"));
  qInfo("answer: %d characters", int(stored[1].content.size()));
  QVERIFY(!stored[1].content.isEmpty());  // random weights: how much text 1,500 tokens spell varies
  QVERIFY(stored[1].tokensPerSecond > 0);
  QVERIFY(mPage->findChild<QLabel*>(QStringLiteral("chatStatus"))->text().contains(QStringLiteral("tokens/s")));
}

void TestChatPage::stopEndsTheAnswerMidStream() {
  setMaxTokens(8000);
  int tokens = 0;
  QString stopReason;
  connect(mPage->session(), &ChatSession::finished, this, [&](const QString&, double, int n, const QString& r) {
    tokens = n;
    stopReason = r;
  });
  QSignalSpy chunks(mPage->session(), &ChatSession::textArrived);
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("Go on forever.")));
  // Random weights may spell little text, so wait by time: 8,000 tokens take
  // far longer than this on any machine.
  QTest::qWait(1500);
  QVERIFY(mPage->isGenerating());
  QTest::keyClick(mPage->findChild<QPlainTextEdit*>(QStringLiteral("chatInput")), Qt::Key_Escape);
  QElapsedTimer t;
  t.start();
  QVERIFY(waitForAnswers(done, 1, 10000));
  QVERIFY2(t.elapsed() < 5000, "Stop took too long");
  QCOMPARE(stopReason, QStringLiteral("cancelled"));
  QVERIFY(tokens > 0 && tokens < 8000);
  QVERIFY(!mPage->isGenerating());
  // The partial answer (if it spelled any text) is kept, in the database too.
  QCOMPARE(mPage->messages().size(), chunks.isEmpty() ? 1 : 2);
  QCOMPARE(ChatRepository(mProject->database()).messages(mPage->currentChatId()).size(), mPage->messages().size());
  QVERIFY(mPage->findChild<QLabel*>(QStringLiteral("chatStatus"))->text().contains(QStringLiteral("stopped")));
}

void TestChatPage::regenerateReplacesTheAnswer() {
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("Hello")));
  QVERIFY(waitForAnswers(done, 1));
  mPage->regenerate(1);
  QVERIFY(mPage->isGenerating());
  // The old answer is gone while the new one is written.
  QCOMPARE(mPage->messages().size(), 1);
  QCOMPARE(ChatRepository(mProject->database()).messages(mPage->currentChatId()).size(), 1);
  QVERIFY(waitForAnswers(done, 2));
  const auto stored = ChatRepository(mProject->database()).messages(mPage->currentChatId());
  QCOMPARE(stored.size(), 2);
  QCOMPARE(stored[1].role, QStringLiteral("assistant"));
  QCOMPARE(stored[0].content, QStringLiteral("Hello"));
}

void TestChatPage::editAndResendDropsLaterMessages() {
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("First question")));
  QVERIFY(waitForAnswers(done, 1));
  QVERIFY(mPage->send(QStringLiteral("Second question")));
  QVERIFY(waitForAnswers(done, 2));
  QCOMPARE(mPage->messages().size(), 4);
  mPage->editAndResend(0, QStringLiteral("Edited question"));
  QVERIFY(waitForAnswers(done, 3));
  const auto stored = ChatRepository(mProject->database()).messages(mPage->currentChatId());
  QCOMPARE(stored.size(), 2);
  QCOMPARE(stored[0].content, QStringLiteral("Edited question"));
  QCOMPARE(stored[1].role, QStringLiteral("assistant"));
  QVERIFY(!mPage->transcript()->toPlainText().contains(QStringLiteral("Second question")));
}

void TestChatPage::feedbackBecomesRowsOfTheFeedbackDataset() {
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("What is 2+2?")));
  QVERIFY(waitForAnswers(done, 1));
  QVERIFY(mPage->send(QStringLiteral("And 3+3?")));
  QVERIFY(waitForAnswers(done, 2));
  const QString answer = mPage->messages().at(1).content;
  mPage->setFeedback(1, QStringLiteral("up"), QString());
  mPage->setFeedback(3, QStringLiteral("down"), QStringLiteral("6"));
  QCOMPARE(ChatRepository(mProject->database()).messages(mPage->currentChatId()).at(1).feedback,
           QStringLiteral("up"));
  DatasetRepository datasets(mProject->database());
  DatasetInfo info;
  QVERIFY(datasets.find(QStringLiteral("feedback"), &info));
  QList<Conversation> rows;
  QString error;
  QVERIFY(datasets.forEachConversation(info.id, QString(), [&](const Conversation& c) {
    rows << c;
    return true;
  }, &error));
  QCOMPARE(rows.size(), 2);
  QCOMPARE(rows[0].turns.size(), 2);
  QCOMPARE(rows[0].turns[1].content, answer);
  // The second: the whole conversation before it, then chosen and rejected.
  QCOMPARE(rows[1].turns.size(), 5);
  QCOMPARE(rows[1].turns[2].content, QStringLiteral("And 3+3?"));
  QCOMPARE(rows[1].turns[3].content, QStringLiteral("6"));
  QCOMPARE(rows[1].turns[3].variant, QStringLiteral("chosen"));
  QCOMPARE(rows[1].turns[4].variant, QStringLiteral("rejected"));
  QVERIFY(mPage->transcript()->toPlainText().contains(QStringLiteral("Good (saved)")));
}

void TestChatPage::sideBySideAnswersInTwoColumns() {
  mPage->setCompare(true);
  mPage->pickerB()->setChoice(mModel, AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32-adapter")));
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("Compare us")));
  QVERIFY(waitForAnswers(done, 2));
  QCOMPARE(done.at(0).at(0).toInt() + done.at(1).at(0).toInt(), 1);  // one from each side
  QVERIFY(mPage->transcriptB()->toPlainText().contains(QStringLiteral("Compare us")));
  QVERIFY(mPage->transcriptB()->toPlainText().contains(QStringLiteral("Assistant")));
  QCOMPARE(mPage->messages().size(), 2);  // the right column is not stored
}

void TestChatPage::chatsAreCreatedDeletedAndRestored() {
  auto* list = mPage->findChild<QListWidget*>(QStringLiteral("chatList"));
  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QVERIFY(mPage->send(QStringLiteral("Keep me")));
  QVERIFY(waitForAnswers(done, 1));
  QCOMPARE(list->count(), 1);
  QTest::keyClick(mPage->findChild<QPlainTextEdit*>(QStringLiteral("chatInput")), Qt::Key_N, Qt::ControlModifier);
  QCOMPARE(list->count(), 2);
  QVERIFY(mPage->messages().isEmpty());
  list->setCurrentRow(1);  // the older chat (newest first)
  QCOMPARE(mPage->messages().size(), 2);
  mPage->deleteChat(false);
  QCOMPARE(list->count(), 1);
  QCOMPARE(ChatRepository(mProject->database()).list().size(), 1);
  mPage->undoDelete();
  QCOMPARE(list->count(), 2);
  QCOMPARE(mPage->messages().size(), 2);
  QCOMPARE(mPage->messages().at(0).content, QStringLiteral("Keep me"));
}

// The main window's Ctrl+N makes a project; while the chat page has the
// focus, Ctrl+N starts a chat and the window's action stays quiet.
void TestChatPage::ctrlNStartsAChatNotTheWindowsAction() {
  mPage.reset();
  QWidget window;
  auto* layout = new QVBoxLayout(&window);
  auto* page = new ChatPage(nullptr);
  layout->addWidget(page);
  auto* newProject = new QAction(&window);
  newProject->setShortcut(QKeySequence::New);
  window.addAction(newProject);
  QSignalSpy windowAction(newProject, &QAction::triggered);
  window.show();
  window.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&window));
  page->setProject(mProject);
  auto* input = page->findChild<QPlainTextEdit*>(QStringLiteral("chatInput"));
  input->setFocus();
  QTest::keyClick(input, Qt::Key_N, Qt::ControlModifier);
  QCOMPARE(ChatRepository(mProject->database()).list().size(), 1);
  QCOMPARE(windowAction.count(), 0);
  // Elsewhere in the window the action works as before.
  auto* other = new QPlainTextEdit;
  layout->addWidget(other);
  other->setFocus();
  QTest::keyClick(other, Qt::Key_N, Qt::ControlModifier);
  QCOMPARE(windowAction.count(), 1);
}



// A reward model trained (briefly) on the tone pairs, registered as a run:
// the Chat page offers it, writes three answers and keeps the best-scored one.
void TestChatPage::bestOfNKeepsTheAnswerTheRewardModelPrefers() {
  QString error;
  ImportOptions import;
  import.file = AtelierTest::dataPath(QStringLiteral("../../resources/sample/support-tone-pairs.jsonl"));
  import.name = QStringLiteral("tone");
  ImportResult imported;
  QVERIFY2(importDataset(mProject->database(), import, &imported, &error), qPrintable(error));
  SftConfig c;
  c.recipe = QStringLiteral("reward");
  c.project = mProject->folder();
  c.dataset = QStringLiteral("tone");
  c.model = mModel;
  c.runDir = QDir(mProject->folder()).filePath(QStringLiteral("runs/rm"));
  c.device = QStringLiteral("cpu");
  c.maxSteps = 2;
  c.batchSize = 2;
  c.seqLen = 384;
  RunInfo run;
  run.name = QStringLiteral("rm");
  run.kind = QStringLiteral("reward");
  run.dataset = c.dataset;
  run.model = c.model;
  run.runDir = c.runDir;
  RunRepository runs(mProject->database());
  const qint64 runId = runs.startRun(run, &error);
  QVERIFY2(runId > 0, qPrintable(error));
  {
    auto tokenizer = loadModelTokenizer(mModel, &error);
    ChatTemplate t;
    PreferenceData data;
    QVERIFY(tokenizer && modelChatTemplate(mModel, tokenizer.get(), QString(), &t, &error));
    QVERIFY2(loadPreferenceData(mProject->database(), c.dataset, t, tokenizer.get(), c.seqLen, &data, &error),
             qPrintable(error));
    QJsonObject summary;
    QVERIFY2(trainPreference(c, data, SftRunControl(), [](const QJsonObject&) {}, &summary, &error) ==
                 RunOutcome::Finished, qPrintable(error));
  }
  QVERIFY(runs.setStatus(runId, QStringLiteral("finished"), {}, &error));

  // Shown again, the page lists the new reward model (and never as a chat adapter).
  mPage->hide();
  mPage->show();
  const QString adapter = c.runDir + QStringLiteral("/adapter");
  QCOMPARE(mPage->settings()->rewardAdapter(), adapter);
  auto* adapters = mPage->findChild<QComboBox*>(QStringLiteral("adapterCombo"));
  for (int i = 0; i < adapters->count(); ++i) QVERIFY(!adapters->itemData(i).toString().startsWith(c.runDir));
  QVERIFY(mPage->settings()->bestOfBox()->isEnabled());
  mPage->settings()->bestOfBox()->setValue(3);
  setMaxTokens(12);

  QSignalSpy done(mPage.get(), &ChatPage::answerDone);
  QSignalSpy picked(mPage->session(), &ChatSession::bestOfPicked);
  QVERIFY(mPage->send(QStringLiteral("Do you deliver?")));
  QVERIFY(waitForAnswers(done, 1));
  QCOMPARE(picked.count(), 1);
  const int best = picked.first().at(0).toInt();
  const auto scores = picked.first().at(1).value<QVector<double>>();
  QCOMPARE(scores.size(), 3);
  QCOMPARE(scores[best], *std::max_element(scores.begin(), scores.end()));
  QVERIFY(mPage->findChild<QLabel*>(QStringLiteral("chatStatus"))->text().contains(QStringLiteral("reward model")));
  // The stored answer is the winner: the reward model gives it the winning score.
  const auto stored = ChatRepository(mProject->database()).messages(mPage->currentChatId());
  QCOMPARE(stored.size(), 2);
  auto rm = RewardModel::load(adapter, mModel, QStringLiteral("cpu"), QString(), &error);
  QVERIFY2(rm, qPrintable(error));
  double score = 0;
  QVERIFY(rm->score({{QStringLiteral("user"), QStringLiteral("Do you deliver?")}, {QStringLiteral("assistant"), stored[1].content}},
                    &score, &error));
  QVERIFY2(std::abs(score - scores[best]) < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(score).arg(scores[best])));
}

QTEST_MAIN(TestChatPage)
#include "tst_chatpage.moc"
