// The SFT recipe end to end on a tiny model: the validation loss falls, the
// adapter is PEFT's format and means W + scale·B·A, AdamW is torch's, and a
// run stopped (SIGTERM) or killed (-9) resumes with identical losses.
#include <torch/torch.h>

#include "eval/evaluator.h"
#include "inference/chatprompt.h"
#include "inference/languagemodel.h"
#include "datasetproject.h"
#include "model/io/safetensors.h"
#include "model/modelloader.h"
#include "peft/lora.h"
#include "project/project.h"
#include "storage/database.h"
#include "storage/runrepository.h"
#include "system/torchruntime.h"
#include "testsupport.h"
#include "trainingrecorder.h"
#include "tokenizer/tokenizerloader.h"
#include "training/adamw.h"
#include "training/chunkedloss.h"
#include "training/sfttrainer.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <set>

using namespace Atelier;

namespace {

QString modelDir() { return AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")); }
QString sampleData() { return AtelierTest::dataPath(QStringLiteral("../../resources/sample/support-faq.jsonl")); }

// A project with the sample FAQ imported and split 80/20.
std::unique_ptr<Project> makeProject(const QString& folder) {
  return AtelierTest::projectWithDataset(folder, sampleData(), QStringLiteral("faq"), 0.2, 7);
}

SftConfig baseConfig(const QString& project, const QString& runDir) {
  SftConfig c;
  c.project = project;
  c.dataset = QStringLiteral("faq");
  c.model = modelDir();
  c.runDir = runDir;
  c.device = QStringLiteral("cpu");
  c.seqLen = 256;
  c.batchSize = 4;
  c.learningRate = 3e-3;
  c.lora.rank = 8;
  c.lora.alpha = 16;
  c.lora.dropout = 0.1;  // exercises the RNG a resume must restore
  c.seed = 5;
  return c;
}

SftData loadData(Project& p, const SftConfig& c) {
  QString error;
  auto tokenizer = loadModelTokenizer(c.model, &error);
  ChatTemplate t;
  SftData data;
  ExampleOptions o;
  o.seqLen = c.seqLen;
  if (!tokenizer || !modelChatTemplate(c.model, tokenizer.get(), QString(), &t, &error) ||
      !loadSftData(p.database(), c.dataset, t, tokenizer.get(), o, &data, &error))
    qFatal("%s", qPrintable(error));
  return data;
}

using Outcome = AtelierTest::TrainOutcome;

Outcome train(const SftConfig& c, const SftData& data, bool resume, std::atomic<bool>* stop = nullptr,
              int stopAfterStep = -1) {
  return AtelierTest::recordTraining(trainSft, c, data, resume, stop, stopAfterStep);
}

torch::Tensor logitsWithHandMergedAdapter(const QString& adapter, const std::vector<int64_t>& ids) {
  CausalLM m{nullptr};
  QString error;
  if (!loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &m, &error)) qFatal("%s", qPrintable(error));
  QFile f(adapter + QStringLiteral("/adapter_config.json"));
  f.open(QIODevice::ReadOnly);
  const QJsonObject config = QJsonDocument::fromJson(f.readAll()).object();
  const double scale = config.value(QStringLiteral("lora_alpha")).toDouble() / config.value(QStringLiteral("r")).toDouble();
  auto file = SafetensorsFile::open(adapter + QStringLiteral("/adapter_model.safetensors"), &error);
  if (!file) qFatal("%s", qPrintable(error));
  auto tensor = [&](const QString& name) {
    const TensorInfo* t = file->find(name);
    if (!t) qFatal("missing %s", qPrintable(name));
    return torch::from_blob(const_cast<uchar*>(file->data(*t)), t->shape, torch::kFloat32).clone();
  };
  torch::NoGradGuard noGrad;
  auto params = m->named_parameters();
  int merged = 0;
  for (int layer = 0; layer < m->config().numLayers; ++layer) {
    for (const char* proj : {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
                             "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}) {
      const QString prefix = QStringLiteral("base_model.model.model.layers.%1.%2.").arg(layer).arg(QLatin1String(proj));
      const torch::Tensor a = tensor(prefix + QStringLiteral("lora_A.weight"));
      const torch::Tensor b = tensor(prefix + QStringLiteral("lora_B.weight"));
      params[QStringLiteral("model.layers.%1.%2.weight").arg(layer).arg(QLatin1String(proj)).toStdString()]
          .add_(scale * torch::matmul(b, a));
      ++merged;
    }
  }
  if (merged != 14 || file->tensors().size() != 28) qFatal("unexpected adapter layout");
  m->eval();
  return m->forward(torch::tensor(ids).unsqueeze(0)).squeeze(0);
}

}  // namespace

class TestSftTraining : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { TorchRuntime::initialize(0); }
  void adamwMatchesLibtorch();
  void chunkedLossMatchesCrossEntropy();
  void gradientCheckpointingGivesSameGradients_data();
  void gradientCheckpointingGivesSameGradients();
  void validationLossFallsAndAdapterIsPeft();
  void stopThenResumeIsExact();
  void earlyStoppingKeepsTheBest();
  void workerKilledThenResumedIsExact();
  void workerStopsOnSigterm();
  void evaluationPerplexityIsMeanAnswerNll();
};

