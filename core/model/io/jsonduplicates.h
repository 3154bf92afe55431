#pragma once

#include <QByteArray>
#include <QStringList>

namespace Atelier {

// Looks for a key that occurs twice in one JSON object, at any depth.
// QJsonDocument quietly keeps only one of two equal keys, which would let a
// hostile or damaged file say two different things about one tensor (or one
// shard) and have us silently believe one of them.
//
// Call it only on text QJsonDocument has already accepted: the scan leans on
// the text being well-formed. On a duplicate, *path holds the keys of the
// enclosing objects followed by the repeated key, e.g. {"t", "dtype"}.
bool findDuplicateJsonKey(const QByteArray& json, QStringList* path);

}  // namespace Atelier
