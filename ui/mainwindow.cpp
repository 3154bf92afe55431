#include "mainwindow.h"

#include "dialogs/aboutdialog.h"
#include "dialogs/newprojectdialog.h"
#include "dialogs/settingsdialog.h"
#include "log/logger.h"
#include "pages/chatpage.h"
#include "pages/datapage.h"
#include "pages/evaluatepage.h"
#include "pages/modelpage.h"
#include "pages/exportpage.h"
#include "pages/placeholderpage.h"
#include "pages/projectpage.h"
#include "pages/rankpage.h"
#include "pages/raterscreen.h"
#include "pages/trainpage.h"
#include "projectcontroller.h"
#include "system/torchruntime.h"
#include "settings/appsettings.h"
#include "widgets/logpanel.h"
#include "workflowstep.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QHBoxLayout>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QtConcurrent>

namespace Atelier {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  qRegisterMetaType<Atelier::SystemInfo>();
  setObjectName(QStringLiteral("mainWindow"));
  resize(1100, 720);
  mController = new ProjectController(this);

  buildPages();
  buildMenus();

  mLogPanel = new LogPanel;
  mLogDock = new QDockWidget(tr("Log"), this);
  mLogDock->setObjectName(QStringLiteral("logDock"));
  mLogDock->setWidget(mLogPanel);
  addDockWidget(Qt::BottomDockWidgetArea, mLogDock);
  mLogDock->hide();

  mStatusProject = new QLabel(tr("No project open"));
  mStatusDevice = new QLabel(tr("Checking this computer…"));
  statusBar()->addWidget(mStatusProject, 1);
  statusBar()->addPermanentWidget(mStatusDevice);

  connect(mController, &ProjectController::projectOpened, this, [this] {
    updateTitle();
    rebuildRecentMenu();
  });
  connect(mController, &ProjectController::projectClosed, this, &MainWindow::updateTitle);
  connect(mController, &ProjectController::failed, this, [this] {
    mSidebar->setCurrentRow(0);  // the error shows on the Project page
  });
  connect(mController, &ProjectController::busyChanged, this, [this](bool busy) {
    QApplication::restoreOverrideCursor();
    if (busy) QApplication::setOverrideCursor(Qt::BusyCursor);
  });

  // Versions, GPUs and BLAS take a moment (CUDA start-up): gather them off the GUI thread.
  auto* watcher = new QFutureWatcher<SystemInfo>(this);
  connect(watcher, &QFutureWatcher<SystemInfo>::finished, this, [this, watcher] {
    mSystemInfo = watcher->result();
    watcher->deleteLater();
    updateDeviceStatus();
    if (!mSystemInfo->blas.fast)
      logWarning(QStringLiteral("system"),
                 tr("The basic BLAS library is in use; training will be slow. Install "
                    "libopenblas0-openmp."));
    Q_EMIT systemInfoReady(*mSystemInfo);
  });
  watcher->setFuture(QtConcurrent::run(collectSystemInfo));
  updateTitle();
}

MainWindow::~MainWindow() { QApplication::restoreOverrideCursor(); }