void TestSftTraining::adamwMatchesLibtorch() {
  torch::manual_seed(3);
  const torch::Tensor w0 = torch::randn({6, 5}), b0 = torch::randn({6});
  torch::Tensor w1 = w0.clone().set_requires_grad(true), b1 = b0.clone().set_requires_grad(true);
  torch::Tensor w2 = w0.clone().set_requires_grad(true), b2 = b0.clone().set_requires_grad(true);
  AdamWOptions o;
  o.weightDecay = 0.1;
  AdamW ours({{"layer.weight", w1}, {"layer.bias", b1}}, o);
  // Reference: libtorch's AdamW, decay on the matrix only (its own parameter group).
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{w2}, std::make_unique<torch::optim::AdamWOptions>(
                                                          torch::optim::AdamWOptions(0.01).weight_decay(0.1)));
  groups.emplace_back(std::vector<torch::Tensor>{b2}, std::make_unique<torch::optim::AdamWOptions>(
                                                          torch::optim::AdamWOptions(0.01).weight_decay(0.0)));
  torch::optim::AdamW reference(groups, torch::optim::AdamWOptions(0.01));
  const torch::Tensor x = torch::randn({4, 5});
  for (int step = 0; step < 6; ++step) {
    ours.zeroGrad();
    reference.zero_grad();
    (torch::matmul(x, w1.t()) + b1).pow(2).sum().backward();
    (torch::matmul(x, w2.t()) + b2).pow(2).sum().backward();
    ours.step(0.01);
    reference.step();
  }
  QVERIFY2((w1 - w2).abs().max().item<double>() < 1e-6, "weights differ from libtorch's AdamW");
  QVERIFY2((b1 - b2).abs().max().item<double>() < 1e-6, "biases differ from libtorch's AdamW");
  QVERIFY((w1 - w0).abs().max().item<double>() > 1e-3);  // it did move
  QCOMPARE(ours.stepCount(), 6);
}

