#pragma once

#include <QString>

namespace Atelier {

// Looks at a database file's bytes before SQLite touches it, so that a
// truncated or foreign file is reported plainly ("this is not an Atelier
// project database") instead of as an SQLite error, and is never written to.
// Returns false and sets *error when the file cannot be an intact SQLite database.
bool checkSqliteFileHeader(const QString& path, QString* error);

}  // namespace Atelier
