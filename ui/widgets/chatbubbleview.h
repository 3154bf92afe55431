#pragma once

#include "data/conversation.h"

#include <QScrollArea>

class QVBoxLayout;
class QLabel;

namespace Atelier {

// Shows conversations the way a chat app does: the person's messages on the
// right, the assistant's on the left, system prompts and plain text across,
// preference answers marked chosen/rejected. Used by the import wizard's
// preview and the dataset browser. Double-clicking a message asks for it to
// be edited (turnActivated).
class ChatBubbleView : public QScrollArea {
  Q_OBJECT
 public:
  explicit ChatBubbleView(QWidget* parent = nullptr);

  void setConversation(const QList<Turn>& turns);
  // Several conversations one under the other, each under its heading.
  void setConversations(const QList<QPair<QString, QList<Turn>>>& conversations);
  void setPlaceholder(const QString& text);
  void clear();

  int bubbleCount() const { return mBubbles.size(); }
  QString bubbleText(int index) const;
  QString bubbleRole(int index) const;

 signals:
  // Index of the turn within the (single) conversation shown.
  void turnActivated(int turn);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void addBubble(const Turn& turn, int index);
  void addHeading(const QString& text);

  QWidget* mCanvas;
  QVBoxLayout* mLayout;
  QList<QLabel*> mBubbles;
  QList<QString> mRoles;
};

// The words shown above a message of this role ("You", "Assistant", ...).
QString roleLabel(const Turn& turn);

}  // namespace Atelier
