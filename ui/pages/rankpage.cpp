#include "rankpage.h"

#include "models/databasequeue.h"
#include "projectcontroller.h"
#include "ranking/candidategenerator.h"
#include "ranking/judgementfile.h"
#include "ranking/preferencepairs.h"
#include "ranking/rankingstats.h"
#include "raterscreen.h"
#include "storage/datasetrepository.h"
#include "storage/rankingrepository.h"
#include "storage/runrepository.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Atelier {

namespace {

// The set's own name beside the label with its prompt count.
constexpr int kSetNameRole = Qt::UserRole + 1;

struct PageData {
  QList<PromptSet> sets;
  QStringList raters, datasets;
  int ratersPerPrompt = 1;
  RankingStats stats;
  QString newestModel, newestAdapter;  // the newest run with an adapter: the default to rank
};

// A line edit for a folder with a Browse… button beside it.
QWidget* withBrowseButton(QLineEdit* edit, const QString& title) {
  auto* row = new QWidget;
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  auto* browse = new QPushButton(QCoreApplication::translate("Atelier::RankPage", "Browse…"));
  layout->addWidget(browse);
  QObject::connect(browse, &QPushButton::clicked, edit, [edit, title] {
    const QString dir = QFileDialog::getExistingDirectory(edit, title, edit->text());
    if (!dir.isEmpty()) edit->setText(QDir::toNativeSeparators(dir));
  });
  return row;
}

}  // namespace

