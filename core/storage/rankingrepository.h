#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace Atelier {

class Database;

struct PromptSet {
  qint64 id = 0;
  QString name;
  QString source;  // "dataset:NAME", "typed", "file:PATH", "imported"
  qint64 prompts = 0;
};

struct RankPrompt {
  qint64 id = 0;
  qint64 setId = 0;
  int position = 0;
  QString text;
};

// One response to rank, with where it came from (hidden from raters).
struct Candidate {
  qint64 id = 0;
  qint64 promptId = 0;
  QString text;
  QString model;    // model folder
  QString adapter;  // adapter folder or empty
  QJsonObject sampling;  // temperature, top_p, max_new_tokens, ...
  qint64 seed = -1;      // -1: none recorded
};

struct Rater {
  qint64 id = 0;
  QString name;
};

// A rater's decision on one prompt. Ranking: `ranks` maps candidate id to its
// rank (1 = best; equal ranks are ties). Pairwise: candidates `a` and `b` and a
// choice "a" | "b" | "tie" | "both_bad".
struct Judgement {
  QString uuid;  // primary identity, made where the rater works; survives export/import
  qint64 raterId = 0;
  QString rater;  // name (filled on reading)
  qint64 promptId = 0;
  QString mode;  // ranking | pairwise
  QList<QPair<qint64, int>> ranks;
  qint64 a = 0, b = 0;
  QString choice;
  int score = 0;  // 1..7, 0 = none
  QString comment;
  QStringList flags;  // unsafe, wrong, off_topic
  bool skipped = false;
  QDateTime createdAt;
};

// Prompt sets, candidates, raters and judgements in the project database.
// Every write is its own transaction, so a judgement is on disk (WAL,
// synchronous=FULL) when addJudgement returns true.
class RankingRepository {
 public:
  explicit RankingRepository(Database& db) : mDb(db) {}

  qint64 createPromptSet(const QString& name, const QString& source, QString* error);
  // Finds a set by name; 0 when there is none.
  qint64 promptSetId(const QString& name);
  QList<PromptSet> promptSets();
  // Adds prompts at the end of a set; a prompt already in the set is left alone.
  // Returns how many were new, -1 on failure.
  int addPrompts(qint64 setId, const QStringList& texts, QString* error);
  QList<RankPrompt> prompts(qint64 setId);
  bool prompt(qint64 promptId, RankPrompt* out);
  qint64 findPrompt(qint64 setId, const QString& text);

  qint64 addCandidate(const Candidate& c, QString* error);
  QList<Candidate> candidates(qint64 promptId);

  // Finds or creates a rater profile by name.
  qint64 rater(const QString& name, QString* error);
  QList<Rater> raters();

  // Stores a judgement in its own transaction. Makes a UUID when it has none.
  bool addJudgement(Judgement* j, QString* error);
  bool hasJudgement(const QString& uuid);
  // Undo: removes the rater's newest judgement; false when there is none.
  bool removeLastJudgement(qint64 raterId, Judgement* removed, QString* error);
  // All judgements, oldest first; setId 0 = every set.
  QList<Judgement> judgements(qint64 setId = 0);

  // Owner settings.
  int ratersPerPrompt();  // default 1
  bool setRatersPerPrompt(int n, QString* error);
  bool setOwnerPin(const QString& pin, QString* error);  // stored as salted SHA-256
  bool hasOwnerPin();
  bool checkOwnerPin(const QString& pin);

 private:
  QString setting(const QString& key);
  bool setSetting(const QString& key, const QString& value, QString* error);
  Database& mDb;
};

QJsonObject judgementResultJson(const Judgement& j);
bool judgementResultFromJson(const QJsonObject& o, Judgement* j);

}  // namespace Atelier
