#include "trainingrun.h"

#include "peft/lora.h"
#include "model/modelloader.h"
#include "system/systeminfo.h"
#include "system/torchruntime.h"
#include "training/adamw.h"
#include "training/checkpoint.h"
#include "training/dataorder.h"
#include "training/lrschedule.h"
#include "training/precision.h"

// Defined for a CUDA libtorch only (core/CMakeLists.txt).
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <numeric>

namespace Atelier {

namespace {

bool isOutOfMemory(const c10::Error& e) { return std::string(e.what()).find("out of memory") != std::string::npos; }

bool writeJson(const QString& path, const QJsonObject& o, QString* error) {
  QSaveFile f(path);
  if (f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(o).toJson()) >= 0 && f.commit()) return true;
  *error = QStringLiteral("Cannot write %1: %2").arg(path, f.errorString());
  return false;
}

bool copyFolder(const QString& from, const QString& to, QString* error) {
  QDir(to).removeRecursively();
  if (!QDir().mkpath(to)) {
    *error = QStringLiteral("Cannot create %1").arg(to);
    return false;
  }
  for (const QString& name : QDir(from).entryList(QDir::Files)) {
    if (!QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name))) {
      *error = QStringLiteral("Cannot copy %1 to %2 (is the disk full?)").arg(name, to);
      return false;
    }
  }
  return true;
}

// A run's mutable pieces, so the steps of the loop read as the recipe.
class TrainingRun {
 public:
  TrainingRun(const SftConfig& c, TrainingObjective& objective, const SftRunControl& control, const EventSink& emit)
      : mConfig(c), mObjective(objective), mControl(control), mEmit(emit) {}

  RunOutcome run(QJsonObject* summary, QString* error);

 private:
  bool setUp(QString* error);
  // The validation loss; fills the eval event's other fields.
  double validationLoss(QJsonObject* event);
  double evaluate(int microBatch, QJsonObject* event);
  // After the GPU ran out of memory: each batch in twice as many parts.
  void splitFurther();
  // One optimizer step over one gradient-accumulation window; false on failure.
  bool trainWindow(const std::vector<std::vector<int>>& microBatches, double lr, double* loss,
                   double* gradNorm, qint64* tokens, QJsonObject* metrics, QString* error);
  bool checkpoint(QString* path, QString* error);
  bool evaluateNow(bool* stopEarly, QString* error);
  bool finish(bool earlyStopped, QJsonObject* summary, QString* error);
  void message(const QString& level, const QString& text) {
    mEmit({{QStringLiteral("event"), QStringLiteral("message")}, {QStringLiteral("level"), level},
           {QStringLiteral("text"), text}});
  }

  SftConfig mConfig;  // a copy: setUp records what "auto" resolved to
  TrainingObjective& mObjective;
  const SftRunControl& mControl;
  const EventSink& mEmit;
  torch::Device mDevice{torch::kCPU};
  CausalLM mModel{nullptr};
  LoraConfig mLora;
  std::unique_ptr<AdamW> mOptimizer;
  TrainerState mState;
  int64_t mResumedFrom = 0;
  QString mPrecision;  // as resolved: f32 or bf16
  int mSplit = 1;  // each micro-batch runs in this many pieces (raised after running out of GPU memory)
  double mLastLoss = 0;
  int64_t mLastSavedStep = -1;
  int64_t mLastEvalStep = -1;
  QJsonObject mLastEval;  // the newest eval event: its val_* figures go into the summary
};

