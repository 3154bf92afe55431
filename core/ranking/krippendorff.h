#pragma once

#include <QList>
#include <optional>

namespace Atelier {

enum class AlphaMetric { Nominal, Ordinal, Interval };

// Krippendorff's alpha from reliability data: one row per unit, one value per
// coder in it (missing values simply absent). Units with fewer than two values
// are not pairable and ignored. Empty when nothing is pairable or the data have
// no variation (expected disagreement 0).
std::optional<double> krippendorffAlpha(const QList<QList<double>>& units, AlphaMetric metric);

}  // namespace Atelier
