#include "newprojectdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace Atelier {

NewProjectDialog::NewProjectDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("New project"));
  mName = new QLineEdit(tr("My assistant"));
  mLocation = new QLineEdit(QDir(QStandardPaths::writableLocation(QStandardPaths::HomeLocation))
                                .filePath(QStringLiteral("Atelier")));
  mDescription = new QLineEdit;
  mDescription->setPlaceholderText(tr("Optional: what this assistant is for"));
  auto* browse = new QPushButton(tr("Browse…"));
  auto* locationRow = new QHBoxLayout;
  locationRow->addWidget(mLocation, 1);
  locationRow->addWidget(browse);
  mProblem = new QLabel;
  mProblem->setWordWrap(true);

  auto* form = new QFormLayout;
  form->addRow(tr("Name:"), mName);
  form->addRow(tr("Location:"), locationRow);
  form->addRow(tr("Description:"), mDescription);
  form->addRow(QString(), mProblem);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  mCreate = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Where to create the project"),
                                                          mLocation->text());
    if (!dir.isEmpty()) mLocation->setText(dir);
  });
  connect(mName, &QLineEdit::textChanged, this, &NewProjectDialog::validate);
  connect(mLocation, &QLineEdit::textChanged, this, &NewProjectDialog::validate);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);
  validate();
}

QString NewProjectDialog::projectName() const { return mName->text().trimmed(); }
QString NewProjectDialog::description() const { return mDescription->text().trimmed(); }

QString NewProjectDialog::folder() const {
  QString safe = projectName();
  // The folder name follows the project name, minus characters file systems dislike.
  safe.replace(QRegularExpression(QStringLiteral("[/\\\\:*?\"<>|]")), QStringLiteral("-"));
  return QDir(mLocation->text().trimmed()).filePath(safe);
}

void NewProjectDialog::validate() {
  QString problem;
  if (projectName().isEmpty()) {
    problem = tr("Give the project a name.");
  } else if (mLocation->text().trimmed().isEmpty()) {
    problem = tr("Choose where to create it.");
  } else {
    const QFileInfo target(folder());
    if (target.exists() && !QDir(target.filePath()).isEmpty())
      problem = tr("%1 already exists and is not empty; choose another name.")
                    .arg(QDir::toNativeSeparators(target.filePath()));
  }
  mProblem->setText(problem.isEmpty() ? tr("The project will be created in %1")
                                            .arg(QDir::toNativeSeparators(folder()))
                                      : problem);
  mCreate->setEnabled(problem.isEmpty());
}

}  // namespace Atelier
