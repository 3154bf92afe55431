// Training from preference pairs on the tiny model and the polite-vs-rude
// sample: the reward model learns the preference (held-out accuracy), DPO
// raises the chosen-over-rejected margin on held-out pairs and its reported
// rewards match a computation by hand (full logits, adapter on and off), both
// resume exactly, and the reward adapter is PEFT's SEQ_CLS layout.
#include <torch/torch.h>

#include "datasetproject.h"
#include "inference/chatprompt.h"
#include "inference/languagemodel.h"
#include "inference/rewardmodel.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "project/project.h"
#include "system/torchruntime.h"
#include "testsupport.h"
#include "trainingrecorder.h"
#include "tokenizer/tokenizerloader.h"
#include "training/preferencetrainer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

namespace {

QString modelDir() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")); }
QString pairsFile() { return AtelierTest::dataPath(QStringLiteral("../../resources/sample/support-tone-pairs.jsonl")); }

std::unique_ptr<Project> makeProject(const QString& folder) {
  return AtelierTest::projectWithDataset(folder, pairsFile(), QStringLiteral("tone"), 0.25, 3);
}

SftConfig baseConfig(const QString& project, const QString& runDir, const QString& recipe) {
  SftConfig c;
  c.recipe = recipe;
  c.project = project;
  c.dataset = QStringLiteral("tone");
  c.model = modelDir();
  c.runDir = runDir;
  c.device = QStringLiteral("cpu");
  c.precision = QStringLiteral("f32");
  c.seqLen = 384;  // the longest pair whole: cut, some lose the closing words that differ
  c.batchSize = 8;
  c.learningRate = 2e-3;
  c.epochs = 2;
  c.lora.dropout = 0.1;  // exercises the RNG a resume must restore
  c.seed = 11;
  return c;
}

struct Loaded {
  std::unique_ptr<Tokenizer> tokenizer;
  ChatTemplate chatTemplate;
  PreferenceData data;
};

Loaded loadData(Project& p, const SftConfig& c) {
  Loaded l;
  QString error;
  l.tokenizer = loadModelTokenizer(c.model, &error);
  if (!l.tokenizer || !modelChatTemplate(c.model, l.tokenizer.get(), QString(), &l.chatTemplate, &error) ||
      !loadPreferenceData(p.database(), c.dataset, l.chatTemplate, l.tokenizer.get(), c.seqLen, &l.data, &error))
    qFatal("%s", qPrintable(error));
  return l;
}

using Outcome = AtelierTest::TrainOutcome;

Outcome train(const SftConfig& c, const PreferenceData& data, bool resume, std::atomic<bool>* stop = nullptr,
              int stopAfterStep = -1) {
  return AtelierTest::recordTraining(trainPreference, c, data, resume, stop, stopAfterStep);
}

// Σ log p(learned tokens) of one sequence from the full logits (no block-wise loss).
double answerLogProb(CausalLM& model, const TokenizedExample& e) {
  const torch::Tensor ids = torch::tensor(std::vector<int64_t>(e.ids.begin(), e.ids.end())).unsqueeze(0);
  const torch::Tensor logp = torch::log_softmax(model->forward(ids).squeeze(0).to(torch::kFloat64), -1);
  double sum = 0;
  for (size_t j = 1; j < e.ids.size(); ++j)
    if (e.learn[j]) sum += logp[int64_t(j) - 1][e.ids[j]].item<double>();
  return sum;
}

}  // namespace

class TestPreferenceTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { TorchRuntime::initialize(0); }
  void pairsLearnOnlyWhereTheAnswersDiffer();
  void rewardModelLearnsTheToneAndIsPeftSeqCls();
  void dpoRaisesTheHeldOutMarginAndMatchesByHand();
  void dpoStopThenResumeIsExact();
  void rewardStopThenResumeIsExact();
  void cliTrainsDpoAndRefusesNonPreferenceData();
};

