#include "migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Atelier {

// Kept in its own function so parallel branches adding steps merge cleanly;
// renumber on merge if another step took this number.
static Migration datasetEditingMigration() {
  return {6,
          QStringLiteral("dataset browser: a person's remove/restore decision outlives re-cleaning"),
          {QStringLiteral("ALTER TABLE conversations ADD COLUMN user_state TEXT"
                          " CHECK (user_state IN ('removed', 'restored'))"),
           // The browser filters by flag and pages through a dataset in id order.
           QStringLiteral("CREATE INDEX conversations_dataset_flags ON conversations(dataset_id, flags)")}};
}

// Chats of the Chat step: each keeps the model, adapter, system prompt and
// sampling it ran with, so reopening a chat continues it the same way.
static Migration chatMigration() {
  return {7,
          QStringLiteral("chat: conversations with models, their messages and feedback"),
          {QStringLiteral("CREATE TABLE chats ("
                          " id INTEGER PRIMARY KEY,"
                          " title TEXT NOT NULL,"
                          " model_dir TEXT NOT NULL DEFAULT '',"
                          " adapter_dir TEXT NOT NULL DEFAULT '',"
                          " system_prompt TEXT NOT NULL DEFAULT '',"
                          " sampling_json TEXT NOT NULL DEFAULT '{}',"
                          " created_at TEXT NOT NULL,"
                          " updated_at TEXT NOT NULL)"),
           QStringLiteral("CREATE TABLE chat_messages ("
                          " id INTEGER PRIMARY KEY,"
                          " chat_id INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,"
                          " position INTEGER NOT NULL,"
                          " role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),"
                          " content TEXT NOT NULL,"
                          " tokens_per_s REAL,"
                          " created_at TEXT NOT NULL,"
                          " feedback TEXT NOT NULL DEFAULT 'none' CHECK (feedback IN ('up', 'down', 'none')),"
                          " better_answer TEXT,"
                          " UNIQUE (chat_id, position))"),
           QStringLiteral("CREATE TABLE chat_presets ("
                          " name TEXT PRIMARY KEY NOT NULL,"
                          " system_prompt TEXT NOT NULL)")}};
}

// Never edit a released step; add a new one. Tests migrate from every
// earlier version to the latest and check that data survives.
const QList<Migration>& schemaMigrations() {
  static const QList<Migration> steps = {
      {1,
       QStringLiteral("project metadata"),
       {QStringLiteral("CREATE TABLE project_meta ("
                       " key TEXT PRIMARY KEY NOT NULL,"
                       " value TEXT NOT NULL)")}},
      {2,
       QStringLiteral("activity history shown in the project overview"),
       {QStringLiteral("CREATE TABLE activity ("
                       " id INTEGER PRIMARY KEY,"
                       " at TEXT NOT NULL,"
                       " kind TEXT NOT NULL,"
                       " message TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX activity_at ON activity(at)"),
        // Projects from version 1 get their creation as the first entry.
        QStringLiteral("INSERT INTO activity(at, kind, message)"
                       " SELECT value, 'created', 'Project created'"
                       " FROM project_meta WHERE key = 'created_at'")}},
      {3,
       QStringLiteral("datasets: imported conversations with their source lines"),
       {QStringLiteral("CREATE TABLE datasets ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " kind TEXT NOT NULL CHECK (kind IN ('chat', 'text', 'preference')),"
                       " format TEXT NOT NULL,"
                       " source_file TEXT NOT NULL,"
                       " created_at TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE conversations ("
                       " id INTEGER PRIMARY KEY,"
                       " dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
                       " source_line INTEGER NOT NULL,"
                       " original TEXT NOT NULL,"
                       " split TEXT CHECK (split IN ('train', 'val', 'test')),"
                       " flags TEXT NOT NULL DEFAULT '')"),
        QStringLiteral("CREATE INDEX conversations_dataset ON conversations(dataset_id)"),
        QStringLiteral("CREATE TABLE turns ("
                       " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
                       " position INTEGER NOT NULL,"
                       " role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'text')),"
                       " variant TEXT CHECK (variant IN ('chosen', 'rejected')),"
                       " content TEXT NOT NULL,"
                       " PRIMARY KEY (conversation_id, position))"),
        QStringLiteral("CREATE TABLE import_rejects ("
                       " dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,"
                       " source_line INTEGER NOT NULL,"
                       " reason TEXT NOT NULL)")}},
      {4,
       QStringLiteral("cleaning: cleaned text beside the original"),
       {QStringLiteral("ALTER TABLE turns ADD COLUMN cleaned TEXT")}},
      {5,
       QStringLiteral("training runs and their events (loss curves survive a GUI restart)"),
       {QStringLiteral("CREATE TABLE runs ("
                       " id INTEGER PRIMARY KEY,"
                       " name TEXT NOT NULL UNIQUE,"
                       " kind TEXT NOT NULL,"
                       " dataset TEXT NOT NULL,"
                       " model TEXT NOT NULL,"
                       " run_dir TEXT NOT NULL,"
                       " config_json TEXT NOT NULL,"
                       " status TEXT NOT NULL CHECK (status IN"
                       "  ('running', 'stopped', 'finished', 'failed')),"
                       " pid INTEGER,"
                       " created_at TEXT NOT NULL,"
                       " updated_at TEXT NOT NULL,"
                       " summary_json TEXT NOT NULL DEFAULT '{}')"),
        QStringLiteral("CREATE TABLE run_events ("
                       " id INTEGER PRIMARY KEY,"
                       " run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
                       " event TEXT NOT NULL,"
                       " step INTEGER,"
                       " payload TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX run_events_run ON run_events(run_id, id)")}},
      datasetEditingMigration(),
      chatMigration(),
  };
  return steps;
}

int latestSchemaVersion() { return schemaMigrations().last().version; }

static int userVersion(QSqlDatabase& db, QString* error) {
  QSqlQuery q(db);
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
    *error = q.lastError().text();
    return -1;
  }
  return q.value(0).toInt();
}

bool migrateSchema(QSqlDatabase& db, int targetVersion, QString* error) {
  int current = userVersion(db, error);
  if (current < 0) return false;
  for (const Migration& step : schemaMigrations()) {
    if (step.version <= current || step.version > targetVersion) continue;
    QSqlQuery q(db);
    // IMMEDIATE takes the write lock up front, so a second writer fails
    // before any statement runs rather than halfway through.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
      *error = QStringLiteral("cannot start schema step %1: %2")
                   .arg(step.version)
                   .arg(q.lastError().text());
      return false;
    }
    QStringList statements = step.statements;
    statements << QStringLiteral("PRAGMA user_version = %1").arg(step.version);
    for (const QString& sql : statements) {
      if (!q.exec(sql)) {
        *error = QStringLiteral("schema step %1 (%2) failed: %3")
                     .arg(step.version)
                     .arg(step.description, q.lastError().text());
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        return false;
      }
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
      *error = QStringLiteral("schema step %1 could not be saved: %2")
                   .arg(step.version)
                   .arg(q.lastError().text());
      QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
      return false;
    }
    current = step.version;
  }
  return true;
}

}  // namespace Atelier
