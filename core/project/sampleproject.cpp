#include "sampleproject.h"

#include "log/logger.h"
#include "project.h"
#include "storage/projectmetarepository.h"
#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "model/modelcreator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace Atelier {

QString sampleDatasetResource() { return QStringLiteral(":/sample/support-faq.jsonl"); }
QString samplePairsResource() { return QStringLiteral(":/sample/support-tone-pairs.jsonl"); }
QString sampleCorpusResource() { return QStringLiteral(":/sample/tokenizer-corpus.txt"); }

QString sampleModelPath(const Project& project) {
  return QDir(project.folder()).filePath(QStringLiteral("models/sample-base"));
}

QString sampleTokenizerPath(const Project& project) {
  return QDir(sampleModelPath(project)).filePath(QStringLiteral("tokenizer.model"));
}

static std::unique_ptr<Project> populate(std::unique_ptr<Project> project, QString* error);

// Imports a bundled data file (a Qt resource, copied out for the importer)
// and splits it; the activity log says what arrived.
static bool importBundled(Project& project, const QTemporaryDir& temp, const QString& resource, const QString& name,
                          double val, double test, quint64 seed, const QString& activity, QString* error) {
  ImportOptions import;
  import.file = temp.filePath(QFileInfo(resource).fileName());
  import.name = name;
  if (!QFile::copy(resource, import.file)) {
    *error = QStringLiteral("Cannot write the sample data to a temporary folder.");
    return false;
  }
  ImportResult imported;
  SplitResult split;
  if (!importDataset(project.database(), import, &imported, error) ||
      !splitDataset(project.database(), name, val, test, seed, &split, error))
    return false;
  ActivityRepository(project.database()).add(QStringLiteral("data"), activity.arg(imported.imported));
  return true;
}

std::unique_ptr<Project> createSampleProject(const QString& folder, QString* error) {
  auto project = Project::create(
      folder, QStringLiteral("Sample: bike workshop assistant"),
      QStringLiteral("A small customer-support data set for a bicycle workshop, bundled with "
                     "Atelier to try the whole workflow."),
      error);
  if (!project) return nullptr;
  auto ready = populate(std::move(project), error);
  // create() only accepts a new or empty folder, so removing it on failure
  // removes nothing of the user's, and a retry starts clean.
  if (!ready) QDir(folder).removeRecursively();
  return ready;
}

static std::unique_ptr<Project> populate(std::unique_ptr<Project> project, QString* error) {
  const QString folder = project->folder();
  // sentencepiece reads its corpus from a file, not from Qt's resources.
  QTemporaryDir temp;
  const QString corpus = temp.filePath(QStringLiteral("corpus.txt"));
  if (!temp.isValid() || !QFile::copy(sampleCorpusResource(), corpus)) {
    *error = QStringLiteral("Cannot write the sample corpus to a temporary folder.");
    return nullptr;
  }
  ModelCreateOptions options;
  options.outputFolder = sampleModelPath(*project);
  options.tokenizerCorpus = corpus;
  options.vocabSize = 400;
  options.hidden = 128;
  options.layers = 4;
  options.heads = 4;
  options.kvHeads = 2;
  options.ffn = 344;
  options.seed = 1;
  // Large enough output weights that LoRA alone can teach it the sample answers.
  options.initStd = 0.1;
  ModelCreateResult created;
  if (!createModel(options, &created, error)) return nullptr;
  ActivityRepository(project->database())
      .add(QStringLiteral("model"),
           QStringLiteral("Created the sample base model (%1 parameters, %2 tokens)")
               .arg(created.parameters)
               .arg(created.vocabSize));
  // A tenth held out for validation (the loss curve) and a tenth for testing
  // (evaluation); the preference pairs (the same answers, friendly or rude),
  // for DPO and a reward model, with a quarter held out.
  if (!importBundled(*project, temp, sampleDatasetResource(), QStringLiteral("support-faq"), 0.1, 0.1, 42,
                     QStringLiteral("Imported the sample data set (%1 conversations)"), error) ||
      !importBundled(*project, temp, samplePairsResource(), QStringLiteral("tone-pairs"), 0.25, 0.0, 3,
                     QStringLiteral("Imported the sample preference pairs (%1 friendly vs rude answers)"), error))
    return nullptr;
  logInfo(QStringLiteral("project"), QStringLiteral("Sample project ready in %1").arg(folder));
  return project;
}

}  // namespace Atelier
