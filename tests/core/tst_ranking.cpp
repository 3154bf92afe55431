// Preference ranking storage and statistics: prompt sets, candidates,
// judgements with undo, the owner's settings, even coverage across raters,
// pairs from rankings, agreement and Krippendorff's alpha against values from
// Krippendorff's paper (recomputed by tests/data/ranking/krippendorff_reference.py),
// export/import between two copies of a project, DPO pairs and the dataset.
#include "project/project.h"
#include "ranking/judgementfile.h"
#include "ranking/krippendorff.h"
#include "ranking/preferencepairs.h"
#include "ranking/rankingqueue.h"
#include "ranking/rankingstats.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "storage/rankingrepository.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestRanking : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void krippendorffPaperExample();
  void promptsCandidatesAndJudgements();
  void ownerSettings();
  void coverageIsEvenAndNoPromptTwice();
  void pairsFromRankings();
  void agreementAndAlphaKnownValues();
  void twoRatersTwoCopiesMerge();
  void importRejectsBadLinesAndImportsNothing();
  void dpoExportAndDataset();

 private:
  // A project with set "s" of `prompts` prompts, 3 candidates each.
  std::unique_ptr<Project> makeProject(const QString& folder, int prompts, qint64* setId);
  Judgement ranking(RankingRepository& repo, const QString& rater, qint64 promptId, const QList<int>& ranks);
  QTemporaryDir mDir;
};

std::unique_ptr<Project> TestRanking::makeProject(const QString& folder, int prompts, qint64* setId) {
  QString error;
  auto p = Project::create(mDir.filePath(folder), QString(), QString(), &error);
  if (!p) return p;
  RankingRepository repo(p->database());
  *setId = repo.createPromptSet(QStringLiteral("s"), QStringLiteral("typed"), &error);
  QStringList texts;
  for (int i = 0; i < prompts; ++i) texts << QStringLiteral("Prompt %1").arg(i + 1);
  repo.addPrompts(*setId, texts, &error);
  for (const RankPrompt& pr : repo.prompts(*setId))
    for (int k = 0; k < 3; ++k) {
      Candidate c;
      c.promptId = pr.id;
      c.text = QStringLiteral("%1 / answer %2").arg(pr.text).arg(k + 1);
      c.model = QStringLiteral("/models/m");
      c.sampling = QJsonObject{{QStringLiteral("temperature"), 0.8}};
      c.seed = k;
      repo.addCandidate(c, &error);
    }
  return p;
}

Judgement TestRanking::ranking(RankingRepository& repo, const QString& rater, qint64 promptId,
                               const QList<int>& ranks) {
  Judgement j;
  QString error;
  j.raterId = repo.rater(rater, &error);
  j.promptId = promptId;
  j.mode = QStringLiteral("ranking");
  const QList<Candidate> cs = repo.candidates(promptId);
  for (int i = 0; i < ranks.size(); ++i) j.ranks.append({cs[i].id, ranks[i]});
  if (!repo.addJudgement(&j, &error)) qWarning("%s", qPrintable(error));
  return j;
}

void TestRanking::krippendorffPaperExample() {
  // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the
  // 4 observers x 12 units example with missing values; the paper gives
  // nominal .743, ordinal .815, interval .849.
  const double na = -1;
  const QList<QList<double>> byObserver = {{1, 2, 3, 3, 2, 1, 4, 1, 2, na, na, na},
                                           {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, na, 3},
                                           {na, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, na},
                                           {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, na}};
  QList<QList<double>> units(12);
  for (const auto& row : byObserver)
    for (int u = 0; u < 12; ++u)
      if (row[u] != na) units[u].append(row[u]);
  QVERIFY(qAbs(*krippendorffAlpha(units, AlphaMetric::Nominal) - 0.743421) < 1e-6);
  QVERIFY(qAbs(*krippendorffAlpha(units, AlphaMetric::Ordinal) - 0.815388) < 1e-6);
  QVERIFY(qAbs(*krippendorffAlpha(units, AlphaMetric::Interval) - 0.849107) < 1e-6);
  QVERIFY(!krippendorffAlpha({{1}, {2}}, AlphaMetric::Ordinal));       // nothing pairable
  QVERIFY(!krippendorffAlpha({{1, 1}, {1, 1}}, AlphaMetric::Ordinal));  // no variation
}

