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

// Evaluation results: one row per evaluation of a model (the base, or a run's
// checkpoint) on a dataset split, and one row per example with its answer, so
// the Evaluate page compares runs, lists the worst answers and exports them.
static Migration evalResultsMigration() {
  return {8,
          QStringLiteral("evaluation results per run and checkpoint, with every generated answer"),
          {QStringLiteral("CREATE TABLE eval_results ("
                          " id INTEGER PRIMARY KEY,"
                          " run_name TEXT NOT NULL,"      // a run's name, or 'base'
                          " checkpoint TEXT NOT NULL,"    // '' (base), final, best, step-000020, adapter
                          " model TEXT NOT NULL,"
                          " adapter TEXT NOT NULL DEFAULT '',"
                          " dataset TEXT NOT NULL,"
                          " split TEXT NOT NULL CHECK (split IN ('train', 'val', 'test', 'all')),"
                          " n INTEGER NOT NULL,"
                          " tokens INTEGER NOT NULL,"
                          " perplexity REAL NOT NULL,"
                          " bleu REAL,"                   // NULL: perplexity only, nothing generated
                          " rouge_l REAL,"
                          " max_new_tokens INTEGER NOT NULL,"
                          " created_at TEXT NOT NULL,"
                          " details_json TEXT NOT NULL DEFAULT '{}')"),
           QStringLiteral("CREATE INDEX eval_results_run ON eval_results(run_name, checkpoint)"),
           QStringLiteral("CREATE TABLE eval_examples ("
                          " eval_id INTEGER NOT NULL REFERENCES eval_results(id) ON DELETE CASCADE,"
                          " position INTEGER NOT NULL,"
                          " source_line INTEGER NOT NULL,"
                          " prompt TEXT NOT NULL,"
                          " reference TEXT NOT NULL,"
                          " generation TEXT NOT NULL,"
                          " rouge_l REAL,"
                          " nll REAL NOT NULL,"           // summed over the answer tokens
                          " tokens INTEGER NOT NULL,"
                          " PRIMARY KEY (eval_id, position))")}};
}

// Preference ranking (issue 7). Judgements are keyed by a UUID made where the
// rater works, so files from several machines merge without collisions; a
// judgement refers to its candidates by id inside result_json.
static Migration rankingMigration() {
  return {9,
          QStringLiteral("preference ranking: prompt sets, candidates, raters, judgements"),
          {QStringLiteral("CREATE TABLE rank_prompt_sets ("
                          " id INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL UNIQUE,"
                          " source TEXT NOT NULL DEFAULT '',"
                          " created_at TEXT NOT NULL)"),
           QStringLiteral("CREATE TABLE rank_prompts ("
                          " id INTEGER PRIMARY KEY,"
                          " set_id INTEGER NOT NULL REFERENCES rank_prompt_sets(id) ON DELETE CASCADE,"
                          " position INTEGER NOT NULL,"
                          " text TEXT NOT NULL,"
                          " UNIQUE (set_id, text))"),
           QStringLiteral("CREATE TABLE rank_candidates ("
                          " id INTEGER PRIMARY KEY,"
                          " prompt_id INTEGER NOT NULL REFERENCES rank_prompts(id) ON DELETE CASCADE,"
                          " text TEXT NOT NULL,"
                          " model TEXT NOT NULL DEFAULT '',"
                          " adapter TEXT NOT NULL DEFAULT '',"
                          " sampling_json TEXT NOT NULL DEFAULT '{}',"
                          " seed INTEGER,"
                          " created_at TEXT NOT NULL)"),
           QStringLiteral("CREATE INDEX rank_candidates_prompt ON rank_candidates(prompt_id)"),
           QStringLiteral("CREATE TABLE raters ("
                          " id INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL UNIQUE,"
                          " created_at TEXT NOT NULL)"),
           QStringLiteral("CREATE TABLE judgements ("
                          " uuid TEXT PRIMARY KEY NOT NULL,"
                          " rater_id INTEGER NOT NULL REFERENCES raters(id),"
                          " prompt_id INTEGER NOT NULL REFERENCES rank_prompts(id) ON DELETE CASCADE,"
                          " mode TEXT NOT NULL CHECK (mode IN ('ranking', 'pairwise')),"
                          " result_json TEXT NOT NULL DEFAULT '{}',"
                          " score INTEGER CHECK (score BETWEEN 1 AND 7),"
                          " comment TEXT NOT NULL DEFAULT '',"
                          " flags TEXT NOT NULL DEFAULT '',"
                          " skipped INTEGER NOT NULL DEFAULT 0,"
                          " created_at TEXT NOT NULL)"),
           QStringLiteral("CREATE INDEX judgements_prompt ON judgements(prompt_id)"),
           QStringLiteral("CREATE INDEX judgements_rater ON judgements(rater_id, created_at)"),
           // Owner settings: raters per prompt, the owner's PIN hash.
           QStringLiteral("CREATE TABLE rank_settings ("
                          " key TEXT PRIMARY KEY NOT NULL,"
                          " value TEXT NOT NULL)")}};
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
      evalResultsMigration(),
      rankingMigration(),
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
