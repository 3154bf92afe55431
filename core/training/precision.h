#pragma once
// Which number type the frozen base model computes in while LoRA trains.

#include <QString>

#include <torch/torch.h>

namespace Atelier {

// "f32", "bf16" or "auto": bf16 on CUDA and on CPUs that multiply bf16
// natively (oneDNN then runs matrix products about twice as fast as f32
// OpenBLAS), f32 elsewhere (without native support bf16 is emulated and slow).
// LoRA weights, gradients and the optimizer always stay f32.
bool resolveBasePrecision(const QString& wanted, bool cuda, torch::ScalarType* type, QString* error);

QString precisionName(torch::ScalarType type);

}  // namespace Atelier
