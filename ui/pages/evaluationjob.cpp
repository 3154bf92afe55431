#include "evaluationjob.h"

#include "project/project.h"
#include "storage/database.h"

#include <QTimer>
#include <QtConcurrent>

#include <cmath>

namespace Atelier {

EvaluationJob::EvaluationJob(QObject* parent)
    : QObject(parent), mWatcher(new QFutureWatcher<Outcome>(this)), mTimer(new QTimer(this)) {
  mTimer->setInterval(200);
  connect(mTimer, &QTimer::timeout, this, &EvaluationJob::poll);
  connect(mWatcher, &QFutureWatcher<Outcome>::finished, this, [this] {
    mTimer->stop();
    mRunning = false;
    const Outcome o = mWatcher->result();
    Q_EMIT finished(o.ok, o.id, o.message);
  });
}

EvaluationJob::~EvaluationJob() {
  if (!mRunning) return;
  mShared->cancel = true;
  mWatcher->waitForFinished();
}

bool EvaluationJob::start(std::shared_ptr<Project> project, const EvalTarget& target,
                          const EvalSessionOptions& options) {
  if (mRunning || !project) return false;
  mRunning = true;
  mShared = std::make_shared<Shared>();
  mFirstDone = -1;
  auto shared = mShared;
  mWatcher->setFuture(QtConcurrent::run([project, target, options, shared] {
    Outcome o;
    EvalResult result;
    const EvalSessionProgress progress = [shared](const QString& phase, int done, int total) {
      shared->phase = phase == QLatin1String("evaluating") ? 1 : 0;
      shared->done = done;
      shared->total = total;
      return !shared->cancel.load();
    };
    // A run's checkpoint becomes its adapter folder here, off the GUI thread.
    EvalTarget resolved = target;
    o.ok = (resolved.checkpoint.isEmpty() || !resolved.adapter.isEmpty() ||
            resolveRunTarget(project->database(), target.runName, target.checkpoint, &resolved, &o.message)) &&
           runEvalSession(project->database(), resolved, options, progress, &result, &o.id, &o.message);
    if (o.ok)
      o.message = result.n == 0 ? QString()
                                : EvaluationJob::tr("%1 rows: perplexity %2, BLEU %3, ROUGE-L %4")
                                      .arg(result.n)
                                      .arg(result.perplexity, 0, 'f', 2)
                                      .arg(result.bleu.bleu * 100, 0, 'f', 1)
                                      .arg(result.rougeL * 100, 0, 'f', 1);
    else if (shared->cancel.load())
      o.message = EvaluationJob::tr("Evaluation cancelled; nothing was stored.");
    project->database().releaseThreadConnection();
    return o;
  }));
  mTimer->start();
  poll();
  return true;
}

void EvaluationJob::cancel() {
  if (mRunning) mShared->cancel = true;
}

QString EvaluationJob::timeLeftText(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return QString();
  if (seconds < 90) return tr("about %1 s left").arg(std::max(1, int(std::lround(seconds))));
  if (seconds < 5400) return tr("about %1 min left").arg(int(std::lround(seconds / 60)));
  return tr("about %1 h left").arg(seconds / 3600, 0, 'f', 1);
}

void EvaluationJob::poll() {
  if (!mShared) return;
  const int done = mShared->done, total = mShared->total;
  if (mShared->cancel) {
    Q_EMIT progressChanged(QStringLiteral("cancelling"), done, total, tr("Cancelling…"));
    return;
  }
  if (mShared->phase == 0) {
    Q_EMIT progressChanged(QStringLiteral("loading"), done, std::max(total, 1), tr("Loading the model…"));
    return;
  }
  // The rate is measured from the first row seen, so loading time does not skew it.
  if (mFirstDone < 0) {
    mFirstDone = done;
    mSince.start();
  }
  QString text = tr("Answering %1 of %2 questions").arg(std::min(done + 1, total)).arg(total);
  const int measured = done - mFirstDone;
  if (measured > 0) {
    const double perRow = mSince.elapsed() / 1000.0 / measured;
    text += QStringLiteral(" — ") + timeLeftText(perRow * (total - done));
  }
  Q_EMIT progressChanged(QStringLiteral("evaluating"), done, total, text);
}

}  // namespace Atelier
