// The DPO loss on fixed log-probs against tests/data/dpo/dpo_reference.py
// (TRL's sigmoid loss in python3-torch): loss, gradients, rewards, margin and
// accuracy, plain and with label smoothing; f32 inputs keep their dtype.
#include "training/dpoloss.h"

#include <QTest>

using namespace Atelier;

class TestDpoLoss : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesReference_data();
  void matchesReference();
  void float32InputsGiveFloat32Loss();
};

namespace {
torch::Tensor t(std::vector<double> v, bool grad = false) {
  return torch::tensor(v, torch::dtype(torch::kFloat64)).set_requires_grad(grad);
}
void near(const torch::Tensor& got, const std::vector<double>& want, double tol = 1e-12) {
  const auto g = got.contiguous();
  QCOMPARE(size_t(g.numel()), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    QVERIFY2(std::abs(g[int64_t(i)].item<double>() - want[i]) < tol, qPrintable(QString::number(i)));
}
}  // namespace

void TestDpoLoss::matchesReference_data() {
  QTest::addColumn<double>("beta");
  QTest::addColumn<double>("smoothing");
  QTest::addColumn<double>("loss");
  QTest::addColumn<QList<double>>("gradChosen");
  QTest::addColumn<QList<double>>("chosenRewards");
  QTest::addColumn<double>("margin");
  QTest::newRow("dpo beta 0.1") << 0.1 << 0.0 << 0.663263497379173
                                << QList<double>{-0.011875520313027, -0.012968530396963, -0.012031469603037, -0.011564253866406}
                                << QList<double>{0.05, -0.025, 0.025, 0.05} << 0.0625;
  QTest::newRow("cdpo beta 0.5 eps 0.2") << 0.5 << 0.2 << 0.633048629643672
                                         << QList<double>{-0.022192583599768, -0.049083324994259, -0.025916675005741, -0.015102662603076}
                                         << QList<double>{0.25, -0.125, 0.125, 0.25} << 0.3125;
}

void TestDpoLoss::matchesReference() {
  QFETCH(double, beta);
  QFETCH(double, smoothing);
  QFETCH(double, loss);
  QFETCH(QList<double>, gradChosen);
  QFETCH(QList<double>, chosenRewards);
  QFETCH(double, margin);
  auto pc = t({-12.5, -30.25, -8.0, -45.5}, true), pr = t({-14.0, -29.0, -9.5, -44.0}, true);
  auto rc = t({-13.0, -30.0, -8.25, -46.0}), rr = t({-13.5, -29.5, -9.0, -43.0});
  DpoLossOptions o;
  o.beta = beta;
  o.labelSmoothing = smoothing;
  const DpoLossResult r = dpoLoss(pc, pr, rc, rr, o);
  QVERIFY(std::abs(r.loss.item<double>() - loss) < 1e-12);
  r.loss.backward();
  const std::vector<double> g(gradChosen.begin(), gradChosen.end());
  std::vector<double> minusG;
  for (double v : g) minusG.push_back(-v);
  near(pc.grad(), g);
  near(pr.grad(), minusG);  // the loss depends on the difference only
  near(r.chosenRewards, std::vector<double>(chosenRewards.begin(), chosenRewards.end()));
  QVERIFY(std::abs(r.rewardMargin - margin) < 1e-12);
  QCOMPARE(r.accuracy, 0.75);
  QVERIFY(!r.chosenRewards.requires_grad());
}

void TestDpoLoss::float32InputsGiveFloat32Loss() {
  auto f = [](std::vector<float> v) { return torch::tensor(v).set_requires_grad(true); };
  const DpoLossResult r = dpoLoss(f({-1.f, -2.f}), f({-2.f, -1.f}), torch::tensor({-1.5f, -1.5f}),
                                  torch::tensor({-1.5f, -1.5f}), DpoLossOptions());
  QCOMPARE(r.loss.scalar_type(), torch::kFloat32);
  QCOMPARE(r.accuracy, 0.5);
  QVERIFY(std::abs(r.rewardMargin) < 1e-12);  // +0.1 and -0.1 margins
}

QTEST_GUILESS_MAIN(TestDpoLoss)
#include "tst_dpoloss.moc"
