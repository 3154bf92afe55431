#pragma once

#include "project/project.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace Atelier {

class MessageBanner;
class ProjectController;

// The Project step: a welcome view (new, open, sample, recent projects) while
// no project is open, and the project's overview once one is.
class ProjectPage : public QWidget {
  Q_OBJECT
 public:
  ProjectPage(ProjectController* controller, QWidget* parent = nullptr);

  // Re-reads the recent projects list from the settings.
  void reloadRecentProjects();
  MessageBanner* banner() const { return mBanner; }

 signals:
  void newProjectRequested();
  void openProjectRequested();
  void openSampleRequested();

 private:
  QWidget* buildWelcome();
  QWidget* buildOverview();
  void showSummary(const ProjectSummary& summary);
  void openRecent();

  ProjectController* mController;
  MessageBanner* mBanner;
  QStackedWidget* mStack;
  QListWidget* mRecent;
  QPushButton* mOpenRecent;
  QPushButton* mForgetRecent;
  QLabel* mTitle;
  QLabel* mDetails;
  QTreeWidget* mActivity;
  QLabel* mBusy;
};

}  // namespace Atelier
