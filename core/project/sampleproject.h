#pragma once

#include <QString>

#include <memory>

namespace Atelier {

class Project;

// The bundled sample: a bicycle workshop's customer-support questions
// (resources/sample). Creating it also trains the sample tokenizer into
// models/sample-tokenizer/, so the tokenizer path is exercised end to end.
std::unique_ptr<Project> createSampleProject(const QString& folder, QString* error);

// Path inside the project of the sample tokenizer model.
QString sampleTokenizerPath(const Project& project);

// The bundled sample files, as Qt resource paths.
QString sampleDatasetResource();
QString sampleCorpusResource();

}  // namespace Atelier