RankPage::RankPage(ProjectController* controller, QWidget* parent) : QWidget(parent), mController(controller) {
  setObjectName(QStringLiteral("rankPage"));
  auto* outer = new QVBoxLayout(this);
  mStack = new QStackedWidget;
  outer->addWidget(mStack);
  auto* owner = new QWidget;
  auto* layout = new QVBoxLayout(owner);
  mStack->addWidget(owner);
  mRater = new RaterScreen;
  mStack->addWidget(mRater);

  auto* setsBox = new QGroupBox(tr("Prompts to rate"));
  auto* setsRow = new QHBoxLayout(setsBox);
  mSets = new QComboBox;
  mSets->setObjectName(QStringLiteral("promptSets"));
  mSets->setToolTip(tr("A prompt set: the questions raters see, each with several answers to compare."));
  auto* add = new QPushButton(tr("Type prompts…"));
  auto* fromDataset = new QPushButton(tr("From a dataset…"));
  fromDataset->setToolTip(tr("Use the questions of a dataset in this project as prompts."));
  setsRow->addWidget(mSets, 1);
  setsRow->addWidget(add);
  setsRow->addWidget(fromDataset);
  layout->addWidget(setsBox);

  auto* genBox = new QGroupBox(tr("Answers to rank"));
  auto* gen = new QFormLayout(genBox);
  mModel = new QLineEdit;
  mModel->setPlaceholderText(tr("Model folder"));
  mAdapter = new QLineEdit;
  mAdapter->setPlaceholderText(tr("Optional: a fine-tuned adapter folder"));
  mK = new QSpinBox;
  mK->setRange(2, 16);
  mK->setValue(4);
  mK->setToolTip(tr("How many different answers each prompt gets."));
  mTemperature = new QDoubleSpinBox;
  mTemperature->setRange(0.1, 2.0);
  mTemperature->setSingleStep(0.1);
  mTemperature->setValue(0.8);
  mTemperature->setToolTip(tr("Higher values make the answers more varied."));
  auto* genRow = new QHBoxLayout;
  mGenerate = new QPushButton(tr("&Generate answers"));
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->setEnabled(false);
  mGenerateProgress = new QProgressBar;
  genRow->addWidget(mGenerate);
  genRow->addWidget(mCancel);
  genRow->addWidget(mGenerateProgress, 1);
  gen->addRow(tr("Model:"), withBrowseButton(mModel, tr("Model folder")));
  gen->addRow(tr("Adapter:"), withBrowseButton(mAdapter, tr("Adapter folder")));
  gen->addRow(tr("Answers per prompt:"), mK);
  gen->addRow(tr("Variety (temperature):"), mTemperature);
  gen->addRow(genRow);
  layout->addWidget(genBox);

  auto* ratersBox = new QGroupBox(tr("Raters"));
  auto* raters = new QHBoxLayout(ratersBox);
  mRatersPerPrompt = new QSpinBox;
  mRatersPerPrompt->setObjectName(QStringLiteral("ratersPerPrompt"));
  mRatersPerPrompt->setRange(1, 100);
  mRatersPerPrompt->setToolTip(tr("How many different people rate each prompt."));
  auto* pin = new QPushButton(tr("Owner PIN…"));
  pin->setToolTip(tr("Raters need this PIN to leave rater mode."));
  mRaterName = new QComboBox;
  mRaterName->setObjectName(QStringLiteral("raterName"));
  mRaterName->setEditable(true);
  mRaterName->setToolTip(tr("The rater's name: pick one or type a new one."));
  mRaterName->lineEdit()->setPlaceholderText(tr("Your name"));
  mMode = new QComboBox;
  mMode->addItem(tr("Rank all answers"), QStringLiteral("ranking"));
  mMode->addItem(tr("Compare two (A/B)"), QStringLiteral("pairwise"));
  auto* start = new QPushButton(tr("&Start rating"));
  raters->addWidget(new QLabel(tr("Raters per prompt:")));
  raters->addWidget(mRatersPerPrompt);
  raters->addWidget(pin);
  raters->addStretch(1);
  auto* raterLabel = new QLabel(tr("&Rater:"));
  raterLabel->setBuddy(mRaterName);
  raters->addWidget(raterLabel);
  raters->addWidget(mRaterName, 1);
  raters->addWidget(mMode);
  raters->addWidget(start);
  layout->addWidget(ratersBox);

  auto* statsBox = new QGroupBox(tr("Agreement"));
  auto* stats = new QVBoxLayout(statsBox);
  mStats = new QLabel;
  mStats->setObjectName(QStringLiteral("rankStats"));
  mStats->setWordWrap(true);
  mDisagreement = new QTableWidget(0, 3);
  mDisagreement->setObjectName(QStringLiteral("disagreement"));
  mDisagreement->setHorizontalHeaderLabels({tr("Prompt"), tr("Raters"), tr("Agreement")});
  mDisagreement->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  mDisagreement->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mDisagreement->setToolTip(tr("Prompts where raters disagree most: worth reading again."));
  auto* files = new QHBoxLayout;
  auto* refresh = new QPushButton(tr("Refresh"));
  auto* exportJ = new QPushButton(tr("Export judgements…"));
  exportJ->setToolTip(tr("A file with this computer's judgements, to merge into the owner's project."));
  auto* importJ = new QPushButton(tr("Import judgements…"));
  importJ->setToolTip(tr("Merge a rater's file; judgements already here are skipped."));
  auto* exportDpo = new QPushButton(tr("Export preference pairs…"));
  exportDpo->setToolTip(tr("prompt/chosen/rejected lines (TRL's DPO layout), also kept as a dataset of this project."));
  files->addWidget(refresh);
  files->addStretch(1);
  files->addWidget(exportJ);
  files->addWidget(importJ);
  files->addWidget(exportDpo);
  stats->addWidget(mStats);
  stats->addWidget(mDisagreement, 1);
  stats->addLayout(files);
  layout->addWidget(statsBox, 1);
  mMessage = new QLabel;
  mMessage->setObjectName(QStringLiteral("rankMessage"));
  mMessage->setWordWrap(true);
  layout->addWidget(mMessage);

  connect(add, &QPushButton::clicked, this, &RankPage::addPrompts);
  connect(fromDataset, &QPushButton::clicked, this, &RankPage::promptsFromDataset);
  connect(mGenerate, &QPushButton::clicked, this, &RankPage::generate);
  connect(mCancel, &QPushButton::clicked, this, [this] {
    if (mJob) mJob->terminate();  // each answer is stored as it is made: nothing is lost
  });
  connect(pin, &QPushButton::clicked, this, &RankPage::setPin);
  connect(refresh, &QPushButton::clicked, this, &RankPage::refresh);
  connect(exportJ, &QPushButton::clicked, this, [this] { exportFile(QStringLiteral("judgements")); });
  connect(exportDpo, &QPushButton::clicked, this, [this] { exportFile(QStringLiteral("dpo")); });
  connect(importJ, &QPushButton::clicked, this, &RankPage::importFile);
  connect(start, &QPushButton::clicked, this,
          [this] { startRating(mRaterName->currentText(), mMode->currentData().toString()); });
  connect(mRatersPerPrompt, qOverload<int>(&QSpinBox::valueChanged), this, [this](int n) {
    if (!mQueue) return;
    mQueue->run<bool>([n](Database& db) { return RankingRepository(db).setRatersPerPrompt(n, nullptr); }, nullptr);
  });
  connect(mRater, &RaterScreen::leaveRequested, this, [this] {
    const QString pin = mPinPrompt ? mPinPrompt()
                                   : QInputDialog::getText(this, tr("Leave rater mode"), tr("Owner's PIN:"),
                                                           QLineEdit::Password);
    if (!leaveRaterMode(pin)) mRater->setToolTip(tr("Wrong PIN."));
  });
  connect(controller, &ProjectController::projectOpened, this, &RankPage::projectChanged);
  connect(controller, &ProjectController::projectClosed, this, &RankPage::projectChanged);
  projectChanged();
}