// The blockwise loss equals torch's cross_entropy over the full logits, with
// ignored rows, over several blocks (a vocabulary large enough for 32-row
// blocks) and a last block that is not full.
void TestSftTraining::chunkedLossMatchesCrossEntropy() {
  torch::manual_seed(5);
  const int64_t vocab = int64_t(1) << 20, rows = 100, width = 8;
  QCOMPARE(lossChunkRows(vocab), int64_t(32));
  const torch::Tensor h0 = torch::randn({rows, width});
  const torch::Tensor w0 = torch::randn({vocab, width}) * 0.5;
  torch::Tensor targets = torch::randint(0, vocab, {rows}, torch::kInt64);
  targets.index_put_({torch::arange(0, rows, 7)}, -100);

  torch::Tensor h1 = h0.clone().requires_grad_(true), w1 = w0.clone().requires_grad_(true);
  const torch::Tensor ours = chunkedLinearCrossEntropy(h1, w1, targets);
  (ours * 0.5).backward();

  torch::Tensor h2 = h0.clone().requires_grad_(true), w2 = w0.clone().requires_grad_(true);
  const torch::Tensor reference = torch::nn::functional::cross_entropy(
      torch::matmul(h2, w2.t()), targets,
      torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kSum));
  (reference * 0.5).backward();

  QVERIFY2(std::abs(ours.item<double>() - reference.item<double>()) < 1e-4 * reference.item<double>(),
           qPrintable(QStringLiteral("%1 vs %2").arg(ours.item<double>()).arg(reference.item<double>())));
  QVERIFY((h1.grad() - h2.grad()).abs().max().item<double>() < 1e-5);
  QVERIFY((w1.grad() - w2.grad()).abs().max().item<double>() < 1e-5);
  // Ignored rows get no gradient at all.
  QCOMPARE(h1.grad()[0].abs().sum().item<double>(), 0.0);
}

void TestSftTraining::gradientCheckpointingGivesSameGradients_data() {
  QTest::addColumn<bool>("bf16");
  QTest::newRow("f32") << false;
  // bf16 takes other paths (the low-precision RMSNorm): the forward under
  // no-grad and its recomputation with gradients must still agree exactly.
  QTest::newRow("bf16") << true;
}

void TestSftTraining::gradientCheckpointingGivesSameGradients() {
  QFETCH(bool, bf16);
  auto gradients = [bf16](bool checkpointing, double* loss) {
    CausalLM m{nullptr};
    QString error;
    if (!loadCausalLM(modelDir(), torch::kCPU, bf16 ? torch::kBFloat16 : torch::kFloat32, &m, &error))
      qFatal("%s", qPrintable(error));
    torch::manual_seed(11);
    LoraConfig lora;
    lora.dropout = 0.2;  // the recomputation must replay the same masks
    applyLora(m, lora);
    m->setGradientCheckpointing(checkpointing);
    m->train();
    const torch::Tensor ids = torch::randint(3, 500, {2, 40}, torch::kInt64);
    const torch::Tensor logits = m->forward(ids.narrow(1, 0, 39));
    // The recomputing node is in the graph exactly when checkpointing is on.
    bool found = false;
    std::vector<torch::autograd::Node*> todo = {logits.grad_fn().get()};
    std::set<torch::autograd::Node*> seen;
    while (!todo.empty()) {
      torch::autograd::Node* n = todo.back();
      todo.pop_back();
      if (!n || !seen.insert(n).second) continue;
      found = found || n->name().find("CheckpointedLayer") != std::string::npos;
      for (const auto& e : n->next_edges()) todo.push_back(e.function.get());
    }
    if (found != checkpointing) qFatal("checkpointing is %s but the graph %s the recomputing node",
                                       checkpointing ? "on" : "off", found ? "has" : "lacks");
    const torch::Tensor l = torch::nn::functional::cross_entropy(logits.reshape({-1, 500}), ids.narrow(1, 1, 39).reshape({-1}));
    l.backward();
    *loss = l.item<double>();
    std::vector<torch::Tensor> out;
    for (const auto& p : m->parameters())
      if (p.requires_grad()) out.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return out;
  };
  double plainLoss = 0, checkpointedLoss = 0;
  const auto plain = gradients(false, &plainLoss);
  const auto checkpointed = gradients(true, &checkpointedLoss);
  QCOMPARE(plain.size(), size_t(28));
  QCOMPARE(plainLoss, checkpointedLoss);
  for (size_t i = 0; i < plain.size(); ++i) {
    QVERIFY2((plain[i] - checkpointed[i]).abs().max().item<double>() < 1e-6, qPrintable(QString::number(i)));
    if (i % 2 == 1) QVERIFY(plain[i].abs().max().item<double>() > 0);  // every lora_B got a gradient
  }
}

