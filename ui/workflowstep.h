#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace Atelier {

// The steps of the workflow, in sidebar order.
enum class WorkflowStep { Project, Data, Model, Train, Rank, Evaluate, Chat, Export };

struct WorkflowStepInfo {
  WorkflowStep step;
  QString title;        // sidebar label
  QString description;  // one line: what the step is for
  bool available;       // false while its capability has not landed
  QString comesWith;    // for unavailable steps: what it will offer
};

// Translated on each call, so a language change shows on the next build of the UI.
QList<WorkflowStepInfo> workflowSteps();

// Gives workflowSteps() a translation context lupdate can see.
class Workflow {
  Q_DECLARE_TR_FUNCTIONS(Atelier::Workflow)
  friend QList<WorkflowStepInfo> workflowSteps();
};

}  // namespace Atelier
