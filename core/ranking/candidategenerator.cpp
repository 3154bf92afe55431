#include "candidategenerator.h"

#include "inference/chatprompt.h"
#include "storage/database.h"
#include "storage/datasetrepository.h"
#include "storage/rankingrepository.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>

namespace Atelier {

namespace {

QJsonObject samplingJson(const CandidateOptions& o) {
  const GenerationOptions& g = o.generation;
  QJsonObject s{{QStringLiteral("greedy"), g.greedy},
                {QStringLiteral("max_new_tokens"), g.maxNewTokens}};
  if (!g.greedy) {
    s.insert(QStringLiteral("temperature"), g.temperature);
    s.insert(QStringLiteral("top_p"), g.topP);
    s.insert(QStringLiteral("top_k"), g.topK);
  }
  if (!o.chatFamily.isEmpty()) s.insert(QStringLiteral("chat_family"), o.chatFamily);
  return s;
}

}  // namespace

bool generateCandidates(Database& db, qint64 setId, LanguageModel& model, const CandidateOptions& options,
                        const std::function<bool(const CandidateProgress&)>& progress, CandidateProgress* result,
                        QString* error) {
  RankingRepository repo(db);
  const QList<RankPrompt> prompts = repo.prompts(setId);
  CandidateProgress p;
  p.promptsTotal = prompts.size();
  QElapsedTimer timer;
  timer.start();
  const QString modelDir = QFileInfo(model.folder()).absoluteFilePath();
  const QString adapterDir = model.adapter().isEmpty() ? QString() : QFileInfo(model.adapter()).absoluteFilePath();
  for (const RankPrompt& prompt : prompts) {
    int existing = 0;
    for (const Candidate& c : repo.candidates(prompt.id))
      if (c.model == modelDir && c.adapter == adapterDir) ++existing;
    const int first = options.skipFilled ? existing : 0;
    if (first < options.k) {
      std::vector<int32_t> ids;
      QStringList stops;
      if (!buildChatPrompt(model.folder(), model.tokenizer(), options.chatFamily,
                           {{QStringLiteral("user"), prompt.text}}, &ids, &stops, error))
        return false;
      for (int i = first; i < options.k; ++i) {
        GenerationOptions g = options.generation;
        g.seed = options.generation.seed + quint64(prompt.position) * 1000 + quint64(i);
        g.stopStrings += stops;
        GenerationResult r;
        if (!model.generate(ids, g, nullptr, &r, error)) return false;
        Candidate c;
        c.promptId = prompt.id;
        c.text = r.text.trimmed();
        c.model = modelDir;
        c.adapter = adapterDir;
        c.sampling = samplingJson(options);
        c.seed = qint64(g.seed);
        if (!repo.addCandidate(c, error)) return false;
        ++p.candidatesWritten;
      }
    }
    ++p.promptsDone;
    p.elapsedSeconds = timer.elapsed() / 1000.0;
    if (progress && !progress(p)) {
      if (result) *result = p;
      *error = QStringLiteral("cancelled");
      return false;
    }
  }
  if (result) *result = p;
  return true;
}

bool datasetUserPrompts(Database& db, const QString& datasetName, QStringList* prompts, QString* error) {
  DatasetRepository datasets(db);
  DatasetInfo info;
  if (!datasets.find(datasetName, &info)) {
    *error = QStringLiteral("the project has no dataset named \"%1\"").arg(datasetName);
    return false;
  }
  return datasets.forEachConversation(info.id, QString(), [&](const Conversation& c) {
    for (const Turn& t : c.turns)
      if (t.role == QLatin1String("user")) {
        prompts->append(t.content);
        break;
      }
    return true;
  }, error);
}

}  // namespace Atelier
