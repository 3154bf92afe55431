// The Evaluate page's results side: the sortable table of stored results, the
// bar chart, the worst answers of the selected result, export and delete.
#include "evaluatepage.h"

#include "eval/evalexport.h"
#include "projectcontroller.h"
#include "storage/database.h"
#include "widgets/evalchart.h"
#include "widgets/messagebanner.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Atelier {

namespace {

enum Column { Id, Model, Checkpoint, Dataset, Part, Questions, Perplexity, Bleu, RougeL, MaxTokens, When, Columns };
constexpr int kSortRole = Qt::UserRole;
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kWorstShown = 20;

QStandardItem* cell(const QString& text, const QVariant& sortKey) {
  auto* item = new QStandardItem(text);
  item->setData(sortKey, kSortRole);
  item->setEditable(false);
  return item;
}

QString percent(double v) { return QString::number(v * 100, 'f', 1); }

QString elided(const QString& text) {
  const QString flat = text.simplified();
  return flat.size() > 120 ? flat.left(119) + QChar(0x2026) : flat;
}

}  // namespace

QWidget* EvaluatePage::buildResults() {
  mResultsModel = new QStandardItemModel(0, Columns, this);
  mResultsModel->setHorizontalHeaderLabels({tr("#"), tr("Model"), tr("Checkpoint"), tr("Dataset"), tr("Part"),
                                            tr("Questions"), tr("Perplexity ↓"), tr("BLEU ↑"), tr("ROUGE-L ↑"),
                                            tr("Longest answer"), tr("When")});
  mResultsModel->horizontalHeaderItem(Perplexity)->setToolTip(EvalChart::metricHelp(EvalChart::Metric::Perplexity));
  mResultsModel->horizontalHeaderItem(Bleu)->setToolTip(EvalChart::metricHelp(EvalChart::Metric::Bleu));
  mResultsModel->horizontalHeaderItem(RougeL)->setToolTip(EvalChart::metricHelp(EvalChart::Metric::RougeL));
  mResultsProxy = new QSortFilterProxyModel(this);
  mResultsProxy->setSourceModel(mResultsModel);
  mResultsProxy->setSortRole(kSortRole);
  mResults = new QTableView;
  mResults->setObjectName(QStringLiteral("evalResults"));
  mResults->setModel(mResultsProxy);
  mResults->setSortingEnabled(true);
  mResults->sortByColumn(Id, Qt::DescendingOrder);
  mResults->setSelectionBehavior(QAbstractItemView::SelectRows);
  mResults->setSelectionMode(QAbstractItemView::SingleSelection);
  mResults->verticalHeader()->hide();
  mResults->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  mResults->setToolTip(tr("Every stored evaluation. Click a column to sort; select one to read its worst answers."));

  mMetric = new QComboBox;
  mMetric->setObjectName(QStringLiteral("evalMetric"));
  mMetric->addItem(EvalChart::metricName(EvalChart::Metric::RougeL), int(EvalChart::Metric::RougeL));
  mMetric->addItem(EvalChart::metricName(EvalChart::Metric::Bleu), int(EvalChart::Metric::Bleu));
  mMetric->addItem(EvalChart::metricName(EvalChart::Metric::Perplexity), int(EvalChart::Metric::Perplexity));
  mMetricHelp = new QLabel;
  mMetricHelp->setWordWrap(true);
  mChart = new EvalChart;
  auto* chartSide = new QWidget;
  auto* chartColumn = new QVBoxLayout(chartSide);
  chartColumn->setContentsMargins(0, 0, 0, 0);
  auto* metricRow = new QHBoxLayout;
  auto* metricLabel = new QLabel(tr("Co&mpare by:"));
  metricLabel->setBuddy(mMetric);
  metricRow->addWidget(metricLabel);
  metricRow->addWidget(mMetric);
  mChartScope = new QComboBox;
  mChartScope->setObjectName(QStringLiteral("evalChartScope"));
  mChartScope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  mChartScope->setToolTip(tr("Compare like with like: results on the same part of the same dataset."));
  auto* scopeLabel = new QLabel(tr("o&n:"));
  scopeLabel->setBuddy(mChartScope);
  metricRow->addWidget(scopeLabel);
  metricRow->addWidget(mChartScope);
  metricRow->addStretch(1);
  chartColumn->addLayout(metricRow);
  chartColumn->addWidget(mChart, 1);
  chartColumn->addWidget(mMetricHelp);

  mWorst = new QTableWidget(0, 4);
  mWorst->setObjectName(QStringLiteral("evalWorst"));
  mWorst->setHorizontalHeaderLabels({tr("Score"), tr("Question"), tr("Reference answer"), tr("Model's answer")});
  mWorst->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mWorst->setSelectionBehavior(QAbstractItemView::SelectRows);
  mWorst->setSelectionMode(QAbstractItemView::SingleSelection);
  mWorst->verticalHeader()->hide();
  mWorst->horizontalHeader()->setStretchLastSection(true);
  mWorst->setToolTip(tr("The answers furthest from the reference: read them to see what the model gets wrong."));
  mDetail = new QTextBrowser;
  mDetail->setObjectName(QStringLiteral("evalDetail"));
  mExport = new QPushButton(tr("E&xport answers…"));
  mExport->setToolTip(tr("Save every question, reference answer and model answer of the selected result as "
                         "JSON lines or CSV (for a spreadsheet)."));
  mDelete = new QPushButton(tr("&Delete result"));
  mDelete->setToolTip(tr("Forget the selected result (the model and its runs stay)."));
  auto* worstSide = new QWidget;
  auto* worstColumn = new QVBoxLayout(worstSide);
  worstColumn->setContentsMargins(0, 0, 0, 0);
  auto* worstTitle = new QLabel(tr("<b>Worst answers of the selected result</b>"));
  auto* worstButtons = new QHBoxLayout;
  worstButtons->addWidget(worstTitle);
  worstButtons->addStretch(1);
  worstButtons->addWidget(mExport);
  worstButtons->addWidget(mDelete);
  auto* worstSplit = new QSplitter(Qt::Horizontal);
  worstSplit->addWidget(mWorst);
  worstSplit->addWidget(mDetail);
  worstSplit->setStretchFactor(0, 3);
  worstSplit->setStretchFactor(1, 2);
  worstColumn->addLayout(worstButtons);
  worstColumn->addWidget(worstSplit, 1);

  auto* top = new QSplitter(Qt::Horizontal);
  top->addWidget(mResults);
  top->addWidget(chartSide);
  top->setStretchFactor(0, 3);
  top->setStretchFactor(1, 2);
  auto* all = new QSplitter(Qt::Vertical);
  all->addWidget(top);
  all->addWidget(worstSide);

  connect(mMetric, &QComboBox::currentIndexChanged, this, &EvaluatePage::fillChart);
  connect(mChartScope, &QComboBox::currentIndexChanged, this, &EvaluatePage::fillChart);
  connect(mResults->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
    updateButtons();
    showWorstExamples();
  });
  connect(mWorst, &QTableWidget::currentCellChanged, this, &EvaluatePage::showExampleDetail);
  connect(mExport, &QPushButton::clicked, this, &EvaluatePage::chooseExportFile);
  connect(mDelete, &QPushButton::clicked, this, &EvaluatePage::deleteSelected);
  return all;
}