void TestRanking::promptsCandidatesAndJudgements() {
  qint64 setId = 0;
  auto p = makeProject(QStringLiteral("basic"), 2, &setId);
  QVERIFY(p);
  RankingRepository repo(p->database());
  QString error;
  QCOMPARE(repo.addPrompts(setId, {QStringLiteral("Prompt 1"), QStringLiteral(" new one "), QString()}, &error), 1);
  QCOMPARE(repo.prompts(setId).size(), 3);
  QCOMPARE(repo.prompts(setId).last().text, QStringLiteral("new one"));
  QVERIFY(!repo.createPromptSet(QStringLiteral("s"), QString(), &error));
  QVERIFY2(error.contains(QStringLiteral("already exists")), qPrintable(error));
  const qint64 prompt1 = repo.prompts(setId).first().id;
  const QList<Candidate> cs = repo.candidates(prompt1);
  QCOMPARE(cs.size(), 3);
  QCOMPARE(cs[2].seed, 2);
  QCOMPARE(cs[0].sampling.value(QStringLiteral("temperature")).toDouble(), 0.8);

  Judgement j = ranking(repo, QStringLiteral("Ana"), prompt1, {2, 1, 3});
  QVERIFY(!j.uuid.isEmpty());
  Judgement pair;
  pair.raterId = j.raterId;
  pair.promptId = repo.prompts(setId)[1].id;
  pair.mode = QStringLiteral("pairwise");
  const QList<Candidate> cs2 = repo.candidates(pair.promptId);
  pair.a = cs2[0].id;
  pair.b = cs2[1].id;
  pair.choice = QStringLiteral("b");
  pair.score = 6;
  pair.comment = QStringLiteral("close call");
  pair.flags = QStringList{QStringLiteral("wrong")};
  QVERIFY2(repo.addJudgement(&pair, &error), qPrintable(error));
  Judgement dup = pair;
  QVERIFY(!repo.addJudgement(&dup, &error));  // same UUID is refused, not overwritten

  const QList<Judgement> all = repo.judgements();
  QCOMPARE(all.size(), 2);
  QCOMPARE(all[0].rater, QStringLiteral("Ana"));
  QCOMPARE(all[0].ranks.size(), 3);
  QCOMPARE(all[0].ranks[1].second, 1);
  QCOMPARE(all[1].choice, QStringLiteral("b"));
  QCOMPARE(all[1].score, 6);
  QCOMPARE(all[1].flags, QStringList{QStringLiteral("wrong")});
  QCOMPARE(all[1].comment, QStringLiteral("close call"));

  Judgement undone;
  QVERIFY(repo.removeLastJudgement(j.raterId, &undone, &error));
  QCOMPARE(undone.uuid, pair.uuid);
  QCOMPARE(repo.judgements().size(), 1);
  QVERIFY(repo.removeLastJudgement(j.raterId, nullptr, &error));
  QVERIFY(!repo.removeLastJudgement(j.raterId, nullptr, &error));
}

void TestRanking::ownerSettings() {
  qint64 setId = 0;
  auto p = makeProject(QStringLiteral("settings"), 1, &setId);
  RankingRepository repo(p->database());
  QString error;
  QCOMPARE(repo.ratersPerPrompt(), 1);
  QVERIFY(repo.setRatersPerPrompt(3, &error));
  QCOMPARE(repo.ratersPerPrompt(), 3);
  QVERIFY(!repo.setRatersPerPrompt(0, &error));
  QVERIFY(!repo.hasOwnerPin());
  QVERIFY(!repo.setOwnerPin(QStringLiteral("12"), &error));
  QVERIFY(repo.setOwnerPin(QStringLiteral("4711"), &error));
  QVERIFY(repo.hasOwnerPin());
  QVERIFY(repo.checkOwnerPin(QStringLiteral("4711")));
  QVERIFY(!repo.checkOwnerPin(QStringLiteral("4712")));
}

