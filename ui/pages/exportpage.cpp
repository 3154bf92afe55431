#include "exportpage.h"

#include "export/exportbundle.h"
#include "projectcontroller.h"
#include "storage/runrepository.h"
#include "widgets/messagebanner.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Atelier {

namespace {

struct Source {
  QString model, adapter, name;
};

QVariant toVariant(const Source& s) {
  return QVariantMap{{QStringLiteral("model"), s.model}, {QStringLiteral("adapter"), s.adapter}, {QStringLiteral("name"), s.name}};
}

Source fromVariant(const QVariant& v) {
  const QVariantMap m = v.toMap();
  return {m.value(QStringLiteral("model")).toString(), m.value(QStringLiteral("adapter")).toString(),
          m.value(QStringLiteral("name")).toString()};
}

bool isAdapter(const QString& folder) { return QFileInfo::exists(QDir(folder).filePath(QStringLiteral("adapter_config.json"))); }

QString eta(double fraction, qint64 elapsedMs) {
  if (fraction <= 0.02) return QString();
  const int seconds = int(elapsedMs / 1000.0 * (1 - fraction) / fraction);
  return seconds < 60 ? ExportPage::tr("about %1 s left").arg(seconds) : ExportPage::tr("about %1 min left").arg(seconds / 60 + 1);
}

}  // namespace

ExportPage::ExportPage(ProjectController* controller, QWidget* parent) : QWidget(parent), mController(controller) {
  setObjectName(QStringLiteral("exportPage"));
  mBanner = new MessageBanner;
  auto* intro = new QLabel(tr("Take your model out of Atelier: one file for llama.cpp and LM Studio (GGUF), a folder "
                              "for Ollama, or Hugging Face formats for Python."));
  intro->setWordWrap(true);

  mSource = new QComboBox;
  mSource->setToolTip(tr("A training run exports the base model with what it learned; the base model alone exports it untouched."));
  auto* pickModel = new QPushButton(tr("Other model folder…"));
  pickModel->setToolTip(tr("Export any Hugging Face model folder on this computer."));
  auto* sourceRow = new QHBoxLayout;
  sourceRow->addWidget(mSource, 1);
  sourceRow->addWidget(pickModel);
  auto* sourceBox = new QGroupBox(tr("1. What to export"));
  sourceBox->setLayout(sourceRow);

  mGguf = new QCheckBox(tr("GGUF file (llama.cpp, LM Studio)"));
  mGguf->setChecked(true);
  mGgufType = new QComboBox;
  mGgufType->addItem(tr("Q8_0 – 8-bit, about a quarter of F32, nearly the same answers"), QStringLiteral("q8_0"));
  mGgufType->addItem(tr("F16 – half precision, exact for most uses"), QStringLiteral("f16"));
  mGgufType->addItem(tr("F32 – full precision, largest"), QStringLiteral("f32"));
  mGgufType->setToolTip(tr("Smaller files run faster and need less memory; Q8_0 is a safe default."));
  mOllama = new QCheckBox(tr("Ollama folder (GGUF + Modelfile with the chat template)"));
  mOllama->setChecked(true);
  mPeft = new QCheckBox(tr("LoRA adapter only (PEFT, for Python)"));
  mPeft->setToolTip(tr("A small folder that Hugging Face PEFT applies on top of the base model."));
  mMerged = new QCheckBox(tr("Merged model (Hugging Face folder, for transformers)"));
  mMergedDtype = new QComboBox;
  mMergedDtype->addItem(QStringLiteral("f16"), QStringLiteral("f16"));
  mMergedDtype->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
  mMergedDtype->addItem(QStringLiteral("f32"), QStringLiteral("f32"));
  auto* formats = new QFormLayout;
  formats->addRow(mGguf, mGgufType);
  formats->addRow(mOllama);
  formats->addRow(mPeft);
  formats->addRow(mMerged, mMergedDtype);
  auto* formatBox = new QGroupBox(tr("2. Formats"));
  formatBox->setLayout(formats);

  mOutput = new QLineEdit;
  mOutput->setToolTip(tr("Each format is written into its own file or folder here."));
  auto* pickOutput = new QPushButton(tr("Choose…"));
  auto* outRow = new QHBoxLayout;
  outRow->addWidget(mOutput, 1);
  outRow->addWidget(pickOutput);
  auto* outBox = new QGroupBox(tr("3. Where to put it"));
  outBox->setLayout(outRow);

  mExport = new QPushButton(tr("&Export"));
  mExport->setToolTip(tr("Start the export (Ctrl+E). The files are checked after writing."));
  mCancelButton = new QPushButton(tr("Cancel"));
  mCancelButton->setToolTip(tr("Stop (Esc); nothing half-written is left behind."));
  mProgress = new QProgressBar;
  mProgress->setRange(0, 1000);
  mProgress->setTextVisible(false);
  mStatus = new QLabel;
  auto* runRow = new QHBoxLayout;
  runRow->addWidget(mExport);
  runRow->addWidget(mCancelButton);
  runRow->addWidget(mProgress, 1);

  mHowTo = new QPlainTextEdit;
  mHowTo->setReadOnly(true);
  mHowTo->setObjectName(QStringLiteral("howTo"));
  mHowTo->setPlaceholderText(tr("After the export, the commands to run your model appear here."));
  mCopy = new QPushButton(tr("Copy commands"));
  mCopy->setToolTip(tr("Copy all commands to the clipboard."));
  auto* howBox = new QGroupBox(tr("How to use it"));
  auto* howLayout = new QVBoxLayout(howBox);
  howLayout->addWidget(mHowTo);
  howLayout->addWidget(mCopy, 0, Qt::AlignRight);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mBanner);
  layout->addWidget(intro);
  layout->addWidget(sourceBox);
  layout->addWidget(formatBox);
  layout->addWidget(outBox);
  layout->addLayout(runRow);
  layout->addWidget(mStatus);
  layout->addWidget(howBox, 1);

  connect(pickModel, &QPushButton::clicked, this, &ExportPage::chooseModelFolder);
  connect(pickOutput, &QPushButton::clicked, this, &ExportPage::chooseOutputFolder);
  connect(mExport, &QPushButton::clicked, this, &ExportPage::startExport);
  connect(mCancelButton, &QPushButton::clicked, this, &ExportPage::cancelExport);
  connect(mCopy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(mHowTo->toPlainText()); });
  connect(new QShortcut(QKeySequence(QStringLiteral("Ctrl+E")), this), &QShortcut::activated, this, &ExportPage::startExport);
  connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this, &ExportPage::cancelExport);
  for (QCheckBox* box : {mGguf, mOllama, mPeft, mMerged}) connect(box, &QCheckBox::toggled, this, &ExportPage::updateControls);
  connect(mSource, &QComboBox::currentIndexChanged, this, &ExportPage::updateControls);
  if (mController) {
    connect(mController, &ProjectController::projectOpened, this, &ExportPage::refresh);
    connect(mController, &ProjectController::projectClosed, this, &ExportPage::refresh);
  }
  refresh();
}

