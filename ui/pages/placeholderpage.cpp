#include "placeholderpage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace Atelier {

PlaceholderPage::PlaceholderPage(const WorkflowStepInfo& info, QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("placeholderPage"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(32, 32, 32, 32);
  auto* title = new QLabel(QStringLiteral("<h2>%1</h2>").arg(info.title.toHtmlEscaped()));
  auto* what = new QLabel(info.description);
  what->setWordWrap(true);
  auto* notYet = new QLabel(
      tr("<p><b>This step is not available in this version of Atelier yet.</b> Nothing on this "
         "page does anything for now.</p><p>It will offer: %1</p>")
          .arg(info.comesWith.toHtmlEscaped()));
  notYet->setObjectName(QStringLiteral("notAvailableLabel"));
  notYet->setWordWrap(true);
  notYet->setTextFormat(Qt::RichText);
  layout->addWidget(title);
  layout->addWidget(what);
  layout->addSpacing(12);
  layout->addWidget(notYet);
  layout->addStretch(1);
}

}  // namespace Atelier
