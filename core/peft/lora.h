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
// (base_model.model.<name>.lora_A.weight), written atomically into `folder`;
// for a reward model (config.isReward()) also the head, base_model.model.score.weight.
bool saveAdapter(CausalLM& model, const LoraConfig& config, const QString& folder, QString* error);

enum class AdapterUse { Generation, Any };

// Reads a PEFT adapter folder, adds adapters to the model and fills them; a
// reward model's adapter (SEQ_CLS) also adds and fills the score head, and is
// refused for Generation (chat, evaluation, export) with a message saying why.
bool loadAdapter(CausalLM& model, const QString& folder, LoraConfig* config, QString* error,
                 AdapterUse use = AdapterUse::Generation);

}  // namespace Atelier