bool TrainingRun::setUp(QString* error) {
  // A reward model's adapter carries its head (PEFT's SEQ_CLS layout).
  mConfig.lora.taskType = mConfig.recipe == QLatin1String("reward") ? QStringLiteral("SEQ_CLS") : QStringLiteral("CAUSAL_LM");
  bool cuda = false;
  if (!TorchRuntime::useCuda(mConfig.device, &cuda, error)) return false;
  mDevice = cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
  // Lets a test of the out-of-memory recovery give the run a small GPU.
  const QByteArray fraction = qgetenv("ATELIER_CUDA_MEMORY_FRACTION");
  if (cuda && !fraction.isEmpty()) {
    torch::empty({1}, torch::TensorOptions().device(mDevice));  // the allocator starts with the first tensor
    c10::cuda::CUDACachingAllocator::setMemoryFraction(fraction.toDouble(), 0);
  }
#endif
  torch::manual_seed(mConfig.seed);
  torch::ScalarType baseType = torch::kFloat32;
  if (!resolveBasePrecision(mConfig.precision, cuda, &baseType, error)) return false;
  // The frozen base in bf16 (GPU, or a CPU with native bf16); the adapter and
  // optimizer stay f32 (Projection casts the adapter for its product).
  if (!loadCausalLM(mConfig.model, mDevice, baseType, &mModel, error)) return false;
  mPrecision = precisionName(baseType);
  // run.json keeps what "auto" became, so a resume elsewhere computes the same way.
  mConfig.precision = mPrecision;
  for (auto& p : mModel->parameters()) p.set_requires_grad(false);
  const QString from = mControl.resume ? latestCheckpoint(mConfig.runDir) : QString();
  if (mControl.resume && from.isEmpty())
    message(QStringLiteral("info"), QStringLiteral("No checkpoint to resume from yet: starting from the beginning."));
  if (!from.isEmpty()) {
    if (!readTrainerState(from, &mState, error) || !loadCheckpointAdapter(from, mModel, &mLora, error))
      return false;
    if (mLora.rank != mConfig.lora.rank || mLora.targetModules != mConfig.lora.targetModules ||
        mLora.alpha != mConfig.lora.alpha) {
      *error = QStringLiteral("%1 was trained with other LoRA settings (r=%2, alpha=%3, %4): resume with "
                              "the run's own settings (run.json), or start a new run")
                   .arg(from).arg(mLora.rank).arg(mLora.alpha).arg(mLora.targetModules.join(QLatin1Char(',')));
      return false;
    }
    mLora = mConfig.lora;
    mResumedFrom = mState.step;
    mLastSavedStep = mState.step;
  } else {
    mLora = mConfig.lora;
    mLora.baseModel = mConfig.model;
    applyLora(mModel, mLora);
    mObjective.addHeads(mModel);
  }
  mLora.baseModel = mConfig.model;
  std::vector<std::pair<std::string, torch::Tensor>> trainable;
  for (const auto& item : mModel->named_parameters())
    if (item.value().requires_grad()) trainable.emplace_back(item.key(), item.value());
  AdamWOptions o;
  o.beta1 = mConfig.adamBeta1;
  o.beta2 = mConfig.adamBeta2;
  o.eps = mConfig.adamEps;
  o.weightDecay = mConfig.weightDecay;
  mOptimizer = std::make_unique<AdamW>(trainable, o);
  if (!from.isEmpty() && !loadCheckpointOptimizer(from, *mOptimizer, mState, error)) return false;
  mModel->setGradientCheckpointing(mConfig.gradientCheckpointing);
  mModel->train();
  return true;
}

bool TrainingRun::trainWindow(const std::vector<std::vector<int>>& window, double lr, double* loss,
                              double* gradNorm, qint64* tokens, QJsonObject* metrics, QString* error) {
  double weight = 0;
  for (const auto& rows : window) weight += mObjective.weight(rows, false);
  weight = std::max(weight, 1e-12);
  for (;;) {
    LossTally tally;
    try {
      double sum = 0;
      for (const auto& rows : window) {
        const int parts = std::min<int>(mSplit, int(rows.size()));
        for (int p = 0; p < parts; ++p) {
          const size_t begin = rows.size() * p / parts, end = rows.size() * (p + 1) / parts;
          const std::vector<int> piece(rows.begin() + begin, rows.begin() + end);
          const torch::Tensor s = mObjective.summedLoss(mModel, piece, false, mDevice, &tally);
          (s / weight).backward();
          sum += s.item<double>();
        }
      }
      *loss = sum / weight;
      *tokens = tally.tokens;
      mObjective.addMetrics(tally, weight, false, metrics);
      break;
    } catch (const c10::Error& e) {
      mOptimizer->zeroGrad();
      if (!mDevice.is_cuda() || !isOutOfMemory(e) || mSplit >= mConfig.batchSize) {
        *error = QStringLiteral("training failed at step %1: %2")
                     .arg(mState.step + 1).arg(QString::fromUtf8(e.what_without_backtrace()));
        return false;
      }
      splitFurther();
    }
  }
  if (!std::isfinite(*loss)) {
    *error = QStringLiteral("the loss became %1 at step %2: lower the learning rate (now %3) and start again")
                 .arg(*loss).arg(mState.step + 1).arg(mConfig.learningRate);
    return false;
  }
  std::vector<torch::Tensor> params;
  for (const auto& [name, p] : mOptimizer->parameters()) params.push_back(p);
  *gradNorm = mConfig.maxGradNorm > 0
                  ? torch::nn::utils::clip_grad_norm_(params, mConfig.maxGradNorm)
                  : torch::nn::utils::clip_grad_norm_(params, std::numeric_limits<double>::infinity());
  mOptimizer->step(lr);
  mOptimizer->zeroGrad();
  return true;
}