void TestRanking::coverageIsEvenAndNoPromptTwice() {
  qint64 setId = 0;
  auto p = makeProject(QStringLiteral("queue"), 4, &setId);
  Database& db = p->database();
  RankingRepository repo(db);
  QString error;
  QVERIFY(repo.setRatersPerPrompt(2, &error));
  const qint64 a = repo.rater(QStringLiteral("A"), &error), b = repo.rater(QStringLiteral("B"), &error),
               c = repo.rater(QStringLiteral("C"), &error);
  QHash<qint64, int> seen;
  // A and B alternate; each prompt must be taken by the least-covered first.
  for (int round = 0; round < 4; ++round)
    for (qint64 r : {a, b}) {
      const qint64 next = nextPromptForRater(db, setId, r);
      QVERIFY(next);
      Judgement j;
      j.raterId = r;
      j.promptId = next;
      j.mode = QStringLiteral("ranking");
      const QList<Candidate> cs = repo.candidates(next);
      j.ranks = {{cs[0].id, 1}, {cs[1].id, 2}, {cs[2].id, 3}};
      QVERIFY(repo.addJudgement(&j, &error));
      ++seen[next];
      // After every step, coverage differs by at most one... within the first pass.
      if (round < 2) {
        int lo = 99, hi = 0;
        for (const RankPrompt& pr : repo.prompts(setId)) {
          lo = qMin(lo, seen.value(pr.id));
          hi = qMax(hi, seen.value(pr.id));
        }
        QVERIFY2(hi - lo <= 1, "coverage is uneven");
      }
    }
  for (int n : seen) QCOMPARE(n, 2);
  // Every prompt has its two raters: nobody gets anything, C included.
  QueueProgress progress;
  QCOMPARE(nextPromptForRater(db, setId, a, &progress), 0);
  QCOMPARE(progress.done, 4);
  QCOMPARE(nextPromptForRater(db, setId, c, &progress), 0);
  QCOMPARE(progress.available, 0);
  // Raising the target gives C every prompt, and A none (A saw them all).
  QVERIFY(repo.setRatersPerPrompt(3, &error));
  QVERIFY(nextPromptForRater(db, setId, c, &progress));
  QCOMPARE(progress.available, 4);
  QCOMPARE(nextPromptForRater(db, setId, a), 0);
  // A skipped prompt is not shown again to that rater and does not count as covered.
  Judgement skip;
  skip.raterId = c;
  skip.promptId = nextPromptForRater(db, setId, c);
  skip.mode = QStringLiteral("ranking");
  skip.skipped = true;
  QVERIFY(repo.addJudgement(&skip, &error));
  QVERIFY(nextPromptForRater(db, setId, c) != skip.promptId);
  QCOMPARE(nextPromptForRater(db, setId, c, &progress) != 0, true);
  QCOMPARE(progress.available, 3);
}

