#pragma once

#include <QString>

namespace Atelier {

// The learning rate of optimizer step `step` (0-based) of `totalSteps`, as
// transformers' schedules give it: a linear warm-up from 0 over `warmupSteps`,
// then cosine (to 0), linear (to 0) or constant.
double learningRateAt(const QString& scheduler, double peak, int warmupSteps, int step, int totalSteps);

}  // namespace Atelier