RankPage::~RankPage() {
  if (mJob) {
    mJob->terminate();
    mJob->waitForFinished(3000);
  }
}

bool RankPage::inRaterMode() const { return mStack->currentWidget() == mRater; }

void RankPage::projectChanged() {
  if (inRaterMode()) {
    mStack->setCurrentIndex(0);
    Q_EMIT raterModeChanged(false);
  }
  mRater->stop();
  mQueue.reset();
  if (auto project = mController->project()) mQueue = std::make_unique<DatabaseQueue>(project);
  setEnabled(mQueue != nullptr);
  refresh();
}

qint64 RankPage::currentSetId() const { return mSets->currentData().toLongLong(); }

void RankPage::showMessage(const QString& text) { mMessage->setText(text); }

void RankPage::refresh() {
  if (!mQueue) return;
  mQueue->run<PageData>(
      [](Database& db) {
        PageData d;
        RankingRepository repo(db);
        d.sets = repo.promptSets();
        for (const Rater& r : repo.raters()) d.raters << r.name;
        for (const DatasetInfo& i : DatasetRepository(db).list()) d.datasets << i.name;
        d.ratersPerPrompt = repo.ratersPerPrompt();
        d.stats = rankingStats(db);
        // Runs come oldest first: the last one with an adapter is the newest.
        for (const RunInfo& run : RunRepository(db).list()) {
          if (run.kind == QLatin1String("reward")) continue;  // a reward model writes no answers
          const QString adapter = QDir(run.runDir).filePath(QStringLiteral("adapter"));
          if (!QFileInfo::exists(QDir(adapter).filePath(QStringLiteral("adapter_config.json")))) continue;
          d.newestModel = run.model;
          d.newestAdapter = adapter;
        }
        return d;
      },
      [this](const PageData& d) {
        // Nothing typed yet: offer the newest fine-tune, what an owner most
        // likely wants raters to judge.
        if (mModel->text().isEmpty() && !d.newestModel.isEmpty()) {
          mModel->setText(QDir::toNativeSeparators(d.newestModel));
          mAdapter->setText(QDir::toNativeSeparators(d.newestAdapter));
        }
        const qint64 current = currentSetId();
        mSets->clear();
        for (const PromptSet& s : d.sets) {
          mSets->addItem(tr("%1 (%n prompts)", nullptr, int(s.prompts)).arg(s.name), s.id);
          mSets->setItemData(mSets->count() - 1, s.name, kSetNameRole);
        }
        const int index = mSets->findData(current);
        if (index >= 0) mSets->setCurrentIndex(index);
        const QString rater = mRaterName->currentText();
        mRaterName->clear();
        mRaterName->addItems(d.raters);
        mRaterName->setCurrentText(rater);
        mRaterName->setProperty("datasets", d.datasets);
        const QSignalBlocker block(mRatersPerPrompt);
        mRatersPerPrompt->setValue(d.ratersPerPrompt);
        const RankingStats& s = d.stats;
        QStringList lines;
        lines << tr("%1 judgements (%2 skipped) on %3 of %4 prompts.").arg(s.judgements).arg(s.skipped).arg(s.ratedPrompts).arg(s.prompts);
        for (const RaterStats& r : s.raters)
          lines << tr("%1: %2 judged, %3 skipped, about %4 s each.").arg(r.rater).arg(r.judged).arg(r.skipped).arg(r.medianSeconds, 0, 'f', 0);
        lines << tr("Raters agree on %1 of compared answer pairs; Krippendorff's alpha %2 (1 = full agreement, 0 = chance).")
                     .arg(s.pairwiseAgreement ? QStringLiteral("%1%").arg(*s.pairwiseAgreement * 100, 0, 'f', 0) : tr("—"))
                     .arg(s.alphaOrdinal ? QString::number(*s.alphaOrdinal, 'f', 2) : tr("—"));
        mStats->setText(lines.join(QLatin1Char('\n')));
        mDisagreement->setRowCount(0);
        for (const PromptDisagreement& p : s.mostDisagreement) {
          const int row = mDisagreement->rowCount();
          mDisagreement->insertRow(row);
          mDisagreement->setItem(row, 0, new QTableWidgetItem(p.prompt));
          mDisagreement->setItem(row, 1, new QTableWidgetItem(QString::number(p.raters)));
          mDisagreement->setItem(row, 2, new QTableWidgetItem(QStringLiteral("%1%").arg(p.agreement * 100, 0, 'f', 0)));
        }
      });
}

