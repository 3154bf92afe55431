#pragma once

#include <QList>
#include <QString>

namespace Atelier {

// One message of an imported example. Preference pairs keep their two
// answers as the last turns, marked "chosen" and "rejected".
struct Turn {
  QString role;     // system | user | assistant | text (plain documents)
  QString content;
  QString variant;  // "", "chosen" or "rejected"
};

// An imported example with where it came from, so every change can be traced.
struct Conversation {
  QList<Turn> turns;
  qint64 sourceLine = 0;  // 1-based line of the source file where it starts
  QString original;       // the source text of the record
};

enum class DatasetFormat { Auto, Alpaca, ShareGpt, OpenAi, Csv, Text, Preference };

QString formatName(DatasetFormat format);
bool parseFormatName(const QString& name, DatasetFormat* format);
// "chat", "text" or "preference": what the rows hold.
QString datasetKind(DatasetFormat format);

}  // namespace Atelier
