#include "krippendorff.h"

#include <QMap>

#include <algorithm>

namespace Atelier {

// The coincidence-matrix form (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability"): o_ck counts value pairs within units weighted 1/(m_u-1),
// n_c are its margins, alpha = 1 - D_o / D_e.
std::optional<double> krippendorffAlpha(const QList<QList<double>>& units, AlphaMetric metric) {
  QMap<double, int> index;
  for (const auto& u : units)
    if (u.size() >= 2)
      for (double v : u) index.insert(v, 0);
  if (index.isEmpty()) return std::nullopt;
  QList<double> values = index.keys();
  for (int i = 0; i < values.size(); ++i) index[values[i]] = i;
  const int n = values.size();
  std::vector<double> o(size_t(n) * n, 0.0);
  for (const auto& u : units) {
    const int m = u.size();
    if (m < 2) continue;
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < m; ++j)
        if (i != j) o[size_t(index[u[i]]) * n + index[u[j]]] += 1.0 / (m - 1);
  }
  std::vector<double> margin(n, 0.0);
  double total = 0;
  for (int c = 0; c < n; ++c) {
    for (int k = 0; k < n; ++k) margin[c] += o[size_t(c) * n + k];
    total += margin[c];
  }
  auto delta = [&](int c, int k) -> double {
    switch (metric) {
      case AlphaMetric::Nominal: return c == k ? 0.0 : 1.0;
      case AlphaMetric::Interval: return (values[c] - values[k]) * (values[c] - values[k]);
      case AlphaMetric::Ordinal: {
        const int lo = std::min(c, k), hi = std::max(c, k);
        double s = 0;
        for (int g = lo; g <= hi; ++g) s += margin[g];
        s -= (margin[c] + margin[k]) / 2.0;
        return s * s;
      }
    }
    return 0.0;
  };
  double observed = 0, expected = 0;
  for (int c = 0; c < n; ++c)
    for (int k = 0; k < n; ++k) {
      const double d = delta(c, k);
      observed += o[size_t(c) * n + k] * d;
      expected += margin[c] * margin[k] * d;
    }
  if (total <= 1) return std::nullopt;
  expected /= (total - 1);
  if (expected <= 0) return std::nullopt;
  return 1.0 - observed / expected;
}

}  // namespace Atelier