void TestSftTraining::validationLossFallsAndAdapterIsPeft() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/a")));
  c.epochs = 4;
  c.evalEvery = 0;  // each epoch
  c.lora.dropout = 0;
  const SftData data = loadData(*project, c);
  QCOMPARE(int(data.train.size()) + int(data.val.size()), 30);
  QCOMPARE(data.trainStats.truncated, 0);
  QVERIFY(data.val.size() >= 3);
  const Outcome o = train(c, data, false);
  QVERIFY2(o.result == RunOutcome::Finished, qPrintable(o.error));
  const QList<double> val = o.losses("eval", "val_loss");
  QCOMPARE(val.size(), 5);  // the base model at step 0, then each epoch
  QVERIFY2(val.last() < val.first() - 0.3, qPrintable(QStringLiteral("val %1 → %2").arg(val.first()).arg(val.last())));
  const QList<double> loss = o.losses();
  QCOMPARE(loss.size(), c.totalSteps(int(data.train.size())));
  QCOMPARE(o.events.first().value(QStringLiteral("event")).toString(), QStringLiteral("start"));
  QCOMPARE(o.events.last().value(QStringLiteral("event")).toString(), QStringLiteral("done"));
  QCOMPARE(o.events.last().value(QStringLiteral("best_val_loss")).toDouble(), *std::min_element(val.begin() + 1, val.end()));
  QVERIFY(!o.events.last().value(QStringLiteral("adapter_is_best")).toBool());  // no early stopping: the last

  // The final adapter is the best one, in PEFT's layout, and means W + scale·B·A.
  const QString adapter = c.runDir + QStringLiteral("/adapter");
  QVERIFY(QFile::exists(adapter + QStringLiteral("/adapter_config.json")));
  QVERIFY(QFile::exists(c.runDir + QStringLiteral("/run.json")));
  const std::vector<int64_t> ids = {1, 317, 349, 318, 289, 322, 270, 280, 330};
  QString error;
  auto lm = LanguageModel::load(modelDir(), {QStringLiteral("cpu"), adapter, {}}, &error);
  QVERIFY2(lm, qPrintable(error));
  std::vector<float> logits;
  QVERIFY(lm->logits(std::vector<int32_t>(ids.begin(), ids.end()), &logits, &error));
  const torch::Tensor ours = torch::from_blob(logits.data(), {int64_t(ids.size()), 500}, torch::kFloat32);
  const torch::Tensor byHand = logitsWithHandMergedAdapter(adapter, ids);
  QVERIFY2((ours - byHand).abs().max().item<double>() < 1e-4, "adapter logits differ from W + scale·B·A");
  CausalLM base{nullptr};
  QVERIFY(loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &base, &error));
  QVERIFY((base->forward(torch::tensor(ids).unsqueeze(0)).squeeze(0) - byHand).abs().max().item<double>() > 1e-3);
  // Old checkpoints are pruned to the last two (the best may be one of them).
  QVERIFY(QDir(c.runDir + QStringLiteral("/checkpoints")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() <= 3);
}

