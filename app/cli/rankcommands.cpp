// `atelier rank ...`: prompt sets, candidate generation, judgements in and
// out, DPO pairs and statistics (issue 7).
#include "clicommon.h"
#include "commands.h"

#include "inference/languagemodel.h"
#include "project/project.h"
#include "ranking/candidategenerator.h"
#include "ranking/judgementfile.h"
#include "ranking/preferencepairs.h"
#include "ranking/rankingqueue.h"
#include "ranking/rankingstats.h"
#include "storage/rankingrepository.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <cstdio>

namespace Atelier::Cli {
namespace {

QCommandLineOption projectOption() {
  return {QStringLiteral("project"), QStringLiteral("Project folder."), QStringLiteral("DIR")};
}
QCommandLineOption setOption(const QString& name = QStringLiteral("prompts")) {
  return {name, QStringLiteral("Prompt set name."), QStringLiteral("NAME")};
}

std::unique_ptr<Project> openRankProject(const VerbParser& v, const QCommandLineOption& project, QString* error) {
  if (!v.parser.isSet(project)) {
    *error = QStringLiteral("--project DIR is required");
    return nullptr;
  }
  return Project::open(v.parser.value(project), error);
}

// 0 with a message when `name` is set but unknown; 0 without a message for "all sets".
qint64 setIdFor(Project& p, const QString& name, QString* error) {
  if (name.isEmpty()) return 0;
  const qint64 id = RankingRepository(p.database()).promptSetId(name);
  if (!id) *error = QStringLiteral("the project has no prompt set named \"%1\" (see: atelier rank prompts list)").arg(name);
  return id;
}

// Prompts from a file: one per line, or JSONL objects with "prompt" (or "instruction").
bool readPromptFile(const QString& path, QStringList* out, QString* error) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
    return false;
  }
  int number = 0;
  while (!f.atEnd()) {
    const QByteArray line = f.readLine().trimmed();
    ++number;
    if (line.isEmpty()) continue;
    if (line.startsWith('{')) {
      const QJsonObject o = QJsonDocument::fromJson(line).object();
      const QString text = o.value(QStringLiteral("prompt")).toString(o.value(QStringLiteral("instruction")).toString());
      if (text.trimmed().isEmpty()) {
        *error = QStringLiteral("%1 line %2: a JSON line needs a \"prompt\" text").arg(path).arg(number);
        return false;
      }
      out->append(text);
    } else {
      out->append(QString::fromUtf8(line));
    }
  }
  return true;
}

int addPromptsCommon(const QStringList& args, bool fromSource) {
  VerbParser v(fromSource ? QStringLiteral("rank prompts import") : QStringLiteral("rank prompts add"),
               fromSource ? QStringLiteral("Add prompts to a prompt set from a dataset's user messages or a file "
                                           "(one prompt per line, or JSONL with \"prompt\"). The set is made when new.")
                          : QStringLiteral("Add the given prompts to a prompt set (made when new)."));
  const QCommandLineOption project = projectOption(), set = setOption(QStringLiteral("set"));
  const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("Dataset whose user prompts to take."), QStringLiteral("NAME"));
  v.parser.addOptions({project, set});
  if (fromSource) v.parser.addOption(dataset);
  v.parser.addPositionalArgument(fromSource ? QStringLiteral("FILE") : QStringLiteral("TEXT"),
                                 fromSource ? QStringLiteral("Prompt file (or use --dataset).") : QStringLiteral("Prompts."));
  if (int rc = v.parse(args, fromSource ? 0 : 1, fromSource ? 1 : 10000); rc >= 0) return rc;
  if (!v.parser.isSet(set)) return fail(QStringLiteral("--set NAME is required"), UsageError);
  if (fromSource && v.parser.isSet(dataset) == !v.positional().isEmpty())
    return fail(QStringLiteral("give exactly one of --dataset NAME and FILE"), UsageError);
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  QStringList texts = fromSource ? QStringList() : v.positional();
  QString source = QStringLiteral("typed");
  if (fromSource && v.parser.isSet(dataset)) {
    if (!datasetUserPrompts(p->database(), v.parser.value(dataset), &texts, &error)) return fail(error);
    source = QStringLiteral("dataset:") + v.parser.value(dataset);
  } else if (fromSource) {
    if (!readPromptFile(v.positional().first(), &texts, &error)) return fail(error);
    source = QStringLiteral("file:") + v.positional().first();
  }
  RankingRepository repo(p->database());
  qint64 setId = repo.promptSetId(v.parser.value(set));
  if (!setId && !(setId = repo.createPromptSet(v.parser.value(set), source, &error))) return fail(error);
  const int added = repo.addPrompts(setId, texts, &error);
  if (added < 0) return fail(error);
  const QJsonObject out{{QStringLiteral("set"), v.parser.value(set)},
                        {QStringLiteral("added"), added},
                        {QStringLiteral("prompts"), int(repo.prompts(setId).size())}};
  if (v.wantsJson()) printJson(out);
  else printLine(QStringLiteral("%1 new prompts; the set \"%2\" has %3.").arg(added).arg(v.parser.value(set)).arg(out.value(QStringLiteral("prompts")).toInt()));
  return Ok;
}

}  // namespace