void EvaluatePage::fillResults() {
  const qint64 selected = selectedResultId();
  mResultsModel->removeRows(0, mResultsModel->rowCount());
  for (const EvalRecord& r : mRecords) {
    const QString none = tr("—");
    QList<QStandardItem*> row = {
        cell(QString::number(r.id), r.id),
        cell(r.runName != QLatin1String("base") ? r.runName
             : r.adapter.isEmpty()                ? tr("Base model")
                                                  : tr("Base model + adapter"),
             r.runName),
        cell(r.checkpoint, r.checkpoint),
        cell(r.dataset, r.dataset),
        cell(r.split, r.split),
        cell(QString::number(r.n), r.n),
        cell(QString::number(r.perplexity, 'f', 2), r.perplexity),
        cell(r.hasGeneration ? percent(r.bleu) : none, r.hasGeneration ? r.bleu : -1.0),
        cell(r.hasGeneration ? percent(r.rougeL) : none, r.hasGeneration ? r.rougeL : -1.0),
        cell(r.maxNewTokens > 0 ? QString::number(r.maxNewTokens) : none, r.maxNewTokens),
        cell(QLocale().toString(r.createdAt.toLocalTime(), QLocale::ShortFormat), r.createdAt)};
    row[Id]->setData(r.id, kIdRole);
    row[Model]->setToolTip(r.adapter.isEmpty() ? r.model : tr("%1\nwith %2").arg(r.model, r.adapter));
    mResultsModel->appendRow(row);
  }
  // The chart's scopes: each dataset part with results, newest first; the newest is the default.
  const QString scope = mChartScope->currentData().toString();
  const bool hadChoice = mChartScope->count() > 1;  // with only "all results" there was nothing to choose
  {
    const QSignalBlocker block(mChartScope);
    mChartScope->clear();
    for (const EvalRecord& r : mRecords) {
      const QString key = r.dataset + QLatin1Char('/') + r.split;
      if (mChartScope->findData(key) < 0) mChartScope->addItem(tr("%1 · %2").arg(r.dataset, r.split), key);
    }
    mChartScope->addItem(tr("all results"), QString());
    const int kept = hadChoice ? mChartScope->findData(scope) : -1;
    mChartScope->setCurrentIndex(std::max(kept, 0));
  }
  fillChart();
  if (selected > 0) selectResult(selected);
  updateButtons();
}

