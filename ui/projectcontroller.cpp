#include "projectcontroller.h"

#include "log/logger.h"
#include "project/sampleproject.h"
#include "settings/appsettings.h"
#include "storage/database.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QtConcurrent>

namespace Atelier {

namespace {
struct OpenResult {
  std::shared_ptr<Project> project;
  QString error;
};
}  // namespace

ProjectController::ProjectController(QObject* parent) : QObject(parent) {
  qRegisterMetaType<Atelier::ProjectSummary>();
}

ProjectController::~ProjectController() {
  // Let running workers finish with their own reference; nothing waits here.
  Logger::instance().setLogFile(QString());
}

void ProjectController::setBusy(bool busy, const QString& what) {
  mBusy = busy;
  Q_EMIT busyChanged(busy, what);
}

void ProjectController::runOpen(const QString& folder, const QString& what, Factory factory) {
  if (mBusy) return;
  setBusy(true, what);
  auto* watcher = new QFutureWatcher<OpenResult>(this);
  connect(watcher, &QFutureWatcher<OpenResult>::finished, this, [this, watcher, folder] {
    const OpenResult result = watcher->result();
    watcher->deleteLater();
    setBusy(false, QString());
    if (!result.project) {
      logError(QStringLiteral("project"), result.error);
      Q_EMIT failed(result.error);
      return;
    }
    closeProject();
    mProject = result.project;
    QString logError;
    if (!Logger::instance().setLogFile(mProject->logFilePath(), &logError))
      logWarning(QStringLiteral("project"), logError);
    AppSettings().addRecentProject(mProject->folder());
    logInfo(QStringLiteral("project"), QStringLiteral("Opened %1").arg(mProject->folder()));
    Q_EMIT projectOpened(mProject->folder());
    refreshSummary();
  });
  watcher->setFuture(QtConcurrent::run([factory, folder]() {
    OpenResult r;
    std::unique_ptr<Project> p = factory(&r.error);
    if (p) {
      // This pool thread's connection is not needed after the open.
      p->database().releaseThreadConnection();
      r.project = std::move(p);
    }
    return r;
  }));
}

void ProjectController::openProject(const QString& folder) {
  runOpen(folder, tr("Opening %1…").arg(folder),
          [folder](QString* error) { return Project::open(folder, error); });
}

void ProjectController::createProject(const QString& folder, const QString& name,
                                      const QString& description) {
  runOpen(folder, tr("Creating %1…").arg(folder), [=](QString* error) {
    return Project::create(folder, name, description, error);
  });
}

void ProjectController::createSampleProject(const QString& folder) {
  runOpen(folder, tr("Creating the sample project…"), [folder](QString* error) {
    if (Project::isProjectFolder(folder)) return Project::open(folder, error);
    return Atelier::createSampleProject(folder, error);
  });
}

void ProjectController::closeProject() {
  if (!mProject) return;
  mProject.reset();
  Logger::instance().setLogFile(QString());
  Q_EMIT projectClosed();
}

void ProjectController::refreshSummary() {
  if (!mProject) return;
  const quint64 generation = ++mSummaryGeneration;
  std::shared_ptr<Project> project = mProject;
  auto* watcher = new QFutureWatcher<ProjectSummary>(this);
  connect(watcher, &QFutureWatcher<ProjectSummary>::finished, this, [this, watcher, generation] {
    watcher->deleteLater();
    // A summary of a project closed meanwhile, or an older request, is dropped.
    if (generation == mSummaryGeneration && mProject) Q_EMIT summaryReady(watcher->result());
  });
  watcher->setFuture(QtConcurrent::run([project] {
    ProjectSummary s = project->summary();
    project->database().releaseThreadConnection();
    return s;
  }));
}

}  // namespace Atelier
