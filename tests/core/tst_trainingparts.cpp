// The torch-free parts of training: learning-rate schedules, the data order a
// resume depends on, run settings, loss masks of chat examples, and the runs
// table the GUI redraws curves from.
#include "data/chattemplate.h"
#include "inference/chatprompt.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/runrepository.h"
#include "testsupport.h"
#include "tokenizer/tokenizerloader.h"
#include "training/dataorder.h"
#include "training/lrschedule.h"
#include "training/sftconfig.h"
#include "training/sftexamples.h"

#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Atelier;

class TestTrainingParts : public QObject {
  Q_OBJECT
 private slots:
  void cosineScheduleWithWarmup();
  void linearAndConstantSchedules();
  void epochOrderIsAStablePermutation();
  void microBatchesCoverTheOrder();
  void lengthGroupingKeepsTheRows();
  void configRoundTripsAndValidates();
  void configArgumentsNameEverySetting();
  void totalSteps();
  void assistantMaskCoversOnlyAnswers();
  void promptTokensMatchInference();
  void allTokensAndDocuments();
  void truncationKeepsTheStart();
  void runRepositoryStoresEvents();
};

void TestTrainingParts::cosineScheduleWithWarmup() {
  const QString c = QStringLiteral("cosine");
  // transformers' get_cosine_schedule_with_warmup(warmup=10, total=110).
  QCOMPARE(learningRateAt(c, 1.0, 10, 0, 110), 0.0);
  QCOMPARE(learningRateAt(c, 1.0, 10, 5, 110), 0.5);
  QCOMPARE(learningRateAt(c, 1.0, 10, 10, 110), 1.0);
  QVERIFY(qAbs(learningRateAt(c, 1.0, 10, 60, 110) - 0.5) < 1e-12);
  QVERIFY(qAbs(learningRateAt(c, 2e-4, 10, 35, 110) - 2e-4 * 0.5 * (1 + std::cos(M_PI * 0.25))) < 1e-18);
  QVERIFY(learningRateAt(c, 1.0, 10, 110, 110) < 1e-12);
  QCOMPARE(learningRateAt(c, 1.0, 0, 0, 100), 1.0);
}

void TestTrainingParts::linearAndConstantSchedules() {
  QCOMPARE(learningRateAt(QStringLiteral("linear"), 1.0, 0, 25, 100), 0.75);
  QCOMPARE(learningRateAt(QStringLiteral("linear"), 1.0, 4, 2, 104), 0.5);
  QCOMPARE(learningRateAt(QStringLiteral("constant"), 3e-4, 0, 77, 100), 3e-4);
  QCOMPARE(learningRateAt(QStringLiteral("constant"), 1.0, 4, 1, 100), 0.25);
}

void TestTrainingParts::epochOrderIsAStablePermutation() {
  const std::vector<int> a = epochOrder(1000, 42, 0);
  QCOMPARE(int(a.size()), 1000);
  QCOMPARE(QSet<int>(a.begin(), a.end()).size(), 1000);
  QVERIFY(a == epochOrder(1000, 42, 0));
  QVERIFY(a != epochOrder(1000, 42, 1));
  QVERIFY(a != epochOrder(1000, 43, 0));
  // Fixed values: a change here would make old checkpoints resume on another order.
  const std::vector<int> small = epochOrder(8, 42, 0);
  // Golden from an independent Python version of the same algorithm.
  QCOMPARE(QList<int>(small.begin(), small.end()), (QList<int>{6, 3, 2, 4, 0, 7, 5, 1}));
  QVERIFY(epochOrder(0, 1, 0).empty());
  QCOMPARE(epochOrder(1, 1, 0), std::vector<int>{0});
}

void TestTrainingParts::microBatchesCoverTheOrder() {
  const auto b = microBatches({5, 4, 3, 2, 1, 0, 9}, 3);
  QCOMPARE(int(b.size()), 3);
  QCOMPARE(b[0], (std::vector<int>{5, 4, 3}));
  QCOMPARE(b[2], std::vector<int>{9});
}

