// The Train page's run control: starting, stopping and resuming the worker,
// and drawing what the RunFollower reads from the database.
#include "pages/trainpage.h"

#include "jobs/jobprocess.h"
#include "jobs/runfollower.h"
#include "projectcontroller.h"
#include "widgets/messagebanner.h"
#include "widgets/trainingchart.h"

#include "project/project.h"
#include "storage/database.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSystemTrayIcon>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QtConcurrent>

#include <algorithm>

namespace Atelier {
namespace {

QString duration(double seconds) {
  const qint64 s = qint64(seconds);
  if (s >= 3600) return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
  if (s >= 60) return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60);
  return QObject::tr("%1 s").arg(s);
}

QString statusText(const QString& status) {
  if (status == QLatin1String("running")) return QObject::tr("training");
  if (status == QLatin1String("stopped")) return QObject::tr("paused (resumable)");
  if (status == QLatin1String("interrupted"))
    return QObject::tr("interrupted: the worker ended without saying why (resumable from its last checkpoint)");
  if (status == QLatin1String("finished")) return QObject::tr("finished");
  if (status == QLatin1String("failed")) return QObject::tr("failed");
  return status;
}

}  // namespace

QString TrainPage::runItemText(const RunInfo& run, const QString& status) {
  return QStringLiteral("%1 · %2 — %3 (%4)").arg(run.name, runKindName(run.kind), statusText(status), run.dataset);
}

bool TrainPage::startRun(QString* error) {
  if (!mController->hasProject()) return (*error = tr("Open a project first."), false);
  if (mStatus == QLatin1String("running")) return (*error = tr("A run is already going on: stop it first."), false);
  SftConfig config = currentConfig(error);
  if (!error->isEmpty()) return false;
  if (config.dataset.isEmpty())
    return (*error = config.isPreference()
                         ? tr("Choose a preference dataset (import a pairs file in the Data step, or export "
                              "judgements from the Rank step).")
                         : tr("Choose a dataset (import one in the Data step)."),
            false);
  if (config.model.isEmpty()) return (*error = tr("Choose a base model folder."), false);
  if (!config.validate(error)) return false;
  if (const auto advice = fitAdvice(); advice && advice->verdict == FitVerdict::DoesNotFit) {
    const QString text = advice->summary + QStringLiteral("\n\n") + tr("Suggestions:\n• %1").arg(
                                                                         advice->suggestions.join(QStringLiteral("\n• ")));
    if (QMessageBox::warning(this, tr("This will probably not fit"), text + QStringLiteral("\n\n") + tr("Start anyway?"),
                             QMessageBox::Yes | QMessageBox::No, QMessageBox::No) != QMessageBox::Yes)
      return false;
  }
  const QString runs = QDir(config.project).filePath(QStringLiteral("runs"));
  QString name = config.recipe + QLatin1Char('-') + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
  for (int i = 2; QFileInfo::exists(QDir(runs).filePath(name)); ++i)
    name = name.section(QLatin1Char('_'), 0, 0) + QStringLiteral("_%1").arg(i);
  config.runDir = QDir(runs).filePath(name);
  if (!QDir().mkpath(config.runDir)) return (*error = tr("Cannot create the run folder %1").arg(config.runDir), false);
  if (!mJob->start(config.toArguments(), QDir(config.runDir).filePath(QStringLiteral("worker.log")), error))
    return false;
  mBanner->hide();
  mCard->setVisible(false);
  mAdapter->clear();
  mChart->clear();
  mLastEventId = 0;
  mStopRequested = false;
  mSawRunning = true;
  mStatus = QStringLiteral("running");
  mStatusLabel->setText(tr("Starting: loading the model and the data…"));
  mRun = RunInfo();
  mRun.name = name;
  // The worker registers the run in the database in a moment; reload finds it.
  QTimer::singleShot(0, this, [this, name, kind = config.recipe, dataset = config.dataset] {
    auto project = mController->project();
    auto* watcher = new QFutureWatcher<qint64>(this);
    connect(watcher, &QFutureWatcher<qint64>::finished, this, [this, watcher, name, kind, dataset] {
      const qint64 id = watcher->result();
      watcher->deleteLater();
      if (mRun.name != name) return;
      if (id == 0) {
        // A Stop in the first second or so reaches the worker before it can
        // catch it (it is still loading its libraries): nothing was trained.
        mStatusLabel->setText(mStopRequested ? tr("Stopped before training began; press Start for a new run.")
                                             : tr("The run did not start."));
        if (!mStopRequested)
          mBanner->showMessage(MessageBanner::Kind::Error, tr("The training worker stopped: %1").arg(mJob->logTail()));
        mStatus.clear();
        updateButtons();
        return;
      }
      RunInfo started;
      started.name = name;
      started.kind = kind;
      started.dataset = dataset;
      auto* item = new QListWidgetItem(runItemText(started, QStringLiteral("running")));
      item->setData(Qt::UserRole, id);
      item->setData(Qt::UserRole + 1, name);
      item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
      item->setCheckState(Qt::Unchecked);
      mLoadingRuns = true;
      mRuns->addItem(item);
      mLoadingRuns = false;
      RunInfo run;
      run.id = id;
      mSawRunning = true;
      followRun(run);
      mSawRunning = true;
    });
    JobProcess* job = mJob;
    const qint64 pid = job->pid();
    watcher->setFuture(QtConcurrent::run([project, name, pid] {
      // Wait (on a pool thread) until the worker has registered, or has died.
      RunRepository runs(project->database());
      RunInfo run;
      qint64 id = 0;
      for (int i = 0; i < 1200; ++i) {
        if (runs.find(name, &run)) {
          id = run.id;
          break;
        }
        if (!JobProcess::isAlive(pid)) {
          if (runs.find(name, &run)) id = run.id;
          break;
        }
        QThread::msleep(100);
      }
      project->database().releaseThreadConnection();
      return id;
    }));
  });
  updateButtons();
  return true;
}

