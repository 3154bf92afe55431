#include "projectpage.h"

#include "projectcontroller.h"
#include "settings/appsettings.h"
#include "widgets/messagebanner.h"
#include "workflowstep.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace Atelier {

ProjectPage::ProjectPage(ProjectController* controller, QWidget* parent)
    : QWidget(parent), mController(controller) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 24, 24, 24);
  mBanner = new MessageBanner;
  mBusy = new QLabel;
  mBusy->setObjectName(QStringLiteral("busyLabel"));
  mBusy->hide();
  mStack = new QStackedWidget;
  mStack->addWidget(buildWelcome());
  mStack->addWidget(buildOverview());
  layout->addWidget(mBanner);
  layout->addWidget(mBusy);
  layout->addWidget(mStack, 1);

  connect(controller, &ProjectController::busyChanged, this, [this](bool busy, const QString& what) {
    mBusy->setText(what);
    mBusy->setVisible(busy);
    if (busy) mBanner->hide();
  });
  connect(controller, &ProjectController::failed, this, [this](const QString& message) {
    mBanner->showMessage(MessageBanner::Kind::Error, message);
  });
  connect(controller, &ProjectController::projectOpened, this, [this] {
    mTitle->setText(tr("<h2>Loading…</h2>"));
    mDetails->clear();
    mActivity->clear();
    mStack->setCurrentIndex(1);
  });
  connect(controller, &ProjectController::projectClosed, this, [this] {
    reloadRecentProjects();
    mStack->setCurrentIndex(0);
  });
  connect(controller, &ProjectController::summaryReady, this, &ProjectPage::showSummary);
  reloadRecentProjects();
}

QWidget* ProjectPage::buildWelcome() {
  auto* page = new QWidget;
  page->setObjectName(QStringLiteral("welcomeView"));
  auto* layout = new QVBoxLayout(page);
  auto* title = new QLabel(tr("<h1>Welcome to Atelier</h1><p>Turn an open language model into "
                              "your own assistant, on this computer. Start with a project: it "
                              "keeps your data, models and training runs together in one "
                              "folder.</p>"));
  title->setWordWrap(true);
  layout->addWidget(title);

  auto* buttons = new QHBoxLayout;
  auto* newButton = new QPushButton(tr("New project…"));
  newButton->setObjectName(QStringLiteral("newProjectButton"));
  auto* openButton = new QPushButton(tr("Open project…"));
  openButton->setObjectName(QStringLiteral("openProjectButton"));
  auto* sampleButton = new QPushButton(tr("Try the sample project"));
  sampleButton->setObjectName(QStringLiteral("sampleProjectButton"));
  sampleButton->setToolTip(tr("A small support data set for a bike workshop, ready to explore."));
  for (auto* b : {newButton, openButton, sampleButton}) {
    b->setMinimumHeight(40);
    buttons->addWidget(b);
  }
  buttons->addStretch(1);
  layout->addLayout(buttons);
  connect(newButton, &QPushButton::clicked, this, &ProjectPage::newProjectRequested);
  connect(openButton, &QPushButton::clicked, this, &ProjectPage::openProjectRequested);
  connect(sampleButton, &QPushButton::clicked, this, &ProjectPage::openSampleRequested);

  auto* recentBox = new QGroupBox(tr("Recent projects"));
  auto* recentLayout = new QVBoxLayout(recentBox);
  mRecent = new QListWidget;
  mRecent->setObjectName(QStringLiteral("recentProjects"));
  recentLayout->addWidget(mRecent);
  auto* recentButtons = new QHBoxLayout;
  mOpenRecent = new QPushButton(tr("Open"));
  mForgetRecent = new QPushButton(tr("Remove from list"));
  mForgetRecent->setToolTip(tr("Forget this entry. The project folder itself is not touched."));
  recentButtons->addWidget(mOpenRecent);
  recentButtons->addWidget(mForgetRecent);
  recentButtons->addStretch(1);
  recentLayout->addLayout(recentButtons);
  layout->addWidget(recentBox, 1);

  connect(mRecent, &QListWidget::itemActivated, this, &ProjectPage::openRecent);
  connect(mOpenRecent, &QPushButton::clicked, this, &ProjectPage::openRecent);
  connect(mForgetRecent, &QPushButton::clicked, this, [this] {
    if (auto* item = mRecent->currentItem()) {
      AppSettings().removeRecentProject(item->data(Qt::UserRole).toString());
      reloadRecentProjects();
    }
  });
  connect(mRecent, &QListWidget::currentRowChanged, this, [this](int row) {
    const bool exists = row >= 0 && mRecent->item(row)->data(Qt::UserRole + 1).toBool();
    mOpenRecent->setEnabled(exists);
    mForgetRecent->setEnabled(row >= 0 && !mRecent->item(row)->data(Qt::UserRole).toString().isEmpty());
  });
  return page;
}

