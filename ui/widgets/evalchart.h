#pragma once

#include "storage/evalrepository.h"

#include <QList>
#include <QWidget>

class QCustomPlot;

namespace Atelier {

// Bars comparing stored evaluations on one metric, oldest left, newest right;
// the base model's bars grey, fine-tuned ones blue.
class EvalChart : public QWidget {
  Q_OBJECT
 public:
  enum class Metric { RougeL, Bleu, Perplexity };

  explicit EvalChart(QWidget* parent = nullptr);
  void setRecords(const QList<EvalRecord>& newestFirst, Metric metric);
  int barCount() const { return mBars; }
  QCustomPlot* plot() const { return mPlot; }

  static QString metricName(Metric metric);
  // What the number means, which way is better, in plain words.
  static QString metricHelp(Metric metric);

  // At most this many results are drawn (the newest), so labels stay readable.
  static constexpr int kMaxBars = 16;

 private:
  QCustomPlot* mPlot;
  int mBars = 0;
};

}  // namespace Atelier
