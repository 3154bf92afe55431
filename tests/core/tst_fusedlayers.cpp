// The hand-written forward/backward passes of fusedlayers against the same
// maths written with plain autograd ops, in float64 (tight) and in bf16 with
// float32 adapters (the training set-up on CPUs with bf16 and on GPUs).
#include <torch/torch.h>

#include "model/fusedlayers.h"

#include <QTest>

using namespace Atelier;

namespace {

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

double scaleOf(const torch::Tensor& t) { return t.to(torch::kFloat64).abs().max().item<double>(); }

torch::Tensor leaf(const torch::Tensor& t) { return t.detach().clone().requires_grad_(true); }

// Three projections of one input, as q/k/v: with a bias, without an adapter,
// with dropout; B is random so every gradient path carries signal. Weights and
// bias are frozen; the adapters are leaves.
std::vector<ProjectionWeights> makeProjections(torch::ScalarType baseType, double dropout) {
  torch::manual_seed(11);
  const int64_t in = 24;
  std::vector<ProjectionWeights> c;
  const std::vector<std::pair<int64_t, bool>> shapes = {{32, true}, {16, false}, {16, false}};
  for (size_t i = 0; i < shapes.size(); ++i) {
    ProjectionWeights w;
    w.weight = torch::randn({shapes[i].first, in}).to(baseType);
    if (shapes[i].second) w.bias = torch::randn({shapes[i].first}).to(baseType);
    if (i != 1) {
      w.loraA = leaf(torch::randn({4, in}, torch::kFloat64).to(baseType == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32));
      w.loraB = leaf(torch::randn({shapes[i].first, 4}, torch::kFloat64).to(w.loraA.scalar_type()));
      w.scaling = 0.5 + i;
      w.dropout = i == 2 ? dropout : 0.0;
    }
    c.push_back(w);
  }
  return c;
}

// The reference: y = x·Wᵀ + b + s·(drop(x)·Aᵀ)·Bᵀ with autograd, drawing the
// dropout masks in the same order from the same generator state.
std::vector<torch::Tensor> referenceProjections(const torch::Tensor& x, const std::vector<ProjectionWeights>& ws) {
  std::vector<torch::Tensor> out;
  for (const ProjectionWeights& w : ws) {
    torch::Tensor y = torch::nn::functional::linear(x, w.weight, w.bias.defined() ? w.bias : torch::Tensor());
    if (w.loraA.defined()) {
      torch::Tensor in = x;
      if (w.dropout > 0) {
        const torch::Tensor x2 = x.reshape({-1, x.size(-1)});
        in = x * torch::empty_like(x2).bernoulli_(1 - w.dropout).div_(1 - w.dropout).view(x.sizes());
      }
      y = y + w.scaling * torch::matmul(torch::matmul(in, w.loraA.to(x.scalar_type()).t()),
                                        w.loraB.to(x.scalar_type()).t());
    }
    out.push_back(y);
  }
  return out;
}

torch::Tensor rotateHalf(const torch::Tensor& x) {
  const int64_t half = x.size(-1) / 2;
  return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

torch::Tensor referenceAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  const int64_t rep = q.size(1) / k.size(1), t = q.size(2);
  const torch::Tensor kr = k.repeat_interleave(rep, 1), vr = v.repeat_interleave(rep, 1);
  torch::Tensor scores = torch::matmul(q, kr.transpose(-1, -2)) / std::sqrt(double(q.size(-1)));
  const torch::Tensor mask = torch::ones({t, t}, torch::kBool).triu(1);
  scores = scores.masked_fill(mask, -std::numeric_limits<double>::infinity());
  return torch::matmul(torch::softmax(scores.to(torch::kFloat64), -1).to(q.scalar_type()), vr);
}

}  // namespace

class TestFusedLayers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void sharedProjectionsMatchAutograd_data();
  void sharedProjectionsMatchAutograd();
  void sharedProjectionsInBf16();
  void noGradientForAFrozenInput();
  void rotaryMatchesAutograd();
  void swiGluMatchesAutograd();
  void attentionMatchesAutograd_data();
  void attentionMatchesAutograd();
  void attentionInBf16();
};

