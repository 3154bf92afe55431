#include "lrschedule.h"

#include <algorithm>
#include <cmath>

namespace Atelier {

double learningRateAt(const QString& scheduler, double peak, int warmupSteps, int step, int totalSteps) {
  if (step < warmupSteps) return peak * double(step) / double(std::max(1, warmupSteps));
  if (scheduler == QLatin1String("constant")) return peak;
  const double progress =
      double(step - warmupSteps) / double(std::max(1, totalSteps - warmupSteps));
  if (scheduler == QLatin1String("linear")) return peak * std::max(0.0, 1.0 - progress);
  return peak * std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace Atelier
