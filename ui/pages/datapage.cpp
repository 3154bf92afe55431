#include "datapage.h"

#include "data/datasetcleaner.h"
#include "data/datasetexport.h"
#include "data/datasetimporter.h"
#include "dialogs/datasetbrowser.h"
#include "models/databasequeue.h"
#include "projectcontroller.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "widgets/datasetstatsview.h"
#include "widgets/messagebanner.h"
#include "wizards/importwizard.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Atelier {

DataPage::DataPage(ProjectController* controller, QWidget* parent) : QWidget(parent), mController(controller) {
  setObjectName(QStringLiteral("dataPage"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 24, 24, 24);
  auto* title = new QLabel(tr("<h2>Data</h2><p>The examples your assistant learns from. Import a file of "
                              "questions and answers or chats (Alpaca, ShareGPT, OpenAI, CSV, plain text, "
                              "preference pairs); clean it so duplicates and personal data stay out; split "
                              "it so part is kept back for checking.</p>"));
  title->setWordWrap(true);
  mBanner = new MessageBanner;
  mNoProject = new QLabel(tr("Open or create a project on the Project page first; datasets live in a project."));
  mNoProject->setWordWrap(true);
  mContent = new QWidget;
  auto* content = new QVBoxLayout(mContent);
  content->setContentsMargins(0, 0, 0, 0);
  mTable = new QTreeWidget;
  mTable->setObjectName(QStringLiteral("datasetTable"));
  mTable->setRootIsDecorated(false);
  mTable->setHeaderLabels({tr("Name"), tr("Kind"), tr("Format"), tr("Rows"), tr("Rejected at import"), tr("Source")});
  mTable->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  auto* buttons = new QHBoxLayout;
  mImport = new QPushButton(tr("&Import file…"));
  mClean = new QPushButton(tr("C&lean"));
  mClean->setToolTip(tr("Normalise text, strip HTML, replace personal data with placeholders, and leave out "
                        "duplicates and low-quality rows. Nothing is deleted; cleaning again starts from the originals."));
  mSplit = new QPushButton(tr("&Split 80/10/10"));
  mSplit->setToolTip(tr("Keep 10% for validation and 10% for testing; the same rows every time."));
  mBrowse = new QPushButton(tr("&Browse rows…"));
  mBrowse->setToolTip(tr("Look through the rows, search them, edit or remove single rows (double-click a dataset)."));
  mExport = new QPushButton(tr("E&xport…"));
  mExport->setObjectName(QStringLiteral("exportDataset"));
  mExport->setToolTip(tr("Save the kept, cleaned rows as a JSONL file of chats (OpenAI messages format) that "
                         "other training tools read. Rows left out by cleaning are not included."));
  auto* exportMenu = new QMenu(mExport);
  const QList<QPair<QString, QString>> exportChoices = {{tr("&All kept rows…"), QStringLiteral("all")},
                                                        {tr("&Training split…"), QStringLiteral("train")},
                                                        {tr("&Validation split…"), QStringLiteral("val")},
                                                        {tr("T&est split…"), QStringLiteral("test")}};
  for (const auto& [label, split] : exportChoices) {
    exportMenu->addAction(label, this, [this, split = split] {
      const QString file = QFileDialog::getSaveFileName(
          this, tr("Export dataset"), QStringLiteral("%1-%2.jsonl").arg(selectedName(), split), tr("JSON lines (*.jsonl)"));
      if (!file.isEmpty()) exportSelected(file, split);
    });
  }
  mExport->setMenu(exportMenu);
  mStats = new DatasetStatsView;
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->hide();
  for (auto* b : {mImport, mBrowse, mClean, mSplit, mExport}) buttons->addWidget(b);
  buttons->addStretch(1);
  buttons->addWidget(mCancel);
  mProgress = new QProgressBar;
  mProgress->setRange(0, 100);
  mProgress->hide();
  mStatus = new QLabel;
  mStatus->setObjectName(QStringLiteral("dataStatus"));
  mStatus->setWordWrap(true);
  content->addLayout(buttons);
  content->addWidget(mProgress);
  content->addWidget(mStatus);
  auto* splitter = new QSplitter(Qt::Vertical);
  splitter->addWidget(mTable);
  splitter->addWidget(mStats);
  content->addWidget(splitter, 1);
  layout->addWidget(title);
  layout->addWidget(mBanner);
  layout->addWidget(mNoProject);
  layout->addWidget(mContent, 1);

  connect(mImport, &QPushButton::clicked, this, &DataPage::openImportWizard);
  connect(mBrowse, &QPushButton::clicked, this, &DataPage::browseSelected);
  connect(mTable, &QTreeWidget::itemDoubleClicked, this, &DataPage::browseSelected);
  connect(mClean, &QPushButton::clicked, this, &DataPage::cleanSelected);
  connect(mSplit, &QPushButton::clicked, this, &DataPage::splitSelected);
  connect(mCancel, &QPushButton::clicked, this, &DataPage::cancel);
  connect(mTable, &QTreeWidget::currentItemChanged, this, [this] {
    updateButtons();
    const QTreeWidgetItem* item = mTable->currentItem();
    mStats->setDataset(mController->project(), item ? item->data(0, Qt::UserRole).toLongLong() : 0);
  });
  connect(controller, &ProjectController::projectOpened, this, &DataPage::refresh);
  connect(controller, &ProjectController::projectClosed, this, &DataPage::refresh);
  refresh();
}

QString DataPage::selectedName() const {
  const QTreeWidgetItem* item = mTable->currentItem();
  return item ? item->text(0) : QString();
}

void DataPage::refresh() {
  const bool open = mController->hasProject();
  mNoProject->setVisible(!open);
  mContent->setVisible(open);
  const QString selected = selectedName();
  mTable->clear();
  if (open) {
    // A few small queries; the counts are kept by SQLite's indexes.
    for (const DatasetInfo& d : DatasetRepository(mController->project()->database()).list()) {
      auto* item = new QTreeWidgetItem({d.name, d.kind, d.format, QString::number(d.conversations),
                                        QString::number(d.rejected), QFileInfo(d.sourceFile).fileName()});
      item->setData(0, Qt::UserRole, d.id);
      mTable->addTopLevelItem(item);
      if (d.name == selected || (selected.isEmpty() && mTable->topLevelItemCount() == 1)) mTable->setCurrentItem(item);
    }
  }
  updateButtons();
  // Counts may have changed (cleaning, split, an edit in the browser).
  const QTreeWidgetItem* item = mTable->currentItem();
  mStats->setDataset(open ? mController->project() : nullptr, item ? item->data(0, Qt::UserRole).toLongLong() : 0);
}

void DataPage::updateButtons() {
  const bool selected = !selectedName().isEmpty();
  mImport->setEnabled(!mBusy);
  mClean->setEnabled(!mBusy && selected);
  mSplit->setEnabled(!mBusy && selected);
  mBrowse->setEnabled(selected);
  mExport->setEnabled(!mBusy && selected);
}

ImportWizard* DataPage::openImportWizard() {
  if (!mController->hasProject()) return nullptr;
  auto* wizard = new ImportWizard(mController->project(), this);
  connect(wizard, &ImportWizard::datasetsChanged, this, &DataPage::refresh);
  connect(wizard, &QDialog::finished, this, [wizard] {
    // Its queue may still be saving (or removing a cancelled import).
    if (wizard->queue()->isIdle()) wizard->deleteLater();
    else connect(wizard->queue(), &DatabaseQueue::idle, wizard, &QObject::deleteLater);
  });
  wizard->open();
  return wizard;
}

DatasetBrowser* DataPage::browseSelected() {
  const QTreeWidgetItem* item = mTable->currentItem();
  if (!item || !mController->hasProject()) return nullptr;
  DatasetInfo info;
  info.id = item->data(0, Qt::UserRole).toLongLong();
  info.name = item->text(0);
  auto* browser = new DatasetBrowser(mController->project(), info, this);
  browser->setAttribute(Qt::WA_DeleteOnClose);
  connect(browser, &DatasetBrowser::datasetChanged, this, &DataPage::refresh);
  browser->show();
  return browser;
}

void DataPage::setBusy(bool busy, const QString& what) {
  mBusy = busy;
  updateButtons();
  mCancel->setVisible(busy);
  mProgress->setVisible(busy);
  mProgress->setValue(0);
  if (busy) mStatus->setText(what);
}

void DataPage::run(const QString& what, std::function<bool(QString* message)> work) {
  if (mBusy || !mController->hasProject()) return;
  setBusy(true, what);
  mBanner->hide();
  auto* watcher = new QFutureWatcher<QPair<bool, QString>>(this);
  auto* timer = new QTimer(watcher);
  connect(timer, &QTimer::timeout, this, [this] { if (mPercent) mProgress->setValue(mPercent->load()); });
  timer->start(100);
  connect(watcher, &QFutureWatcher<QPair<bool, QString>>::finished, this, [this, watcher] {
    const auto [ok, message] = watcher->result();
    watcher->deleteLater();
    setBusy(false, QString());
    if (ok) mStatus->setText(message);
    else {
      mStatus->clear();
      mBanner->showMessage(MessageBanner::Kind::Error, message.toHtmlEscaped());
    }
    refresh();
    Q_EMIT finished(ok);
  });
  std::shared_ptr<Project> project = mController->project();
  watcher->setFuture(QtConcurrent::run([project, work] {
    QString message;
    const bool ok = work(&message);
    project->database().releaseThreadConnection();
    return qMakePair(ok, message);
  }));
}

void DataPage::importFile(const QString& file, const QString& name) {
  mCancelFlag = std::make_shared<std::atomic<bool>>(false);
  mPercent = std::make_shared<std::atomic<int>>(0);
  auto cancelFlag = mCancelFlag;
  auto percent = mPercent;
  std::shared_ptr<Project> project = mController->project();
  run(tr("Importing %1…").arg(QFileInfo(file).fileName()), [=](QString* message) {
    ImportOptions o;
    o.file = file;
    o.name = name;
    o.progress = [cancelFlag, percent](qint64 done, qint64 total) {
      percent->store(total > 0 ? int(100 * done / total) : 0);
      return !cancelFlag->load();
    };
    ImportResult r;
    if (!importDataset(project->database(), o, &r, message)) return false;
    *message = tr("Imported %1 rows as \"%2\" (%3). %4 rejected.").arg(r.imported).arg(name, r.formatReason).arg(r.rejected.size());
    for (const ImportRejection& x : r.rejected.mid(0, 5))
      *message += tr("\nLine %1: %2").arg(x.line).arg(x.reason);
    return true;
  });
}

void DataPage::cleanSelected() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  std::shared_ptr<Project> project = mController->project();
  run(tr("Cleaning %1…").arg(name), [=](QString* message) {
    CleanResult r;
    if (!cleanDataset(project->database(), name, CleanOptions(), &r, message)) return false;
    QStringList parts;
    for (auto it = r.removed.begin(); it != r.removed.end(); ++it) parts << tr("%1: %2").arg(it.key()).arg(it.value());
    QStringList pii;
    for (auto it = r.piiRedacted.begin(); it != r.piiRedacted.end(); ++it) pii << tr("%1: %2").arg(it.key()).arg(it.value());
    *message = tr("Kept %1 of %2 rows.").arg(r.kept).arg(r.total);
    if (!parts.isEmpty()) *message += tr(" Left out — %1.").arg(parts.join(QStringLiteral(", ")));
    if (!pii.isEmpty()) *message += tr(" Personal data replaced — %1.").arg(pii.join(QStringLiteral(", ")));
    return true;
  });
}

