#pragma once
// Training from preference pairs (no torch in this header):
//  - dpo: LoRA on the model, Direct Preference Optimization against the same
//    model with the adapter switched off as the reference;
//  - reward: LoRA plus a scalar head ("score") that rates a conversation,
//    trained with the Bradley–Terry loss −log σ(r_chosen − r_rejected).
// Both share the run of trainSft: events, checkpoints, exact resume, early
// stopping on the validation loss. Step events add reward_margin and
// reward_accuracy (DPO also chosen_reward, rejected_reward and logp_margin);
// eval events the same with a val_ prefix.

#include "training/preferenceexamples.h"
#include "training/sftconfig.h"
#include "training/sfttrainer.h"

namespace Atelier {

RunOutcome trainPreference(const SftConfig& config, const PreferenceData& data, const SftRunControl& control,
                           const EventSink& emit, QJsonObject* summary, QString* error);

}  // namespace Atelier
