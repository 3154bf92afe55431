#include "sampleproject.h"

#include "log/logger.h"
#include "project.h"
#include "storage/projectmetarepository.h"
#include "tokenizer/sentencepiecetokenizer.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace Atelier {

QString sampleDatasetResource() { return QStringLiteral(":/sample/support-faq.jsonl"); }
QString sampleCorpusResource() { return QStringLiteral(":/sample/tokenizer-corpus.txt"); }

QString sampleTokenizerPath(const Project& project) {
  return QDir(project.folder()).filePath(QStringLiteral("models/sample-tokenizer/tokenizer.model"));
}

static std::unique_ptr<Project> populate(std::unique_ptr<Project> project, QString* error);

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
  const QString outDir = QDir(folder).filePath(QStringLiteral("models/sample-tokenizer"));
  QDir().mkpath(outDir);
  SentencePieceTrainOptions options;
  options.corpusPath = corpus;
  options.modelPrefix = QDir(outDir).filePath(QStringLiteral("tokenizer"));
  options.vocabSize = 400;
  options.seed = 1;
  if (!trainSentencePiece(options, error)) return nullptr;
  ActivityRepository(project->database())
      .add(QStringLiteral("tokenizer"),
           QStringLiteral("Trained the sample tokenizer (%1 pieces)").arg(options.vocabSize));
  logInfo(QStringLiteral("project"), QStringLiteral("Sample project ready in %1").arg(folder));
  return project;
}

}  // namespace Atelier