void TestSftTraining::stopThenResumeIsExact() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/full")));
  c.epochs = 3;
  c.gradAccum = 2;
  c.warmupSteps = 2;
  c.evalEvery = 2;
  const SftData data = loadData(*project, c);
  const Outcome full = train(c, data, false);
  QVERIFY2(full.result == RunOutcome::Finished, qPrintable(full.error));

  c.runDir = dir.filePath(QStringLiteral("p/runs/parts"));
  std::atomic<bool> stop{false};
  const Outcome first = train(c, data, false, &stop, 4);  // mid-epoch (3 windows per epoch)
  QVERIFY2(first.result == RunOutcome::Stopped, qPrintable(first.error));
  QCOMPARE(first.events.last().value(QStringLiteral("event")).toString(), QStringLiteral("stopped"));
  stop.store(false);
  const Outcome second = train(c, data, true, &stop);
  QVERIFY2(second.result == RunOutcome::Finished, qPrintable(second.error));
  QCOMPARE(second.events.first().value(QStringLiteral("resumed_from_step")).toInt(), 4);
  QMap<int, double> joined = first.lossByStep();
  const QMap<int, double> rest = second.lossByStep();
  QCOMPARE(rest.firstKey(), 5);
  for (auto it = rest.begin(); it != rest.end(); ++it) joined[it.key()] = it.value();
  // Bit-for-bit the same curve as the uninterrupted run.
  QCOMPARE(joined, full.lossByStep());
  QCOMPARE(second.losses("eval", "val_loss").last(), full.losses("eval", "val_loss").last());
}

void TestSftTraining::earlyStoppingKeepsTheBest() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  SftConfig c = baseConfig(project->folder(), dir.filePath(QStringLiteral("p/runs/es")));
  // A learning rate far too high: the validation loss soon stops improving.
  c.learningRate = 0.2;
  c.scheduler = QStringLiteral("constant");
  c.maxGradNorm = 0;
  c.epochs = 20;
  c.evalEvery = 1;
  c.patience = 2;
  c.lora.dropout = 0;
  const SftData data = loadData(*project, c);
  const Outcome o = train(c, data, false);
  QVERIFY2(o.result == RunOutcome::Finished, qPrintable(o.error));
  const QJsonObject done = o.events.last();
  QVERIFY(done.value(QStringLiteral("early_stopped")).toBool());
  QVERIFY(done.value(QStringLiteral("step")).toInt() < c.totalSteps(int(data.train.size())));
  const QList<double> val = o.losses("eval", "val_loss").mid(1);  // after step 0
  const double best = *std::min_element(val.begin(), val.end());
  QVERIFY(done.value(QStringLiteral("adapter_is_best")).toBool());
  QCOMPARE(done.value(QStringLiteral("best_val_loss")).toDouble(), best);
  QVERIFY(val.last() > best);
  // The kept adapter is the best one, not the last.
  QVERIFY(QFile::exists(c.runDir + QStringLiteral("/adapter/adapter_model.safetensors")));
  QCOMPARE(AtelierTest::fileHash(c.runDir + QStringLiteral("/adapter/adapter_model.safetensors")),
           AtelierTest::fileHash(c.runDir + QStringLiteral("/best-adapter/adapter_model.safetensors")));
}

namespace {

QStringList workerArgs(const QString& project, const QString& runDir) {
  return {QStringLiteral("train"), QStringLiteral("sft"), QStringLiteral("--project"), project,
          QStringLiteral("--dataset"), QStringLiteral("faq"), QStringLiteral("--model"), modelDir(),
          QStringLiteral("--out"), runDir, QStringLiteral("--device"), QStringLiteral("cpu"),
          QStringLiteral("--seq-len"), QStringLiteral("256"), QStringLiteral("--batch-size"), QStringLiteral("2"),
          QStringLiteral("--lr"), QStringLiteral("0.003"), QStringLiteral("--max-steps"), QStringLiteral("14"),
          QStringLiteral("--save-every"), QStringLiteral("3"), QStringLiteral("--eval-every"), QStringLiteral("5"),
          QStringLiteral("--lora-dropout"), QStringLiteral("0.1"), QStringLiteral("--seed"), QStringLiteral("9"),
          QStringLiteral("--events"), QStringLiteral("-")};
}

// Runs the worker; `onEvent` may return false to stop reading (the process is then left running).
bool runWorker(QProcess& p, const QStringList& args, const std::function<bool(const QJsonObject&)>& onEvent) {
  p.setProcessChannelMode(QProcess::SeparateChannels);
  p.start(QStringLiteral(ATELIER_BINARY), args);
  if (!p.waitForStarted()) return false;
  QByteArray buffer;
  while (p.state() == QProcess::Running || p.bytesAvailable() > 0) {
    if (p.bytesAvailable() == 0) p.waitForReadyRead(100);
    buffer += p.readAllStandardOutput();
    int nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const QJsonObject e = QJsonDocument::fromJson(buffer.left(nl)).object();
      buffer.remove(0, nl + 1);
      if (!e.isEmpty() && !onEvent(e)) return true;
    }
  }
  p.waitForFinished();
  return true;
}

