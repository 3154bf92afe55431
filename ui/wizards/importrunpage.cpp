// Import, split and summary pages: the parts of the wizard that write.
#include "importpages.h"
#include "importwizard.h"

#include "models/conversationtablemodel.h"
#include "models/databasequeue.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace Atelier {
namespace {

struct ImportOutcome {
  bool ok = false;
  QString error;
  ImportResult result;
};

struct SplitOutcome {
  bool ok = false;
  QString error;
  SplitResult result;
};

}  // namespace

ImportWizard* ImportRunPage::importWizard() const { return static_cast<ImportWizard*>(wizard()); }

ImportRunPage::ImportRunPage() {
  setTitle(tr("Import"));
  setSubTitle(tr("Reading the whole file into the project. Cancelling leaves nothing behind."));
  // Once imported, going back would import a second time.
  setCommitPage(true);
  setButtonText(QWizard::CommitButton, tr("&Next >"));
  mProgress = new QProgressBar;
  mProgress->setRange(0, 100);
  mCancel = new QPushButton(tr("&Cancel import"));
  mStatus = new QLabel;
  mStatus->setObjectName(QStringLiteral("importStatus"));
  mStatus->setWordWrap(true);
  mStatus->setTextFormat(Qt::PlainText);
  mTimer = new QTimer(this);
  mTimer->setInterval(100);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mProgress);
  layout->addWidget(mCancel, 0, Qt::AlignLeft);
  layout->addWidget(mStatus, 1);
  connect(mCancel, &QPushButton::clicked, this, &ImportRunPage::cancel);
  connect(mTimer, &QTimer::timeout, this, [this] {
    if (mPercent) mProgress->setValue(mPercent->load());
  });
}

bool ImportRunPage::isComplete() const { return !mRunning && importWizard()->importResult.datasetId != 0; }

void ImportRunPage::cancel() {
  if (mCancelFlag) mCancelFlag->store(true);
}

void ImportRunPage::cleanupPage() { cancel(); }

void ImportRunPage::initializePage() {
  ImportWizard* w = importWizard();
  if (mRunning || w->importResult.datasetId != 0) return;
  mRunning = true;
  mCancel->setEnabled(true);
  mProgress->setValue(0);
  mStatus->setText(tr("Importing %1…").arg(QFileInfo(w->options.file).fileName()));
  mCancelFlag = std::make_shared<std::atomic<bool>>(false);
  mPercent = std::make_shared<std::atomic<int>>(0);
  mTimer->start();
  ImportOptions o = w->options;
  auto cancelFlag = mCancelFlag;
  auto percent = mPercent;
  o.progress = [cancelFlag, percent](qint64 done, qint64 total) {
    percent->store(total > 0 ? int(100 * done / total) : 0);
    return !cancelFlag->load();
  };
  emit completeChanged();
  w->queue()->run<ImportOutcome>(
      [o](Database& db) {
        ImportOutcome r;
        r.ok = importDataset(db, o, &r.result, &r.error);
        return r;
      },
      [this, w](const ImportOutcome& r) {
        mRunning = false;
        mTimer->stop();
        mCancel->setEnabled(false);
        if (r.ok && w->isCancelled()) {
          // Cancelled while the last rows were committed: take them out again.
          w->importResult = r.result;
          w->removeImported();
          mStatus->setText(tr("The import was cancelled; nothing was added."));
          emit importFinished(false);
          return;
        }
        if (r.ok) {
          w->importResult = r.result;
          mProgress->setValue(100);
          QString text = tr("Imported %1 rows as “%2”. %3 rows were skipped.")
                             .arg(r.result.imported).arg(w->options.name).arg(r.result.rejected.size());
          for (const ImportRejection& x : r.result.rejected.mid(0, 8))
            text += tr("\nLine %1: %2").arg(x.line).arg(x.reason);
          mStatus->setText(text);
          emit w->datasetsChanged();
        } else {
          mStatus->setText(r.error + tr("\nGo back to change the file or its settings."));
        }
        emit completeChanged();
        emit importFinished(r.ok);
      });
}

ImportSplitPage::ImportSplitPage() {
  setTitle(tr("Split"));
  setSubTitle(tr("Keep part of the rows back to check the model on examples it never trained on. "
                 "The same seed always gives the same split; duplicates never straddle it."));
  val = new QDoubleSpinBox;
  val->setObjectName(QStringLiteral("splitVal"));
  test = new QDoubleSpinBox;
  test->setObjectName(QStringLiteral("splitTest"));
  for (QDoubleSpinBox* s : {val, test}) {
    s->setRange(0, 0.5);
    s->setSingleStep(0.05);
    s->setDecimals(2);
    s->setValue(0.1);
    connect(s, &QDoubleSpinBox::valueChanged, this, &ImportSplitPage::completeChanged);
  }
  seed = new QSpinBox;
  seed->setObjectName(QStringLiteral("splitSeed"));
  seed->setRange(0, 999999);
  auto* form = new QFormLayout(this);
  form->addRow(tr("&Validation fraction:"), val);
  form->addRow(tr("&Test fraction:"), test);
  form->addRow(tr("&Seed:"), seed);
}

bool ImportSplitPage::isComplete() const { return val->value() + test->value() < 1.0; }

ImportWizard* ImportSummaryPage::importWizard() const { return static_cast<ImportWizard*>(wizard()); }

ImportSummaryPage::ImportSummaryPage() {
  setTitle(tr("Summary"));
  mSummary = new QLabel;
  mSummary->setObjectName(QStringLiteral("importSummary"));
  mSummary->setWordWrap(true);
  mSummary->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mSummary, 1);
}

bool ImportSummaryPage::isComplete() const { return mDone; }

QString ImportSummaryPage::summaryText() const { return mSummary->text(); }

void ImportSummaryPage::initializePage() {
  ImportWizard* w = importWizard();
  mDone = false;
  mSummary->setText(tr("Splitting…"));
  emit completeChanged();
  const QString name = w->options.name;
  const double val = w->splitPage()->val->value(), test = w->splitPage()->test->value();
  const quint64 seed = quint64(w->splitPage()->seed->value());
  w->queue()->run<SplitOutcome>(
      [=](Database& db) {
        SplitOutcome r;
        r.ok = splitDataset(db, name, val, test, seed, &r.result, &r.error);
        return r;
      },
      [this, w](const SplitOutcome& r) {
        w->split = r.ok;
        w->splitResult = r.result;
        QStringList lines;
        lines << tr("Dataset “%1” from %2 (%3).").arg(w->options.name, QFileInfo(w->options.file).fileName(),
                                                      formatName(w->importResult.format));
        lines << tr("Imported %1 rows; %2 skipped.").arg(w->importResult.imported).arg(w->importResult.rejected.size());
        if (w->cleaned) {
          lines << tr("Cleaning kept %1 of %2 rows.").arg(w->cleanResult.kept).arg(w->cleanResult.total);
          for (auto it = w->cleanResult.removed.begin(); it != w->cleanResult.removed.end(); ++it)
            lines << tr("  left out as %1: %2").arg(ConversationTableModel::flagLabel(it.key())).arg(it.value());
        }
        if (r.ok)
          lines << tr("Split: %1 for training, %2 for validation, %3 for testing.")
                       .arg(r.result.train).arg(r.result.val).arg(r.result.test);
        else
          lines << tr("The split failed: %1").arg(r.error);
        mSummary->setText(lines.join(QLatin1Char('\n')));
        mDone = r.ok;
        emit completeChanged();
        emit w->datasetsChanged();
        emit splitFinished(r.ok);
      });
}

}  // namespace Atelier
