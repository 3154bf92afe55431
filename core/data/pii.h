#pragma once

#include <QHash>
#include <QString>

namespace Atelier {

// Finds personal data and replaces it with typed placeholders: [EMAIL],
// [PHONE], [CREDIT_CARD] (Luhn-checked), [IBAN] (mod-97-checked),
// [IP_ADDRESS], [US_SSN], [URL_WITH_CREDENTIALS]. Counts go into `found`
// by lowercase type name ("email", "credit_card", ...).
QString redactPii(const QString& text, QHash<QString, int>* found);

bool luhnValid(const QString& digits);
bool ibanValid(const QString& iban);

}  // namespace Atelier
