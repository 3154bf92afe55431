#include "databasequeue.h"

namespace Atelier {

DatabaseQueue::DatabaseQueue(std::shared_ptr<Project> project, QObject* parent)
    : QObject(parent), mProject(std::move(project)) {
  mPool.setMaxThreadCount(1);  // one thread: work runs in the order it was queued
}

DatabaseQueue::~DatabaseQueue() { mPool.waitForDone(); }

}  // namespace Atelier
