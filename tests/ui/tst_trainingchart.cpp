// The live loss chart: the points it draws, the moving average, the learning
// rate on its own axis, overlays of other runs, and a resumed run redrawn;
// preference runs' reward accuracy and margin on a third axis.
#include "widgets/trainingchart.h"

#include <QtTest>
#include <qcustomplot.h>

using namespace Atelier;

class TestTrainingChart : public QObject {
  Q_OBJECT
 private slots:
  void smoothingIsAnExponentialMovingAverage();
  void pointsGoToTheirGraphsAndAxes();
  void resumedStepsReplaceTheOldOnes();
  void overlaysComeAndGo();
  void hoverShowsTheNearestPoint();
  void preferenceRunsShowAccuracyAndMargin();
};

void TestTrainingChart::smoothingIsAnExponentialMovingAverage() {
  const QVector<double> s = TrainingChart::smooth({4, 2, 2, 10}, 0.5);
  QCOMPARE(s, (QVector<double>{4, 3, 2.5, 6.25}));
  QCOMPARE(TrainingChart::smooth({1, 2, 3}, 0.0), (QVector<double>{1, 2, 3}));
  QVERIFY(TrainingChart::smooth({}).isEmpty());
}

void TestTrainingChart::pointsGoToTheirGraphsAndAxes() {
  TrainingChart chart;
  const QVector<double> losses = {3.0, 2.5, 2.7, 2.0, 1.8};
  for (int i = 0; i < losses.size(); ++i) chart.addStep(i + 1, losses[i], 1e-4 * (i + 1));
  chart.addEval(5, 2.1);
  chart.replot();
  QCOMPARE(chart.lossGraph()->dataCount(), 5);
  QCOMPARE(chart.smoothGraph()->dataCount(), 5);
  QCOMPARE(chart.lrGraph()->dataCount(), 5);
  QCOMPARE(chart.evalGraph()->dataCount(), 1);
  // The smoothed curve is the moving average of the raw one, point by point.
  const QVector<double> expected = TrainingChart::smooth(losses);
  QCOMPARE(chart.smoothedLoss(), expected);
  QCOMPARE((chart.smoothGraph()->data()->constBegin() + 4)->value, expected[4]);
  // Learning rate on the right axis, losses on the left.
  QCOMPARE(chart.lrGraph()->valueAxis(), chart.plot()->yAxis2);
  QVERIFY(chart.plot()->yAxis2->visible());
  QCOMPARE(chart.lossGraph()->valueAxis(), chart.plot()->yAxis);
  QVERIFY(chart.plot()->yAxis2->range().contains(5e-4));
  QVERIFY(chart.plot()->yAxis->range().contains(3.0));
  QVERIFY(chart.plot()->interactions().testFlag(QCP::iRangeDrag));
  QVERIFY(chart.plot()->interactions().testFlag(QCP::iRangeZoom));
  chart.clear();
  QCOMPARE(chart.lossGraph()->dataCount(), 0);
  QVERIFY(chart.smoothedLoss().isEmpty());
}

void TestTrainingChart::resumedStepsReplaceTheOldOnes() {
  TrainingChart chart;
  for (int i = 1; i <= 6; ++i) chart.addStep(i, 10.0 - i, 1e-3);
  chart.addEval(4, 5.5);
  chart.addEval(6, 5.0);
  // Resumed from the checkpoint at step 4: steps 5 and 6 come again.
  chart.addStep(5, 4.9, 1e-3);
  QCOMPARE(chart.lossGraph()->dataCount(), 5);
  QCOMPARE(chart.evalGraph()->dataCount(), 1);  // the eval at 4 stays, the one at 6 goes
  QCOMPARE((chart.lossGraph()->data()->constEnd() - 1)->value, 4.9);
  QCOMPARE(chart.smoothedLoss().size(), 5);
}

void TestTrainingChart::overlaysComeAndGo() {
  TrainingChart chart;
  const int before = chart.plot()->graphCount();
  chart.addOverlay(QStringLiteral("run a"), {1, 2, 3}, {3, 2, 1});
  chart.addOverlay(QStringLiteral("run b"), {1, 2}, {4, 4});
  QCOMPARE(chart.overlayCount(), 2);
  QCOMPARE(chart.plot()->graphCount(), before + 2);
  QCOMPARE(chart.plot()->graph(before)->name(), QStringLiteral("run a"));
  QCOMPARE(chart.plot()->graph(before)->dataCount(), 3);
  chart.clearOverlays();
  QCOMPARE(chart.plot()->graphCount(), before);
}