void MainWindow::buildPages() {
  mSidebar = new QListWidget;
  mSidebar->setObjectName(QStringLiteral("stepSidebar"));
  mSidebar->setFixedWidth(170);
  mSidebar->setIconSize(QSize(20, 20));
  mSidebar->setSpacing(2);
  mPages = new QStackedWidget;
  mPages->setObjectName(QStringLiteral("stepPages"));

  const QList<QStyle::StandardPixmap> icons = {
      QStyle::SP_DirHomeIcon,        QStyle::SP_FileDialogDetailedView, QStyle::SP_DriveHDIcon,
      QStyle::SP_MediaPlay,          QStyle::SP_DialogYesButton,        QStyle::SP_FileDialogInfoView,
      QStyle::SP_MessageBoxQuestion, QStyle::SP_DialogSaveButton};
  const QList<WorkflowStepInfo> steps = workflowSteps();
  for (int i = 0; i < steps.size(); ++i) {
    const WorkflowStepInfo& s = steps[i];
    auto* item = new QListWidgetItem(style()->standardIcon(icons.value(i)), s.title);
    item->setToolTip(s.available ? s.description : s.description + tr(" (not available yet)"));
    if (!s.available) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    mSidebar->addItem(item);
    if (s.step == WorkflowStep::Project) {
      mProjectPage = new ProjectPage(mController);
      mPages->addWidget(mProjectPage);
    } else if (s.step == WorkflowStep::Data) {
      mDataPage = new DataPage(mController);
      mPages->addWidget(mDataPage);
    } else if (s.step == WorkflowStep::Model) {
      mModelPage = new ModelPage;
      connect(this, &MainWindow::systemInfoReady, mModelPage, &ModelPage::setSystemInfo);
      mPages->addWidget(mModelPage);
    } else if (s.step == WorkflowStep::Evaluate) {
      mPages->addWidget(new EvaluatePage(mController));
    } else if (s.step == WorkflowStep::Export) {
      mPages->addWidget(new ExportPage(mController));
    } else if (s.step == WorkflowStep::Rank) {
      mRankPage = new RankPage(mController);
      connect(mRankPage, &RankPage::raterModeChanged, this, &MainWindow::setRaterMode);
      mPages->addWidget(mRankPage);
    } else if (s.step == WorkflowStep::Train) {
      auto* train = new TrainPage(mController);
      train->setObjectName(QStringLiteral("trainPage"));
      // The model chosen on the Model page is the one to train.
      if (mModelPage)
        connect(mModelPage, &ModelPage::inspected, train, [this, train](bool usable) {
          if (usable && mModelPage->lastInspection()) train->setModelFolder(mModelPage->lastInspection()->folder);
        });
      mPages->addWidget(train);
    } else if (s.step == WorkflowStep::Chat) {
      mPages->addWidget(new ChatPage(mController));
    } else {
      mPages->addWidget(new PlaceholderPage(s));
    }
  }
  connect(mSidebar, &QListWidget::currentRowChanged, mPages, &QStackedWidget::setCurrentIndex);
  mSidebar->setCurrentRow(0);

  connect(mProjectPage, &ProjectPage::newProjectRequested, this, &MainWindow::newProject);
  connect(mProjectPage, &ProjectPage::openProjectRequested, this, &MainWindow::chooseProjectFolder);
  connect(mProjectPage, &ProjectPage::openSampleRequested, this, &MainWindow::openSample);

  auto* central = new QWidget;
  auto* row = new QHBoxLayout(central);
  row->setContentsMargins(0, 0, 0, 0);
  row->setSpacing(0);
  row->addWidget(mSidebar);
  row->addWidget(mPages, 1);
  setCentralWidget(central);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&Project"));
  QAction* newAction = file->addAction(tr("&New Project…"), this, &MainWindow::newProject);
  newAction->setShortcut(QKeySequence::New);
  QAction* openAction = file->addAction(tr("&Open Project…"), this, &MainWindow::chooseProjectFolder);
  openAction->setShortcut(QKeySequence::Open);
  mRecentMenu = file->addMenu(tr("Open &Recent"));
  file->addAction(tr("Open the &Sample Project"), this, &MainWindow::openSample);
  QAction* closeAction = file->addAction(tr("&Close Project"), mController, &ProjectController::closeProject);
  closeAction->setShortcut(QKeySequence::Close);
  file->addSeparator();
  QAction* settingsAction = file->addAction(tr("Se&ttings…"), this, &MainWindow::showSettings);
  settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
  settingsAction->setMenuRole(QAction::PreferencesRole);
  file->addSeparator();
  QAction* quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
  quitAction->setShortcut(QKeySequence::Quit);
  rebuildRecentMenu();

  QMenu* view = menuBar()->addMenu(tr("&View"));
  const QList<WorkflowStepInfo> steps = workflowSteps();
  for (int i = 0; i < steps.size(); ++i) {
    QAction* a = view->addAction(steps[i].title, this, [this, i] { mSidebar->setCurrentRow(i); });
    a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
  }
  view->addSeparator();
  QAction* logAction = view->addAction(tr("&Log"));
  logAction->setCheckable(true);
  logAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
  connect(logAction, &QAction::toggled, this, [this](bool on) { mLogDock->setVisible(on); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  QAction* aboutAction = help->addAction(tr("&About Atelier"), this, &MainWindow::showAbout);
  aboutAction->setMenuRole(QAction::AboutRole);
}

void MainWindow::rebuildRecentMenu() {
  mRecentMenu->clear();
  const QStringList recent = AppSettings().recentProjects();
  for (const QString& folder : recent) {
    QAction* a = mRecentMenu->addAction(QDir::toNativeSeparators(folder), this,
                                        [this, folder] { openProject(folder); });
    a->setEnabled(Project::isProjectFolder(folder));
  }
  mRecentMenu->setEnabled(!recent.isEmpty());
  mProjectPage->reloadRecentProjects();
}

void MainWindow::openProject(const QString& folder) {
  mSidebar->setCurrentRow(0);
  mController->openProject(folder);
}

void MainWindow::newProject() {
  NewProjectDialog dialog(this);
  if (dialog.exec() != QDialog::Accepted) return;
  mSidebar->setCurrentRow(0);
  mController->createProject(dialog.folder(), dialog.projectName(), dialog.description());
}

void MainWindow::chooseProjectFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a project folder"));
  if (!folder.isEmpty()) openProject(folder);
}

void MainWindow::openSample() {
  const QString folder = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                             .filePath(QStringLiteral("sample-project"));
  mSidebar->setCurrentRow(0);
  mController->createSampleProject(folder);
}

void MainWindow::showSettings() {
  SettingsDialog dialog(mSystemInfo && mSystemInfo->torchCuda, this);
  if (dialog.exec() == QDialog::Accepted && mSystemInfo) {
    mSystemInfo->cpuThreads = TorchRuntime::threads();
    updateDeviceStatus();
  }
}

void MainWindow::showAbout() {
  auto* dialog = new AboutDialog(this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  if (mSystemInfo) dialog->setSystemInfo(*mSystemInfo);
  else connect(this, &MainWindow::systemInfoReady, dialog, &AboutDialog::setSystemInfo);
  dialog->show();
}

void MainWindow::updateDeviceStatus() {
  if (!mSystemInfo) return;
  const ResolvedDevice device =
      resolveComputeDevice(AppSettings().computeDevice(), mSystemInfo->torchCuda);
  mStatusDevice->setText(device.device == QLatin1String("cuda")
                             ? tr("Compute: GPU")
                             : tr("Compute: CPU, %1 threads").arg(mSystemInfo->cpuThreads));
  if (!device.note.isEmpty()) logWarning(QStringLiteral("system"), device.note);
}

void MainWindow::updateTitle() {
  if (auto project = mController->project()) {
    setWindowTitle(tr("%1 — Atelier").arg(project->name()));
    mStatusProject->setText(QDir::toNativeSeparators(project->folder()));
  } else {
    setWindowTitle(QStringLiteral("Atelier"));
    mStatusProject->setText(tr("No project open"));
  }
}

// Rater mode: only the rater screen; no other steps, no settings, no menus
// (their shortcuts included). Leaving needs the owner's PIN (RankPage).
void MainWindow::setRaterMode(bool on) {
  mSidebar->setVisible(!on);
  menuBar()->setVisible(!on);
  for (QAction* a : menuBar()->findChildren<QAction*>()) a->setEnabled(!on);
  if (!on) rebuildRecentMenu();
  if (on) mPages->setCurrentWidget(mRankPage);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (mRankPage && mRankPage->inRaterMode() && !mRankPage->leaveRaterMode(QString())) {
    // Judgements are saved already; the window stays so the rater cannot reach the rest.
    mRankPage->raterScreen()->setToolTip(tr("Closing needs the owner's PIN (Leave rater mode)."));
    event->ignore();
    return;
  }
  // Every change is already committed; closing only releases the project.
  mController->closeProject();
  event->accept();
}

}  // namespace Atelier
