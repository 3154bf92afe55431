#pragma once

#include "data/conversation.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Atelier {

// Guesses a file's format from its name and first record; `reason` says why,
// in words shown to the user.
DatasetFormat detectFormat(const QString& path, const QString& firstNonEmptyLine, QString* reason);

// One JSON record in the given format → a conversation, or false with the
// reason it was rejected ("missing field \"output\"", "unknown role \"tool\"").
bool conversationFromJson(DatasetFormat format, const QJsonObject& record, Conversation* out, QString* reason);

// A CSV/TSV row with a header, mapped by `mapping` (field → column name):
// instruction/input/output/system, or prompt/chosen/rejected for preferences.
bool conversationFromCsv(const QStringList& header, const QStringList& row,
                         const QHash<QString, QString>& mapping, Conversation* out, QString* reason);

// The default mapping for a CSV header (columns named like the fields,
// or question/answer, prompt/response).
QHash<QString, QString> guessCsvMapping(const QStringList& header);

}  // namespace Atelier
