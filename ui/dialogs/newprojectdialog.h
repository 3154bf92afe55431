#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Atelier {

// Asks for a name, a location and an optional description for a new project.
class NewProjectDialog : public QDialog {
  Q_OBJECT
 public:
  explicit NewProjectDialog(QWidget* parent = nullptr);
  QString projectName() const;
  QString description() const;
  // location/name, the folder that will be created.
  QString folder() const;

 private:
  void validate();
  QLineEdit* mName;
  QLineEdit* mLocation;
  QLineEdit* mDescription;
  QLabel* mProblem;
  QPushButton* mCreate;
};

}  // namespace Atelier