int runRankPromptsAdd(const QStringList& args) { return addPromptsCommon(args, false); }
int runRankPromptsImport(const QStringList& args) { return addPromptsCommon(args, true); }

int runRankPromptsList(const QStringList& args) {
  VerbParser v(QStringLiteral("rank prompts list"), QStringLiteral("List the prompt sets of a project."));
  const QCommandLineOption project = projectOption();
  v.parser.addOption(project);
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  QJsonArray sets;
  for (const PromptSet& s : RankingRepository(p->database()).promptSets()) {
    sets.append(QJsonObject{{QStringLiteral("name"), s.name}, {QStringLiteral("source"), s.source},
                            {QStringLiteral("prompts"), double(s.prompts)}});
    if (!v.wantsJson()) printLine(QStringLiteral("%1\t%2 prompts\t%3").arg(s.name).arg(s.prompts).arg(s.source));
  }
  if (v.wantsJson()) printJson({{QStringLiteral("sets"), sets}});
  return Ok;
}

int runRankCandidates(const QStringList& args) {
  VerbParser v(QStringLiteral("rank candidates"),
               QStringLiteral("Generate K sampled responses per prompt of a prompt set and store them with "
                              "their origin. When no prompt set has that name but a dataset does, the set is "
                              "made from the dataset's user prompts. Run it again with another model or adapter "
                              "to add its responses. With --json, progress events and a final object go to stdout."));
  const QCommandLineOption project = projectOption(), set = setOption();
  const QCommandLineOption model(QStringLiteral("model"), QStringLiteral("Hugging Face model folder."), QStringLiteral("DIR"));
  const QCommandLineOption adapter(QStringLiteral("adapter"), QStringLiteral("PEFT LoRA adapter folder."), QStringLiteral("DIR"));
  const QCommandLineOption k(QStringLiteral("k"), QStringLiteral("Responses per prompt (default 4)."), QStringLiteral("N"), QStringLiteral("4"));
  const QCommandLineOption temperature(QStringLiteral("temperature"), QStringLiteral("Sampling temperature (default 0.8)."), QStringLiteral("T"), QStringLiteral("0.8"));
  const QCommandLineOption topP(QStringLiteral("top-p"), QStringLiteral("Nucleus sampling (default 0.95)."), QStringLiteral("P"), QStringLiteral("0.95"));
  const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Base seed (default 1)."), QStringLiteral("S"), QStringLiteral("1"));
  const QCommandLineOption maxNew(QStringLiteral("max-new-tokens"), QStringLiteral("Tokens per response (default 128)."), QStringLiteral("N"), QStringLiteral("128"));
  const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEVICE"), QStringLiteral("auto"));
  const QCommandLineOption family(QStringLiteral("chat-family"), QStringLiteral("Chat template family to force."), QStringLiteral("NAME"));
  v.parser.addOptions({project, set, model, adapter, k, temperature, topP, seed, maxNew, device, family});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  if (!v.parser.isSet(set) || !v.parser.isSet(model))
    return fail(QStringLiteral("--prompts NAME and --model DIR are required"), UsageError);
  CandidateOptions o;
  bool ok = true, all = true;
  o.k = v.parser.value(k).toInt(&ok); all &= ok && o.k >= 1 && o.k <= 16;
  o.generation.greedy = false;
  o.generation.temperature = v.parser.value(temperature).toDouble(&ok); all &= ok && o.generation.temperature > 0;
  o.generation.topP = v.parser.value(topP).toDouble(&ok); all &= ok && o.generation.topP > 0 && o.generation.topP <= 1;
  o.generation.seed = v.parser.value(seed).toULongLong(&ok); all &= ok;
  o.generation.maxNewTokens = v.parser.value(maxNew).toInt(&ok); all &= ok && o.generation.maxNewTokens >= 1;
  o.chatFamily = v.parser.value(family);
  if (!all)
    return fail(QStringLiteral("invalid setting: 1 ≤ --k ≤ 16, --temperature > 0, 0 < --top-p ≤ 1, --max-new-tokens ≥ 1"),
                UsageError);
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  RankingRepository repo(p->database());
  qint64 setId = repo.promptSetId(v.parser.value(set));
  if (!setId) {
    QStringList texts;
    if (!datasetUserPrompts(p->database(), v.parser.value(set), &texts, &error))
      return fail(QStringLiteral("no prompt set or dataset named \"%1\" (make one with: atelier rank prompts add)")
                      .arg(v.parser.value(set)));
    if (!(setId = repo.createPromptSet(v.parser.value(set), QStringLiteral("dataset:") + v.parser.value(set), &error)) ||
        repo.addPrompts(setId, texts, &error) < 0)
      return fail(error);
  }
  auto lm = loadLanguageModel(v.parser.value(model), v.parser.value(device), v.parser.value(adapter), &error);
  if (!lm) return fail(error);
  const bool json = v.wantsJson();
  CandidateProgress result;
  const bool done = generateCandidates(p->database(), setId, *lm, o, [&](const CandidateProgress& pr) {
    const double eta = pr.promptsDone ? pr.elapsedSeconds / pr.promptsDone * (pr.promptsTotal - pr.promptsDone) : 0;
    if (json)
      printJson({{QStringLiteral("event"), QStringLiteral("progress")}, {QStringLiteral("done"), pr.promptsDone},
                 {QStringLiteral("total"), pr.promptsTotal}, {QStringLiteral("eta_s"), eta}});
    else
      std::fprintf(stderr, "\r%d/%d prompts, about %.0f s left ", pr.promptsDone, pr.promptsTotal, eta);
    return true;
  }, &result, &error);
  if (!json) std::fprintf(stderr, "\n");
  if (!done) return fail(error);
  if (json)
    printJson({{QStringLiteral("event"), QStringLiteral("done")}, {QStringLiteral("prompts"), result.promptsTotal},
               {QStringLiteral("candidates_written"), double(result.candidatesWritten)},
               {QStringLiteral("seconds"), result.elapsedSeconds}});
  else
    printLine(QStringLiteral("%1 responses for %2 prompts in %3 s.").arg(result.candidatesWritten).arg(result.promptsTotal).arg(result.elapsedSeconds, 0, 'f', 1));
  return Ok;
}

