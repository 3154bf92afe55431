#pragma once

#include "system/systeminfo.h"

#include <QDialog>

class QLabel;

namespace Atelier {

// Versions of Atelier, Qt and libtorch, GPU presence and the BLAS in use.
class AboutDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AboutDialog(QWidget* parent = nullptr);
  void setSystemInfo(const SystemInfo& info);
  QString detailsText() const;

 private:
  QLabel* mDetails;
};

}  // namespace Atelier