bool TrainPage::stopRun() {
  mStopRequested = true;
  bool asked = mJob->requestStop();
  if (!asked && mRun.pid > 0 && JobProcess::isAlive(mRun.pid)) {
    mJob->attach(mRun.pid);  // a worker started by an earlier window
    asked = mJob->requestStop();
  }
  if (asked) mStatusLabel->setText(tr("Stopping: saving a checkpoint…"));
  mStop->setEnabled(false);
  return asked;
}

bool TrainPage::resumeRun(QString* error) {
  if (mRun.id == 0 || mRun.runDir.isEmpty()) return (*error = tr("Select a paused run in the list first."), false);
  if (mStatus != QLatin1String("stopped") && mStatus != QLatin1String("interrupted"))
    return (*error = tr("Only a paused or interrupted run can be resumed."), false);
  // `train dpo` and `train reward` resume their own runs; sft also continues pretraining.
  const QString recipe = isPreferenceRecipe(mRun.kind) ? mRun.kind : QStringLiteral("sft");
  const QStringList args = {QStringLiteral("train"), recipe, QStringLiteral("--project"),
                            mController->project()->folder(), QStringLiteral("--out"), mRun.runDir,
                            QStringLiteral("--resume")};
  if (!mJob->start(args, QDir(mRun.runDir).filePath(QStringLiteral("worker.log")), error)) return false;
  mBanner->hide();
  mStopRequested = false;
  mSawRunning = true;
  mStatus = QStringLiteral("running");
  mStatusLabel->setText(tr("Resuming from the last checkpoint…"));
  // The follower keeps polling: the steps after the checkpoint are recomputed
  // and drawn over the old ones.
  updateButtons();
  return true;
}

void TrainPage::followRun(const RunInfo& run) {
  mRun = run;
  mSawRunning = false;
  mTotalSteps = 0;
  mRedrawOnNextEvents = false;
  mLastEventId = 0;
  mChart->clear();
  mCard->setVisible(false);
  mAdapter->clear();
  mProgress->setValue(0);
  mSpeed->clear();
  if (mFollower) mFollower->follow(run.id);
  for (int i = 0; i < mRuns->count(); ++i)
    if (mRuns->item(i)->data(Qt::UserRole).toLongLong() == run.id) mRuns->setCurrentRow(i);
}