void RankPage::addPrompts() {
  if (!mQueue) return;
  bool ok = false;
  const QString name = mSets->count() ? mSets->currentData(kSetNameRole).toString() : tr("prompts");
  const QString setName = QInputDialog::getText(this, tr("Prompt set"), tr("Add to the prompt set:"), QLineEdit::Normal, name, &ok);
  if (!ok || setName.trimmed().isEmpty()) return;
  const QString text = QInputDialog::getMultiLineText(this, tr("Prompts"), tr("One prompt per line:"), QString(), &ok);
  if (!ok) return;
  const QStringList prompts = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
  mQueue->run<QString>(
      [setName, prompts](Database& db) {
        RankingRepository repo(db);
        QString error;
        qint64 id = repo.promptSetId(setName);
        if (!id && !(id = repo.createPromptSet(setName, QStringLiteral("typed"), &error))) return error;
        const int added = repo.addPrompts(id, prompts, &error);
        return added < 0 ? error : RankPage::tr("%n new prompts.", nullptr, added);
      },
      [this](const QString& message) {
        showMessage(message);
        refresh();
      });
}

void RankPage::promptsFromDataset() {
  if (!mQueue) return;
  bool ok = false;
  const QString dataset = QInputDialog::getItem(this, tr("Prompts from a dataset"), tr("Dataset:"),
                                                mRaterName->property("datasets").toStringList(), 0, false, &ok);
  if (!ok || dataset.isEmpty()) return;
  mQueue->run<QString>(
      [dataset](Database& db) {
        QStringList prompts;
        QString error;
        if (!datasetUserPrompts(db, dataset, &prompts, &error)) return error;
        RankingRepository repo(db);
        qint64 id = repo.promptSetId(dataset);
        if (!id && !(id = repo.createPromptSet(dataset, QStringLiteral("dataset:") + dataset, &error))) return error;
        const int added = repo.addPrompts(id, prompts, &error);
        return added < 0 ? error : RankPage::tr("%n new prompts.", nullptr, added);
      },
      [this](const QString& message) {
        showMessage(message);
        refresh();
      });
}

void RankPage::generate() {
  if (mJob || !mController->project() || mSets->currentIndex() < 0) return;
  if (mModel->text().trimmed().isEmpty()) {
    showMessage(tr("Choose the model folder that writes the answers."));
    return;
  }
  QStringList args = {QStringLiteral("rank"), QStringLiteral("candidates"), QStringLiteral("--project"),
                      mController->project()->folder(), QStringLiteral("--prompts"),
                      mSets->currentData(kSetNameRole).toString(), QStringLiteral("--model"),
                      mModel->text().trimmed(), QStringLiteral("--k"), QString::number(mK->value()),
                      QStringLiteral("--temperature"), QString::number(mTemperature->value()), QStringLiteral("--json")};
  if (!mAdapter->text().trimmed().isEmpty()) args << QStringLiteral("--adapter") << mAdapter->text().trimmed();
  mJob = new QProcess(this);
  mGenerate->setEnabled(false);
  mCancel->setEnabled(true);
  mGenerateProgress->setRange(0, 0);
  connect(mJob, &QProcess::readyReadStandardOutput, this, [this] {
    while (mJob->canReadLine()) {
      const QJsonObject o = QJsonDocument::fromJson(mJob->readLine()).object();
      if (o.value(QStringLiteral("event")) == QLatin1String("progress")) {
        mGenerateProgress->setRange(0, o.value(QStringLiteral("total")).toInt());
        mGenerateProgress->setValue(o.value(QStringLiteral("done")).toInt());
        showMessage(tr("Writing answers… about %1 s left.").arg(o.value(QStringLiteral("eta_s")).toDouble(), 0, 'f', 0));
      }
    }
  });
  connect(mJob, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    const QString err = QString::fromUtf8(mJob->readAllStandardError()).trimmed();
    showMessage(code == 0 && status == QProcess::NormalExit ? tr("The answers are ready to rank.")
                                                            : tr("Stopped: %1").arg(err.isEmpty() ? tr("cancelled") : err));
    mJob->deleteLater();
    mJob = nullptr;
    mGenerate->setEnabled(true);
    mCancel->setEnabled(false);
    mGenerateProgress->setRange(0, 1);
    refresh();
  });
  mJob->start(QCoreApplication::applicationFilePath(), args);
}