void EvaluatePage::fillChart() {
  const QString scope = mChartScope->currentData().toString();
  QList<EvalRecord> shown;
  for (const EvalRecord& r : mRecords)
    if (scope.isEmpty() || r.dataset + QLatin1Char('/') + r.split == scope) shown << r;
  mChart->setRecords(shown, EvalChart::Metric(mMetric->currentData().toInt()));
  showMetricHelp();
}

void EvaluatePage::showMetricHelp() {
  mMetricHelp->setText(EvalChart::metricHelp(EvalChart::Metric(mMetric->currentData().toInt())));
}

qint64 EvaluatePage::selectedResultId() const {
  const QModelIndex index = mResults->currentIndex();
  if (!index.isValid()) return 0;
  return mResultsProxy->index(index.row(), Id).data(kIdRole).toLongLong();
}

void EvaluatePage::selectResult(qint64 id) {
  for (int row = 0; row < mResultsProxy->rowCount(); ++row) {
    if (mResultsProxy->index(row, Id).data(kIdRole).toLongLong() != id) continue;
    mResults->setCurrentIndex(mResultsProxy->index(row, Id));
    mResults->selectRow(row);
    return;
  }
}

void EvaluatePage::showWorstExamples() {
  const qint64 id = selectedResultId();
  const quint64 generation = mGeneration;
  mWorst->setRowCount(0);
  mWorstRows.clear();
  mDetail->clear();
  std::shared_ptr<Project> project = mController->project();
  if (id <= 0 || !project) {
    Q_EMIT worstExamplesShown(0);
    return;
  }
  bool generated = false;
  for (const EvalRecord& r : mRecords)
    if (r.id == id) generated = r.hasGeneration;
  const WorstBy by = generated ? WorstBy::RougeL : WorstBy::Perplexity;
  auto* watcher = new QFutureWatcher<QList<EvalExampleRecord>>(this);
  connect(watcher, &QFutureWatcher<QList<EvalExampleRecord>>::finished, this, [this, watcher, id, by, generation] {
    const QList<EvalExampleRecord> rows = watcher->result();
    watcher->deleteLater();
    if (id != selectedResultId() || generation != mGeneration) return;  // the selection moved on
    mWorstRows = rows;
    mWorst->setRowCount(rows.size());
    for (int i = 0; i < rows.size(); ++i) {
      const EvalExampleRecord& e = rows[i];
      const QString score = by == WorstBy::RougeL ? tr("ROUGE-L %1").arg(percent(e.rougeL.toDouble()))
                                                  : tr("perplexity %1").arg(e.perplexity(), 0, 'f', 1);
      const QStringList texts = {score, elided(e.prompt), elided(e.reference), elided(e.generation)};
      for (int c = 0; c < texts.size(); ++c) mWorst->setItem(i, c, new QTableWidgetItem(texts[c]));
    }
    mWorst->resizeColumnToContents(0);
    if (!rows.isEmpty()) mWorst->setCurrentCell(0, 1);
    Q_EMIT worstExamplesShown(rows.size());
  });
  watcher->setFuture(QtConcurrent::run([project, id, by] {
    const QList<EvalExampleRecord> rows = EvalRepository(project->database()).worstExamples(id, by, kWorstShown);
    project->database().releaseThreadConnection();
    return rows;
  }));
}