void TrainPage::onEvents(qint64 runId, const QList<RunEvent>& events) {
  if (runId != mRun.id) return;
  if (mRedrawOnNextEvents && !events.isEmpty() && events.first().id <= mLastEventId) {
    mRedrawOnNextEvents = false;
    mChart->clear();
  }
  if (!events.isEmpty()) mLastEventId = std::max(mLastEventId, events.last().id);
  const QJsonObject* lastStep = nullptr;
  for (const RunEvent& e : events) {
    const QJsonObject& p = e.payload;
    if (e.event == QLatin1String("step")) {
      const double step = p.value(QStringLiteral("step")).toDouble();
      mChart->addStep(step, p.value(QStringLiteral("loss")).toDouble(), p.value(QStringLiteral("lr")).toDouble());
      if (p.contains(QStringLiteral("reward_accuracy")))
        mChart->addRewardStep(step, p.value(QStringLiteral("reward_accuracy")).toDouble(),
                              p.value(QStringLiteral("reward_margin")).toDouble());
      lastStep = &p;
    } else if (e.event == QLatin1String("eval")) {
      const double step = p.value(QStringLiteral("step")).toDouble();
      mChart->addEval(step, p.value(QStringLiteral("val_loss")).toDouble());
      if (p.contains(QStringLiteral("val_reward_accuracy")))
        mChart->addRewardEval(step, p.value(QStringLiteral("val_reward_accuracy")).toDouble(),
                              p.value(QStringLiteral("val_reward_margin")).toDouble());
    } else if (e.event == QLatin1String("start")) {
      mTotalSteps = p.value(QStringLiteral("total_steps")).toInt();
      // The accuracy and margin axes from the start, before the first step.
      if (isPreferenceRecipe(p.value(QStringLiteral("recipe")).toString())) mChart->setPreferenceMode(true);
    } else if (e.event == QLatin1String("message") &&
               p.value(QStringLiteral("level")).toString() == QLatin1String("warning")) {
      mBanner->showMessage(MessageBanner::Kind::Information, p.value(QStringLiteral("text")).toString());
    } else if (e.event == QLatin1String("error")) {
      mBanner->showMessage(MessageBanner::Kind::Error, p.value(QStringLiteral("message")).toString());
    }
  }
  mChart->replot();
  if (mTotalSteps > 0) mProgress->setMaximum(mTotalSteps);
  if (lastStep) {
    const QJsonObject& p = *lastStep;
    mProgress->setValue(p.value(QStringLiteral("step")).toInt());
    const double memory = p.value(QStringLiteral("memory_bytes")).toDouble();
    mSpeed->setText(tr("About %1 left · %2 tokens/s · %3 MB in use")
                        .arg(duration(p.value(QStringLiteral("eta_s")).toDouble()))
                        .arg(p.value(QStringLiteral("tokens_per_s")).toDouble(), 0, 'f', 0)
                        .arg(memory / (1024.0 * 1024.0), 0, 'f', 0));
  }
}

void TrainPage::onRunChanged(const RunInfo& run, const QString& status) {
  if (run.id != mRun.id) return;
  const QString previous = mStatus;
  mRun = run;
  mStatus = status;
  if (status == QLatin1String("running")) {
    mSawRunning = true;
    if (mJob->pid() != run.pid && JobProcess::isAlive(run.pid)) mJob->attach(run.pid);
  }
  mStatusLabel->setText(tr("Run %1: %2").arg(run.name, statusText(status)));
  for (int i = 0; i < mRuns->count(); ++i)
    if (mRuns->item(i)->data(Qt::UserRole).toLongLong() == run.id) {
      mLoadingRuns = true;
      mRuns->item(i)->setText(runItemText(run, status));
      mLoadingRuns = false;
    }
  if (status != QLatin1String("running")) showEnd(run, status);
  if (mSawRunning && status != QLatin1String("running") && previous != status) {
    mSawRunning = false;
    if (status == QLatin1String("finished"))
      notify(tr("Training finished"), tr("Run %1 has finished; the adapter is ready.").arg(run.name));
    else if (status == QLatin1String("stopped"))
      notify(tr("Training paused"), tr("Run %1 saved a checkpoint and stopped. Resume continues it.").arg(run.name));
    else
      notify(tr("Training ended"), tr("Run %1: %2").arg(run.name, statusText(status)));
    emit runEnded(status);
  }
  updateButtons();
}