int runRankExport(const QStringList& args) {
  VerbParser v(QStringLiteral("rank export"),
               QStringLiteral("Write judgements (to merge into another copy of the project) or preference pairs "
                              "in TRL's DPO layout (prompt, chosen, rejected). --dataset also stores the pairs as "
                              "a preference dataset of the project."));
  const QCommandLineOption project = projectOption(), set = setOption();
  const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("dpo or judgements."), QStringLiteral("FORMAT"));
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("File to write."), QStringLiteral("FILE"));
  const QCommandLineOption pairs(QStringLiteral("pairs"), QStringLiteral("all (default) or adjacent: which pairs a ranking gives."), QStringLiteral("MODE"), QStringLiteral("all"));
  const QCommandLineOption dataset(QStringLiteral("dataset"), QStringLiteral("Also create a preference dataset of this name."), QStringLiteral("NAME"));
  v.parser.addOptions({project, set, format, out, pairs, dataset});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  const QString f = v.parser.value(format);
  if (f != QLatin1String("dpo") && f != QLatin1String("judgements"))
    return fail(QStringLiteral("--format must be dpo or judgements"), UsageError);
  if (!v.parser.isSet(out)) return fail(QStringLiteral("--out FILE is required"), UsageError);
  const QString pm = v.parser.value(pairs);
  if (pm != QLatin1String("all") && pm != QLatin1String("adjacent"))
    return fail(QStringLiteral("--pairs must be all or adjacent"), UsageError);
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  const qint64 setId = setIdFor(*p, v.parser.value(set), &error);
  if (!error.isEmpty()) return fail(error);
  QJsonObject result{{QStringLiteral("format"), f}, {QStringLiteral("out"), v.parser.value(out)}};
  if (f == QLatin1String("judgements")) {
    const qint64 n = exportJudgements(p->database(), setId, v.parser.value(out), &error);
    if (n < 0) return fail(error);
    result.insert(QStringLiteral("judgements"), double(n));
  } else {
    const QList<PreferencePair> list = preferencePairs(p->database(), setId, pm == QLatin1String("all") ? PairMode::All : PairMode::Adjacent);
    if (!writeDpoJsonl(list, v.parser.value(out), &error)) return fail(error);
    result.insert(QStringLiteral("pairs"), int(list.size()));
    if (v.parser.isSet(dataset)) {
      if (!createPreferenceDataset(p->database(), v.parser.value(dataset), list, &error)) return fail(error);
      result.insert(QStringLiteral("dataset"), v.parser.value(dataset));
    }
  }
  if (v.wantsJson()) printJson(result);
  else printLine(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)));
  return Ok;
}