void TestTrainingParts::lengthGroupingKeepsTheRows() {
  // One optimizer step of 4 micro-batches of 2: lengths alternate long/short,
  // so in the given order every micro-batch pads a short row to a long one.
  const std::vector<int64_t> lengths = {10, 500, 12, 480, 11, 490, 500, 9};
  const std::vector<std::vector<int>> window = {{0, 1}, {2, 3}, {4, 5}, {6, 7}};
  const auto length = [&](int row) { return lengths[row]; };
  const auto grouped = lengthGrouped(window, 2, length);
  QCOMPARE(grouped, (std::vector<std::vector<int>>{{1, 6}, {5, 3}, {2, 4}, {0, 7}}));
  // Padded tokens: 4·2·500-ish before, 2·500 + 2·490 + 2·12 + 2·10 after.
  const auto padded = [&](const std::vector<std::vector<int>>& batches) {
    int64_t total = 0;
    for (const auto& b : batches) {
      int64_t longest = 0;
      for (int r : b) longest = std::max(longest, lengths[r]);
      total += longest * int64_t(b.size());
    }
    return total;
  };
  QCOMPARE(padded(window), int64_t(2 * (500 + 480 + 490 + 500)));
  QCOMPARE(padded(grouped), int64_t(2 * (500 + 490 + 12 + 10)));
  // A short last micro-batch stays the last one; one batch regroups whole.
  QCOMPARE(lengthGrouped({{0, 1, 2}}, 2, length), (std::vector<std::vector<int>>{{1, 2}, {0}}));

  // With a token budget of 2 × 512 (batch size × sequence length), the two
  // longest rows fill one batch, and the short ones share bigger batches, as
  // many as fit when padded to the batch's first (longest) row.
  const auto budgeted = lengthGrouped(window, 2, length, 2 * 512);
  QCOMPARE(budgeted, (std::vector<std::vector<int>>{{1, 6}, {5, 3}, {2, 4, 0, 7}}));
  for (const auto& b : budgeted) QVERIFY(int64_t(b.size()) * lengths[b.front()] <= 2 * 512);
  // Every row exactly once, whatever the grouping.
  std::vector<int> seen;
  for (const auto& b : budgeted) seen.insert(seen.end(), b.begin(), b.end());
  std::sort(seen.begin(), seen.end());
  QCOMPARE(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  // A budget never shrinks a batch below batchSize rows (100 tokens hold no
  // 500-token row, yet the longest rows still go two at a time).
  QCOMPARE(lengthGrouped(window, 2, length, 100).front(), (std::vector<int>{1, 6}));
}

void TestTrainingParts::configRoundTripsAndValidates() {
  SftConfig c;
  c.dataset = QStringLiteral("faq");
  c.lora.rank = 32;
  c.lora.targetModules = {QStringLiteral("q_proj"), QStringLiteral("v_proj")};
  c.seed = 18446744073709551615ULL;  // survives JSON (written as a string)
  c.learningRate = 1.5e-4;
  c.maxSteps = 77;
  SftConfig back;
  QString error;
  QVERIFY2(SftConfig::fromJson(c.toJson(), &back, &error), qPrintable(error));
  QCOMPARE(back.toJson(), c.toJson());
  QCOMPARE(back.seed, c.seed);

  SftConfig bad = c;
  bad.learningRate = 5;
  QVERIFY(!bad.validate(&error));
  QVERIFY2(error.contains(QStringLiteral("learning rate")), qPrintable(error));
  bad = c;
  bad.lora.targetModules = {QStringLiteral("qkv")};
  QVERIFY(!bad.validate(&error));
  QVERIFY2(error.contains(QStringLiteral("qkv")), qPrintable(error));
  bad = c;
  bad.scheduler = QStringLiteral("step");
  QVERIFY(!bad.validate(&error));
  bad = c;
  bad.batchSize = 0;
  QVERIFY(!bad.validate(&error));
}

void TestTrainingParts::configArgumentsNameEverySetting() {
  SftConfig c;
  c.project = QStringLiteral("/p");
  c.dataset = QStringLiteral("d");
  c.model = QStringLiteral("/m");
  c.runDir = QStringLiteral("/p/runs/r");
  c.maxSteps = 12;
  c.lora.rslora = true;
  c.assistantOnlyLoss = false;
  const QStringList a = c.toArguments();
  QCOMPARE(a.mid(0, 2), (QStringList{QStringLiteral("train"), QStringLiteral("sft")}));
  QCOMPARE(a.at(a.indexOf(QStringLiteral("--max-steps")) + 1), QStringLiteral("12"));
  QVERIFY(!a.contains(QStringLiteral("--epochs")));
  QVERIFY(a.contains(QStringLiteral("--rslora")));
  QVERIFY(a.contains(QStringLiteral("--loss-on-all-tokens")));
  QCOMPARE(a.at(a.indexOf(QStringLiteral("--lr")) + 1).toDouble(), 2e-4);
  QCOMPARE(a.at(a.indexOf(QStringLiteral("--target-modules")) + 1),
           QStringLiteral("q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj"));
}

void TestTrainingParts::totalSteps() {
  SftConfig c;
  c.epochs = 3;
  c.batchSize = 4;
  c.gradAccum = 2;
  QCOMPARE(c.totalSteps(30), 12);  // 8 micro-batches → 4 windows per epoch
  QCOMPARE(c.totalSteps(1), 3);
  c.maxSteps = 5;
  QCOMPARE(c.totalSteps(30), 5);
}

namespace {

struct Fixture {
  std::unique_ptr<Tokenizer> tokenizer;
  ChatTemplate chatTemplate;
};

Fixture fixture(ChatTemplateFamily family) {
  Fixture f;
  QString error;
  f.tokenizer = loadModelTokenizer(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), &error);
  if (!f.tokenizer) qFatal("%s", qPrintable(error));
  f.chatTemplate = chatTemplateForFamily(family, QStringLiteral("<s>"), QStringLiteral("</s>"));
  return f;
}

Conversation chat() {
  Conversation c;
  c.turns = {{QStringLiteral("system"), QStringLiteral("You fix bikes."), QString()},
             {QStringLiteral("user"), QStringLiteral("How do I fix a flat tyre?"), QString()},
             {QStringLiteral("assistant"), QStringLiteral("Patch the tube and pump it up."), QString()},
             {QStringLiteral("user"), QStringLiteral("And the chain?"), QString()},
             {QStringLiteral("assistant"), QStringLiteral("Oil the chain every month."), QString()}};
  return c;
}

std::vector<int32_t> learnedIds(const TokenizedExample& e) {
  std::vector<int32_t> out;
  for (size_t i = 0; i < e.ids.size(); ++i)
    if (e.learn[i]) out.push_back(e.ids[i]);
  return out;
}

}  // namespace