void TestRanking::pairsFromRankings() {
  Judgement j;
  j.mode = QStringLiteral("ranking");
  j.ranks = {{10, 1}, {11, 2}, {12, 2}, {13, 3}};  // 11 and 12 tie
  const auto all = pairsFromJudgement(j, PairMode::All);
  QCOMPARE(all.size(), 5);  // 6 pairs less the tie
  for (const PairVote& v : all) QVERIFY(!(v.winner == 11 && v.loser == 12) && !(v.winner == 12 && v.loser == 11));
  const auto adjacent = pairsFromJudgement(j, PairMode::Adjacent);
  QCOMPARE(adjacent.size(), 4);  // 10>11, 10>12, 11>13, 12>13
  for (const PairVote& v : adjacent) QVERIFY(!(v.winner == 10 && v.loser == 13));
  Judgement p;
  p.mode = QStringLiteral("pairwise");
  p.a = 1;
  p.b = 2;
  p.choice = QStringLiteral("b");
  QCOMPARE(pairsFromJudgement(p, PairMode::All).size(), 1);
  QCOMPARE(pairsFromJudgement(p, PairMode::All).first().winner, 2);
  for (const char* c : {"tie", "both_bad"}) {
    p.choice = QString::fromLatin1(c);
    QVERIFY(pairsFromJudgement(p, PairMode::All).isEmpty());
  }
  j.skipped = true;
  QVERIFY(pairsFromJudgement(j, PairMode::All).isEmpty());
}

void TestRanking::agreementAndAlphaKnownValues() {
  // Rater A ranks candidates 1,2,3; B ranks 1,3,2. Pairs (1,2) and (1,3) agree,
  // (2,3) does not: agreement 2/3. Ordinal alpha 7/12 = 0.583333 by
  // tests/data/ranking/krippendorff_reference.py on rows [1,2,3],[1,3,2].
  auto make = [](const QString& rater, QList<int> ranks, qint64 prompt) {
    Judgement j;
    j.rater = rater;
    j.promptId = prompt;
    j.mode = QStringLiteral("ranking");
    j.createdAt = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < ranks.size(); ++i) j.ranks.append({prompt * 10 + i, ranks[i]});
    return j;
  };
  QList<Judgement> js = {make(QStringLiteral("A"), {1, 2, 3}, 1), make(QStringLiteral("B"), {1, 3, 2}, 1)};
  RankingStats s = computeRankingStats(js);
  QCOMPARE(s.comparedPairs, 3);
  QVERIFY(qAbs(*s.pairwiseAgreement - 2.0 / 3.0) < 1e-12);
  QVERIFY(qAbs(*s.alphaOrdinal - 7.0 / 12.0) < 1e-9);
  // A second prompt where they agree fully comes last in the disagreement list.
  js << make(QStringLiteral("A"), {1, 2, 3}, 2) << make(QStringLiteral("B"), {1, 2, 3}, 2);
  s = computeRankingStats(js);
  QCOMPARE(s.mostDisagreement.size(), 2);
  QCOMPARE(s.mostDisagreement.first().promptId, 1);
  QCOMPARE(s.mostDisagreement.last().agreement, 1.0);
  QVERIFY(qAbs(*s.pairwiseAgreement - 5.0 / 6.0) < 1e-12);
  // Pairwise judgements join the agreement: B says candidate 21 beats 20, A ranked 20 first.
  Judgement pw;
  pw.rater = QStringLiteral("C");
  pw.promptId = 2;
  pw.mode = QStringLiteral("pairwise");
  pw.a = 20;
  pw.b = 21;
  pw.choice = QStringLiteral("b");
  pw.createdAt = QDateTime::currentDateTimeUtc();
  js << pw;
  s = computeRankingStats(js);
  QCOMPARE(s.comparedPairs, 3 + 3 + 2);  // C vs A and C vs B on (20,21)
  QVERIFY(qAbs(*s.pairwiseAgreement - 5.0 / 8.0) < 1e-12);
  QCOMPARE(s.raters.size(), 3);
}

