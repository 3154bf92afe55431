#pragma once
// Loading Hugging Face weights into a CausalLM. Internal (includes torch).

#include "model/causallm.h"

#include <QString>

#include <functional>

namespace Atelier {

// Called with the fraction done (0..1); return false to abort the load.
using LoadProgress = std::function<bool(double fraction)>;

// Builds the model from <folder>/config.json and its safetensors weights, on
// `device` in `dtype`. Every parameter must be present with the right shape;
// tensors the model has no use for (e.g. old rotary caches) are ignored.
bool loadCausalLM(const QString& folder, const torch::Device& device, torch::ScalarType dtype,
                  CausalLM* model, QString* error, const LoadProgress& progress = {});

// Copies a model's parameters out under their Hugging Face names, in `dtype`
// (for writing safetensors). Tied output weights are not repeated.
std::vector<std::pair<std::string, torch::Tensor>> namedWeights(CausalLM& model,
                                                                torch::ScalarType dtype);

}  // namespace Atelier