void TestPreferenceTraining::pairsLearnOnlyWhereTheAnswersDiffer() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  const SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/x")), QStringLiteral("dpo"));
  const Loaded l = loadData(*project, c);
  QCOMPARE(l.data.train.pairs() + l.data.val.pairs(), 120);
  QCOMPARE(l.data.val.pairs(), 30);
  QCOMPARE(l.data.trainStats.dropped, 0);
  for (int i = 0; i < l.data.train.pairs(); ++i) {
    const TokenizedExample& chosen = l.data.train.sequences[2 * i];
    const TokenizedExample& rejected = l.data.train.sequences[2 * i + 1];
    size_t common = 0;
    while (chosen.ids[common] == rejected.ids[common]) ++common;
    QVERIFY(common > 10);  // the chat template's prompt part at least
    for (const TokenizedExample* e : {&chosen, &rejected}) {
      for (size_t j = 0; j < e->ids.size(); ++j) QCOMPARE(int(e->learn[j]), j >= common ? 1 : 0);
    }
  }
}

void TestPreferenceTraining::rewardModelLearnsTheToneAndIsPeftSeqCls() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/rm")), QStringLiteral("reward"));
  c.epochs = 4;
  c.lora.dropout = 0.05;
  const Loaded l = loadData(*project, c);
  QCOMPARE(l.data.trainStats.truncated, 0);
  const Outcome o = train(c, l.data, false);
  QVERIFY2(o.result == RunOutcome::Finished, qPrintable(o.error));
  const QList<QJsonObject> evals = o.ofKind("eval");
  QVERIFY(evals.size() >= 2);
  QVERIFY(evals.first().contains(QStringLiteral("val_reward_accuracy")));
  const double accuracy = o.summary.value(QStringLiteral("val_reward_accuracy")).toDouble();
  QVERIFY2(accuracy >= 0.9, qPrintable(QStringLiteral("held-out accuracy %1").arg(accuracy)));
  QVERIFY(evals.last().value(QStringLiteral("val_loss")).toDouble() < evals.first().value(QStringLiteral("val_loss")).toDouble());
  QVERIFY(o.ofKind("step").first().contains(QStringLiteral("reward_margin")));

  // PEFT's layout for a sequence-classification adapter: the head is a module to save.
  const QString adapter = c.runDir + QStringLiteral("/adapter");
  QFile f(adapter + QStringLiteral("/adapter_config.json"));
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonObject config = QJsonDocument::fromJson(f.readAll()).object();
  QCOMPARE(config.value(QStringLiteral("task_type")).toString(), QStringLiteral("SEQ_CLS"));
  QCOMPARE(config.value(QStringLiteral("modules_to_save")).toArray(), QJsonArray{QStringLiteral("score")});

  // A chat must not load it; scoring does, and agrees with the reported accuracy.
  CausalLM model{nullptr};
  QString error;
  QVERIFY(loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &model, &error));
  LoraConfig lora;
  QVERIFY(!loadAdapter(model, adapter, &lora, &error));
  QVERIFY2(error.contains(QStringLiteral("reward model")), qPrintable(error));
  QVERIFY(loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &model, &error));
  QVERIFY2(loadAdapter(model, adapter, &lora, &error, AdapterUse::Any), qPrintable(error));
  QVERIFY(model->hasScoreHead());
  model->eval();
  torch::NoGradGuard noGrad;
  int right = 0;
  for (int i = 0; i < l.data.val.pairs(); ++i) {
    double score[2];
    for (int k = 0; k < 2; ++k) {
      const auto& ids = l.data.val.sequences[2 * i + k].ids;
      const torch::Tensor t = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end())).unsqueeze(0);
      // The head on the last token's final hidden state, computed here from the model's parts.
      const torch::Tensor h = model->hiddenStates(t)[0][int64_t(ids.size()) - 1];
      score[k] = (h * model->score[0]).sum().item<double>();
      const double viaModel = model->sequenceScores(t, torch::tensor({int64_t(ids.size()) - 1})).item<double>();
      QVERIFY(std::abs(score[k] - viaModel) < 1e-4);
    }
    right += score[0] > score[1];
  }
  QCOMPARE(double(right) / l.data.val.pairs(), accuracy);

  // RewardModel (chat's best-of-N) tokenizes as training did: the same scores.
  auto rm = RewardModel::load(adapter, modelDir(), QStringLiteral("cpu"), QString(), &error);
  QVERIFY2(rm, qPrintable(error));
  QFile pairs(pairsFile());
  QVERIFY(pairs.open(QIODevice::ReadOnly));
  const QJsonObject first = QJsonDocument::fromJson(pairs.readLine()).object();
  const QList<ChatMessage> question{{QStringLiteral("user"), first.value(QStringLiteral("prompt")).toString()}};
  double polite = 0, rude = 0;
  QVERIFY2(rm->score(question + QList<ChatMessage>{{QStringLiteral("assistant"), first.value(QStringLiteral("chosen")).toString()}},
                     &polite, &error), qPrintable(error));
  QVERIFY(rm->score(question + QList<ChatMessage>{{QStringLiteral("assistant"), first.value(QStringLiteral("rejected")).toString()}},
                    &rude, &error));
  Conversation pair;
  pair.turns = {{QStringLiteral("user"), question[0].content, QString()},
             {QStringLiteral("assistant"), first.value(QStringLiteral("chosen")).toString(), QStringLiteral("chosen")},
             {QStringLiteral("assistant"), first.value(QStringLiteral("rejected")).toString(), QStringLiteral("rejected")}};
  TokenizedExample chosenIds, rejectedIds;
  bool truncated = false;
  QVERIFY(tokenizePreferencePair(pair, l.chatTemplate, l.tokenizer.get(), 100000, &chosenIds, &rejectedIds,
                                 &truncated, &error));
  const auto scoreOf = [&](const TokenizedExample& e) {
    const torch::Tensor t = torch::tensor(std::vector<int64_t>(e.ids.begin(), e.ids.end())).unsqueeze(0);
    return model->sequenceScores(t, torch::tensor({int64_t(e.ids.size()) - 1})).item<double>();
  };
  QVERIFY(std::abs(polite - scoreOf(chosenIds)) < 1e-4);
  QVERIFY(std::abs(rude - scoreOf(rejectedIds)) < 1e-4);
  QVERIFY(polite > rude);

  // Best of 3 sampled answers: the one with the highest score is kept.
  auto lm = LanguageModel::load(modelDir(), {QStringLiteral("cpu"), QString(), {}}, &error);
  QVERIFY2(lm, qPrintable(error));
  std::vector<int32_t> prompt;
  QStringList stops;
  QVERIFY(buildChatPrompt(modelDir(), lm->tokenizer(), QString(), question, &prompt, &stops, &error));
  GenerationOptions g;
  g.maxNewTokens = 12;
  g.seed = 7;
  BestOfNResult best;
  int calls = 0;
  QVERIFY2(generateBestOfN(*lm, *rm, question, prompt, g, 3, [&](int, const QString&) { return ++calls > 0; }, &best, &error),
           qPrintable(error));
  QCOMPARE(best.answers.size(), 3);
  QVERIFY(calls > 3);
  QVERIFY(best.answers[0] != best.answers[1] || best.answers[1] != best.answers[2]);  // sampled, other seeds
  QCOMPARE(best.best, int(std::max_element(best.scores.begin(), best.scores.end()) - best.scores.begin()));
  QCOMPARE(best.bestResult.text, best.answers[best.best]);
  double again = 0;
  QVERIFY(rm->score(question + QList<ChatMessage>{{QStringLiteral("assistant"), best.answers[best.best].trimmed()}}, &again, &error));
  QCOMPARE(again, best.scores[best.best]);
}

