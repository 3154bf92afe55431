#pragma once

#include "data/conversation.h"
#include "data/datasetimporter.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Atelier {

// The first records of a file as the import would read them, for the import
// wizard: detected format and why, the CSV columns and mapping, and rows or
// rejections, without touching a project.
struct DatasetPreview {
  DatasetFormat format = DatasetFormat::Auto;
  QString formatReason;
  QStringList csvColumns;
  QHash<QString, QString> csvMapping;  // field → column, as the import will use it
  QList<Conversation> rows;
  QList<ImportRejection> rejected;
  QString problem;  // why nothing can be imported yet (no answer column, unknown format)
};

// Reads until `maxRows` rows are found (or the file ends). Uses `options`'
// file, format (Auto = detect) and CSV mapping. False only when the file
// cannot be read at all.
bool previewDataset(const ImportOptions& options, int maxRows, DatasetPreview* out, QString* error);

// Fields a CSV column can be mapped to.
QStringList csvFieldNames();

}  // namespace Atelier
