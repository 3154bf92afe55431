#pragma once

#include "project/project.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Atelier {

// Holds the open project and does everything that touches its files on a
// worker thread, so the GUI thread never waits on disk: opening (integrity
// check, upgrade), creating, and gathering the overview summary.
class ProjectController : public QObject {
  Q_OBJECT

 public:
  explicit ProjectController(QObject* parent = nullptr);
  ~ProjectController() override;

  bool hasProject() const { return static_cast<bool>(mProject); }
  std::shared_ptr<Project> project() const { return mProject; }
  bool isBusy() const { return mBusy; }

  void openProject(const QString& folder);
  void createProject(const QString& folder, const QString& name, const QString& description);
  void createSampleProject(const QString& folder);
  void closeProject();
  // Recomputes the summary in the background; summaryReady follows.
  void refreshSummary();

 signals:
  void busyChanged(bool busy, const QString& what);
  void projectOpened(const QString& folder);
  void projectClosed();
  void failed(const QString& message);
  void summaryReady(const Atelier::ProjectSummary& summary);

 private:
  using Factory = std::function<std::unique_ptr<Project>(QString* error)>;
  void runOpen(const QString& folder, const QString& what, Factory factory);
  void setBusy(bool busy, const QString& what);

  std::shared_ptr<Project> mProject;
  bool mBusy = false;
  quint64 mSummaryGeneration = 0;
};

}  // namespace Atelier

Q_DECLARE_METATYPE(Atelier::ProjectSummary)
