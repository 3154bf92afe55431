#pragma once

#include "data/recordsink.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace Atelier {

// Writes imported rows into the caller's open transaction. Rows are buffered
// and written with multi-row INSERTs through prepared statements (one
// statement per ~100 turns instead of one per turn): the import of 100,000
// conversations spent most of its time in per-statement overhead.
// Conversation ids are assigned here, after the largest id in the table;
// that is safe because the caller holds SQLite's write lock (BEGIN IMMEDIATE).
class ImportWriter : public RecordSink {
 public:
  ImportWriter(QSqlDatabase db, qint64 datasetId);
  // Reads the next free conversation id; false with *error on failure.
  bool start(QString* error);
  bool add(const Conversation& c, QString* error) override;
  bool reject(qint64 line, const QString& reason, QString* error) override;
  // Writes what is still buffered; call before COMMIT.
  bool finish(QString* error);

 private:
  struct Table {
    const char* insert;  // "INSERT INTO t(a, b) VALUES"
    int columns;
    QHash<int, QSqlQuery> prepared;  // by number of rows
    QVariantList values;
  };
  bool flush(Table& t, QString* error);
  static void append(Table& t, std::initializer_list<QVariant> row) {
    for (const QVariant& v : row) t.values.append(v);
  }
  static bool isFull(const Table& t) { return t.values.size() >= kBatchRows * t.columns; }
  static QString sql(const Table& t, int rows);

  static constexpr int kBatchRows = 100;  // ≤ 5 columns × 100 = 500 bound values (SQLite allows 999)
  QSqlDatabase mDb;
  qint64 mDatasetId;
  qint64 mNextId = 0;
  Table mConversations, mTurns, mRejects;
};

}  // namespace Atelier
