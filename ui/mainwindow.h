#pragma once

#include "system/systeminfo.h"

#include <QMainWindow>
#include <optional>

class QDockWidget;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace Atelier {

class LogPanel;
class ProjectController;
class DataPage;
class ModelPage;
class ProjectPage;
class RankPage;

// The main window: workflow steps in a sidebar, one page per step, the log
// in a dock. Split by area: pages/, dialogs/, widgets/.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  void openProject(const QString& folder);
  ProjectController* controller() const { return mController; }
  ProjectPage* projectPage() const { return mProjectPage; }
  ModelPage* modelPage() const { return mModelPage; }
  DataPage* dataPage() const { return mDataPage; }
  RankPage* rankPage() const { return mRankPage; }
  QListWidget* sidebar() const { return mSidebar; }
  QStackedWidget* pages() const { return mPages; }
  LogPanel* logPanel() const { return mLogPanel; }
  // Empty until the background system check has finished.
  std::optional<SystemInfo> systemInfo() const { return mSystemInfo; }

 signals:
  void systemInfoReady(const Atelier::SystemInfo& info);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildMenus();
  void buildPages();
  void rebuildRecentMenu();
  void newProject();
  void chooseProjectFolder();
  void openSample();
  void showSettings();
  void showAbout();
  void updateTitle();
  void updateDeviceStatus();
  void setRaterMode(bool on);

  ProjectController* mController;
  QListWidget* mSidebar;
  QStackedWidget* mPages;
  ProjectPage* mProjectPage;
  ModelPage* mModelPage = nullptr;
  DataPage* mDataPage = nullptr;
  RankPage* mRankPage = nullptr;
  LogPanel* mLogPanel;
  QDockWidget* mLogDock;
  QMenu* mRecentMenu;
  QLabel* mStatusProject;
  QLabel* mStatusDevice;
  std::optional<SystemInfo> mSystemInfo;
};

}  // namespace Atelier

Q_DECLARE_METATYPE(Atelier::SystemInfo)
