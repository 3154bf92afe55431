#pragma once

#include "data/chattemplate.h"
#include "inference/languagemodel.h"

#include <QObject>
#include <QString>
#include <QVector>

#include <atomic>
#include <memory>

class QThread;

namespace Atelier {

// What to answer and with which model.
struct ChatRequest {
  QString modelDir;
  QString adapterDir;  // empty: the base model alone
  QString device = QStringLiteral("auto");
  QString chatFamily;  // empty: the model's own template
  QList<ChatMessage> messages;  // system (optional), then user/assistant turns ending with user
  GenerationOptions generation;
  // Best-of-N: write this many answers and keep the one this reward model
  // (a reward run's adapter on the same base model) rates highest.
  int bestOf = 1;
  QString rewardAdapter;
};

class ChatWorker;

// Generates chat answers on a worker thread of lower priority, streaming the
// text in batches (every `batchMs`) so the GUI thread repaints a few dozen
// times a second however fast the model is. The model stays loaded between
// answers and is reloaded only when the model or adapter changes.
// Signals arrive on the thread that owns the session (the GUI thread).
class ChatSession : public QObject {
  Q_OBJECT
 public:
  explicit ChatSession(QObject* parent = nullptr);
  ~ChatSession() override;

  bool isBusy() const { return mBusy; }
  // Starts an answer; an answer still running is stopped first.
  void start(const ChatRequest& request);
  // Stops the running answer after the token being generated; finished()
  // follows with stopReason "cancelled" and the text so far.
  void stop();
  void setBatchMs(int ms) { mBatchMs = ms; }

 Q_SIGNALS:
  void loadingModel(const QString& folder);
  // New text at the end of the answer; with `replace` the whole answer so far
  // (when decoding changed earlier characters, which is rare).
  void textArrived(const QString& text, bool replace);
  void finished(const QString& text, double tokensPerSecond, int tokens, const QString& stopReason);
  void failed(const QString& message);
  // Best-of-N only, just before finished(): which answer won, and every score.
  void bestOfPicked(int best, const QVector<double>& scores);

 private:
  void onChunk(quint64 serial, const QString& text, bool replace);
  void onDone(quint64 serial, const QString& text, double tokensPerSecond, int tokens, const QString& stopReason,
              const QString& error);

  QThread* mThread;
  ChatWorker* mWorker;
  std::shared_ptr<std::atomic<bool>> mCancel;
  quint64 mSerial = 0;
  bool mBusy = false;
  int mBatchMs = 30;
};

}  // namespace Atelier
