#pragma once

#include "data/conversation.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>

namespace Atelier {

class Database;

struct ImportOptions {
  QString file;
  QString name;  // the dataset's name in the project; must be new
  DatasetFormat format = DatasetFormat::Auto;
  QHash<QString, QString> csvMapping;  // field → column; empty: guessed from the header
  int textChunkChars = 2000;           // plain text: paragraphs packed up to this size
  // Bytes read and total; return false to cancel (nothing is kept).
  std::function<bool(qint64 done, qint64 total)> progress;
};

struct ImportRejection {
  qint64 line = 0;
  QString reason;
};

struct ImportResult {
  qint64 datasetId = 0;
  qint64 imported = 0;
  QList<ImportRejection> rejected;
  DatasetFormat format = DatasetFormat::Auto;
  QString formatReason;  // why this format was chosen
};

// Guesses a file's format from its name and first record; `reason` says why
// in words shown to the user (Auto when it cannot tell).
DatasetFormat detectFileFormat(const QString& path, QString* reason);

// Streams the file into the project database as one transaction: a failed or
// cancelled import leaves nothing behind. Rows that cannot be used are
// rejected with their line and reason; the rest are imported.
bool importDataset(Database& db, const ImportOptions& options, ImportResult* result, QString* error);

}  // namespace Atelier
