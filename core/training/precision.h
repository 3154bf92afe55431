#pragma once
// Which number type the frozen base model computes in while LoRA trains.

#include <QString>

#include <torch/torch.h>

namespace Atelier {

// "f32", "bf16" or "auto": bf16 on CUDA and on CPUs that multiply bf16
// natively (there oneDNN's bf16 products ran 2-6× faster than OpenBLAS's f32
// ones for this model's shapes, and a whole LoRA step about 1.35×), f32
// elsewhere (without native support bf16 is emulated and slow).
// LoRA weights, gradients and the optimizer always stay f32.
bool resolveBasePrecision(const QString& wanted, bool cuda, torch::ScalarType* type, QString* error);

QString precisionName(torch::ScalarType type);

}  // namespace Atelier
