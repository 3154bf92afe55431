#include "widgets/trainingchart.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace Atelier {

namespace {
// One step of the chart's exponential moving average.
double smoothedNext(double previous, double value) {
  return TrainingChart::kSmoothing * previous + (1 - TrainingChart::kSmoothing) * value;
}
}  // namespace

TrainingChart::TrainingChart(QWidget* parent) : QWidget(parent), mPlot(new QCustomPlot(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(mPlot);
  mPlot->setMinimumHeight(220);
  mPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  mPlot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
  mPlot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
  mPlot->xAxis->setLabel(tr("Step"));
  mPlot->yAxis->setLabel(tr("Loss (lower is better)"));
  mPlot->yAxis2->setVisible(true);
  mPlot->yAxis2->setLabel(tr("Learning rate"));
  mPlot->legend->setVisible(true);
  mPlot->legend->setFont(font());
  // The legend goes under the plot, in one row, so it never hides a curve.
  mPlot->plotLayout()->addElement(1, 0, mPlot->legend);
  mPlot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  // Four to a row: the loss curves and the learning rate, then a preference
  // run's accuracy and margin curves on a row of their own.
  mPlot->legend->setWrap(4);
  mPlot->plotLayout()->setRowStretchFactor(1, 0.001);

  mRaw = mPlot->addGraph(mPlot->xAxis, mPlot->yAxis);
  mRaw->setName(tr("Training loss"));
  mRaw->setPen(QPen(QColor(31, 119, 180, 90)));
  mSmoothGraph = mPlot->addGraph(mPlot->xAxis, mPlot->yAxis);
  mSmoothGraph->setName(tr("Smoothed loss"));
  mSmoothGraph->setPen(QPen(QColor(31, 119, 180), 2));
  mEval = mPlot->addGraph(mPlot->xAxis, mPlot->yAxis);
  mEval->setName(tr("Validation loss"));
  mEval->setPen(QPen(QColor(214, 39, 40), 2));
  mEval->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  mLr = mPlot->addGraph(mPlot->xAxis, mPlot->yAxis2);
  mLr->setName(tr("Learning rate"));
  mLr->setPen(QPen(QColor(44, 160, 44), 1, Qt::DashLine));

  // Preference runs: the reward margin on an axis right of the learning
  // rate's, the accuracy on a fixed 0–1 axis left of the loss's (on a shared
  // axis a margin of 8 flattened the accuracy into a line near the bottom).
  mRewardAxis = mPlot->axisRect()->addAxis(QCPAxis::atRight);
  mRewardAxis->setLabel(tr("Reward margin"));
  mRewardAxis->setRange(0, 1);
  mRewardAxis->grid()->setVisible(false);
  mAccuracyAxis = mPlot->axisRect()->addAxis(QCPAxis::atLeft);
  mAccuracyAxis->setLabel(tr("Accuracy"));
  mAccuracyAxis->setRange(0, 1.05);
  mAccuracyAxis->grid()->setVisible(false);
  mAccuracy = mPlot->addGraph(mPlot->xAxis, mAccuracyAxis);
  mAccuracy->setName(tr("Accuracy"));
  mAccuracy->setPen(QPen(QColor(148, 103, 189), 2));
  mMargin = mPlot->addGraph(mPlot->xAxis, mRewardAxis);
  mMargin->setName(tr("Margin"));
  mMargin->setPen(QPen(QColor(255, 127, 14), 2));
  mValAccuracy = mPlot->addGraph(mPlot->xAxis, mAccuracyAxis);
  mValAccuracy->setName(tr("Val. accuracy"));
  mValAccuracy->setPen(QPen(QColor(148, 103, 189), 1, Qt::DotLine));
  mValAccuracy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 7));
  mValMargin = mPlot->addGraph(mPlot->xAxis, mRewardAxis);
  mValMargin->setName(tr("Val. margin"));
  mValMargin->setPen(QPen(QColor(255, 127, 14), 1, Qt::DotLine));
  mValMargin->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, 7));
  setPreferenceMode(false);

  mPlot->setMouseTracking(true);
  connect(mPlot, &QCustomPlot::mouseMove, this, &TrainingChart::showHover);
  // Once the person pans or zooms, new points no longer reset their view; a
  // double click returns to following the run.
  connect(mPlot, &QCustomPlot::mousePress, this, [this] { mUserZoomed = true; });
  connect(mPlot, &QCustomPlot::mouseWheel, this, [this] { mUserZoomed = true; });
  connect(mPlot, &QCustomPlot::mouseDoubleClick, this, [this] {
    mUserZoomed = false;
    rescale();
    mPlot->replot();
  });
  setToolTip(tr("Drag to move, wheel to zoom, double-click to follow the run again."));
}

