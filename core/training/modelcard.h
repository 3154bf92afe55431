#pragma once

#include "training/preferenceexamples.h"
#include "training/sftconfig.h"
#include "training/sftexamples.h"

#include <QJsonObject>
#include <QString>

namespace Atelier {

// README.md of a finished run: what was trained on what, with which settings,
// and how it went, in words a person can read (and Hugging Face's card layout).
QString sftModelCard(const SftConfig& config, const SftData& data, const QJsonObject& summary);
bool writeSftModelCard(const SftConfig& config, const SftData& data, const QJsonObject& summary,
                       QString* error);

// The same for a DPO or reward-model run: what the preferences taught, in words.
QString preferenceModelCard(const SftConfig& config, const PreferenceData& data, const QJsonObject& summary);
bool writePreferenceModelCard(const SftConfig& config, const PreferenceData& data, const QJsonObject& summary,
                              QString* error);

}  // namespace Atelier
