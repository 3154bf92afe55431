#pragma once

#include "project/project.h"
#include "storage/database.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent>

#include <functional>
#include <memory>

namespace Atelier {

// Runs database work for one window on a single worker thread, in the order
// it was asked for, so a page read after an edit sees the edit and the GUI
// thread never waits on disk. Results come back on the GUI thread.
class DatabaseQueue : public QObject {
  Q_OBJECT
 public:
  DatabaseQueue(std::shared_ptr<Project> project, QObject* parent = nullptr);
  // Waits for queued work: a person's edits must reach the disk.
  ~DatabaseQueue() override;

  template <typename R>
  void run(std::function<R(Database&)> work, std::function<void(const R&)> done) {
    ++mPending;
    auto* watcher = new QFutureWatcher<R>(this);
    connect(watcher, &QFutureWatcher<R>::finished, this, [this, watcher, done] {
      const R result = watcher->result();
      watcher->deleteLater();
      if (done) done(result);
      if (--mPending == 0) emit idle();
    });
    std::shared_ptr<Project> project = mProject;
    watcher->setFuture(QtConcurrent::run(&mPool, [project, work] {
      R result = work(project->database());
      // Pool threads come and go; each task leaves no connection behind.
      project->database().releaseThreadConnection();
      return result;
    }));
  }

  bool isIdle() const { return mPending == 0; }
  std::shared_ptr<Project> project() const { return mProject; }

 signals:
  void idle();

 private:
  std::shared_ptr<Project> mProject;
  QThreadPool mPool;
  int mPending = 0;
};

}  // namespace Atelier
