#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>

namespace Atelier {
class Project;
}

namespace Atelier::Cli {

// The demo's fine-tuning step: LoRA on the sample data for about a minute on a
// CPU, then the same held-in question to the base and the tuned model. Fills
// *report (for --json) and returns false with *error on failure.
bool demoFineTune(Project& project, const std::function<void(const QString&)>& say, QJsonObject* report,
                  QString* error);

}  // namespace Atelier::Cli
