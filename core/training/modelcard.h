#pragma once

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

}  // namespace Atelier