void RankPage::setPin() {
  if (!mQueue) return;
  bool ok = false;
  const QString pin = QInputDialog::getText(this, tr("Owner PIN"), tr("New PIN (at least 4 characters):"),
                                            QLineEdit::Password, QString(), &ok);
  if (!ok) return;
  mQueue->run<QString>(
      [pin](Database& db) {
        QString error;
        return RankingRepository(db).setOwnerPin(pin, &error) ? RankPage::tr("The owner PIN is set.") : error;
      },
      [this](const QString& m) { showMessage(m); });
}

void RankPage::exportFile(const QString& format) {
  if (!mQueue) return;
  const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QString(), tr("JSON lines (*.jsonl)"));
  if (path.isEmpty()) return;
  mQueue->run<QString>(
      [format, path](Database& db) {
        QString error;
        if (format == QLatin1String("judgements")) {
          const qint64 n = exportJudgements(db, 0, path, &error);
          return n < 0 ? error : RankPage::tr("%n judgements written.", nullptr, int(n));
        }
        const QList<PreferencePair> pairs = preferencePairs(db, 0, PairMode::All);
        if (!writeDpoJsonl(pairs, path, &error)) return error;
        const QString name = QStringLiteral("preferences-%1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
        if (!createPreferenceDataset(db, name, pairs, &error)) return error;
        return RankPage::tr("%n preference pairs written and kept as the dataset \"%1\".", nullptr, int(pairs.size())).arg(name);
      },
      [this](const QString& m) { showMessage(m); });
}

void RankPage::importFile() {
  if (!mQueue) return;
  const QString path = QFileDialog::getOpenFileName(this, tr("Import judgements"), QString(), tr("JSON lines (*.jsonl)"));
  if (path.isEmpty()) return;
  mQueue->run<QString>(
      [path](Database& db) {
        ImportSummary s;
        QString error;
        if (!importJudgements(db, path, &s, &error)) return error;
        return RankPage::tr("%1 judgements imported, %2 were already here.").arg(s.imported).arg(s.duplicates);
      },
      [this](const QString& m) {
        showMessage(m);
        refresh();
      });
}

void RankPage::startRating(const QString& rater, const QString& mode) {
  if (!mQueue || rater.trimmed().isEmpty() || currentSetId() == 0) {
    showMessage(tr("Choose a prompt set and type the rater's name first."));
    return;
  }
  const qint64 setId = currentSetId();
  const QString name = rater.trimmed();
  mQueue->run<qint64>([name](Database& db) { return RankingRepository(db).rater(name, nullptr); },
                      [this, setId, name, mode](const qint64& raterId) {
                        if (!raterId) return;
                        mRater->start(mQueue.get(), setId, raterId, name, mode);
                        mStack->setCurrentWidget(mRater);
                        mRater->setFocus();
                        Q_EMIT raterModeChanged(true);
                      });
}

bool RankPage::leaveRaterMode(const QString& pin) {
  auto project = mController->project();
  // A short indexed read: the PIN check must answer before the screen changes.
  if (project && !RankingRepository(project->database()).checkOwnerPin(pin)) return false;
  mStack->setCurrentIndex(0);
  Q_EMIT raterModeChanged(false);
  refresh();
  return true;
}

}  // namespace Atelier