void TestTrainingParts::assistantMaskCoversOnlyAnswers() {
  for (ChatTemplateFamily family : {ChatTemplateFamily::Llama2, ChatTemplateFamily::Alpaca}) {
    Fixture f = fixture(family);
    TokenizedExample e;
    bool truncated = true;
    QString error;
    QVERIFY2(tokenizeConversation(chat(), f.chatTemplate, f.tokenizer.get(), {}, &e, &truncated, &error),
             qPrintable(error));
    QVERIFY(!truncated);
    QCOMPARE(e.ids.size(), e.learn.size());
    // The learned tokens are exactly the two answers, each with its end-of-turn text.
    RenderedChat rendered;
    QList<ChatMessage> messages;
    for (const Turn& t : chat().turns) messages.append({t.role, t.content});
    QVERIFY(renderChat(f.chatTemplate, messages, false, &rendered, &error));
    std::vector<int32_t> expected;
    for (const auto& [s, end] : rendered.assistantSpans) {
      std::vector<int32_t> ids;
      QVERIFY(encodeRenderedChat(f.tokenizer.get(), f.chatTemplate, rendered.text.mid(s, end - s), &ids, &error));
      expected.insert(expected.end(), ids.begin(), ids.end());
    }
    QCOMPARE(learnedIds(e), expected);
    QString text;
    QVERIFY(f.tokenizer->decode(learnedIds(e), &text));
    QVERIFY2(text.contains(QStringLiteral("Patch the tube")) && text.contains(QStringLiteral("Oil the chain")) &&
                 !text.contains(QStringLiteral("flat tyre")),
             qPrintable(text));
    QCOMPARE(e.learn[0], uint8_t(0));
  }
}

void TestTrainingParts::promptTokensMatchInference() {
  // What the model sees before its first answer in training is exactly what
  // chat gives it for the same messages.
  Fixture f = fixture(ChatTemplateFamily::Llama2);
  Conversation c = chat();
  TokenizedExample e;
  bool truncated;
  QString error;
  QVERIFY(tokenizeConversation(c, f.chatTemplate, f.tokenizer.get(), {}, &e, &truncated, &error));
  RenderedChat prompt;
  QVERIFY(renderChat(f.chatTemplate, {{QStringLiteral("system"), QStringLiteral("You fix bikes.")},
                                      {QStringLiteral("user"), QStringLiteral("How do I fix a flat tyre?")}},
                     true, &prompt, &error));
  std::vector<int32_t> promptIds;
  QVERIFY(encodeRenderedChat(f.tokenizer.get(), f.chatTemplate, prompt.text, &promptIds, &error));
  const auto firstLearned = std::find(e.learn.begin(), e.learn.end(), 1) - e.learn.begin();
  QCOMPARE(std::vector<int32_t>(e.ids.begin(), e.ids.begin() + firstLearned), promptIds);
}

