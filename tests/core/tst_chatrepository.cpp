// Chats, their messages and presets in the project database, and feedback
// given in a chat becoming rows of the `feedback` dataset that the SFT recipe
// trains on (the rejected answer of a pair left out).
#include "inference/chatprompt.h"
#include "project/project.h"
#include "storage/chatrepository.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "storage/feedbackrepository.h"
#include "system/torchruntime.h"
#include "testsupport.h"
#include "tokenizer/tokenizerloader.h"
#include "training/sfttrainer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Atelier;

class TestChatRepository : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void init();
  void cleanup() { mProject.reset(); }
  void chatsKeepTheirSettingsAndMessages();
  void truncateDropsLaterMessages();
  void presetsAreSavedAndReplaced();
  void deletingAChatDeletesItsMessages();
  void feedbackBecomesDatasetRows();
  void feedbackDatasetTrains();

 private:
  qint64 chatWithAnswer(qint64* answerId);
  QTemporaryDir mDir;
  std::unique_ptr<Project> mProject;
};

void TestChatRepository::init() {
  QString error;
  mProject = Project::create(mDir.filePath(QString::number(QDateTime::currentMSecsSinceEpoch())),
                             QStringLiteral("p"), QString(), &error);
  QVERIFY2(mProject, qPrintable(error));
}

qint64 TestChatRepository::chatWithAnswer(qint64* answerId) {
  ChatRepository repo(mProject->database());
  QString error;
  ChatInfo c;
  c.title = QStringLiteral("t");
  const qint64 id = repo.create(c, &error);
  ChatMessageRecord u;
  u.role = QStringLiteral("user");
  u.content = QStringLiteral("How do I reset my password?");
  repo.appendMessage(id, u, &error);
  ChatMessageRecord a;
  a.role = QStringLiteral("assistant");
  a.content = QStringLiteral("Ask someone.");
  *answerId = repo.appendMessage(id, a, &error);
  return id;
}

void TestChatRepository::chatsKeepTheirSettingsAndMessages() {
  ChatRepository repo(mProject->database());
  QString error;
  ChatInfo c;
  c.title = QStringLiteral("First");
  c.modelDir = QStringLiteral("/m");
  c.adapterDir = QStringLiteral("/runs/a/adapter");
  c.systemPrompt = QStringLiteral("Be brief.");
  c.sampling = {{QStringLiteral("temperature"), 0.3}, {QStringLiteral("max_tokens"), 99}};
  const qint64 id = repo.create(c, &error);
  QVERIFY2(id > 0, qPrintable(error));
  ChatMessageRecord m;
  m.role = QStringLiteral("user");
  m.content = QStringLiteral("hello");
  QVERIFY(repo.appendMessage(id, m, &error) > 0);
  m.role = QStringLiteral("assistant");
  m.content = QStringLiteral("hi");
  m.tokensPerSecond = 12.5;
  const qint64 answer = repo.appendMessage(id, m, &error);
  QVERIFY(answer > 0);
  QVERIFY(repo.setFeedback(answer, QStringLiteral("up"), QString(), &error));
  QVERIFY(!repo.setFeedback(answer, QStringLiteral("maybe"), QString(), &error));
  QVERIFY(error.contains(QStringLiteral("maybe")));

  ChatInfo back;
  QVERIFY(repo.find(id, &back));
  QCOMPARE(back.title, c.title);
  QCOMPARE(back.adapterDir, c.adapterDir);
  QCOMPARE(back.systemPrompt, c.systemPrompt);
  QCOMPARE(back.sampling.value(QStringLiteral("max_tokens")).toInt(), 99);
  back.title = QStringLiteral("Renamed");
  QVERIFY(repo.update(back, &error));
  QCOMPARE(repo.list().first().title, QStringLiteral("Renamed"));
  const auto messages = repo.messages(id);
  QCOMPARE(messages.size(), 2);
  QCOMPARE(messages[0].position, 0);
  QCOMPARE(messages[1].position, 1);
  QCOMPARE(messages[1].tokensPerSecond, 12.5);
  QCOMPARE(messages[1].feedback, QStringLiteral("up"));
  QCOMPARE(messages[0].feedback, QStringLiteral("none"));
}

void TestChatRepository::truncateDropsLaterMessages() {
  qint64 answer = 0;
  const qint64 id = chatWithAnswer(&answer);
  ChatRepository repo(mProject->database());
  QString error;
  QCOMPARE(repo.messages(id).size(), 2);
  QVERIFY(repo.truncate(id, 1, &error));
  QCOMPARE(repo.messages(id).size(), 1);
  ChatMessageRecord m;
  m.role = QStringLiteral("assistant");
  m.content = QStringLiteral("again");
  QVERIFY(repo.appendMessage(id, m, &error) > 0);
  QCOMPARE(repo.messages(id).last().position, 1);
}

void TestChatRepository::presetsAreSavedAndReplaced() {
  ChatRepository repo(mProject->database());
  QString error;
  QVERIFY(repo.savePreset({QStringLiteral("Brief"), QStringLiteral("Answer briefly.")}, &error));
  QVERIFY(repo.savePreset({QStringLiteral("Brief"), QStringLiteral("Answer in one line.")}, &error));
  QVERIFY(!repo.savePreset({QStringLiteral("  "), QStringLiteral("x")}, &error));
  QCOMPARE(repo.presets().size(), 1);
  QCOMPARE(repo.presets().first().systemPrompt, QStringLiteral("Answer in one line."));
  QVERIFY(repo.removePreset(QStringLiteral("Brief"), &error));
  QVERIFY(repo.presets().isEmpty());
}

