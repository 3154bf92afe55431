#pragma once

#include "data/conversation.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace Atelier {

class Database;

struct DatasetInfo {
  qint64 id = 0;
  QString name;
  QString kind;    // chat | text | preference
  QString format;  // alpaca, sharegpt, ...
  QString sourceFile;
  QDateTime createdAt;
  qint64 conversations = 0;
  qint64 rejected = 0;
};

// Datasets and their conversations in the project database.
class DatasetRepository {
 public:
  explicit DatasetRepository(Database& db) : mDb(db) {}

  QList<DatasetInfo> list();
  bool find(const QString& name, DatasetInfo* out);
  // Deletes a dataset with its rows (the import wizard, cancelled after importing).
  bool remove(qint64 datasetId, QString* error);

  // Calls `visit` for each conversation (in import order) of a split ("" = all
  // kept rows); `visit` returns false to stop. Rows flagged by cleaning are skipped.
  bool forEachConversation(qint64 datasetId, const QString& split,
                           const std::function<bool(const Conversation&)>& visit, QString* error);

 private:
  Database& mDb;
};

}  // namespace Atelier
