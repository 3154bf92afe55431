#pragma once

#include "workflowstep.h"

#include <QWidget>

namespace Atelier {

// Shown for a step whose capability has not landed: says so plainly and
// offers nothing to click.
class PlaceholderPage : public QWidget {
  Q_OBJECT
 public:
  explicit PlaceholderPage(const WorkflowStepInfo& info, QWidget* parent = nullptr);
};

}  // namespace Atelier