void TestRanking::twoRatersTwoCopiesMerge() {
  qint64 setId = 0;
  QString error;
  {
    auto base = makeProject(QStringLiteral("owner"), 3, &setId);
    QVERIFY(base);
    RankingRepository(base->database()).setRatersPerPrompt(2, &error);
  }
  // The owner hands a copy of the project to a second rater.
  const QString owner = mDir.filePath(QStringLiteral("owner")), copy = mDir.filePath(QStringLiteral("copy"));
  QVERIFY(QDir().mkpath(copy));
  QVERIFY(QFile::copy(owner + QStringLiteral("/project.db"), copy + QStringLiteral("/project.db")));
  for (const QString& sub : Project::subfolderNames()) QDir().mkpath(copy + QLatin1Char('/') + sub);
  auto p1 = Project::open(owner, &error);
  QVERIFY2(p1, qPrintable(error));
  auto p2 = Project::open(copy, &error);
  QVERIFY2(p2, qPrintable(error));
  RankingRepository r1(p1->database()), r2(p2->database());
  const QList<RankPrompt> prompts1 = r1.prompts(setId), prompts2 = r2.prompts(setId);
  // Ana on the owner's copy, Ben on his: same orders on prompts 1 and 2, Ben
  // swaps the last two on prompt 3.
  ranking(r1, QStringLiteral("Ana"), prompts1[0].id, {1, 2, 3});
  ranking(r1, QStringLiteral("Ana"), prompts1[1].id, {3, 2, 1});
  ranking(r1, QStringLiteral("Ana"), prompts1[2].id, {1, 2, 3});
  ranking(r2, QStringLiteral("Ben"), prompts2[0].id, {1, 2, 3});
  ranking(r2, QStringLiteral("Ben"), prompts2[1].id, {3, 2, 1});
  ranking(r2, QStringLiteral("Ben"), prompts2[2].id, {1, 3, 2});
  const QString benFile = mDir.filePath(QStringLiteral("ben.jsonl")), anaFile = mDir.filePath(QStringLiteral("ana.jsonl"));
  QCOMPARE(exportJudgements(p2->database(), 0, benFile, &error), 3);
  QCOMPARE(exportJudgements(p1->database(), 0, anaFile, &error), 3);
  ImportSummary sum;
  QVERIFY2(importJudgements(p1->database(), benFile, &sum, &error), qPrintable(error));
  QCOMPARE(sum.imported, 3);
  QCOMPARE(sum.duplicates, 0);
  QCOMPARE(sum.createdCandidates, 0);  // matched by text
  QCOMPARE(sum.createdPrompts, 0);
  QCOMPARE(sum.createdRaters, 1);
  QVERIFY2(importJudgements(p2->database(), anaFile, &sum, &error), qPrintable(error));
  QCOMPARE(sum.imported, 3);

  const RankingStats s1 = rankingStats(p1->database()), s2 = rankingStats(p2->database());
  for (const RankingStats& s : {s1, s2}) {
    QCOMPARE(s.judgements, 6);
    QCOMPARE(s.raters.size(), 2);
    QCOMPARE(s.comparedPairs, 9);
    QVERIFY(qAbs(*s.pairwiseAgreement - 8.0 / 9.0) < 1e-12);
    QCOMPARE(s.mostDisagreement.first().prompt, QStringLiteral("Prompt 3"));
  }
  QCOMPARE(*s1.alphaOrdinal, *s2.alphaOrdinal);
  // Importing again changes nothing.
  QVERIFY(importJudgements(p1->database(), benFile, &sum, &error));
  QCOMPARE(sum.imported, 0);
  QCOMPARE(sum.duplicates, 3);
  QVERIFY(importJudgements(p1->database(), anaFile, &sum, &error));  // its own judgements
  QCOMPARE(sum.duplicates, 3);
  QCOMPARE(rankingStats(p1->database()).judgements, 6);
  // Everyone has rated everything twice: the queue is empty for both.
  QCOMPARE(nextPromptForRater(p1->database(), setId, r1.rater(QStringLiteral("Ana"), &error)), 0);
  QCOMPARE(nextPromptForRater(p1->database(), setId, r1.rater(QStringLiteral("Cleo"), &error)), 0);
}

