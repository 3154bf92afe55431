// Drawing the statistics: one step line per role over shared bins, and the
// counts in plain words.
#include "datasetstatsview.h"

#include "models/conversationtablemodel.h"
#include "widgets/chatbubbleview.h"

#include <QLabel>
#include <qcustomplot.h>

namespace Atelier {

void DatasetStatsView::display(const DatasetStats& s) {
  mStats = s;
  mPlot->clearGraphs();
  mTokenLabel->setText(s.tokensEstimated
                           ? tr("<b>Estimated</b> token lengths (characters ÷ 4): choose a model on the Model page "
                                "for exact counts.")
                           : tr("Token lengths counted with the %1.").arg(s.tokenSource.toHtmlEscaped()));
  // Shared bins so the roles compare directly.
  QList<int> all;
  for (const QList<int>& lengths : s.tokensPerRole) all += lengths;
  int width = 1;
  histogramBins(all, 30, &width);
  static const QList<QColor> colours = {QColor(40, 120, 220), QColor(230, 120, 30), QColor(40, 160, 80),
                                        QColor(150, 80, 200), QColor(200, 60, 60)};
  double maxCount = 1;
  int colour = 0;
  for (auto it = s.tokensPerRole.begin(); it != s.tokensPerRole.end(); ++it) {
    QList<qint64> bins(30, 0);
    for (int v : it.value()) bins[std::min(29, v / width)] += 1;
    QVector<double> x, y;
    for (int b = 0; b < bins.size(); ++b) {
      x << (b + 0.5) * width;
      y << double(bins[b]);
      maxCount = std::max(maxCount, double(bins[b]));
    }
    QCPGraph* g = mPlot->addGraph();
    g->setName(roleLabel({it.key(), QString(), QString()}));
    g->setLineStyle(QCPGraph::lsStepCenter);
    g->setPen(QPen(colours[colour++ % colours.size()], 2));
    g->setData(x, y, true);
  }
  mPlot->xAxis->setRange(0, 30.0 * width);
  mPlot->yAxis->setRange(0, maxCount * 1.1);
  mPlot->xAxis->setLabel(s.tokensEstimated ? tr("Tokens per message (estimate)") : tr("Tokens per message"));
  mPlot->replot(QCustomPlot::rpQueuedReplot);

  if (s.total == 0) {
    mSummary->setText(tr("No dataset selected."));
    return;
  }
  QStringList lines;
  lines << tr("%1 rows, %2 kept; %3 rejected at import.").arg(s.total).arg(s.kept).arg(s.rejectedAtImport);
  if (s.train + s.val + s.test > 0)
    lines << tr("Split: %1 training, %2 validation, %3 test.").arg(s.train).arg(s.val).arg(s.test);
  QStringList turns;
  for (auto it = s.turnsPerConversation.begin(); it != s.turnsPerConversation.end(); ++it)
    turns << tr("%1 messages: %2").arg(it.key()).arg(it.value());
  if (!turns.isEmpty()) lines << tr("Messages per conversation — %1.").arg(turns.join(QStringLiteral(", ")));
  QStringList removed;
  for (auto it = s.removed.begin(); it != s.removed.end(); ++it)
    removed << tr("%1: %2").arg(ConversationTableModel::flagLabel(it.key())).arg(it.value());
  lines << (removed.isEmpty() ? tr("Nothing left out.") : tr("Left out — %1.").arg(removed.join(QStringLiteral(", "))));
  mSummary->setText(lines.join(QLatin1Char('\n')));
}

}  // namespace Atelier
