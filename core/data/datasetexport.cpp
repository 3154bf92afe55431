#include "datasetexport.h"

#include "storage/datasetrepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Atelier {
namespace {

QJsonArray messagesJson(const QList<Turn>& turns, const QString& variant) {
  QJsonArray out;
  for (const Turn& t : turns)
    if (t.variant == variant)
      out.append(QJsonObject{{QStringLiteral("role"), t.role}, {QStringLiteral("content"), t.content}});
  return out;
}

}  // namespace

bool isExportSplit(const QString& split) {
  return split.isEmpty() || split == QLatin1String("all") || split == QLatin1String("train") ||
         split == QLatin1String("val") || split == QLatin1String("test");
}

bool exportDataset(Database& db, const ExportOptions& o, qint64* rows, QString* error) {
  *rows = 0;
  if (!isExportSplit(o.split)) {
    *error = QStringLiteral("the split must be train, val, test or all, not \"%1\"").arg(o.split);
    return false;
  }
  DatasetRepository repo(db);
  DatasetInfo info;
  if (!repo.find(o.name, &info)) {
    *error = QStringLiteral("the project has no dataset named \"%1\"").arg(o.name);
    return false;
  }
  // QSaveFile writes beside the target and renames on commit(); destroyed
  // without commit() it removes its temporary file.
  QSaveFile file(o.file);
  if (!file.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("Cannot write %1: %2").arg(o.file, file.errorString());
    return false;
  }
  const bool preference = info.kind == QLatin1String("preference");
  bool cancelled = false, writeFailed = false;
  const QString split = o.split == QLatin1String("all") ? QString() : o.split;
  const bool ok = repo.forEachConversation(info.id, split, [&](const Conversation& c) {
    const QJsonObject record = preference
        ? QJsonObject{{QStringLiteral("prompt"), messagesJson(c.turns, QString())},
                      {QStringLiteral("chosen"), messagesJson(c.turns, QStringLiteral("chosen"))},
                      {QStringLiteral("rejected"), messagesJson(c.turns, QStringLiteral("rejected"))}}
        : QJsonObject{{QStringLiteral("messages"), messagesJson(c.turns, QString())}};
    QByteArray line = QJsonDocument(record).toJson(QJsonDocument::Compact);
    line += '\n';
    if (file.write(line) != line.size()) {
      writeFailed = true;
      return false;
    }
    ++*rows;
    if (o.progress && *rows % 256 == 0 && !o.progress(*rows)) {
      cancelled = true;
      return false;
    }
    return true;
  }, error);
  if (!ok || cancelled || writeFailed) {
    if (cancelled) *error = QStringLiteral("The export was cancelled; %1 was not written.").arg(o.file);
    else if (writeFailed) *error = QStringLiteral("Writing %1 failed: %2").arg(o.file, file.errorString());
    file.cancelWriting();
    *rows = 0;
    return false;
  }
  if (!file.commit()) {
    *error = QStringLiteral("Cannot save %1: %2").arg(o.file, file.errorString());
    *rows = 0;
    return false;
  }
  return true;
}

}  // namespace Atelier