void TestRanking::importRejectsBadLinesAndImportsNothing() {
  qint64 setId = 0;
  auto p = makeProject(QStringLiteral("bad"), 1, &setId);
  RankingRepository repo(p->database());
  ranking(repo, QStringLiteral("Ana"), repo.prompts(setId).first().id, {1, 2, 3});
  const QString good = mDir.filePath(QStringLiteral("good.jsonl"));
  QString error;
  QCOMPARE(exportJudgements(p->database(), 0, good, &error), 1);
  QFile in(good);
  QVERIFY(in.open(QIODevice::ReadOnly));
  QJsonObject line = QJsonDocument::fromJson(in.readLine()).object();
  line.insert(QStringLiteral("uuid"), QStringLiteral("5b1d0f5e-57b1-4c3e-9a8e-0d1c2b3a4f50"));
  QJsonObject broken = line;
  broken.insert(QStringLiteral("mode"), QStringLiteral("stars"));
  QFile out(mDir.filePath(QStringLiteral("bad.jsonl")));
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
  out.write(QJsonDocument(broken).toJson(QJsonDocument::Compact) + '\n');
  out.close();
  ImportSummary sum;
  QVERIFY(!importJudgements(p->database(), out.fileName(), &sum, &error));
  QVERIFY2(error.contains(QStringLiteral("line 2")) && error.contains(QStringLiteral("\"mode\"")), qPrintable(error));
  QCOMPARE(repo.judgements().size(), 1);
}

void TestRanking::dpoExportAndDataset() {
  qint64 setId = 0;
  auto p = makeProject(QStringLiteral("dpo"), 2, &setId);
  RankingRepository repo(p->database());
  const QList<RankPrompt> prompts = repo.prompts(setId);
  ranking(repo, QStringLiteral("Ana"), prompts[0].id, {1, 2, 2});  // 2 pairs (tie dropped)
  ranking(repo, QStringLiteral("Ben"), prompts[0].id, {1, 3, 2});  // agrees on 1>2, 1>3; 3>2 contested
  ranking(repo, QStringLiteral("Ana"), prompts[1].id, {2, 1, 3});
  QList<PreferencePair> pairs = preferencePairs(p->database(), setId, PairMode::All);
  // Prompt 1: 1>2 (2 votes), 1>3 (2 votes), Ben's 3>2 against Ana's tie: kept (1 vs 0).
  // Prompt 2: 3 pairs.
  QCOMPARE(pairs.size(), 6);
  QCOMPARE(pairs.first().prompt, QStringLiteral("Prompt 1"));
  QCOMPARE(pairs.first().votesFor, 2);
  QCOMPARE(preferencePairs(p->database(), setId, PairMode::Adjacent).size(), 5);
  QString error;
  const QString path = mDir.filePath(QStringLiteral("dpo.jsonl"));
  QVERIFY2(writeDpoJsonl(pairs, path, &error), qPrintable(error));
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
  QCOMPARE(lines.size(), 6);
  const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
  QCOMPARE(first.keys(), (QStringList{QStringLiteral("chosen"), QStringLiteral("prompt"), QStringLiteral("rejected")}));
  QCOMPARE(first.value(QStringLiteral("chosen")).toString(), QStringLiteral("Prompt 1 / answer 1"));
  const qint64 datasetId = createPreferenceDataset(p->database(), QStringLiteral("prefs"), pairs, &error);
  QVERIFY2(datasetId, qPrintable(error));
  DatasetRepository datasets(p->database());
  DatasetInfo info;
  QVERIFY(datasets.find(QStringLiteral("prefs"), &info));
  QCOMPARE(info.kind, QStringLiteral("preference"));
  int rows = 0;
  QVERIFY(datasets.forEachConversation(datasetId, QString(), [&](const Conversation& c) {
    ++rows;
    return c.turns.size() == 3 && c.turns[1].variant == QLatin1String("chosen") &&
           c.turns[2].variant == QLatin1String("rejected");
  }, &error));
  QCOMPARE(rows, 6);
  QVERIFY(!createPreferenceDataset(p->database(), QStringLiteral("prefs"), pairs, &error));
  QVERIFY(error.contains(QStringLiteral("already exists")));
}

QTEST_GUILESS_MAIN(TestRanking)
#include "tst_ranking.moc"
