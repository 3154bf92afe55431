#include "importwizard.h"

#include "importpages.h"
#include "models/databasequeue.h"
#include "storage/datasetrepository.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace Atelier {

ImportWizard::ImportWizard(std::shared_ptr<Project> project, QWidget* parent) : QWizard(parent) {
  setObjectName(QStringLiteral("importWizard"));
  setWindowTitle(tr("Import a dataset"));
  setWizardStyle(QWizard::ModernStyle);
  setOption(QWizard::NoBackButtonOnStartPage);
  resize(900, 680);
  mQueue = new DatabaseQueue(std::move(project), this);
  mFile = new ImportFilePage;
  mFormat = new ImportFormatPage;
  mRun = new ImportRunPage;
  mClean = new ImportCleanPage;
  mSplit = new ImportSplitPage;
  mSummary = new ImportSummaryPage;
  setPage(FilePage, mFile);
  setPage(FormatPage, mFormat);
  setPage(RunPage, mRun);
  setPage(CleanPage, mClean);
  setPage(SplitPage, mSplit);
  setPage(SummaryPage, mSummary);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::reject() {
  mCancelled = true;
  if (mRun->isRunning()) mRun->cancel();  // the import rolls back by itself
  removeImported();
  QWizard::reject();
}

void ImportWizard::removeImported() {
  const qint64 id = importResult.datasetId;
  if (id == 0) return;
  importResult.datasetId = 0;
  // The person backed out: the half-prepared dataset goes too.
  mQueue->run<bool>(
      [id](Database& db) {
        QString error;
        return DatasetRepository(db).remove(id, &error);
      },
      [this](bool) { emit datasetsChanged(); });
}

ImportWizard* ImportFilePage::importWizard() const { return static_cast<ImportWizard*>(wizard()); }

ImportFilePage::ImportFilePage() {
  setTitle(tr("Choose a file"));
  setSubTitle(tr("Questions and answers or chats as Alpaca, ShareGPT or OpenAI JSON/JSONL, a CSV/TSV table, "
                 "plain text for continued pretraining, or preference pairs. The file itself is never changed."));
  mPath = new QLineEdit;
  mPath->setObjectName(QStringLiteral("importFile"));
  auto* browse = new QPushButton(tr("&Browse…"));
  mName = new QLineEdit;
  mName->setObjectName(QStringLiteral("importName"));
  mName->setPlaceholderText(tr("How the dataset is called in this project"));
  auto* row = new QHBoxLayout;
  row->addWidget(mPath, 1);
  row->addWidget(browse);
  auto* form = new QFormLayout(this);
  form->addRow(tr("&File:"), row);
  form->addRow(tr("&Name:"), mName);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a dataset file"), QString(),
                                                      tr("Datasets (*.jsonl *.json *.csv *.tsv *.txt *.md);;All files (*)"));
    if (!file.isEmpty()) setFile(file);
  });
  connect(mPath, &QLineEdit::textChanged, this, [this](const QString& path) {
    if (!mName->isModified())
      mName->setText(QFileInfo(path).completeBaseName());
    emit completeChanged();
  });
  connect(mName, &QLineEdit::textChanged, this, &ImportFilePage::completeChanged);
}

void ImportFilePage::setFile(const QString& path) { mPath->setText(path); }

void ImportFilePage::setName(const QString& name) {
  mName->setText(name);
  mName->setModified(true);  // typed by the person: a new file no longer renames it
}

bool ImportFilePage::isComplete() const {
  return !mPath->text().trimmed().isEmpty() && !mName->text().trimmed().isEmpty();
}

bool ImportFilePage::validatePage() {
  ImportWizard* w = importWizard();
  const QString file = mPath->text().trimmed();
  if (file != w->options.file) {
    // Another file: detection and mapping start over.
    w->options.format = DatasetFormat::Auto;
    w->options.csvMapping.clear();
  }
  w->options.file = file;
  w->options.name = mName->text().trimmed();
  return true;
}

}  // namespace Atelier
