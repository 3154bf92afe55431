#include "messagebanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace Atelier {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("messageBanner"));
  setFrameShape(QFrame::StyledPanel);
  auto* layout = new QHBoxLayout(this);
  mLabel = new QLabel;
  mLabel->setWordWrap(true);
  mLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mClose = new QToolButton;
  mClose->setText(QStringLiteral("✕"));
  mClose->setToolTip(tr("Dismiss"));
  mClose->setAutoRaise(true);
  layout->addWidget(mLabel, 1);
  layout->addWidget(mClose, 0, Qt::AlignTop);
  connect(mClose, &QToolButton::clicked, this, &QWidget::hide);
  hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text) {
  setStyleSheet(kind == Kind::Error
                    ? QStringLiteral("#messageBanner { background: #fbe3e4; border: 1px solid #d9534f; }")
                    : QStringLiteral("#messageBanner { background: #e7f1fb; border: 1px solid #5b9bd5; }"));
  mLabel->setText(text);
  show();
}

QString MessageBanner::text() const { return isHidden() ? QString() : mLabel->text(); }

}  // namespace Atelier
