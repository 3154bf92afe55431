#include "evalchart.h"

#include <QVBoxLayout>

#include <algorithm>
#include <qcustomplot.h>

namespace Atelier {

EvalChart::EvalChart(QWidget* parent) : QWidget(parent), mPlot(new QCustomPlot) {
  mPlot->setObjectName(QStringLiteral("evalChartPlot"));
  mPlot->setMinimumHeight(180);
  // The legend goes under the bars, in one row, so it never hides one.
  mPlot->plotLayout()->addElement(1, 0, mPlot->legend);
  mPlot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  mPlot->plotLayout()->setRowStretchFactor(1, 0.001);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(mPlot);
}

QString EvalChart::metricName(Metric metric) {
  switch (metric) {
    case Metric::RougeL: return tr("ROUGE-L");
    case Metric::Bleu: return tr("BLEU");
    case Metric::Perplexity: return tr("Perplexity");
  }
  return QString();
}

QString EvalChart::metricHelp(Metric metric) {
  switch (metric) {
    case Metric::RougeL:
      return tr("<b>ROUGE-L</b> (0–100, <b>higher is better</b>): how much of the reference answer appears in "
                "the model's answer, in the same order. It forgives extra or missing words in between, so it "
                "rewards answers that say the same things.");
    case Metric::Bleu:
      return tr("<b>BLEU</b> (0–100, <b>higher is better</b>): how many runs of one to four words in the "
                "model's answers also appear in the reference answers, with a penalty for answers that are too "
                "short. It is strict: a good answer in other words scores low.");
    case Metric::Perplexity:
      return tr("<b>Perplexity</b> (1 or more, <b>lower is better</b>): how surprised the model is by the "
                "reference answers. 1 would mean it expected every word; 20 means it was, on average, as unsure "
                "as if choosing among 20 words. Compare it only between models with the same tokenizer.");
  }
  return QString();
}

void EvalChart::setRecords(const QList<EvalRecord>& newestFirst, Metric metric) {
  mPlot->clearPlottables();
  QList<EvalRecord> shown = newestFirst.mid(0, kMaxBars);
  std::reverse(shown.begin(), shown.end());
  auto* base = new QCPBars(mPlot->xAxis, mPlot->yAxis);
  auto* tuned = new QCPBars(mPlot->xAxis, mPlot->yAxis);
  base->setName(tr("Base model"));
  base->setBrush(QColor(150, 150, 150));
  base->setPen(Qt::NoPen);
  tuned->setName(tr("Fine-tuned"));
  tuned->setBrush(QColor(40, 120, 220));
  tuned->setPen(Qt::NoPen);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  double top = 0;
  mBars = 0;
  for (int i = 0; i < shown.size(); ++i) {
    const EvalRecord& r = shown[i];
    if (metric != Metric::Perplexity && !r.hasGeneration) continue;  // nothing generated to score
    const double value = metric == Metric::RougeL ? r.rougeL * 100
                         : metric == Metric::Bleu ? r.bleu * 100
                                                  : std::min(r.perplexity, 1e6);
    (r.adapter.isEmpty() ? base : tuned)->addData(i + 1, value);
    // Short labels (the number and the part); the table beside says the rest.
    ticker->addTick(i + 1, QStringLiteral("#%1\n%2").arg(r.id).arg(r.split));
    top = std::max(top, value);
    ++mBars;
  }
  mPlot->xAxis->setTicker(ticker);
  mPlot->xAxis->setRange(0.3, shown.size() + 0.7);
  mPlot->yAxis->setLabel(metricName(metric));
  mPlot->yAxis->setRange(0, metric == Metric::Perplexity ? std::max(2.0, top * 1.1) : std::max(10.0, std::min(100.0, top * 1.15)));
  mPlot->legend->setVisible(mBars > 0);
  mPlot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace Atelier