bool TrainingRun::checkpoint(QString* path, QString* error) {
  if (mControl.beforeCheckpoint) mControl.beforeCheckpoint();
  if (!saveCheckpoint(mConfig.runDir, mModel, mLora, *mOptimizer, mState, path, error)) return false;
  pruneCheckpoints(mConfig.runDir, mConfig.keepCheckpoints, mState.bestStep);
  mLastSavedStep = mState.step;
  mEmit({{QStringLiteral("event"), QStringLiteral("checkpoint")}, {QStringLiteral("step"), double(mState.step)},
         {QStringLiteral("path"), *path}});
  return true;
}

void TrainingRun::splitFurther() {
  mSplit *= 2;
#ifdef ATELIER_CUDA_ALLOCATOR_STATS
  c10::cuda::CUDACachingAllocator::emptyCache();  // the failed attempt's blocks
#endif
  message(QStringLiteral("warning"),
          QStringLiteral("The GPU ran out of memory. Atelier now feeds each batch in %1 parts "
                         "(same effective batch, same results, a little slower) and goes on.").arg(mSplit));
}

double TrainingRun::evaluate(int microBatch, QJsonObject* event) {
  torch::NoGradGuard noGrad;
  mModel->eval();
  double sum = 0, weight = 0;
  LossTally tally;
  std::vector<int> order(mObjective.valSize());
  std::iota(order.begin(), order.end(), 0);
  const auto batches = lengthGrouped(
      {order}, microBatch, [this](int row) { return mObjective.length(row, true); },
      int64_t(microBatch) * mConfig.seqLen);
  for (const auto& rows : batches) {
    sum += mObjective.summedLoss(mModel, rows, true, mDevice, &tally).item<double>();
    weight += mObjective.weight(rows, true);
  }
  mModel->train();
  const double loss = weight > 0 ? sum / weight : 0.0;
  (*event)[QStringLiteral("val_loss")] = loss;
  mObjective.addMetrics(tally, weight, true, event);
  return loss;
}

// The validation loss in micro-batches of batchSize / split rows; running out
// of GPU memory here raises the split exactly as training does.
double TrainingRun::validationLoss(QJsonObject* event) {
  for (;;) {
    try {
      return evaluate(std::max(1, mConfig.batchSize / mSplit), event);
    } catch (const c10::Error& e) {
      if (!mDevice.is_cuda() || !isOutOfMemory(e) || mSplit >= mConfig.batchSize) throw;
      splitFurther();
    }
  }
}

bool TrainingRun::evaluateNow(bool* stopEarly, QString* error) {
  *stopEarly = false;
  mLastEvalStep = mState.step;
  if (mObjective.valSize() == 0) return true;
  QJsonObject event{{QStringLiteral("event"), QStringLiteral("eval")}, {QStringLiteral("step"), double(mState.step)}};
  const double loss = validationLoss(&event);
  const bool best = mState.bestValLoss < 0 || loss < mState.bestValLoss;
  if (best) {
    mState.bestValLoss = loss;
    mState.bestStep = mState.step;
    mState.evalsSinceBest = 0;
    const QString temp = QDir(mConfig.runDir).filePath(QStringLiteral(".best-adapter.tmp"));
    QDir(temp).removeRecursively();
    if (!saveAdapter(mModel, mLora, temp, error) ||
        !replaceFolder(temp, QDir(mConfig.runDir).filePath(QStringLiteral("best-adapter")), error))
      return false;
  } else {
    ++mState.evalsSinceBest;
  }
  event[QStringLiteral("best")] = best;
  mLastEval = event;
  mEmit(event);
  if (mConfig.patience > 0 && mState.evalsSinceBest >= mConfig.patience) {
    message(QStringLiteral("info"),
            QStringLiteral("The validation loss has not improved for %1 evaluations: stopping early. The "
                           "adapter from step %2 (the best) is kept.").arg(mConfig.patience).arg(mState.bestStep));
    *stopEarly = true;
  }
  return true;
}