void TestFusedLayers::sharedProjectionsMatchAutograd_data() {
  QTest::addColumn<double>("dropout");
  QTest::newRow("no dropout") << 0.0;
  QTest::newRow("dropout 0.3") << 0.3;
}

void TestFusedLayers::sharedProjectionsMatchAutograd() {
  QFETCH(double, dropout);
  const auto fused = makeProjections(torch::kFloat64, dropout);
  const auto plain = makeProjections(torch::kFloat64, dropout);
  const torch::Tensor x0 = torch::randn({3, 5, 24}, torch::kFloat64);
  const torch::Tensor x1 = leaf(x0), x2 = leaf(x0);
  // Upstream gradients differ per output, so a mix-up of outputs shows.
  std::vector<torch::Tensor> upstream;
  for (const auto& w : fused) upstream.push_back(torch::randn({3, 5, w.weight.size(0)}, torch::kFloat64));

  torch::manual_seed(5);
  const auto yf = projectShared(x1, fused, /*training=*/true);
  torch::manual_seed(5);
  const auto yp = referenceProjections(x2, plain);
  QCOMPARE(yf.size(), yp.size());
  for (size_t i = 0; i < yf.size(); ++i) QVERIFY(maxDiff(yf[i], yp[i]) < 1e-10);
  torch::autograd::backward(yf, upstream);
  torch::autograd::backward(yp, upstream);
  QVERIFY(maxDiff(x1.grad(), x2.grad()) < 1e-10);
  for (size_t i = 0; i < yf.size(); ++i) {
    if (!fused[i].loraA.defined()) continue;
    QVERIFY(maxDiff(fused[i].loraA.grad(), plain[i].loraA.grad()) < 1e-10);
    QVERIFY(maxDiff(fused[i].loraB.grad(), plain[i].loraB.grad()) < 1e-10);
  }
  // Evaluation mode: no dropout, so the output is the deterministic one.
  if (dropout > 0) {
    torch::NoGradGuard noGrad;
    const auto evalF = projectShared(x0, fused, /*training=*/false);
    const auto noDrop = makeProjections(torch::kFloat64, 0.0);
    const auto evalP = referenceProjections(x0, noDrop);
    QVERIFY(maxDiff(evalF[2], evalP[2]) < 1e-10);
    QVERIFY(maxDiff(evalF[2], yf[2]) > 1e-3);  // dropout did change the training output
  }
}

void TestFusedLayers::sharedProjectionsInBf16() {
  const auto fused = makeProjections(torch::kBFloat16, 0.0);
  auto exact = makeProjections(torch::kFloat64, 0.0);
  // The reference sees the same (bf16-rounded) numbers, in float64.
  for (auto& w : exact) {
    w.weight = w.weight.to(torch::kBFloat16).to(torch::kFloat64);
    if (w.bias.defined()) w.bias = w.bias.to(torch::kBFloat16).to(torch::kFloat64);
  }
  const torch::Tensor x0 = torch::randn({2, 7, 24}).to(torch::kBFloat16);
  const torch::Tensor x1 = leaf(x0), x2 = leaf(x0.to(torch::kFloat64));
  const auto yf = projectShared(x1, fused, true);
  const auto yp = referenceProjections(x2, exact);
  for (size_t i = 0; i < yf.size(); ++i) {
    QCOMPARE(yf[i].scalar_type(), torch::kBFloat16);
    QVERIFY(maxDiff(yf[i], yp[i]) < 0.02 * scaleOf(yp[i]));
  }
  std::vector<torch::Tensor> upstream;
  for (const auto& y : yp) upstream.push_back(torch::ones_like(y));
  std::vector<torch::Tensor> upstream16;
  for (const auto& u : upstream) upstream16.push_back(u.to(torch::kBFloat16));
  torch::autograd::backward(yf, upstream16);
  torch::autograd::backward(yp, upstream);
  QCOMPARE(x1.grad().scalar_type(), torch::kBFloat16);
  QVERIFY(maxDiff(x1.grad(), x2.grad()) < 0.02 * scaleOf(x2.grad()));
  for (size_t i = 0; i < yf.size(); ++i) {
    if (!fused[i].loraA.defined()) continue;
    // Adapters train in float32 whatever the products ran in.
    QCOMPARE(fused[i].loraA.grad().scalar_type(), torch::kFloat32);
    QCOMPARE(fused[i].loraB.grad().scalar_type(), torch::kFloat32);
    const torch::Tensor ga = exact[i].loraA.grad(), gb = exact[i].loraB.grad();
    QVERIFY(maxDiff(fused[i].loraA.grad(), ga) < 0.03 * scaleOf(ga));
    QVERIFY(maxDiff(fused[i].loraB.grad(), gb) < 0.03 * scaleOf(gb));
  }
}

