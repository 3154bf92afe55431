#include "chatsession.h"

#include "inference/chatprompt.h"
#include "inference/rewardmodel.h"

#include <QElapsedTimer>
#include <QThread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace Atelier {

// Lives on the session's thread; owns the loaded model.
class ChatWorker : public QObject {
  Q_OBJECT
 public:
  void generate(quint64 serial, const ChatRequest& request, std::shared_ptr<std::atomic<bool>> cancel,
                int batchMs);

 Q_SIGNALS:
  void loadingModel(const QString& folder);
  void chunk(quint64 serial, const QString& text, bool replace);
  void done(quint64 serial, const QString& text, double tokensPerSecond, int tokens, const QString& stopReason,
            const QString& error);
  void bestOfPicked(quint64 serial, int best, const QVector<double>& scores);

 private:
  bool ensureModel(const ChatRequest& r, const std::atomic<bool>& cancel, QString* error);
  bool ensureReward(const ChatRequest& r, QString* error);

  std::unique_ptr<LanguageModel> mModel;
  QString mKey;
  std::unique_ptr<RewardModel> mReward;
  QString mRewardKey;
};

bool ChatWorker::ensureModel(const ChatRequest& r, const std::atomic<bool>& cancel, QString* error) {
  const QString key = r.modelDir + QLatin1Char('\n') + r.adapterDir + QLatin1Char('\n') + r.device;
  if (mModel && key == mKey) return true;
  mModel.reset();  // free the old one before loading the next
  mKey.clear();
  Q_EMIT loadingModel(r.modelDir);
  LanguageModelOptions o;
  o.device = r.device;
  o.adapter = r.adapterDir;
  o.progress = [&cancel](double) { return !cancel.load(); };
  mModel = LanguageModel::load(r.modelDir, o, error);
  if (!mModel) return false;
  mKey = key;
  return true;
}

bool ChatWorker::ensureReward(const ChatRequest& r, QString* error) {
  const QString key = r.rewardAdapter + QLatin1Char('\n') + r.modelDir + QLatin1Char('\n') + r.device;
  if (mReward && key == mRewardKey) return true;
  mReward.reset();
  mRewardKey.clear();
  Q_EMIT loadingModel(r.rewardAdapter);
  mReward = RewardModel::load(r.rewardAdapter, r.modelDir, r.device, r.chatFamily, error);
  if (!mReward) return false;
  mRewardKey = key;
  return true;
}

void ChatWorker::generate(quint64 serial, const ChatRequest& r, std::shared_ptr<std::atomic<bool>> cancel,
                          int batchMs) {
  QString error;
  if (!ensureModel(r, *cancel, &error)) {
    if (cancel->load()) Q_EMIT done(serial, QString(), 0, 0, QStringLiteral("cancelled"), QString());
    else Q_EMIT done(serial, QString(), 0, 0, QString(), error);
    return;
  }
  std::vector<int32_t> ids;
  QStringList stops;
  if (!buildChatPrompt(r.modelDir, mModel->tokenizer(), r.chatFamily, r.messages, &ids, &stops, &error)) {
    Q_EMIT done(serial, QString(), 0, 0, QString(), error);
    return;
  }
  GenerationOptions o = r.generation;
  o.stopStrings += stops;
  QString sent;  // what the GUI has
  QString latest;
  QElapsedTimer sinceSent;
  sinceSent.start();
  const auto flush = [&] {
    if (latest == sent) return;
    if (latest.startsWith(sent)) Q_EMIT chunk(serial, latest.mid(sent.size()), false);
    else Q_EMIT chunk(serial, latest, true);
    sent = latest;
    sinceSent.restart();
  };
  if (r.bestOf > 1 && !r.rewardAdapter.isEmpty()) {
    if (!ensureReward(r, &error)) {
      Q_EMIT done(serial, QString(), 0, 0, QString(), error);
      return;
    }
    // Each candidate streams in place of the one before; the winner stays.
    int shown = 0;
    BestOfNResult best;
    if (!generateBestOfN(*mModel, *mReward, r.messages, ids, o, r.bestOf, [&](int candidate, const QString& text) {
          if (candidate != shown) {
            shown = candidate;
            sent.clear();
            Q_EMIT chunk(serial, QString(), true);
          }
          latest = text;
          if (sinceSent.elapsed() >= batchMs) flush();
          return !cancel->load();
        }, &best, &error)) {
      Q_EMIT done(serial, latest, 0, 0, QString(), error);
      return;
    }
    latest = best.bestResult.text;
    sent.clear();
    Q_EMIT chunk(serial, latest, true);
    Q_EMIT bestOfPicked(serial, best.best, best.scores);
    Q_EMIT done(serial, latest, best.bestResult.decodeTokensPerSecond(), int(best.bestResult.ids.size()),
                best.bestResult.stopReason, QString());
    return;
  }
  GenerationResult result;
  const bool ok = mModel->generate(ids, o, [&](int32_t, const QString& text) {
    latest = text;
    if (sinceSent.elapsed() >= batchMs) flush();
    return !cancel->load();
  }, &result, &error);
  if (!ok) {
    Q_EMIT done(serial, latest, 0, 0, QString(), error);
    return;
  }
  latest = result.text;
  flush();
  Q_EMIT done(serial, result.text, result.decodeTokensPerSecond(), int(result.ids.size()), result.stopReason,
              QString());
}

ChatSession::ChatSession(QObject* parent) : QObject(parent), mThread(new QThread), mWorker(new ChatWorker) {
  mWorker->moveToThread(mThread);
  connect(mThread, &QThread::finished, mWorker, &QObject::deleteLater);
  connect(mThread, &QThread::started, mWorker, [] {
    // Answers are background work next to a person using the window: the
    // generating thread yields to the GUI thread when cores are scarce.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
  });
  connect(mWorker, &ChatWorker::loadingModel, this, &ChatSession::loadingModel);
  connect(mWorker, &ChatWorker::chunk, this, &ChatSession::onChunk);
  connect(mWorker, &ChatWorker::done, this, &ChatSession::onDone);
  connect(mWorker, &ChatWorker::bestOfPicked, this, [this](quint64 serial, int best, const QVector<double>& scores) {
    if (serial == mSerial) Q_EMIT bestOfPicked(best, scores);
  });
  mThread->start(QThread::LowPriority);
}

ChatSession::~ChatSession() {
  if (mCancel) mCancel->store(true);
  mThread->quit();
  mThread->wait();
  delete mThread;
}

void ChatSession::start(const ChatRequest& request) {
  stop();
  mCancel = std::make_shared<std::atomic<bool>>(false);
  const quint64 serial = ++mSerial;
  mBusy = true;
  QMetaObject::invokeMethod(mWorker, [w = mWorker, serial, request, cancel = mCancel, ms = mBatchMs] {
    w->generate(serial, request, cancel, ms);
  }, Qt::QueuedConnection);
}

void ChatSession::stop() {
  if (mCancel) mCancel->store(true);
}

void ChatSession::onChunk(quint64 serial, const QString& text, bool replace) {
  if (serial == mSerial) Q_EMIT textArrived(text, replace);
}

void ChatSession::onDone(quint64 serial, const QString& text, double tokensPerSecond, int tokens,
                         const QString& stopReason, const QString& error) {
  if (serial != mSerial) return;  // an answer replaced by a newer one
  mBusy = false;
  if (!error.isEmpty()) Q_EMIT failed(error);
  else Q_EMIT finished(text, tokensPerSecond, tokens, stopReason);
}

}  // namespace Atelier

#include "chatsession.moc"
