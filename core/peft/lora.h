#pragma once
// LoRA on a CausalLM, and PEFT's on-disk format. Internal (includes torch).

#include "model/causallm.h"
#include "peft/loraconfig.h"

#include <QString>

namespace Atelier {

// Adds fresh adapters to the target projections of every layer and freezes
// every other parameter. Returns the number of adapted projections.
int applyLora(CausalLM& model, const LoraConfig& config);

// Folds every adapter into its base weight, or takes it back out.
void mergeLora(CausalLM& model);
void unmergeLora(CausalLM& model);
void setLoraEnabled(CausalLM& model, bool enabled);

// adapter_config.json + adapter_model.safetensors with PEFT's tensor names
// (base_model.model.<name>.lora_A.weight), written atomically into `folder`.
bool saveAdapter(CausalLM& model, const LoraConfig& config, const QString& folder, QString* error);

// Reads a PEFT adapter folder, adds adapters to the model and fills them.
bool loadAdapter(CausalLM& model, const QString& folder, LoraConfig* config, QString* error);

}  // namespace Atelier