QVector<double> TrainingChart::smooth(const QVector<double>& values, double weight) {
  QVector<double> out;
  out.reserve(values.size());
  double s = 0;
  for (int i = 0; i < values.size(); ++i) {
    s = i == 0 ? values[i] : weight * s + (1 - weight) * values[i];
    out.append(s);
  }
  return out;
}

void TrainingChart::setPreferenceMode(bool on) {
  mPreference = on;
  mRewardAxis->setVisible(on);
  mAccuracyAxis->setVisible(on);
  for (QCPGraph* g : {mAccuracy, mMargin, mValAccuracy, mValMargin}) {
    g->setVisible(on);
    if (on) g->addToLegend();
    else g->removeFromLegend();
  }
}

void TrainingChart::clear() {
  mRewardSteps.clear();
  mAccuracies.clear();
  mMargins.clear();
  mValRewardSteps.clear();
  mValAccuracies.clear();
  mValMargins.clear();
  for (QCPGraph* g : {mAccuracy, mMargin, mValAccuracy, mValMargin}) g->data()->clear();
  if (mPreference) setPreferenceMode(false);
  mSteps.clear();
  mLosses.clear();
  mSmooth.clear();
  mLrs.clear();
  mEvalSteps.clear();
  mEvalLosses.clear();
  for (QCPGraph* g : {mRaw, mSmoothGraph, mEval, mLr}) g->data()->clear();
  mUserZoomed = false;
  replot();
}

void TrainingChart::addStep(double step, double loss, double learningRate) {
  // A resumed run recomputes the steps after its checkpoint: draw them anew.
  if (!mSteps.isEmpty() && step <= mSteps.last()) truncateFrom(step);
  const double s = mSmooth.isEmpty() ? loss : smoothedNext(mSmooth.last(), loss);
  mSteps.append(step);
  mLosses.append(loss);
  mSmooth.append(s);
  mLrs.append(learningRate);
  mRaw->addData(step, loss);
  mSmoothGraph->addData(step, s);
  mLr->addData(step, learningRate);
}

void TrainingChart::truncateFrom(double step) {
  while (!mSteps.isEmpty() && mSteps.last() >= step) {
    mSteps.removeLast();
    mLosses.removeLast();
    mSmooth.removeLast();
    mLrs.removeLast();
  }
  while (!mEvalSteps.isEmpty() && mEvalSteps.last() >= step) {
    mEvalSteps.removeLast();
    mEvalLosses.removeLast();
  }
  while (!mRewardSteps.isEmpty() && mRewardSteps.last() >= step) {
    mRewardSteps.removeLast();
    mAccuracies.removeLast();
    mMargins.removeLast();
  }
  while (!mValRewardSteps.isEmpty() && mValRewardSteps.last() >= step) {
    mValRewardSteps.removeLast();
    mValAccuracies.removeLast();
    mValMargins.removeLast();
  }
  for (QCPGraph* g : {mRaw, mSmoothGraph, mEval, mLr, mAccuracy, mMargin, mValAccuracy, mValMargin})
    g->data()->removeAfter(step - 1e-9);
}

void TrainingChart::addRewardStep(double step, double accuracy, double margin) {
  if (!mPreference) setPreferenceMode(true);
  // A resumed run's recomputed steps were cut away by addStep (called first).
  mRewardSteps.append(step);
  mAccuracies.append(accuracy);
  mMargins.append(margin);
  // A batch's accuracy jumps in steps of 1/pairs: the moving average shows the trend.
  const bool first = mAccuracy->data()->isEmpty();
  const double a = first ? accuracy : smoothedNext((mAccuracy->data()->end() - 1)->value, accuracy);
  const double m = first ? margin : smoothedNext((mMargin->data()->end() - 1)->value, margin);
  mAccuracy->addData(step, a);
  mMargin->addData(step, m);
}

void TrainingChart::addRewardEval(double step, double accuracy, double margin) {
  if (!mPreference) setPreferenceMode(true);
  mValRewardSteps.append(step);
  mValAccuracies.append(accuracy);
  mValMargins.append(margin);
  mValAccuracy->addData(step, accuracy);
  mValMargin->addData(step, margin);
}

