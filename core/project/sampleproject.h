#pragma once

#include <QString>

#include <memory>

namespace Atelier {

class Project;

// The bundled sample: a bicycle workshop's customer-support questions
// (resources/sample). Creating it also makes a small random base model with a
// tokenizer trained on the sample text in models/sample-base/, so the model
// path is exercised end to end.
std::unique_ptr<Project> createSampleProject(const QString& folder, QString* error);

// The sample base model folder, and its tokenizer.model.
QString sampleModelPath(const Project& project);
QString sampleTokenizerPath(const Project& project);

// The bundled sample files, as Qt resource paths.
QString sampleDatasetResource();
QString samplePairsResource();  // friendly-vs-rude preference pairs, imported as "tone-pairs"
QString sampleCorpusResource();

}  // namespace Atelier