ExportPage::~ExportPage() {
  if (mCancel) mCancel->store(true);  // the worker stops at its next progress report
}

void ExportPage::refresh() {
  if (isBusy()) return;
  const QVariant keep = mSource->currentData();
  mSource->clear();
  if (mController && mController->hasProject()) {
    std::shared_ptr<Project> project = mController->project();
    QStringList models;
    // A few small queries on the project database, as the Data page does.
    for (const RunInfo& run : RunRepository(project->database()).list()) {
      if (!models.contains(run.model)) models << run.model;
      // A reward model scores answers; merged or as GGUF it would not chat.
      if (run.kind == QLatin1String("reward")) continue;
      QString adapter = run.summary.value(QStringLiteral("adapter")).toString();
      if (adapter.isEmpty() || !isAdapter(adapter)) adapter = QDir(run.runDir).filePath(QStringLiteral("adapter"));
      if (isAdapter(adapter))
        mSource->addItem(tr("Run \"%1\" (%2, %3)").arg(run.name, run.dataset, run.status), toVariant({run.model, adapter, run.name}));
      const QString best = QDir(run.runDir).filePath(QStringLiteral("best-adapter"));
      if (isAdapter(best))
        mSource->addItem(tr("Run \"%1\", best validation checkpoint").arg(run.name), toVariant({run.model, best, run.name + QStringLiteral("-best")}));
    }
    const QString sample = QDir(project->folder()).filePath(QStringLiteral("models/sample-base"));
    if (QFileInfo::exists(sample) && !models.contains(sample)) models << sample;
    for (const QString& m : models)
      mSource->addItem(tr("Base model alone: %1").arg(QFileInfo(m).fileName()), toVariant({m, QString(), QFileInfo(m).fileName()}));
    // Another project: its own exports/ folder, not the last project's.
    if (mOutput->text().isEmpty() || mProjectFolder != project->folder())
      mOutput->setText(QDir(project->folder()).filePath(QStringLiteral("exports")));
    mProjectFolder = project->folder();
  }
  const int again = mSource->findData(keep);
  if (again >= 0) mSource->setCurrentIndex(again);
  updateControls();
}