bool TrainingRun::finish(bool earlyStopped, QJsonObject* summary, QString* error) {
  const QString adapter = QDir(mConfig.runDir).filePath(QStringLiteral("adapter"));
  const QString temp = adapter + QStringLiteral(".tmp");
  const QString best = QDir(mConfig.runDir).filePath(QStringLiteral("best-adapter"));
  // With early stopping the run goes on past its best point by design, so the
  // best adapter is the result; otherwise the last one is (as transformers'
  // Trainer does), and the best stays beside it in best-adapter/.
  const bool useBest = mConfig.patience > 0 && mObjective.valSize() > 0 && QFileInfo::exists(best);
  if (useBest ? !copyFolder(best, temp, error) : !saveAdapter(mModel, mLora, temp, error)) return false;
  if (!replaceFolder(temp, adapter, error)) return false;
  *summary = {{QStringLiteral("event"), QStringLiteral("done")},
              {QStringLiteral("step"), double(mState.step)},
              {QStringLiteral("adapter"), adapter},
              {QStringLiteral("adapter_is_best"), useBest},
              {QStringLiteral("final_loss"), mLastLoss},
              {QStringLiteral("early_stopped"), earlyStopped},
              {QStringLiteral("elapsed_s"), mState.elapsedSeconds},
              {QStringLiteral("tokens_seen"), double(mState.tokensSeen)}};
  for (auto it = mLastEval.begin(); it != mLastEval.end(); ++it)
    if (it.key().startsWith(QLatin1String("val_"))) (*summary)[it.key()] = it.value();
  if (mState.bestValLoss >= 0) {
    (*summary)[QStringLiteral("best_val_loss")] = mState.bestValLoss;
    (*summary)[QStringLiteral("best_step")] = double(mState.bestStep);
    if (!mConfig.isPreference())  // a language model's loss per token: its perplexity means something
      (*summary)[QStringLiteral("best_val_ppl")] = std::exp(std::min(mState.bestValLoss, 50.0));
  }
  mEmit(*summary);
  return true;
}

