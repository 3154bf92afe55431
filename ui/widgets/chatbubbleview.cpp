#include "chatbubbleview.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace Atelier {
namespace {

// Layouts do not own their widgets: take both apart.
void discard(QLayoutItem* item) {
  if (QWidget* w = item->widget()) {
    w->hide();
    w->deleteLater();
  }
  if (QLayout* l = item->layout()) {
    while (QLayoutItem* child = l->takeAt(0)) discard(child);
    delete l;
    return;  // the layout was the item
  }
  delete item;
}

}  // namespace

QString roleLabel(const Turn& turn) {
  if (turn.variant == QLatin1String("chosen")) return ChatBubbleView::tr("Preferred answer");
  if (turn.variant == QLatin1String("rejected")) return ChatBubbleView::tr("Rejected answer");
  if (turn.role == QLatin1String("user")) return ChatBubbleView::tr("User");
  if (turn.role == QLatin1String("assistant")) return ChatBubbleView::tr("Assistant");
  if (turn.role == QLatin1String("system")) return ChatBubbleView::tr("System prompt");
  return ChatBubbleView::tr("Text");
}

ChatBubbleView::ChatBubbleView(QWidget* parent) : QScrollArea(parent) {
  setObjectName(QStringLiteral("chatBubbleView"));
  setWidgetResizable(true);
  mCanvas = new QWidget;
  mLayout = new QVBoxLayout(mCanvas);
  mLayout->addStretch(1);
  setWidget(mCanvas);
  setMinimumHeight(160);
}

void ChatBubbleView::clear() {
  mBubbles.clear();
  mRoles.clear();
  while (QLayoutItem* item = mLayout->takeAt(0)) discard(item);
  mLayout->addStretch(1);
}

void ChatBubbleView::setPlaceholder(const QString& text) {
  clear();
  addHeading(text);
}

void ChatBubbleView::setConversation(const QList<Turn>& turns) {
  clear();
  for (int i = 0; i < turns.size(); ++i) addBubble(turns[i], i);
}

void ChatBubbleView::setConversations(const QList<QPair<QString, QList<Turn>>>& conversations) {
  clear();
  for (const auto& [heading, turns] : conversations) {
    addHeading(heading);
    for (int i = 0; i < turns.size(); ++i) addBubble(turns[i], i);
  }
}

void ChatBubbleView::addHeading(const QString& text) {
  auto* label = new QLabel(text);
  label->setWordWrap(true);
  label->setStyleSheet(QStringLiteral("color: palette(mid); font-weight: bold; margin-top: 8px;"));
  mLayout->insertWidget(mLayout->count() - 1, label);
}

void ChatBubbleView::addBubble(const Turn& turn, int index) {
  const bool user = turn.role == QLatin1String("user");
  const bool across = turn.role == QLatin1String("system") || turn.role == QLatin1String("text");
  // Soft colours that read on light and dark themes alike.
  QString colour = QStringLiteral("rgba(120, 120, 120, 40)");
  if (user) colour = QStringLiteral("rgba(40, 120, 220, 55)");
  if (turn.variant == QLatin1String("chosen")) colour = QStringLiteral("rgba(40, 170, 80, 60)");
  if (turn.variant == QLatin1String("rejected")) colour = QStringLiteral("rgba(220, 60, 60, 55)");

  auto* box = new QWidget;
  auto* column = new QVBoxLayout(box);
  column->setContentsMargins(0, 0, 0, 0);
  column->setSpacing(2);
  auto* who = new QLabel(roleLabel(turn));
  who->setStyleSheet(QStringLiteral("font-size: small; color: palette(mid);"));
  auto* bubble = new QLabel(turn.content.isEmpty() ? tr("(empty)") : turn.content);
  bubble->setTextFormat(Qt::PlainText);  // data is never markup
  bubble->setWordWrap(true);
  bubble->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bubble->setStyleSheet(QStringLiteral("background: %1; border-radius: 10px; padding: 8px;").arg(colour));
  bubble->setProperty("turn", index);
  bubble->setToolTip(tr("Double-click to edit"));
  bubble->installEventFilter(this);
  column->addWidget(who, 0, user ? Qt::AlignRight : Qt::AlignLeft);
  column->addWidget(bubble);
  auto* row = new QHBoxLayout;
  if (user) row->addStretch(1);
  row->addWidget(box, across ? 1 : 4);
  if (!user && !across) row->addStretch(1);
  mLayout->insertLayout(mLayout->count() - 1, row);
  mBubbles << bubble;
  mRoles << turn.role;
}

QString ChatBubbleView::bubbleText(int index) const {
  return index >= 0 && index < mBubbles.size() ? mBubbles[index]->text() : QString();
}

QString ChatBubbleView::bubbleRole(int index) const { return mRoles.value(index); }

bool ChatBubbleView::eventFilter(QObject* watched, QEvent* event) {
  if (event->type() == QEvent::MouseButtonDblClick && watched->property("turn").isValid())
    Q_EMIT turnActivated(watched->property("turn").toInt());
  return QScrollArea::eventFilter(watched, event);
}

}  // namespace Atelier