void TestPreferenceTraining::dpoRaisesTheHeldOutMarginAndMatchesByHand() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/dpo")), QStringLiteral("dpo"));
  c.lora.dropout = 0;
  c.dpoBeta = 0.1;
  const Loaded l = loadData(*project, c);
  const Outcome o = train(c, l.data, false);
  QVERIFY2(o.result == RunOutcome::Finished, qPrintable(o.error));
  const QList<QJsonObject> evals = o.ofKind("eval");
  // At step 0 the policy is the reference: DPO's loss is log 2, the rewards 0.
  QVERIFY(std::abs(evals.first().value(QStringLiteral("val_loss")).toDouble() - std::log(2.0)) < 1e-6);
  QCOMPARE(evals.first().value(QStringLiteral("val_reward_margin")).toDouble(), 0.0);
  const double before = evals.first().value(QStringLiteral("val_logp_margin")).toDouble();
  const double after = evals.last().value(QStringLiteral("val_logp_margin")).toDouble();
  QVERIFY2(after > before + 10, qPrintable(QStringLiteral("held-out log-prob margin %1 → %2").arg(before).arg(after)));
  QVERIFY(evals.last().value(QStringLiteral("val_reward_accuracy")).toDouble() >= 0.9);

  // The reported held-out rewards from full logits, with the adapter on (policy) and off (reference).
  CausalLM model{nullptr};
  QString error;
  LoraConfig lora;
  QVERIFY(loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &model, &error));
  QVERIFY2(loadAdapter(model, c.runDir + QStringLiteral("/adapter"), &lora, &error), qPrintable(error));
  model->eval();
  torch::NoGradGuard noGrad;
  double margin = 0, logpMargin = 0;
  for (int i = 0; i < l.data.val.pairs(); ++i) {
    double policy[2], reference[2];
    for (int k = 0; k < 2; ++k) {
      policy[k] = answerLogProb(model, l.data.val.sequences[2 * i + k]);
      setLoraEnabled(model, false);
      reference[k] = answerLogProb(model, l.data.val.sequences[2 * i + k]);
      setLoraEnabled(model, true);
    }
    margin += c.dpoBeta * ((policy[0] - reference[0]) - (policy[1] - reference[1]));
    logpMargin += policy[0] - policy[1];
  }
  margin /= l.data.val.pairs();
  logpMargin /= l.data.val.pairs();
  const double reported = evals.last().value(QStringLiteral("val_reward_margin")).toDouble();
  QVERIFY2(std::abs(reported - margin) < 1e-3 * std::max(1.0, std::abs(margin)),
           qPrintable(QStringLiteral("reported margin %1, by hand %2").arg(reported).arg(margin)));
  QVERIFY(std::abs(after - logpMargin) < 1e-2 * std::max(1.0, std::abs(logpMargin)));
}