QMap<int, double> stepLosses(Database& db, const QString& run) {
  RunRepository runs(db);
  RunInfo info;
  QMap<int, double> out;
  if (!runs.find(run, &info)) return out;
  for (const RunEvent& e : runs.events(info.id))
    if (e.event == QLatin1String("step")) out[int(e.step)] = e.payload.value(QStringLiteral("loss")).toDouble();
  return out;
}

}  // namespace

void TestSftTraining::workerKilledThenResumedIsExact() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  const QString fullDir = dir.filePath(QStringLiteral("p/runs/full")), killedDir = dir.filePath(QStringLiteral("p/runs/killed"));
  QMap<int, double> fullStream;
  {
    QProcess p;
    QVERIFY(runWorker(p, workerArgs(project->folder(), fullDir), [&](const QJsonObject& e) {
      if (e.value(QStringLiteral("event")).toString() == QLatin1String("step"))
        fullStream[e.value(QStringLiteral("step")).toInt()] = e.value(QStringLiteral("loss")).toDouble();
      return true;
    }));
    QCOMPARE(p.exitCode(), 0);
  }
  QCOMPARE(fullStream.size(), 14);
  QCOMPARE(stepLosses(project->database(), QStringLiteral("full")), fullStream);
  {
    QProcess p;
    QVERIFY(runWorker(p, workerArgs(project->folder(), killedDir), [&](const QJsonObject& e) {
      // Killed hard just after the checkpoint at step 6: no chance to clean up.
      if (e.value(QStringLiteral("event")).toString() == QLatin1String("checkpoint") &&
          e.value(QStringLiteral("step")).toInt() == 6) {
        ::kill(pid_t(p.processId()), SIGKILL);
        return false;
      }
      return true;
    }));
    p.waitForFinished();
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
  }
  {
    QProcess p;
    QStringList args = workerArgs(project->folder(), killedDir);
    args << QStringLiteral("--resume");
    int resumedFrom = -1;
    QVERIFY(runWorker(p, args, [&](const QJsonObject& e) {
      if (e.value(QStringLiteral("event")).toString() == QLatin1String("start"))
        resumedFrom = e.value(QStringLiteral("resumed_from_step")).toInt();
      return true;
    }));
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(resumedFrom, 6);
  }
  // The database holds one curve per run, and the resumed one is the uninterrupted one.
  QCOMPARE(stepLosses(project->database(), QStringLiteral("killed")), fullStream);
  RunInfo info;
  QVERIFY(RunRepository(project->database()).find(QStringLiteral("killed"), &info));
  QCOMPARE(info.status, QStringLiteral("finished"));
  QVERIFY(QFile::exists(killedDir + QStringLiteral("/README.md")));
  QCOMPARE(AtelierTest::fileHash(killedDir + QStringLiteral("/adapter/adapter_model.safetensors")),
           AtelierTest::fileHash(fullDir + QStringLiteral("/adapter/adapter_model.safetensors")));
  // A finished run is not trained again by accident, and a name is not reused.
  QProcess again;
  again.start(QStringLiteral(ATELIER_BINARY), workerArgs(project->folder(), killedDir) << QStringLiteral("--resume"));
  QVERIFY(again.waitForFinished(60000));
  QCOMPARE(again.exitCode(), 1);
  QVERIFY2(again.readAllStandardError().contains("has finished"), "no explanation for a finished run");
  again.start(QStringLiteral(ATELIER_BINARY), workerArgs(project->folder(), fullDir));
  QVERIFY(again.waitForFinished(60000));
  QCOMPARE(again.exitCode(), 2);
}