void DataPage::splitSelected() {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  std::shared_ptr<Project> project = mController->project();
  run(tr("Splitting %1…").arg(name), [=](QString* message) {
    SplitResult r;
    if (!splitDataset(project->database(), name, 0.1, 0.1, 0, &r, message)) return false;
    *message = tr("Split %1: %2 for training, %3 for validation, %4 for testing.").arg(name).arg(r.train).arg(r.val).arg(r.test);
    return true;
  });
}

void DataPage::exportSelected(const QString& file, const QString& split) {
  const QString name = selectedName();
  if (name.isEmpty()) return;
  mCancelFlag = std::make_shared<std::atomic<bool>>(false);
  mPercent.reset();
  auto cancelFlag = mCancelFlag;
  std::shared_ptr<Project> project = mController->project();
  run(tr("Exporting %1…").arg(name), [=](QString* message) {
    ExportOptions o;
    o.name = name;
    o.split = split;
    o.file = file;
    o.progress = [cancelFlag](qint64) { return !cancelFlag->load(); };
    qint64 rows = 0;
    if (!exportDataset(project->database(), o, &rows, message)) return false;
    *message = tr("Exported %1 rows of %2 to %3.").arg(rows).arg(name, QDir::toNativeSeparators(file));
    return true;
  });
}

void DataPage::cancel() {
  if (mCancelFlag) mCancelFlag->store(true);
}

}  // namespace Atelier