void TestTrainingChart::hoverShowsTheNearestPoint() {
  TrainingChart chart;
  QVERIFY(chart.valuesNear(3).isEmpty());
  chart.addStep(10, 2.5, 2e-4);
  chart.addStep(20, 1.25, 1e-4);
  chart.addEval(20, 1.5);
  QVERIFY(chart.valuesNear(12).contains(QStringLiteral("Step 10")));
  QVERIFY(chart.valuesNear(12).contains(QStringLiteral("2.5000")));
  const QString at20 = chart.valuesNear(17);
  QVERIFY(at20.contains(QStringLiteral("Step 20")));
  QVERIFY(at20.contains(QStringLiteral("Validation loss 1.5000")));
  QVERIFY(chart.valuesNear(1000).contains(QStringLiteral("Step 20")));
}

void TestTrainingChart::preferenceRunsShowAccuracyAndMargin() {
  TrainingChart chart;
  // A fine-tuning run shows none of it.
  chart.addStep(1, 2.0, 1e-4);
  QVERIFY(!chart.preferenceMode());
  QVERIFY(!chart.accuracyGraph()->visible());
  QVERIFY(!chart.rewardAxis()->visible());
  QVERIFY(!chart.accuracyAxis()->visible());
  const int sftLegend = chart.plot()->legend->itemCount();
  chart.clear();

  const QVector<double> accuracies = {0.5, 0.75, 0.5, 1.0}, margins = {0.0, 0.2, 0.1, 0.6};
  for (int i = 0; i < accuracies.size(); ++i) {
    chart.addStep(i + 1, 0.69 - 0.05 * i, 1e-4);
    chart.addRewardStep(i + 1, accuracies[i], margins[i]);
  }
  chart.addEval(2, 0.66);
  chart.addRewardEval(2, 0.6, 0.15);
  chart.addEval(4, 0.6);
  chart.addRewardEval(4, 0.8, 2.5);
  chart.replot();
  QVERIFY(chart.preferenceMode());
  QVERIFY(chart.rewardAxis()->visible());
  QCOMPARE(chart.plot()->legend->itemCount(), sftLegend + 4);
  // Training curves smoothed like the loss; validation points as measured.
  QCOMPARE(chart.accuracyGraph()->dataCount(), 4);
  QCOMPARE((chart.accuracyGraph()->data()->constBegin() + 3)->value, TrainingChart::smooth(accuracies)[3]);
  QCOMPARE((chart.marginGraph()->data()->constBegin() + 3)->value, TrainingChart::smooth(margins)[3]);
  QCOMPARE(chart.valAccuracyGraph()->dataCount(), 2);
  QCOMPARE((chart.valMarginGraph()->data()->constBegin() + 1)->value, 2.5);
  // Axes of their own: the accuracy always 0–1, the margin from 0 to its
  // largest value; the learning rate keeps its own.
  QCOMPARE(chart.accuracyGraph()->valueAxis(), chart.accuracyAxis());
  QVERIFY(chart.accuracyAxis()->visible());
  QCOMPARE(chart.accuracyAxis()->range().lower, 0.0);
  QVERIFY(chart.accuracyAxis()->range().upper >= 1.0 && chart.accuracyAxis()->range().upper < 1.1);
  QCOMPARE(chart.marginGraph()->valueAxis(), chart.rewardAxis());
  QVERIFY(chart.rewardAxis() != chart.plot()->yAxis2);
  QCOMPARE(chart.rewardAxis()->range().lower, 0.0);
  QVERIFY(chart.rewardAxis()->range().upper >= 2.5);
  QCOMPARE(chart.lrGraph()->valueAxis(), chart.plot()->yAxis2);
  const QString hover = chart.valuesNear(4);
  QVERIFY2(hover.contains(QStringLiteral("Reward accuracy 1.000")), qPrintable(hover));
  QVERIFY2(hover.contains(QStringLiteral("Validation accuracy 0.800, margin 2.5000")), qPrintable(hover));

  // A resume from step 3 recomputes steps 3 and 4.
  chart.addStep(3, 0.5, 1e-4);
  chart.addRewardStep(3, 0.25, 0.05);
  QCOMPARE(chart.accuracyGraph()->dataCount(), 3);
  QCOMPARE(chart.valAccuracyGraph()->dataCount(), 1);
  QCOMPARE((chart.accuracyGraph()->data()->constBegin() + 2)->value,
           TrainingChart::smooth({0.5, 0.75, 0.25})[2]);

  chart.clear();
  QVERIFY(!chart.preferenceMode());
  QCOMPARE(chart.accuracyGraph()->dataCount(), 0);
  QCOMPARE(chart.plot()->legend->itemCount(), sftLegend);
}

QTEST_MAIN(TestTrainingChart)
#include "tst_trainingchart.moc"