void TestFusedLayers::noGradientForAFrozenInput() {
  // The first layer's input comes from frozen embeddings: only the adapters
  // get gradients, and a trained base weight falls back to plain autograd.
  auto c = makeProjections(torch::kFloat64, 0.0);
  const torch::Tensor x = torch::randn({2, 3, 24}, torch::kFloat64);
  const auto y = projectShared(x, c, true);
  torch::autograd::backward({y[0].sum() + y[2].sum()});
  QVERIFY(!x.grad().defined());
  QVERIFY(c[0].loraA.grad().defined());
  QVERIFY(c[2].loraB.grad().defined());
  QVERIFY(canFuseProjections(c));
  c[1].weight.requires_grad_(true);
  QVERIFY(!canFuseProjections(c));
  torch::NoGradGuard noGrad;
  QVERIFY(canFuseProjections(c));
}

void TestFusedLayers::rotaryMatchesAutograd() {
  torch::manual_seed(3);
  const int64_t b = 2, t = 6, heads = 3, d = 8;
  // The projection's layout: [B, T, heads, D] seen as [B, heads, T, D].
  const torch::Tensor base = torch::randn({b, t, heads, d}, torch::kFloat64);
  const torch::Tensor x1 = leaf(base), x2 = leaf(base);
  const torch::Tensor angles = torch::randn({t, d / 2}, torch::kFloat64);
  const torch::Tensor cos = torch::cat({angles, angles}, -1).cos(), sin = torch::cat({angles, angles}, -1).sin();
  const torch::Tensor yf = applyRotary(x1.transpose(1, 2), cos, sin);
  const torch::Tensor xp = x2.transpose(1, 2);
  const torch::Tensor yp = xp * cos + rotateHalf(xp) * sin;
  QVERIFY(yf.is_contiguous());
  QVERIFY(maxDiff(yf, yp) < 1e-12);
  const torch::Tensor g = torch::randn_like(yp);
  yf.backward(g);
  yp.backward(g);
  QVERIFY(maxDiff(x1.grad(), x2.grad()) < 1e-12);
}

void TestFusedLayers::swiGluMatchesAutograd() {
  torch::manual_seed(8);
  for (const auto type : {torch::kFloat64, torch::kBFloat16}) {
    const torch::Tensor g0 = torch::randn({4, 9, 16}).mul(3), u0 = torch::randn({4, 9, 16});
    const torch::Tensor g1 = leaf(g0.to(type)), u1 = leaf(u0.to(type));
    const torch::Tensor g2 = leaf(g0.to(type).to(torch::kFloat64)), u2 = leaf(u0.to(type).to(torch::kFloat64));
    const torch::Tensor yf = swiGlu(g1, u1);
    const torch::Tensor yp = torch::silu(g2) * u2;
    const double tolerance = type == torch::kFloat64 ? 1e-12 : 0.02;
    QCOMPARE(yf.scalar_type(), type);
    QVERIFY(maxDiff(yf, yp) < tolerance * scaleOf(yp));
    const torch::Tensor g = torch::randn_like(yp);
    yf.backward(g.to(type));
    yp.backward(g);
    QVERIFY(maxDiff(g1.grad(), g2.grad()) < tolerance * scaleOf(g2.grad()));
    QVERIFY(maxDiff(u1.grad(), u2.grad()) < tolerance * scaleOf(u2.grad()));
  }
}

