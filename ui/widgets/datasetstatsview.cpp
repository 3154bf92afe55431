#include "datasetstatsview.h"

#include "data/tokencounter.h"
#include "settings/appsettings.h"
#include "storage/database.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <qcustomplot.h>

namespace Atelier {
namespace {

struct Computed {
  bool ok = false;
  QString error;
  DatasetStats stats;
};

}  // namespace

DatasetStatsView::DatasetStatsView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("datasetStats"));
  mPool.setMaxThreadCount(1);
  mModel = new QComboBox;
  mModel->setObjectName(QStringLiteral("statsTokenizer"));
  mTokenLabel = new QLabel;
  mTokenLabel->setWordWrap(true);
  mSummary = new QLabel;
  mSummary->setObjectName(QStringLiteral("statsSummary"));
  mSummary->setWordWrap(true);
  mSummary->setTextFormat(Qt::PlainText);
  mSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mPlot = new QCustomPlot;
  mPlot->setMinimumHeight(200);
  mPlot->legend->setVisible(true);
  mPlot->xAxis->setLabel(tr("Tokens per message"));
  mPlot->yAxis->setLabel(tr("Messages"));
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Count tokens with:")));
  top->addWidget(mModel, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(mTokenLabel);
  layout->addWidget(mPlot, 1);
  layout->addWidget(mSummary);
  fillModels();
  connect(mModel, &QComboBox::activated, this, &DatasetStatsView::recompute);
}

DatasetStatsView::~DatasetStatsView() {
  if (mCancel) mCancel->store(true);
}

void DatasetStatsView::fillModels() {
  mModel->clear();
  mModel->addItem(tr("Estimate: characters ÷ 4 (no model chosen)"), QString());
  // The model chosen on the Model page comes first, so it is the default.
  for (const QString& folder : AppSettings().recentModels())
    mModel->addItem(tr("Tokenizer of %1").arg(QFileInfo(folder).fileName()), folder);
  if (mModel->count() > 1) mModel->setCurrentIndex(1);
}

void DatasetStatsView::setTokenModel(const QString& folder) {
  int index = mModel->findData(folder);
  if (index < 0) {
    mModel->addItem(tr("Tokenizer of %1").arg(QFileInfo(folder).fileName()), folder);
    index = mModel->count() - 1;
  }
  mModel->setCurrentIndex(index);
  recompute();
}

void DatasetStatsView::setDataset(std::shared_ptr<Project> project, qint64 datasetId) {
  mProject = std::move(project);
  mDatasetId = datasetId;
  recompute();
}

QString DatasetStatsView::summaryText() const { return mSummary->text(); }
QString DatasetStatsView::tokenLabelText() const { return mTokenLabel->text(); }

void DatasetStatsView::recompute() {
  if (mCancel) mCancel->store(true);
  const quint64 generation = ++mGeneration;
  if (!mProject || !mDatasetId) {
    mBusy = false;
    display(DatasetStats());
    return;
  }
  mBusy = true;
  mSummary->setText(tr("Counting…"));
  mCancel = std::make_shared<std::atomic<bool>>(false);
  auto cancel = mCancel;
  std::shared_ptr<Project> project = mProject;
  const qint64 id = mDatasetId;
  const QString folder = mModel->currentData().toString();
  auto* watcher = new QFutureWatcher<Computed>(this);
  connect(watcher, &QFutureWatcher<Computed>::finished, this, [this, watcher, generation] {
    const Computed c = watcher->result();
    watcher->deleteLater();
    if (generation != mGeneration) return;
    mBusy = false;
    if (c.ok) display(c.stats);
    else mSummary->setText(tr("The statistics could not be computed: %1").arg(c.error));
    emit computed(c.ok);
  });
  watcher->setFuture(QtConcurrent::run(&mPool, [project, id, folder, cancel] {
    Computed c;
    // Loading a tokenizer reads files: it belongs here, not on the GUI thread.
    std::unique_ptr<TokenCounter> counter = TokenCounter::create(folder, &c.error);
    if (!counter) counter = TokenCounter::create(QString(), &c.error);
    c.ok = computeDatasetStats(project->database(), id, *counter, &c.stats, &c.error, cancel.get());
    project->database().releaseThreadConnection();
    return c;
  }));
}

}  // namespace Atelier