void TestTrainingParts::allTokensAndDocuments() {
  Fixture f = fixture(ChatTemplateFamily::Alpaca);
  ExampleOptions all;
  all.assistantOnlyLoss = false;
  TokenizedExample e;
  bool truncated;
  QString error;
  QVERIFY(tokenizeConversation(chat(), f.chatTemplate, f.tokenizer.get(), all, &e, &truncated, &error));
  QCOMPARE(e.learnedTokens(), int(e.ids.size()) - 1);

  Conversation doc;
  doc.turns = {{QStringLiteral("text"), QStringLiteral("Spokes hold the rim true."), QString()}};
  QVERIFY(tokenizeConversation(doc, f.chatTemplate, f.tokenizer.get(), {}, &e, &truncated, &error));
  QCOMPARE(e.ids.front(), f.tokenizer->bosId());
  QCOMPARE(e.ids.back(), f.tokenizer->eosId());
  QCOMPARE(e.learnedTokens(), int(e.ids.size()) - 1);

  // Rejected answers of preference rows are not learned.
  Conversation pref;
  pref.turns = {{QStringLiteral("user"), QStringLiteral("Best lube?"), QString()},
                {QStringLiteral("assistant"), QStringLiteral("Wax."), QStringLiteral("chosen")},
                {QStringLiteral("assistant"), QStringLiteral("Butter."), QStringLiteral("rejected")}};
  QVERIFY(tokenizeConversation(pref, f.chatTemplate, f.tokenizer.get(), {}, &e, &truncated, &error));
  QString text;
  QVERIFY(f.tokenizer->decode(e.ids, &text));
  QVERIFY(text.contains(QStringLiteral("Wax")) && !text.contains(QStringLiteral("Butter")));
}

void TestTrainingParts::truncationKeepsTheStart() {
  Fixture f = fixture(ChatTemplateFamily::Alpaca);
  ExampleOptions o;
  o.seqLen = 16;
  TokenizedExample e;
  bool truncated = false;
  QString error;
  QVERIFY(tokenizeConversation(chat(), f.chatTemplate, f.tokenizer.get(), o, &e, &truncated, &error));
  QVERIFY(truncated);
  QCOMPARE(int(e.ids.size()), 16);
  QCOMPARE(int(e.learn.size()), 16);
}

void TestTrainingParts::runRepositoryStoresEvents() {
  QTemporaryDir dir;
  QString error;
  auto project = Project::create(dir.filePath(QStringLiteral("p")), QStringLiteral("p"), QString(), &error);
  QVERIFY2(project, qPrintable(error));
  RunRepository runs(project->database());
  RunInfo run;
  run.name = QStringLiteral("r1");
  run.kind = QStringLiteral("sft");
  run.dataset = QStringLiteral("d");
  run.model = QStringLiteral("/m");
  run.runDir = QStringLiteral("/p/runs/r1");
  run.config = {{QStringLiteral("lr"), 0.1}};
  run.pid = 4242;
  const qint64 id = runs.startRun(run, &error);
  QVERIFY2(id > 0, qPrintable(error));
  for (int step = 1; step <= 6; ++step)
    QVERIFY(runs.appendEvent(id, {{QStringLiteral("event"), QStringLiteral("step")}, {QStringLiteral("step"), step},
                                  {QStringLiteral("loss"), 3.0 - step * 0.1}}, &error));
  QVERIFY(runs.appendEvent(id, {{QStringLiteral("event"), QStringLiteral("eval")}, {QStringLiteral("step"), 6},
                                {QStringLiteral("val_loss"), 2.5}}, &error));
  QList<RunEvent> events = runs.events(id);
  QCOMPARE(events.size(), 7);
  QCOMPARE(events[2].step, 3);
  QCOMPARE(events[2].payload.value(QStringLiteral("loss")).toDouble(), 2.7);
  QCOMPARE(runs.events(id, events[4].id).size(), 2);
  // A resume from step 4 drops the later steps; the run is running again with the new pid.
  QVERIFY(runs.dropEventsAfterStep(id, 4, &error));
  QCOMPARE(runs.events(id).size(), 4);
  QVERIFY(runs.setStatus(id, QStringLiteral("stopped"), {}, &error));
  run.pid = 5151;
  QCOMPARE(runs.startRun(run, &error), id);
  RunInfo back;
  QVERIFY(runs.find(QStringLiteral("r1"), &back));
  QCOMPARE(back.status, QStringLiteral("running"));
  QCOMPARE(back.pid, 5151);
  QCOMPARE(back.config.value(QStringLiteral("lr")).toDouble(), 0.1);
  QVERIFY(runs.setStatus(id, QStringLiteral("finished"), {{QStringLiteral("best_val_loss"), 1.5}}, &error));
  QVERIFY(runs.findById(id, &back));
  QCOMPARE(back.summary.value(QStringLiteral("best_val_loss")).toDouble(), 1.5);
  QCOMPARE(back.pid, 0);
  QVERIFY(!runs.setStatus(id, QStringLiteral("exploded"), {}, &error));  // CHECK constraint
  QVERIFY(runs.remove(id, &error));
  QVERIFY(runs.events(id).isEmpty());
}

QTEST_GUILESS_MAIN(TestTrainingParts)
#include "tst_trainingparts.moc"