void TestFusedLayers::attentionMatchesAutograd_data() {
  QTest::addColumn<int>("heads");
  QTest::addColumn<int>("kvHeads");
  QTest::newRow("multi-head") << 4 << 4;
  QTest::newRow("grouped 4/2") << 4 << 2;
  QTest::newRow("multi-query 6/1") << 6 << 1;
}

void TestFusedLayers::attentionMatchesAutograd() {
  QFETCH(int, heads);
  QFETCH(int, kvHeads);
  torch::manual_seed(9);
  const int64_t b = 2, t = 7, d = 8;
  const torch::Tensor q0 = torch::randn({b, heads, t, d}, torch::kFloat64);
  const torch::Tensor k0 = torch::randn({b, kvHeads, t, d}, torch::kFloat64);
  // v in the strided layout the value projection leaves it in.
  const torch::Tensor v0 = torch::randn({b, t, kvHeads, d}, torch::kFloat64);
  const torch::Tensor q1 = leaf(q0), k1 = leaf(k0), v1 = leaf(v0);
  const torch::Tensor q2 = leaf(q0), k2 = leaf(k0), v2 = leaf(v0);
  const torch::Tensor yf = causalAttention(q1, k1, v1.transpose(1, 2));
  const torch::Tensor yp = referenceAttention(q2, k2, v2.transpose(1, 2));
  QCOMPARE(yf.sizes(), yp.sizes());
  QVERIFY(maxDiff(yf, yp) < 1e-12);
  // The first query sees only the first key: its output is the first value.
  QVERIFY(maxDiff(yf.select(2, 0).select(1, 0), v0.select(1, 0).select(1, 0)) < 1e-12);
  const torch::Tensor g = torch::randn_like(yp);
  yf.backward(g);
  yp.backward(g);
  QVERIFY(maxDiff(q1.grad(), q2.grad()) < 1e-12);
  QVERIFY(maxDiff(k1.grad(), k2.grad()) < 1e-12);
  QVERIFY(maxDiff(v1.grad(), v2.grad()) < 1e-12);
}

void TestFusedLayers::attentionInBf16() {
  torch::manual_seed(4);
  const int64_t b = 2, heads = 4, kv = 2, t = 16, d = 16;
  const torch::Tensor q0 = torch::randn({b, heads, t, d}).to(torch::kBFloat16);
  const torch::Tensor k0 = torch::randn({b, kv, t, d}).to(torch::kBFloat16);
  const torch::Tensor v0 = torch::randn({b, kv, t, d}).to(torch::kBFloat16);
  const torch::Tensor q1 = leaf(q0), k1 = leaf(k0), v1 = leaf(v0);
  const torch::Tensor q2 = leaf(q0.to(torch::kFloat64)), k2 = leaf(k0.to(torch::kFloat64)),
                      v2 = leaf(v0.to(torch::kFloat64));
  const torch::Tensor yf = causalAttention(q1, k1, v1);
  const torch::Tensor yp = referenceAttention(q2, k2, v2);
  QCOMPARE(yf.scalar_type(), torch::kBFloat16);
  QVERIFY(maxDiff(yf, yp) < 0.03 * scaleOf(yp));
  const torch::Tensor g = torch::randn_like(yp);
  yf.backward(g.to(torch::kBFloat16));
  yp.backward(g);
  QVERIFY(maxDiff(q1.grad(), q2.grad()) < 0.03 * scaleOf(q2.grad()));
  QVERIFY(maxDiff(k1.grad(), k2.grad()) < 0.03 * scaleOf(k2.grad()));
  QVERIFY(maxDiff(v1.grad(), v2.grad()) < 0.03 * scaleOf(v2.grad()));
}

QTEST_GUILESS_MAIN(TestFusedLayers)
#include "tst_fusedlayers.moc"
