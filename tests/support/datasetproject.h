#pragma once
// A fresh project with one dataset file imported and split, for the tests
// that train on it. Links atelier_core.

#include "data/datasetcleaner.h"
#include "data/datasetimporter.h"
#include "project/project.h"

#include <memory>

namespace AtelierTest {

inline std::unique_ptr<Atelier::Project> projectWithDataset(const QString& folder, const QString& file,
                                                            const QString& name, double valFraction, quint64 seed) {
  QString error;
  auto p = Atelier::Project::create(folder, QStringLiteral("t"), QString(), &error);
  if (!p) qFatal("%s", qPrintable(error));
  Atelier::ImportOptions o;
  o.file = file;
  o.name = name;
  Atelier::ImportResult r;
  Atelier::SplitResult s;
  if (!Atelier::importDataset(p->database(), o, &r, &error) ||
      !Atelier::splitDataset(p->database(), name, valFraction, 0.0, seed, &s, &error))
    qFatal("%s", qPrintable(error));
  return p;
}

}  // namespace AtelierTest
