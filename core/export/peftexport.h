#pragma once

#include <QString>

namespace Atelier {

// Copies a PEFT adapter into `out` (a new or empty folder) after checking it
// applies to the base model, with base_model_name_or_path set to `baseName`
// (what PEFT users will load it on, e.g. "meta-llama/Llama-3.2-1B"; empty
// keeps the recorded one). Written beside `out` and renamed into place.
bool exportPeftAdapter(const QString& model, const QString& adapter, const QString& out, const QString& baseName,
                       QString* error);

}  // namespace Atelier
