#include "datasetcleaner.h"

#include "data/pii.h"
#include "data/tokencounter.h"
#include "data/textclean.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"

#include <QHash>
#include <QSet>
#include <QMutex>
#include <QtConcurrent>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cstring>
#include <tuple>
#include <numeric>

namespace Atelier {
namespace {

struct Row {
  qint64 id = 0;
  QString storedFlags;
  QString userState;  // "", "removed" or "restored": decided by a person in the browser
  bool hadSplit = false;
  QStringList roles, contents, cleaned;
  QList<QVariant> storedCleaned;  // what the database holds now, to skip unchanged writes
  QStringList reasons;
  // Computed in the parallel pass so the serial duplicate passes only compare.
  QByteArray exactKey;             // hash of role:comparisonKey per turn
  std::vector<uint32_t> signature; // MinHash of the whole row's comparison key
};

// 128 bits of two independent 64-bit hashes of the text duplicates are
// compared on: equal texts give equal keys, different ones practically never.
QByteArray exactKeyOf(const QStringList& roles, const QStringList& keys) {
  uint64_t a = 1469598103934665603ULL, b = 0x9e3779b97f4a7c15ULL;
  auto feed = [&](char16_t u) {
    a = (a ^ u) * 1099511628211ULL;
    b = (b + u + 1) * 0xff51afd7ed558ccdULL;
    b ^= b >> 29;
  };
  for (int t = 0; t < keys.size(); ++t) {
    for (QChar c : roles[t]) feed(c.unicode());
    feed(u':');
    for (QChar c : keys[t]) feed(c.unicode());
    feed(u'\n');
  }
  QByteArray out(16, Qt::Uninitialized);
  memcpy(out.data(), &a, 8);
  memcpy(out.data() + 8, &b, 8);
  return out;
}

bool loadRows(Database& db, qint64 datasetId, QList<Row>* rows, QString* error) {
  QSqlQuery q(db.connection());
  q.setForwardOnly(true);
  q.prepare(QStringLiteral("SELECT c.id, t.role, t.content, t.cleaned, c.flags, c.split IS NOT NULL,"
                           " COALESCE(c.user_state, '')"
                           " FROM conversations c JOIN turns t ON t.conversation_id = c.id"
                           " WHERE c.dataset_id = ? ORDER BY c.id, t.position"));
  q.addBindValue(datasetId);
  if (!q.exec()) {
    *error = q.lastError().text();
    return false;
  }
  while (q.next()) {
    const qint64 id = q.value(0).toLongLong();
    if (rows->isEmpty() || rows->last().id != id) {
      Row row;
      row.id = id;
      row.storedFlags = q.value(4).toString();
      row.hadSplit = q.value(5).toBool();
      row.userState = q.value(6).toString();
      rows->append(row);
    }
    rows->last().roles << q.value(1).toString();
    rows->last().contents << q.value(2).toString();
    rows->last().storedCleaned << q.value(3);
  }
  return true;
}

// Union-find over row indices, for near-duplicate clusters.
int findRoot(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

constexpr int kShingleWords = 3, kHashes = 128, kBands = 32, kRows = kHashes / kBands;
static_assert(kRows == 4, "a band is keyed by four 32-bit values");

void flagNearDuplicates(QList<Row>& rows, const std::vector<int>& candidates, double threshold) {
  const QList<Row>& in = rows;
  // Bands are independent: each finds its similar pairs on its own core.
  // Clusters are the connected components of all pairs, whatever order the
  // pairs are joined in, and the earliest row of each stays.
  QList<int> bands(kBands);
  std::iota(bands.begin(), bands.end(), 0);
  const QList<std::vector<std::pair<int, int>>> pairs =
      QtConcurrent::blockingMapped(bands, [&](int band) {
        std::vector<std::pair<int, int>> similar;
        // (band values as two 64-bit halves, row), sorted: rows with equal
        // band values end up side by side, the earliest first; each later
        // one is compared with that first row.
        struct Entry {
          quint64 a, b;
          int row;
          bool operator<(const Entry& o) const { return std::tie(a, b, row) < std::tie(o.a, o.b, o.row); }
        };
        std::vector<Entry> entries;
        entries.reserve(candidates.size());
        for (int i : candidates) {
          const uint32_t* v = in[i].signature.data() + band * kRows;
          entries.push_back({quint64(v[0]) << 32 | v[1], quint64(v[2]) << 32 | v[3], i});
        }
        std::sort(entries.begin(), entries.end());
        for (size_t k = 1, first = 0; k < entries.size(); ++k) {
          if (entries[k].a != entries[first].a || entries[k].b != entries[first].b) {
            first = k;
            continue;
          }
          const int i = entries[k].row, j = entries[first].row;
          if (estimatedJaccard(in[i].signature, in[j].signature) >= threshold) similar.emplace_back(i, j);
        }
        return similar;
      });
  std::vector<int> parent(rows.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (const auto& band : pairs)
    for (const auto& [i, j] : band) {
      const int a = findRoot(parent, i), b = findRoot(parent, j);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the earliest row leads its cluster
    }
  for (int i : candidates)
    if (findRoot(parent, i) != i) rows[i].reasons << QStringLiteral("near_duplicate");
}

// Token counts of whole conversations still in, against the limits.
void flagTokenLengths(QList<Row>& rows, TokenCounter& counter, const CleanOptions& o) {
  QtConcurrent::blockingMap(rows, [&](Row& row) {
    if (!row.reasons.isEmpty()) return;
    int tokens = 0;
    for (const QString& text : std::as_const(row.cleaned)) tokens += counter.count(text);
    if (o.minTokens > 0 && tokens < o.minTokens) row.reasons << QStringLiteral("too_few_tokens");
    else if (o.maxTokens > 0 && tokens > o.maxTokens) row.reasons << QStringLiteral("too_many_tokens");
  });
}

}  // namespace

bool cleanDataset(Database& db, const QString& name, const CleanOptions& o, CleanResult* result, QString* error) {
  *result = CleanResult();
  DatasetInfo info;
  if (!DatasetRepository(db).find(name, &info)) {
    *error = QStringLiteral("the project has no dataset named \"%1\"").arg(name);
    return false;
  }
  if (o.pii != QLatin1String("redact") && o.pii != QLatin1String("drop") && o.pii != QLatin1String("keep")) {
    *error = QStringLiteral("PII handling must be redact, drop or keep");
    return false;
  }
  std::unique_ptr<TokenCounter> tokens;
  if (o.minTokens > 0 || o.maxTokens > 0) {
    tokens = TokenCounter::create(o.tokenModel, error);
    if (!tokens) return false;
    result->tokenSource = tokens->description();
  }
  QList<Row> rows;
  if (!loadRows(db, info.id, &rows, error)) return false;
  result->total = rows.size();
  QStringList blocked;
  for (const QString& b : o.blocklist)
    if (!comparisonKey(b).isEmpty()) blocked << QStringLiteral(" %1 ").arg(comparisonKey(b));

  // Rows are cleaned independently: spread them over the cores.
  QMutex piiMutex;
  QtConcurrent::blockingMap(rows, [&](Row& row) {
    QHash<QString, int> found;
    int chars = 0;
    bool emptyAnswer = false;
    for (int t = 0; t < row.contents.size(); ++t) {
      QString text = row.contents[t];
      if (o.html) text = stripHtml(text);
      if (o.normalize) text = normalizeWhitespace(text);
      if (o.pii != QLatin1String("keep")) text = redactPii(text, &found);
      chars += text.size();
      if (row.roles[t] == QLatin1String("assistant") && text.trimmed().isEmpty()) emptyAnswer = true;
      row.cleaned << text;
    }
    const QString all = row.cleaned.join(QLatin1Char('\n'));
    // The comparison key of the whole row is the turns' keys joined by a space
    // (a newline separates words and is a starter for NFKC): computed once.
    QStringList keys;
    keys.reserve(row.cleaned.size());
    QString allKey;
    for (const QString& text : std::as_const(row.cleaned)) {
      keys << comparisonKey(text);
      if (!keys.last().isEmpty()) allKey += (allKey.isEmpty() ? QString() : QStringLiteral(" ")) + keys.last();
    }
    if (o.exactDedup) row.exactKey = exactKeyOf(row.roles, keys);
    if (o.nearDedup) row.signature = minHashSignature(allKey, kShingleWords, kHashes);
    if (!found.isEmpty() && o.pii == QLatin1String("drop")) row.reasons << QStringLiteral("pii");
    if (o.pii == QLatin1String("redact") && !found.isEmpty()) {
      QMutexLocker lock(&piiMutex);
      for (auto it = found.begin(); it != found.end(); ++it) result->piiRedacted[it.key()] += it.value();
    }
    if (chars < o.minChars) row.reasons << QStringLiteral("too_short");
    if (o.maxChars > 0 && chars > o.maxChars) row.reasons << QStringLiteral("too_long");
    if (o.quality) {
      if (emptyAnswer) row.reasons << QStringLiteral("empty_answer");
      else if (repeatedLineRatio(all) > o.maxRepeatedLines) row.reasons << QStringLiteral("repeated_lines");
      else if (repeatedTrigramRatioOfKey(allKey) > o.maxRepeatedTrigrams) row.reasons << QStringLiteral("repetitive");
      else if (symbolRatio(all) > o.maxSymbolRatio) row.reasons << QStringLiteral("symbols");
    }
    if (!blocked.isEmpty()) {
      const QString key = QStringLiteral(" %1 ").arg(allKey);
      for (const QString& b : blocked)
        if (key.contains(b)) {
          row.reasons << QStringLiteral("blocklist");
          break;
        }
    }
  });
  // A row removed by hand stays out and leaves its duplicates in.
  for (Row& row : rows)
    if (row.userState == QLatin1String("removed")) row.reasons.prepend(QStringLiteral("removed_by_user"));
  if (tokens) flagTokenLengths(rows, *tokens, o);
  // Duplicates among the rows still in: the first occurrence stays.
  std::vector<int> candidates;
  QSet<QByteArray> seen;
  for (int i = 0; i < rows.size(); ++i) {
    if (!rows[i].reasons.isEmpty()) continue;
    if (o.exactDedup) {
      if (seen.contains(rows[i].exactKey)) {
        rows[i].reasons << QStringLiteral("exact_duplicate");
        continue;
      }
      seen.insert(rows[i].exactKey);
    }
    candidates.push_back(i);
  }
  if (o.nearDedup) flagNearDuplicates(rows, candidates, o.nearThreshold);
  for (Row& row : rows)
    if (row.userState == QLatin1String("restored")) row.reasons.clear();

  QSqlDatabase c = db.connection();
  if (!QSqlQuery(c).exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    *error = c.lastError().text();
    return false;
  }
  QSqlQuery turn(c), conversation(c);
  turn.prepare(QStringLiteral("UPDATE turns SET cleaned = ? WHERE conversation_id = ? AND position = ?"));
  conversation.prepare(QStringLiteral("UPDATE conversations SET flags = ?, split = NULL WHERE id = ?"));
  for (const Row& row : std::as_const(rows)) {
    for (int t = 0; t < row.cleaned.size(); ++t) {
      const QVariant value = row.cleaned[t] == row.contents[t] ? QVariant() : QVariant(row.cleaned[t]);
      const QVariant& stored = row.storedCleaned[t];
      if (value.isNull() == stored.isNull() && (value.isNull() || value.toString() == stored.toString())) continue;
      turn.addBindValue(value);
      turn.addBindValue(row.id);
      turn.addBindValue(t);
      if (!turn.exec()) break;
    }
    const QString flags = row.reasons.isEmpty() ? QStringLiteral("") : row.reasons.first();
    bool saved = true;
    if (flags != row.storedFlags || row.hadSplit) {
      conversation.addBindValue(flags);
      conversation.addBindValue(row.id);
      saved = conversation.exec();
    }
    if (!saved || turn.lastError().isValid()) {
      *error = QStringLiteral("Saving the cleaning failed: %1").arg(conversation.lastError().text() + turn.lastError().text());
      QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
      return false;
    }
    if (row.reasons.isEmpty()) ++result->kept;
    else result->removed[row.reasons.first()] += 1;
  }
  if (!QSqlQuery(c).exec(QStringLiteral("COMMIT"))) {
    *error = c.lastError().text();
    QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
    return false;
  }
  return true;
}

bool splitDataset(Database& db, const QString& name, double val, double test, quint64 seed, SplitResult* result,
                  QString* error) {
  *result = SplitResult();
  if (val < 0 || test < 0 || val + test >= 1) {
    *error = QStringLiteral("validation and test fractions must be ≥ 0 and add up to less than 1");
    return false;
  }
  DatasetInfo info;
  if (!DatasetRepository(db).find(name, &info)) {
    *error = QStringLiteral("the project has no dataset named \"%1\"").arg(name);
    return false;
  }
  QSqlDatabase c = db.connection();
  QSqlQuery q(c);
  q.prepare(QStringLiteral("SELECT id FROM conversations WHERE dataset_id = ? AND flags = '' ORDER BY id"));
  q.addBindValue(info.id);
  if (!q.exec()) {
    *error = q.lastError().text();
    return false;
  }
  std::vector<qint64> ids;
  while (q.next()) ids.push_back(q.value(0).toLongLong());
  // A seeded Fisher–Yates shuffle of the ids in import order: same seed, same split.
  QRandomGenerator random(static_cast<quint32>(seed ^ (seed >> 32)));
  for (size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[random.bounded(quint32(i))]);
  const qint64 nVal = qint64(std::llround(val * ids.size())), nTest = qint64(std::llround(test * ids.size()));
  if (!QSqlQuery(c).exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    *error = c.lastError().text();
    return false;
  }
  QSqlQuery u(c);
  u.prepare(QStringLiteral("UPDATE conversations SET split = ? WHERE id = ?"));
  for (size_t i = 0; i < ids.size(); ++i) {
    const QString split = qint64(i) < nVal ? QStringLiteral("val") : qint64(i) < nVal + nTest ? QStringLiteral("test") : QStringLiteral("train");
    (split == QLatin1String("val") ? result->val : split == QLatin1String("test") ? result->test : result->train) += 1;
    u.addBindValue(split);
    u.addBindValue(ids[i]);
    if (!u.exec()) {
      *error = u.lastError().text();
      QSqlQuery(c).exec(QStringLiteral("ROLLBACK"));
      return false;
    }
  }
  return QSqlQuery(c).exec(QStringLiteral("COMMIT")) || (QSqlQuery(c).exec(QStringLiteral("ROLLBACK")), false);
}

}  // namespace Atelier
