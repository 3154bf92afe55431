#pragma once

#include "data/conversation.h"
#include "data/datasetimporter.h"

#include <QHash>
#include <QStringList>

namespace Atelier {

// Where the importer's reader sends what it reads: the database (import) or
// a short list in memory (the wizard's preview). Internal to core/data.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  // False stops reading; *error says why.
  virtual bool add(const Conversation& c, QString* error) = 0;
  virtual bool reject(qint64 line, const QString& reason, QString* error) = 0;
  // A CSV/TSV header and the mapping that will be used for it.
  virtual void csvHeader(const QStringList& /*columns*/, const QHash<QString, QString>& /*mapping*/) {}
};

// Reads `o.file` in `result->format` (not Auto) into `sink`, counting into `result`.
bool readRecords(const ImportOptions& o, ImportResult* result, RecordSink* sink, QString* error);

}  // namespace Atelier