RunOutcome TrainingRun::run(QJsonObject* summary, QString* error) {
  if (!QDir().mkpath(mConfig.runDir)) {
    *error = QStringLiteral("Cannot create the run folder %1").arg(mConfig.runDir);
    return RunOutcome::Failed;
  }
  if (!setUp(error) || !writeJson(QDir(mConfig.runDir).filePath(QStringLiteral("run.json")), mConfig.toJson(), error))
    return RunOutcome::Failed;
  const int examples = mObjective.trainSize();
  const int totalSteps = mConfig.totalSteps(examples);
  qint64 trainable = 0;
  for (const auto& [name, p] : mOptimizer->parameters()) trainable += p.numel();
  mEmit({{QStringLiteral("event"), QStringLiteral("start")},
         {QStringLiteral("run"), QFileInfo(mConfig.runDir).fileName()},
         {QStringLiteral("total_steps"), totalSteps},
         {QStringLiteral("epochs"), mConfig.maxSteps > 0 ? 0 : mConfig.epochs},
         {QStringLiteral("train_examples"), examples},
         {QStringLiteral("val_examples"), mObjective.valSize()},
         {QStringLiteral("recipe"), mConfig.recipe},
         {QStringLiteral("trainable_parameters"), double(trainable)},
         {QStringLiteral("device"), mDevice.is_cuda() ? QStringLiteral("cuda") : QStringLiteral("cpu")},
         {QStringLiteral("precision"), mPrecision},
         {QStringLiteral("resumed_from_step"), double(mResumedFrom)}});
  if (mState.step == 0 && mObjective.valSize() > 0) {
    // Where the base model starts, so the curve shows what training changed.
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("eval")}, {QStringLiteral("step"), 0.0}};
    validationLoss(&event);
    event[QStringLiteral("best")] = false;
    mEmit(event);
  }
  QElapsedTimer clock;
  clock.start();
  const double elapsedBefore = mState.elapsedSeconds;
  double secondsPerStep = 0;
  bool earlyStopped = false;
  while (mState.step < totalSteps && !earlyStopped) {
    const auto batches = microBatches(epochOrder(examples, mConfig.seed, mState.epoch), mConfig.batchSize);
    const int windows = (int(batches.size()) + mConfig.gradAccum - 1) / mConfig.gradAccum;
    if (mState.window >= windows) {
      ++mState.epoch;
      mState.window = 0;
      continue;
    }
    const auto first = batches.begin() + qint64(mState.window) * mConfig.gradAccum;
    const std::vector<std::vector<int>> window =
        lengthGrouped({first, first + std::min<qint64>(mConfig.gradAccum, batches.end() - first)}, mConfig.batchSize,
                      [this](int row) { return mObjective.length(row, false); },
                      int64_t(mConfig.batchSize) * mConfig.seqLen);
    const double lr = learningRateAt(mConfig.scheduler, mConfig.learningRate, mConfig.warmupSteps,
                                     int(mState.step), totalSteps);
    QElapsedTimer stepClock;
    stepClock.start();
    double loss = 0, gradNorm = 0;
    qint64 tokens = 0;
    QJsonObject event{{QStringLiteral("event"), QStringLiteral("step")}};
    if (!trainWindow(window, lr, &loss, &gradNorm, &tokens, &event, error)) return RunOutcome::Failed;
    const double seconds = std::max(stepClock.nsecsElapsed() / 1e9, 1e-9);
    secondsPerStep = secondsPerStep == 0 ? seconds : 0.9 * secondsPerStep + 0.1 * seconds;
    ++mState.step;
    ++mState.window;
    const bool epochEnd = mState.window >= windows;
    if (epochEnd) {
      ++mState.epoch;
      mState.window = 0;
    }
    mState.tokensSeen += tokens;
    mState.elapsedSeconds = elapsedBefore + clock.nsecsElapsed() / 1e9;
    mLastLoss = loss;
    event[QStringLiteral("step")] = double(mState.step);
    event[QStringLiteral("epoch")] = mState.epoch + double(mState.window) / windows;
    event[QStringLiteral("loss")] = loss;
    event[QStringLiteral("lr")] = lr;
    event[QStringLiteral("grad_norm")] = gradNorm;
    event[QStringLiteral("tokens_per_s")] = double(tokens) / seconds;
    event[QStringLiteral("elapsed_s")] = mState.elapsedSeconds;
    event[QStringLiteral("eta_s")] = secondsPerStep * double(totalSteps - mState.step);
    event[QStringLiteral("memory_bytes")] = double(residentMemoryBytes());
    mEmit(event);
    const bool last = mState.step >= totalSteps;
    if ((mConfig.evalEvery > 0 && mState.step % mConfig.evalEvery == 0) ||
        (mConfig.evalEvery == 0 && epochEnd) || last) {
      if (!evaluateNow(&earlyStopped, error)) return RunOutcome::Failed;
    }
    QString path;
    const bool stopNow = mControl.stop && mControl.stop->load();
    if (!last && !earlyStopped &&
        ((mConfig.saveEvery > 0 && mState.step % mConfig.saveEvery == 0) || (mConfig.saveEvery == 0 && epochEnd) ||
         stopNow)) {
      if (!checkpoint(&path, error)) return RunOutcome::Failed;
    }
    if (stopNow && !last && !earlyStopped) {
      mEmit({{QStringLiteral("event"), QStringLiteral("stopped")}, {QStringLiteral("step"), double(mState.step)},
             {QStringLiteral("checkpoint"), path}});
      return RunOutcome::Stopped;
    }
  }
  if (mLastEvalStep != mState.step) {
    bool ignored = false;
    if (!evaluateNow(&ignored, error)) return RunOutcome::Failed;
  }
  return finish(earlyStopped, summary, error) ? RunOutcome::Finished : RunOutcome::Failed;
}

}  // namespace

RunOutcome runTraining(const SftConfig& config, TrainingObjective& objective, const SftRunControl& control,
                       const EventSink& emit, QJsonObject* summary, QString* error) {
  try {
    TrainingRun run(config, objective, control, emit);
    return run.run(summary, error);
  } catch (const c10::Error& e) {
    // Without libtorch's C++ backtrace: the user reads this message.
    QString what = QString::fromUtf8(e.what_without_backtrace());
    if (isOutOfMemory(e))
      what += QStringLiteral(" — even one example at a time does not fit: lower --seq-len, turn on "
                             "gradient checkpointing, or close other programs using the GPU");
    *error = QStringLiteral("training failed: %1").arg(what);
    return RunOutcome::Failed;
  } catch (const std::exception& e) {
    *error = QStringLiteral("training failed: %1").arg(QString::fromUtf8(e.what()));
    return RunOutcome::Failed;
  }
}

}  // namespace Atelier