// Trains `c` whole into runs/full, then into runs/parts stopped after step
// `stopAfter` and resumed: the joined loss curve must be the same bit for bit.
static void stopThenResume(SftConfig c, const QString& folder, int stopAfter, Outcome* full, Outcome* resumed) {
  auto project = makeProject(folder);
  c.project = project->folder();
  c.runDir = folder + QStringLiteral("/runs/full");
  const Loaded l = loadData(*project, c);
  *full = train(c, l.data, false);
  QVERIFY2(full->result == RunOutcome::Finished, qPrintable(full->error));
  c.runDir = folder + QStringLiteral("/runs/parts");
  std::atomic<bool> stop{false};
  const Outcome first = train(c, l.data, false, &stop, stopAfter);
  QVERIFY2(first.result == RunOutcome::Stopped, qPrintable(first.error));
  stop.store(false);
  *resumed = train(c, l.data, true, &stop);
  QVERIFY2(resumed->result == RunOutcome::Finished, qPrintable(resumed->error));
  QMap<int, double> joined = first.lossByStep();
  const QMap<int, double> rest = resumed->lossByStep();
  QCOMPARE(rest.firstKey(), stopAfter + 1);
  for (auto it = rest.begin(); it != rest.end(); ++it) joined[it.key()] = it.value();
  QCOMPARE(joined, full->lossByStep());
}

void TestPreferenceTraining::dpoStopThenResumeIsExact() {
  QTemporaryDir dir;
  SftConfig c = baseConfig(QString(), QString(), QStringLiteral("dpo"));
  c.gradAccum = 2;
  c.evalEvery = 3;
  Outcome full, resumed;
  stopThenResume(c, dir.filePath(QStringLiteral("p")), 4, &full, &resumed);
  if (QTest::currentTestFailed()) return;
  QCOMPARE(resumed.summary.value(QStringLiteral("val_reward_margin")).toDouble(),
           full.summary.value(QStringLiteral("val_reward_margin")).toDouble());
}