void EvaluatePage::showExampleDetail() {
  const int row = mWorst->currentRow();
  if (row < 0 || row >= mWorstRows.size()) {
    mDetail->clear();
    return;
  }
  const EvalExampleRecord& e = mWorstRows[row];
  auto block = [](const QString& title, const QString& text) {
    return QStringLiteral("<h4>%1</h4><p style=\"white-space: pre-wrap\">%2</p>").arg(title, text.toHtmlEscaped());
  };
  QString html = block(tr("Question (line %1 of the dataset)").arg(e.sourceLine), e.prompt) +
                 block(tr("Reference answer"), e.reference) +
                 block(tr("Model's answer"), e.generation.isEmpty() ? tr("(nothing: it stopped at once)") : e.generation);
  html += QStringLiteral("<p>") +
          (e.rougeL.isNull() ? QString() : tr("ROUGE-L %1. ").arg(percent(e.rougeL.toDouble()))) +
          tr("Perplexity of the reference answer: %1 over %2 tokens.").arg(e.perplexity(), 0, 'f', 2).arg(e.tokens) +
          QStringLiteral("</p>");
  mDetail->setHtml(html);
}

void EvaluatePage::chooseExportFile() {
  if (selectedResultId() <= 0) return;
  QString filter;
  QString path = QFileDialog::getSaveFileName(this, tr("Export the answers"),
                                              QStringLiteral("evaluation-%1.jsonl").arg(selectedResultId()),
                                              tr("JSON lines (*.jsonl);;CSV for spreadsheets (*.csv)"), &filter);
  if (path.isEmpty()) return;
  if (QFileInfo(path).suffix().isEmpty()) path += filter.contains(QLatin1String("csv")) ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
  exportSelected(path);
}

bool EvaluatePage::exportSelected(const QString& path) {
  const qint64 id = selectedResultId();
  std::shared_ptr<Project> project = mController->project();
  if (id <= 0 || !project) return false;
  mExport->setEnabled(false);
  auto* watcher = new QFutureWatcher<QPair<int, QString>>(this);
  connect(watcher, &QFutureWatcher<QPair<int, QString>>::finished, this, [this, watcher, path] {
    const auto [rows, error] = watcher->result();
    watcher->deleteLater();
    updateButtons();
    const QString message = rows >= 0 ? tr("Wrote %1 answers to %2.").arg(rows).arg(QDir::toNativeSeparators(path)) : error;
    if (rows >= 0) mStatus->setText(message);
    else mBanner->showMessage(MessageBanner::Kind::Error, message.toHtmlEscaped());
    Q_EMIT exported(rows >= 0, message);
  });
  watcher->setFuture(QtConcurrent::run([project, id, path] {
    QString error;
    const int rows = exportEvalExamples(project->database(), id, path, evalExportFormatFor(path), &error);
    project->database().releaseThreadConnection();
    return qMakePair(rows, error);
  }));
  return true;
}

void EvaluatePage::deleteSelected() {
  const qint64 id = selectedResultId();
  std::shared_ptr<Project> project = mController->project();
  if (id <= 0 || !project) return;
  if (QMessageBox::question(this, tr("Delete result"),
                            tr("Forget result #%1 and its answers? The model and its runs stay.").arg(id)) ==
      QMessageBox::Yes)
    removeResult(id);
}

void EvaluatePage::removeResult(qint64 id) {
  std::shared_ptr<Project> project = mController->project();
  if (id <= 0 || !project) return;
  auto* watcher = new QFutureWatcher<QString>(this);
  connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
    const QString error = watcher->result();
    watcher->deleteLater();
    if (!error.isEmpty()) mBanner->showMessage(MessageBanner::Kind::Error, error.toHtmlEscaped());
    refresh();
  });
  watcher->setFuture(QtConcurrent::run([project, id] {
    QString error;
    EvalRepository(project->database()).remove(id, &error);
    project->database().releaseThreadConnection();
    return error;
  }));
}

}  // namespace Atelier