int runRankImport(const QStringList& args) {
  VerbParser v(QStringLiteral("rank import FILE"),
               QStringLiteral("Merge a judgements file from another copy of the project. Judgements already "
                              "present (same UUID) are skipped; nothing is overwritten."));
  const QCommandLineOption project = projectOption();
  v.parser.addOption(project);
  v.parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Judgements file from atelier rank export --format judgements."));
  if (int rc = v.parse(args, 1, 1); rc >= 0) return rc;
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  ImportSummary s;
  if (!importJudgements(p->database(), v.positional().first(), &s, &error)) return fail(error);
  const QJsonObject out{{QStringLiteral("imported"), double(s.imported)},
                        {QStringLiteral("duplicates"), double(s.duplicates)},
                        {QStringLiteral("created_prompts"), double(s.createdPrompts)},
                        {QStringLiteral("created_candidates"), double(s.createdCandidates)},
                        {QStringLiteral("created_raters"), double(s.createdRaters)}};
  if (v.wantsJson()) printJson(out);
  else printLine(QStringLiteral("%1 judgements imported, %2 already there.").arg(s.imported).arg(s.duplicates));
  return Ok;
}

int runRankStats(const QStringList& args) {
  VerbParser v(QStringLiteral("rank stats"),
               QStringLiteral("Per-rater counts and pace, pairwise agreement, Krippendorff's alpha (ordinal) "
                              "and the prompts raters disagree on most."));
  const QCommandLineOption project = projectOption(), set = setOption();
  v.parser.addOptions({project, set});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  const qint64 setId = setIdFor(*p, v.parser.value(set), &error);
  if (!error.isEmpty()) return fail(error);
  const RankingStats s = rankingStats(p->database(), setId);
  if (v.wantsJson()) {
    printJson(rankingStatsJson(s));
    return Ok;
  }
  printLine(QStringLiteral("%1 judgements (%2 skipped) on %3 of %4 prompts").arg(s.judgements).arg(s.skipped).arg(s.ratedPrompts).arg(s.prompts));
  for (const RaterStats& r : s.raters)
    printLine(QStringLiteral("  %1: %2 judged, %3 skipped, median %4 s each").arg(r.rater).arg(r.judged).arg(r.skipped).arg(r.medianSeconds, 0, 'f', 1));
  printLine(QStringLiteral("pairwise agreement: %1").arg(s.pairwiseAgreement ? QString::number(*s.pairwiseAgreement, 'f', 3) : QStringLiteral("n/a")));
  printLine(QStringLiteral("Krippendorff's alpha (ordinal): %1").arg(s.alphaOrdinal ? QString::number(*s.alphaOrdinal, 'f', 3) : QStringLiteral("n/a")));
  return Ok;
}

// Hidden (tests): makes N ranking judgements for a rater with random orders
// through the same path as the rater screen, reports each as committed, then
// optionally waits to be killed.
int runRankJudge(const QStringList& args) {
  VerbParser v(QStringLiteral("rank judge"), QStringLiteral("Make random judgements (for tests)."));
  const QCommandLineOption project = projectOption(), set = setOption();
  const QCommandLineOption rater(QStringLiteral("rater"), QStringLiteral("Rater name."), QStringLiteral("NAME"));
  const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Judgements to make."), QStringLiteral("N"), QStringLiteral("1"));
  const QCommandLineOption wait(QStringLiteral("then-wait"), QStringLiteral("Wait to be killed afterwards."));
  v.parser.addOptions({project, set, rater, count, wait});
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;
  QString error;
  auto p = openRankProject(v, project, &error);
  if (!p) return fail(error);
  const qint64 setId = setIdFor(*p, v.parser.value(set), &error);
  if (!setId) return fail(error.isEmpty() ? QStringLiteral("--prompts NAME is required") : error);
  RankingRepository repo(p->database());
  const qint64 raterId = repo.rater(v.parser.value(rater), &error);
  if (!raterId) return fail(error);
  const int n = v.parser.value(count).toInt();
  for (int i = 0; i < n; ++i) {
    const qint64 promptId = nextPromptForRater(p->database(), setId, raterId);
    if (!promptId) break;
    Judgement j;
    j.raterId = raterId;
    j.promptId = promptId;
    j.mode = QStringLiteral("ranking");
    QList<Candidate> cs = repo.candidates(promptId);
    std::shuffle(cs.begin(), cs.end(), *QRandomGenerator::global());
    for (int r = 0; r < cs.size(); ++r) j.ranks.append({cs[r].id, r + 1});
    if (!repo.addJudgement(&j, &error)) return fail(error);
    printJson({{QStringLiteral("event"), QStringLiteral("committed")}, {QStringLiteral("uuid"), j.uuid}});
  }
  std::fflush(stdout);
  if (v.parser.isSet(wait))
    for (;;) QThread::sleep(1);
  return Ok;
}

}  // namespace Atelier::Cli