void TestPreferenceTraining::rewardStopThenResumeIsExact() {
  QTemporaryDir dir;
  SftConfig c = baseConfig(QString(), QString(), QStringLiteral("reward"));
  c.maxSteps = 8;
  Outcome full, resumed;
  // The head and its optimizer moments come back too, or the curves would differ.
  stopThenResume(c, dir.filePath(QStringLiteral("p")), 3, &full, &resumed);
}

void TestPreferenceTraining::cliTrainsDpoAndRefusesNonPreferenceData() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  QString error;
  ImportOptions o;
  o.file = AtelierTest::dataPath(QStringLiteral("../../resources/sample/support-faq.jsonl"));
  o.name = QStringLiteral("faq");
  ImportResult r;
  QVERIFY2(importDataset(project->database(), o, &r, &error), qPrintable(error));
  const QString atelier = QStringLiteral(ATELIER_BINARY);
  QProcess p;
  p.start(atelier, {QStringLiteral("train"), QStringLiteral("dpo"), QStringLiteral("--project"), project->folder(),
                    QStringLiteral("--dataset"), QStringLiteral("faq"), QStringLiteral("--model"), modelDir(),
                    QStringLiteral("--device"), QStringLiteral("cpu")});
  QVERIFY(p.waitForFinished(60000));
  QVERIFY(p.exitCode() != 0);
  const QString message = QString::fromUtf8(p.readAllStandardError());
  QVERIFY2(message.contains(QStringLiteral("preference")) && message.contains(QStringLiteral("faq")), qPrintable(message));

  const QString runDir = dir.filePath(QStringLiteral("p/runs/cli-dpo"));
  p.start(atelier, {QStringLiteral("train"), QStringLiteral("dpo"), QStringLiteral("--project"), project->folder(),
                    QStringLiteral("--dataset"), QStringLiteral("tone"), QStringLiteral("--model"), modelDir(),
                    QStringLiteral("--out"), runDir, QStringLiteral("--max-steps"), QStringLiteral("3"),
                    QStringLiteral("--beta"), QStringLiteral("0.2"), QStringLiteral("--device"), QStringLiteral("cpu"),
                    QStringLiteral("--events"), QStringLiteral("-")});
  QVERIFY(p.waitForFinished(120000));
  QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
  QList<QJsonObject> events;
  for (const QByteArray& line : p.readAllStandardOutput().split('\n'))
    if (!line.trimmed().isEmpty()) events << QJsonDocument::fromJson(line).object();
  QCOMPARE(events.first().value(QStringLiteral("recipe")).toString(), QStringLiteral("dpo"));
  QCOMPARE(events.last().value(QStringLiteral("event")).toString(), QStringLiteral("done"));
  QVERIFY(events.last().contains(QStringLiteral("val_reward_accuracy")));
  QFile run(runDir + QStringLiteral("/run.json"));
  QVERIFY(run.open(QIODevice::ReadOnly));
  const QJsonObject config = QJsonDocument::fromJson(run.readAll()).object();
  QCOMPARE(config.value(QStringLiteral("recipe")).toString(), QStringLiteral("dpo"));
  QCOMPARE(config.value(QStringLiteral("dpo_beta")).toDouble(), 0.2);
  QVERIFY(QFile::exists(runDir + QStringLiteral("/adapter/adapter_model.safetensors")));
  QVERIFY(QFile::exists(runDir + QStringLiteral("/README.md")));
  // Resuming it as another recipe is refused with the right command.
  p.start(atelier, {QStringLiteral("train"), QStringLiteral("reward"), QStringLiteral("--project"), project->folder(),
                    QStringLiteral("--out"), runDir, QStringLiteral("--resume")});
  QVERIFY(p.waitForFinished(60000));
  QVERIFY(p.exitCode() != 0);
  QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains(QStringLiteral("train dpo --resume")));
}

QTEST_GUILESS_MAIN(TestPreferenceTraining)
#include "tst_preferencetraining.moc"