void TestSftTraining::workerStopsOnSigterm() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  const QString runDir = dir.filePath(QStringLiteral("p/runs/t"));
  QProcess p;
  QString last;
  bool sent = false;
  QVERIFY(runWorker(p, workerArgs(project->folder(), runDir), [&](const QJsonObject& e) {
    last = e.value(QStringLiteral("event")).toString();
    if (last == QLatin1String("step") && e.value(QStringLiteral("step")).toInt() == 2 && !sent) {
      p.terminate();  // SIGTERM, as the GUI's Stop button
      sent = true;
    }
    return true;
  }));
  QCOMPARE(p.exitStatus(), QProcess::NormalExit);
  QCOMPARE(p.exitCode(), 0);
  QCOMPARE(last, QStringLiteral("stopped"));
  RunInfo info;
  QVERIFY(RunRepository(project->database()).find(QStringLiteral("t"), &info));
  QCOMPARE(info.status, QStringLiteral("stopped"));
  QVERIFY(QDir(runDir + QStringLiteral("/checkpoints")).entryList({QStringLiteral("step-*")}, QDir::Dirs).size() >= 1);
  QVERIFY(!QFile::exists(runDir + QStringLiteral("/adapter")));
}

void TestSftTraining::evaluationPerplexityIsMeanAnswerNll() {
  QTemporaryDir dir;
  auto project = makeProject(dir.filePath(QStringLiteral("p")));
  QString error;
  auto lm = LanguageModel::load(modelDir(), {QStringLiteral("cpu"), QString(), {}}, &error);
  QVERIFY2(lm, qPrintable(error));
  EvalOptions o;
  o.dataset = QStringLiteral("faq");
  o.split = QStringLiteral("val");
  o.maxNewTokens = 8;
  EvalResult r;
  QVERIFY2(evaluateModel(*lm, project->database(), o, {}, &r, &error), qPrintable(error));
  // Independently: torch's cross entropy over the same answer tokens.
  SftConfig c = baseConfig(project->folder(), QString());
  c.seqLen = 2048;
  const SftData data = loadData(*project, c);
  CausalLM m{nullptr};
  QVERIFY(loadCausalLM(modelDir(), torch::kCPU, torch::kFloat32, &m, &error));
  m->eval();
  torch::NoGradGuard noGrad;
  double sum = 0;
  int64_t tokens = 0;
  for (const TokenizedExample& e : data.val) {
    const torch::Tensor ids = torch::tensor(std::vector<int64_t>(e.ids.begin(), e.ids.end())).unsqueeze(0);
    const torch::Tensor logits = m->forward(ids).squeeze(0);
    for (size_t t = 1; t < e.ids.size(); ++t) {
      if (!e.learn[t]) continue;
      sum += torch::nn::functional::cross_entropy(logits[t - 1].unsqueeze(0), torch::tensor({int64_t(e.ids[t])})).item<double>();
      ++tokens;
    }
  }
  QCOMPARE(r.n, int(data.val.size()));
  QCOMPARE(r.tokens, tokens);
  QVERIFY2(qAbs(r.perplexity - std::exp(sum / double(tokens))) < 1e-4 * r.perplexity,
           qPrintable(QStringLiteral("%1 vs %2").arg(r.perplexity).arg(std::exp(sum / double(tokens)))));
  QCOMPARE(r.examples.size(), r.n);
  QVERIFY(!r.examples.first().reference.isEmpty());
  QVERIFY(r.bleu.hypothesisLength >= 0 && r.rougeL >= 0 && r.rougeL <= 1);
}

QTEST_GUILESS_MAIN(TestSftTraining)
#include "tst_sfttraining.moc"