void ExportPage::addModelFolder(const QString& folder) {
  const QString name = QFileInfo(folder).fileName();
  mSource->addItem(tr("Base model alone: %1").arg(name), toVariant({QFileInfo(folder).absoluteFilePath(), QString(), name}));
  mSource->setCurrentIndex(mSource->count() - 1);
}

void ExportPage::setOutputFolder(const QString& folder) { mOutput->setText(folder); }

QString ExportPage::howToText() const { return mHowTo->toPlainText(); }

void ExportPage::chooseModelFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"));
  if (!folder.isEmpty()) addModelFolder(folder);
}

void ExportPage::chooseOutputFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose where to put the export"), mOutput->text());
  if (!folder.isEmpty()) mOutput->setText(folder);
}

void ExportPage::updateControls() {
  const bool busy = isBusy();
  const bool hasAdapter = !fromVariant(mSource->currentData()).adapter.isEmpty();
  for (QCheckBox* box : {mPeft, mMerged}) {
    box->setEnabled(!busy && hasAdapter);
    if (!hasAdapter) box->setChecked(false);
  }
  mPeft->setToolTip(hasAdapter ? tr("A small folder that Hugging Face PEFT applies on top of the base model.")
                               : tr("Needs a training run: a base model alone has no adapter."));
  mGguf->setEnabled(!busy);
  mOllama->setEnabled(!busy);
  mGgufType->setEnabled(!busy && (mGguf->isChecked() || mOllama->isChecked()));
  mMergedDtype->setEnabled(!busy && mMerged->isChecked());
  mSource->setEnabled(!busy);
  mOutput->setEnabled(!busy);
  const bool any = mGguf->isChecked() || mOllama->isChecked() || mPeft->isChecked() || mMerged->isChecked();
  mExport->setEnabled(!busy && any && mSource->count() > 0);
  mCancelButton->setEnabled(busy);
}

void ExportPage::startExport() {
  if (isBusy() || !mExport->isEnabled()) return;
  const Source source = fromVariant(mSource->currentData());
  ExportBundleRequest request;
  request.model = source.model;
  request.adapter = source.adapter;
  request.name = source.name;
  request.outFolder = mOutput->text().trimmed();
  request.gguf = mGguf->isChecked();
  request.ollama = mOllama->isChecked();
  request.peft = mPeft->isChecked();
  request.merged = mMerged->isChecked();
  request.ggufType = mGgufType->currentData().toString();
  request.mergedDtype = mMergedDtype->currentData().toString();
  if (request.outFolder.isEmpty()) {
    mBanner->showMessage(MessageBanner::Kind::Error, tr("Choose where to put the export."));
    return;
  }
  mHowTo->clear();
  mProgress->setValue(0);
  mStatus->setText(tr("Starting…"));
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  mCancel = cancel;
  updateControls();

  auto* watcher = new QFutureWatcher<QPair<QString, ExportBundleResult>>(this);
  connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
    watcher->deleteLater();
    const auto [error, result] = watcher->result();
    const bool ok = error.isEmpty();
    mCancel.reset();
    mProgress->setValue(ok ? 1000 : 0);
    if (ok) {
      mStatus->setText(tr("Written: %1").arg(result.written.join(QStringLiteral(", "))));
      mHowTo->setPlainText(result.howTo);
    } else {
      mStatus->clear();
      mBanner->showMessage(MessageBanner::Kind::Error, error.toHtmlEscaped());
    }
    updateControls();
    Q_EMIT finished(ok);
  });
  QPointer<ExportPage> self(this);
  watcher->setFuture(QtConcurrent::run([request, cancel, self] {
    QElapsedTimer timer;
    timer.start();
    ExportBundleResult result;
    QString error;
    const bool ok = runExportBundle(request, [&](double fraction, const QString& what) {
      // Progress crosses to the GUI thread queued; the worker never waits on it.
      QMetaObject::invokeMethod(qApp, [self, fraction, what, left = eta(fraction, timer.elapsed())] {
        if (!self) return;
        self->mProgress->setValue(int(fraction * 1000));
        self->mStatus->setText(left.isEmpty() ? what : QStringLiteral("%1 – %2").arg(what, left));
      }, Qt::QueuedConnection);
      return !cancel->load();
    }, &result, &error);
    if (!ok && error.isEmpty()) error = ExportPage::tr("export failed");
    return qMakePair(ok ? QString() : error, result);
  }));
}

void ExportPage::cancelExport() {
  if (!mCancel) return;
  mCancel->store(true);
  mStatus->setText(tr("Cancelling…"));
}

}  // namespace Atelier
