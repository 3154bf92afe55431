#pragma once
// The live loss chart of the Train page: training loss (raw, and smoothed so
// the trend shows through the noise), validation loss, and the learning rate
// on a second axis; drag to pan, wheel to zoom, hover for values. Earlier runs
// can be overlaid (their smoothed loss) for comparison. Preference runs (DPO,
// reward model) add how often the chosen answer wins (reward accuracy, 0–1)
// and by how much (reward margin) on a third axis.
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPAxis;
class QCPGraph;
class QMouseEvent;

namespace Atelier {

class TrainingChart : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingChart(QWidget* parent = nullptr);

  // Weight of the history in the moving average (0 = no smoothing).
  static constexpr double kSmoothing = 0.8;

  void clear();
  void addStep(double step, double loss, double learningRate);
  void addEval(double step, double valLoss);
  // Preference runs: a step's (or a validation check's) reward accuracy and
  // margin. The first one shows their curves; clear() hides them again.
  void addRewardStep(double step, double accuracy, double margin);
  void addRewardEval(double step, double accuracy, double margin);
  void setPreferenceMode(bool on);
  bool preferenceMode() const { return mPreference; }
  // Redraws (call once after a batch of points, not per point).
  void replot();
  // A finished run's smoothed loss drawn faintly under the current one.
  void addOverlay(const QString& name, const QVector<double>& steps, const QVector<double>& losses);
  void clearOverlays();

  const QVector<double>& smoothedLoss() const { return mSmooth; }
  QCustomPlot* plot() const { return mPlot; }
  QCPGraph* lossGraph() const { return mRaw; }
  QCPGraph* smoothGraph() const { return mSmoothGraph; }
  QCPGraph* evalGraph() const { return mEval; }
  QCPGraph* lrGraph() const { return mLr; }
  QCPGraph* accuracyGraph() const { return mAccuracy; }  // smoothed, per step
  QCPGraph* marginGraph() const { return mMargin; }      // smoothed, per step
  QCPGraph* valAccuracyGraph() const { return mValAccuracy; }
  QCPGraph* valMarginGraph() const { return mValMargin; }
  QCPAxis* rewardAxis() const { return mRewardAxis; }
  QCPAxis* accuracyAxis() const { return mAccuracyAxis; }
  int overlayCount() const { return mOverlays.size(); }
  // What hovering at `step` shows: the values of the nearest point.
  QString valuesNear(double step) const;

  // The exponential moving average as the chart draws it.
  static QVector<double> smooth(const QVector<double>& values, double weight = kSmoothing);

 private:
  void showHover(QMouseEvent* event);
  void truncateFrom(double step);
  void rescale();
  QCustomPlot* mPlot;
  QCPGraph* mRaw;
  QCPGraph* mSmoothGraph;
  QCPGraph* mEval;
  QCPGraph* mLr;
  QCPAxis* mRewardAxis;
  QCPAxis* mAccuracyAxis;
  QCPGraph* mAccuracy;
  QCPGraph* mMargin;
  QCPGraph* mValAccuracy;
  QCPGraph* mValMargin;
  QList<QCPGraph*> mOverlays;
  QVector<double> mSteps, mLosses, mSmooth, mLrs, mEvalSteps, mEvalLosses;
  // Preference runs (the raw values, for hovering).
  QVector<double> mRewardSteps, mAccuracies, mMargins, mValRewardSteps, mValAccuracies, mValMargins;
  bool mPreference = false;
  bool mUserZoomed = false;
};

}  // namespace Atelier