void TrainingChart::addEval(double step, double valLoss) {
  mEvalSteps.append(step);
  mEvalLosses.append(valLoss);
  mEval->addData(step, valLoss);
}

void TrainingChart::addOverlay(const QString& name, const QVector<double>& steps, const QVector<double>& losses) {
  static const QList<QColor> colors = {QColor(255, 127, 14), QColor(148, 103, 189), QColor(140, 86, 75),
                                       QColor(227, 119, 194), QColor(127, 127, 127)};
  QCPGraph* g = mPlot->addGraph(mPlot->xAxis, mPlot->yAxis);
  g->setName(name);
  g->setPen(QPen(colors.at(mOverlays.size() % colors.size()), 1.5));
  g->setData(steps, smooth(losses), true);
  mOverlays.append(g);
  replot();
}

void TrainingChart::clearOverlays() {
  for (QCPGraph* g : mOverlays) mPlot->removeGraph(g);
  mOverlays.clear();
  replot();
}

void TrainingChart::rescale() {
  mPlot->xAxis->rescale();
  mPlot->yAxis->rescale();
  bool found = false;
  for (QCPGraph* g : mOverlays) g->rescaleAxes(true);
  const QCPRange lr = mLr->data()->valueRange(found);
  if (found) mPlot->yAxis2->setRange(0, std::max(lr.upper * 1.1, 1e-12));
  if (mPreference) {
    // The margin from 0 (or below, when negative) to its largest value.
    QCPRange r(0, 1);
    for (QCPGraph* g : {mMargin, mValMargin}) {
      bool any = false;
      const QCPRange m = g->data()->valueRange(any);
      if (any) r.expand(m);
    }
    mRewardAxis->setRange(r.lower, r.upper * 1.05);
  }
  if (mPlot->xAxis->range().size() <= 0) mPlot->xAxis->setRange(0, 10);
  mPlot->yAxis->setRangeLower(std::min(0.0, mPlot->yAxis->range().lower));
}

void TrainingChart::replot() {
  if (!mUserZoomed) rescale();
  mPlot->replot(QCustomPlot::rpQueuedReplot);
}

QString TrainingChart::valuesNear(double step) const {
  if (mSteps.isEmpty()) return {};
  const auto it = std::lower_bound(mSteps.begin(), mSteps.end(), step);
  int i = int(it - mSteps.begin());
  if (i >= mSteps.size()) i = mSteps.size() - 1;
  if (i > 0 && std::abs(mSteps[i - 1] - step) < std::abs(mSteps[i] - step)) --i;
  QString text = tr("Step %1\nLoss %2 (smoothed %3)\nLearning rate %4")
                     .arg(mSteps[i])
                     .arg(mLosses[i], 0, 'f', 4)
                     .arg(mSmooth[i], 0, 'f', 4)
                     .arg(mLrs[i], 0, 'g', 3);
  for (int e = 0; e < mEvalSteps.size(); ++e)
    if (std::abs(mEvalSteps[e] - mSteps[i]) < 0.5)
      text += tr("\nValidation loss %1").arg(mEvalLosses[e], 0, 'f', 4);
  for (int r = 0; r < mRewardSteps.size(); ++r)
    if (std::abs(mRewardSteps[r] - mSteps[i]) < 0.5)
      text += tr("\nReward accuracy %1 (smoothed %2)\nReward margin %3 (smoothed %4)")
                  .arg(mAccuracies[r], 0, 'f', 3)
                  .arg(mAccuracy->data()->at(r)->value, 0, 'f', 3)
                  .arg(mMargins[r], 0, 'f', 4)
                  .arg(mMargin->data()->at(r)->value, 0, 'f', 4);
  for (int e = 0; e < mValRewardSteps.size(); ++e)
    if (std::abs(mValRewardSteps[e] - mSteps[i]) < 0.5)
      text += tr("\nValidation accuracy %1, margin %2")
                  .arg(mValAccuracies[e], 0, 'f', 3)
                  .arg(mValMargins[e], 0, 'f', 4);
  return text;
}

void TrainingChart::showHover(QMouseEvent* event) {
  if (mSteps.isEmpty()) return;
  const double step = mPlot->xAxis->pixelToCoord(event->position().x());
  QToolTip::showText(event->globalPosition().toPoint(), valuesNear(step), mPlot);
}

}  // namespace Atelier
