#pragma once

#include "log/logger.h"

#include <QWidget>

class QComboBox;
class QPlainTextEdit;

namespace Atelier {

// Shows the process log (Atelier, Qt, libtorch, sentencepiece) as it arrives.
class LogPanel : public QWidget {
  Q_OBJECT
 public:
  explicit LogPanel(QWidget* parent = nullptr);
  QString plainText() const;

 private:
  void append(const Atelier::LogEntry& entry);
  void rebuild();
  QComboBox* mLevel;
  QPlainTextEdit* mText;
};

}  // namespace Atelier