void TestChatRepository::deletingAChatDeletesItsMessages() {
  qint64 answer = 0;
  const qint64 id = chatWithAnswer(&answer);
  ChatRepository repo(mProject->database());
  QString error;
  QVERIFY(repo.remove(id, &error));
  QVERIFY(repo.messages(id).isEmpty());
  QVERIFY(repo.list().isEmpty());
}

void TestChatRepository::feedbackBecomesDatasetRows() {
  qint64 answer = 0;
  chatWithAnswer(&answer);
  FeedbackRepository feedback(mProject->database());
  DatasetRepository datasets(mProject->database());
  const QList<Turn> context = {{QStringLiteral("system"), QStringLiteral("Be kind."), QString()},
                               {QStringLiteral("user"), QStringLiteral("How do I reset my password?"), QString()}};
  QString error;
  qint64 row = 0;
  DatasetInfo info;
  QVERIFY(!datasets.find(FeedbackRepository::datasetName(), &info));
  QVERIFY2(feedback.record(answer, context, QStringLiteral("Ask someone."), QStringLiteral("up"), QString(), &row,
                           &error),
           qPrintable(error));
  QVERIFY(row > 0);
  QVERIFY(datasets.find(QStringLiteral("feedback"), &info));
  QCOMPARE(info.kind, QStringLiteral("chat"));
  QList<Conversation> rows;
  const auto collect = [&] {
    rows.clear();
    QVERIFY(datasets.forEachConversation(info.id, QString(), [&](const Conversation& c) {
      rows << c;
      return true;
    }, &error));
  };
  collect();
  QCOMPARE(rows.size(), 1);
  QCOMPARE(rows[0].turns.size(), 3);
  QCOMPARE(rows[0].turns[2].role, QStringLiteral("assistant"));
  QCOMPARE(rows[0].turns[2].content, QStringLiteral("Ask someone."));
  QVERIFY(rows[0].turns[2].variant.isEmpty());

  // A better answer replaces the message's row with a preference pair.
  QVERIFY(feedback.record(answer, context, QStringLiteral("Ask someone."), QStringLiteral("down"),
                          QStringLiteral("Click \"Forgot password\" on the sign-in page."), &row, &error));
  collect();
  QCOMPARE(rows.size(), 1);
  QCOMPARE(rows[0].turns.size(), 4);
  QCOMPARE(rows[0].turns[2].variant, QStringLiteral("chosen"));
  QCOMPARE(rows[0].turns[2].content, QStringLiteral("Click \"Forgot password\" on the sign-in page."));
  QCOMPARE(rows[0].turns[3].variant, QStringLiteral("rejected"));
  QCOMPARE(rows[0].turns[3].content, QStringLiteral("Ask someone."));

  // Thumbs down alone teaches nothing: the row goes.
  QVERIFY(feedback.record(answer, context, QStringLiteral("Ask someone."), QStringLiteral("down"), QString(), &row,
                          &error));
  QCOMPARE(row, 0);
  collect();
  QVERIFY(rows.isEmpty());
}

void TestChatRepository::feedbackDatasetTrains() {
  TorchRuntime::initialize(0);
  FeedbackRepository feedback(mProject->database());
  QString error;
  qint64 row = 0;
  for (int i = 0; i < 4; ++i) {
    const QList<Turn> context = {{QStringLiteral("user"), QStringLiteral("question %1").arg(i), QString()}};
    QVERIFY(feedback.record(100 + i, context, QStringLiteral("model answer %1").arg(i), QStringLiteral("up"),
                            i % 2 ? QStringLiteral("better answer %1").arg(i) : QString(), &row, &error));
  }
  const QString model = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32"));
  auto tokenizer = loadModelTokenizer(model, &error);
  QVERIFY2(tokenizer, qPrintable(error));
  ChatTemplate t;
  QVERIFY2(modelChatTemplate(model, tokenizer.get(), QString(), &t, &error), qPrintable(error));
  SftData data;
  ExampleOptions o;
  o.seqLen = 256;
  QVERIFY2(loadSftData(mProject->database(), FeedbackRepository::datasetName(), t, tokenizer.get(), o, &data, &error),
           qPrintable(error));
  QCOMPARE(int(data.train.size()), 4);
  QCOMPARE(data.trainStats.dropped, 0);
  // Row 1 had a better answer written: it learns that one, never the rejected answer.
  QString text;
  QVERIFY(tokenizer->decode(data.train[1].ids, &text));
  QVERIFY2(text.contains(QStringLiteral("better answer 1")), qPrintable(text));
  QVERIFY2(!text.contains(QStringLiteral("model answer 1")), qPrintable(text));

  SftConfig c;
  c.project = mProject->folder();
  c.dataset = FeedbackRepository::datasetName();
  c.model = model;
  c.runDir = QDir(mProject->folder()).filePath(QStringLiteral("runs/feedback"));
  c.device = QStringLiteral("cpu");
  c.seqLen = 256;
  c.batchSize = 2;
  c.maxSteps = 2;
  c.lora.rank = 4;
  c.lora.alpha = 8;
  SftRunControl control;
  QJsonObject summary;
  int steps = 0;
  const RunOutcome outcome = trainSft(c, data, control, [&](const QJsonObject& e) {
    if (e.value(QStringLiteral("event")).toString() == QLatin1String("step")) {
      ++steps;
      QVERIFY(std::isfinite(e.value(QStringLiteral("loss")).toDouble()));
    }
  }, &summary, &error);
  QVERIFY2(outcome == RunOutcome::Finished, qPrintable(error));
  QCOMPARE(steps, 2);
  QVERIFY(QFile::exists(c.runDir + QStringLiteral("/adapter/adapter_config.json")));
}

QTEST_GUILESS_MAIN(TestChatRepository)
#include "tst_chatrepository.moc"
