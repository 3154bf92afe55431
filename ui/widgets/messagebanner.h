#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace Atelier {

// An inline message (error or information) that stays until dismissed.
// Used instead of modal boxes so nothing blocks and tests can read it.
class MessageBanner : public QFrame {
  Q_OBJECT
 public:
  enum class Kind { Information, Error };
  explicit MessageBanner(QWidget* parent = nullptr);
  void showMessage(Kind kind, const QString& text);
  QString text() const;

 private:
  QLabel* mLabel;
  QToolButton* mClose;
};

}  // namespace Atelier