QWidget* ProjectPage::buildOverview() {
  auto* page = new QWidget;
  page->setObjectName(QStringLiteral("overviewView"));
  auto* layout = new QVBoxLayout(page);
  mTitle = new QLabel;
  mTitle->setObjectName(QStringLiteral("projectTitle"));
  mTitle->setWordWrap(true);
  mDetails = new QLabel;
  mDetails->setObjectName(QStringLiteral("projectDetails"));
  mDetails->setWordWrap(true);
  mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* showFolder = new QPushButton(tr("Show folder"));
  showFolder->setToolTip(tr("Open the project folder in the file manager."));
  connect(showFolder, &QPushButton::clicked, this, [this] {
    if (auto p = mController->project())
      QDesktopServices::openUrl(QUrl::fromLocalFile(p->folder()));
  });
  auto* refresh = new QPushButton(tr("Check again"));
  refresh->setToolTip(tr("Run the integrity check and recount everything."));
  connect(refresh, &QPushButton::clicked, mController, &ProjectController::refreshSummary);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(showFolder);
  buttons->addWidget(refresh);
  buttons->addStretch(1);

  auto* stepsBox = new QGroupBox(tr("Workflow"));
  auto* stepsLayout = new QVBoxLayout(stepsBox);
  for (const WorkflowStepInfo& s : workflowSteps()) {
    auto* label = new QLabel(QStringLiteral("%1 <b>%2</b> — %3%4")
                                 .arg(s.available ? QStringLiteral("●") : QStringLiteral("○"),
                                      s.title.toHtmlEscaped(), s.description.toHtmlEscaped(),
                                      s.available ? QString() : tr(" <i>(not available yet)</i>")));
    stepsLayout->addWidget(label);
  }

  auto* activityBox = new QGroupBox(tr("Recent activity"));
  auto* activityLayout = new QVBoxLayout(activityBox);
  mActivity = new QTreeWidget;
  mActivity->setObjectName(QStringLiteral("activityList"));
  mActivity->setHeaderLabels({tr("When"), tr("What")});
  mActivity->setRootIsDecorated(false);
  mActivity->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  activityLayout->addWidget(mActivity);

  layout->addWidget(mTitle);
  layout->addWidget(mDetails);
  layout->addLayout(buttons);
  layout->addWidget(stepsBox);
  layout->addWidget(activityBox, 1);
  return page;
}

void ProjectPage::showSummary(const ProjectSummary& s) {
  mTitle->setText(QStringLiteral("<h2>%1</h2>").arg(s.name.toHtmlEscaped()));
  const QLocale locale;
  QString details;
  if (!s.description.isEmpty()) details += QStringLiteral("<p>%1</p>").arg(s.description.toHtmlEscaped());
  details += tr("<p>Folder: %1<br>Created: %2<br>Health: %3<br>Size on disk: %4</p>")
                 .arg(QDir::toNativeSeparators(s.folder).toHtmlEscaped(),
                      locale.toString(s.createdAt.toLocalTime(), QLocale::LongFormat),
                      s.integrity == QLatin1String("ok") ? tr("all checks passed")
                                                         : s.integrity.toHtmlEscaped(),
                      locale.formattedDataSize(s.diskBytes));
  mDetails->setText(details);
  mActivity->clear();
  for (const ActivityEntry& e : s.recentActivity) {
    auto* item = new QTreeWidgetItem(
        {locale.toString(e.at.toLocalTime(), QLocale::ShortFormat), e.message});
    mActivity->addTopLevelItem(item);
  }
}

void ProjectPage::reloadRecentProjects() {
  mRecent->clear();
  for (const QString& folder : AppSettings().recentProjects()) {
    const bool exists = Project::isProjectFolder(folder);
    auto* item = new QListWidgetItem(
        exists ? QDir::toNativeSeparators(folder)
               : tr("%1 (missing)").arg(QDir::toNativeSeparators(folder)));
    item->setData(Qt::UserRole, folder);
    item->setData(Qt::UserRole + 1, exists);
    if (!exists) item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    mRecent->addItem(item);
  }
  if (mRecent->count() == 0) {
    auto* empty = new QListWidgetItem(tr("No projects yet. Create one, or try the sample project."));
    empty->setFlags(Qt::NoItemFlags);
    mRecent->addItem(empty);
  }
  mOpenRecent->setEnabled(false);
  mForgetRecent->setEnabled(false);
}

void ProjectPage::openRecent() {
  auto* item = mRecent->currentItem();
  if (!item || !item->data(Qt::UserRole + 1).toBool()) return;  // missing, or the empty-list hint
  mController->openProject(item->data(Qt::UserRole).toString());
}

}  // namespace Atelier