void TrainPage::showEnd(const RunInfo& run, const QString& status) {
  if (status == QLatin1String("failed")) {
    const QString why = run.summary.value(QStringLiteral("error")).toString();
    if (!why.isEmpty()) mBanner->showMessage(MessageBanner::Kind::Error, tr("The run failed: %1").arg(why));
    return;
  }
  if (status != QLatin1String("finished")) {
    mCard->setVisible(false);
    return;
  }
  QString adapter = run.summary.value(QStringLiteral("adapter")).toString();
  if (adapter.isEmpty()) adapter = QDir(run.runDir).filePath(QStringLiteral("adapter"));
  if (run.kind == QLatin1String("reward"))
    mAdapter->setText(tr("The reward model (a PEFT adapter with a score head) is in %1. It scores answers, for "
                         "ranking them; it cannot chat.")
                          .arg(QDir::toNativeSeparators(adapter)));
  else
    mAdapter->setText(tr("The adapter (PEFT format) is in %1; try it in the Chat step.")
                          .arg(QDir::toNativeSeparators(adapter)));
  QFile card(QDir(run.runDir).filePath(QStringLiteral("README.md")));
  if (card.size() < 1024 * 1024 && card.open(QIODevice::ReadOnly)) {
    QString text = QString::fromUtf8(card.readAll());
    // The Hugging Face metadata block at the top is for the Hub, not for people.
    if (text.startsWith(QLatin1String("---\n"))) {
      const int end = text.indexOf(QLatin1String("\n---\n"), 4);
      if (end > 0) text = text.mid(end + 5);
    }
    mCard->setMarkdown(text);
    mCard->setVisible(true);
  }
}

void TrainPage::notify(const QString& title, const QString& text) {
  // Always in the window; also on the desktop when there is a tray to show it.
  mBanner->showMessage(MessageBanner::Kind::Information, title + QStringLiteral(": ") + text);
  if (!QSystemTrayIcon::isSystemTrayAvailable()) return;
  if (!mTray) {
    mTray = new QSystemTrayIcon(QApplication::windowIcon(), this);
    mTray->show();
  }
  mTray->showMessage(title, text, QSystemTrayIcon::Information, 10000);
}

void TrainPage::onRunItemChanged(QListWidgetItem* item) {
  if (mLoadingRuns || !mController->hasProject()) return;
  const qint64 id = item->data(Qt::UserRole).toLongLong();
  const QString name = item->data(Qt::UserRole + 1).toString();
  if (item->checkState() != Qt::Checked) {
    // Overlays are redrawn from the ticked runs.
    mChart->clearOverlays();
    for (int i = 0; i < mRuns->count(); ++i)
      if (mRuns->item(i)->checkState() == Qt::Checked) onRunItemChanged(mRuns->item(i));
    return;
  }
  auto project = mController->project();
  using Curve = QPair<QVector<double>, QVector<double>>;
  auto* watcher = new QFutureWatcher<Curve>(this);
  connect(watcher, &QFutureWatcher<Curve>::finished, this, [this, watcher, name, item] {
    const Curve c = watcher->result();
    watcher->deleteLater();
    if (mRuns->row(item) >= 0 && item->checkState() == Qt::Checked) mChart->addOverlay(name, c.first, c.second);
  });
  watcher->setFuture(QtConcurrent::run([project, id] {
    Curve c;
    for (const RunEvent& e : RunRepository(project->database()).events(id))
      if (e.event == QLatin1String("step")) {
        c.first.append(e.payload.value(QStringLiteral("step")).toDouble());
        c.second.append(e.payload.value(QStringLiteral("loss")).toDouble());
      }
    project->database().releaseThreadConnection();
    return c;
  }));
}

void TrainPage::updateButtons() {
  const bool running = mStatus == QLatin1String("running");
  mStart->setEnabled(mController->hasProject() && !running);
  mStop->setEnabled(running);
  mResume->setEnabled(!running && (mStatus == QLatin1String("stopped") || mStatus == QLatin1String("interrupted")));
}

}  // namespace Atelier
