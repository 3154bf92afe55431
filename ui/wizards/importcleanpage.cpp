#include "importpages.h"
#include "importwizard.h"

#include "models/conversationtablemodel.h"
#include "models/databasequeue.h"
#include "settings/appsettings.h"
#include "storage/conversationrepository.h"
#include "widgets/chatbubbleview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Atelier {
namespace {

struct CleanOutcome {
  bool ok = false;
  QString error;
  CleanResult result;
  QList<QPair<QString, QList<Turn>>> samples;  // one left-out row per reason
};

QSpinBox* limitBox(const QString& name, int max) {
  auto* box = new QSpinBox;
  box->setObjectName(name);
  box->setRange(0, max);
  box->setSpecialValueText(ImportCleanPage::tr("no limit"));
  return box;
}

}  // namespace

ImportWizard* ImportCleanPage::importWizard() const { return static_cast<ImportWizard*>(wizard()); }

ImportCleanPage::ImportCleanPage() {
  setTitle(tr("Clean"));
  setSubTitle(tr("Choose what cleaning does, then run it and look at what it leaves out. Nothing is deleted: "
                 "rows are only marked, and you can run it again with other settings or restore rows later."));
  normalize = new QCheckBox(tr("Tidy text: Unicode (NFC), spaces, control characters"));
  html = new QCheckBox(tr("Remove HTML tags and entities"));
  exactDedup = new QCheckBox(tr("Leave out exact duplicates"));
  nearDedup = new QCheckBox(tr("Leave out near duplicates, similarity at least"));
  nearThreshold = new QDoubleSpinBox;
  nearThreshold->setRange(0.5, 1.0);
  nearThreshold->setSingleStep(0.05);
  nearThreshold->setValue(0.8);
  quality = new QCheckBox(tr("Leave out empty answers, repetitive text and rows of mostly symbols"));
  for (QCheckBox* c : {normalize, html, exactDedup, nearDedup, quality}) c->setChecked(true);
  pii = new QComboBox;
  pii->setObjectName(QStringLiteral("piiMode"));
  pii->addItem(tr("Replace with placeholders ([EMAIL], [PHONE], …)"), QStringLiteral("redact"));
  pii->addItem(tr("Leave out rows that contain it"), QStringLiteral("drop"));
  pii->addItem(tr("Keep it as it is"), QStringLiteral("keep"));
  minChars = limitBox(QStringLiteral("minChars"), 1000000);
  minChars->setValue(1);
  maxChars = limitBox(QStringLiteral("maxChars"), 10000000);
  minTokens = limitBox(QStringLiteral("minTokens"), 1000000);
  maxTokens = limitBox(QStringLiteral("maxTokens"), 1000000);
  tokenModel = new QComboBox;
  tokenModel->setObjectName(QStringLiteral("cleanTokenizer"));
  tokenModel->addItem(tr("estimate: characters ÷ 4"), QString());
  for (const QString& folder : AppSettings().recentModels())
    tokenModel->addItem(tr("tokenizer of %1").arg(QFileInfo(folder).fileName()), folder);
  if (tokenModel->count() > 1) tokenModel->setCurrentIndex(1);  // the model chosen on the Model page
  blocklist = new QLineEdit;
  blocklist->setPlaceholderText(tr("words or phrases, separated by commas"));

  auto* grid = new QGridLayout;
  grid->addWidget(normalize, 0, 0, 1, 2);
  grid->addWidget(html, 1, 0, 1, 2);
  grid->addWidget(exactDedup, 2, 0, 1, 2);
  grid->addWidget(nearDedup, 3, 0);
  grid->addWidget(nearThreshold, 3, 1);
  grid->addWidget(quality, 4, 0, 1, 2);
  auto* form = new QFormLayout;
  form->addRow(tr("Personal data:"), pii);
  auto* chars = new QHBoxLayout;
  chars->addWidget(minChars);
  chars->addWidget(new QLabel(tr("to")));
  chars->addWidget(maxChars);
  form->addRow(tr("Characters per row:"), chars);
  auto* tokens = new QHBoxLayout;
  tokens->addWidget(minTokens);
  tokens->addWidget(new QLabel(tr("to")));
  tokens->addWidget(maxTokens);
  tokens->addWidget(tokenModel, 1);
  form->addRow(tr("Tokens per row:"), tokens);
  form->addRow(tr("Blocklist:"), blocklist);
  mRun = new QPushButton(tr("&Run cleaning"));
  mResult = new QLabel(tr("Not run yet."));
  mResult->setObjectName(QStringLiteral("cleanResult"));
  mResult->setWordWrap(true);
  mResult->setTextFormat(Qt::PlainText);
  mSamples = new ChatBubbleView;
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(grid);
  layout->addLayout(form);
  layout->addWidget(mRun, 0, Qt::AlignLeft);
  layout->addWidget(mResult);
  layout->addWidget(mSamples, 1);

  connect(mRun, &QPushButton::clicked, this, &ImportCleanPage::runCleaning);
  for (QCheckBox* c : {normalize, html, exactDedup, nearDedup, quality})
    connect(c, &QCheckBox::toggled, this, &ImportCleanPage::settingsChanged);
  for (QSpinBox* s : {minChars, maxChars, minTokens, maxTokens})
    connect(s, &QSpinBox::valueChanged, this, &ImportCleanPage::settingsChanged);
  connect(nearThreshold, &QDoubleSpinBox::valueChanged, this, &ImportCleanPage::settingsChanged);
  connect(pii, &QComboBox::currentIndexChanged, this, &ImportCleanPage::settingsChanged);
  connect(tokenModel, &QComboBox::currentIndexChanged, this, &ImportCleanPage::settingsChanged);
  connect(blocklist, &QLineEdit::textChanged, this, &ImportCleanPage::settingsChanged);
}

void ImportCleanPage::settingsChanged() {
  mStale = true;
  if (!mRunning) mResult->setText(tr("Settings changed: run cleaning again to see what they leave out."));
  emit completeChanged();
}

// Going on with switches nobody tried would surprise: the counts shown must
// be the ones that apply.
bool ImportCleanPage::isComplete() const { return !mRunning && !mStale; }

QString ImportCleanPage::resultText() const { return mResult->text(); }

void ImportCleanPage::runCleaning() {
  ImportWizard* w = importWizard();
  if (mRunning || w->importResult.datasetId == 0) return;
  CleanOptions o;
  o.normalize = normalize->isChecked();
  o.html = html->isChecked();
  o.exactDedup = exactDedup->isChecked();
  o.nearDedup = nearDedup->isChecked();
  o.nearThreshold = nearThreshold->value();
  o.quality = quality->isChecked();
  o.pii = pii->currentData().toString();
  o.minChars = minChars->value();
  o.maxChars = maxChars->value();
  o.minTokens = minTokens->value();
  o.maxTokens = maxTokens->value();
  o.tokenModel = tokenModel->currentData().toString();
  for (const QString& b : blocklist->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
    if (!b.trimmed().isEmpty()) o.blocklist << b.trimmed();
  mRunning = true;
  mStale = false;
  mRun->setEnabled(false);
  mResult->setText(tr("Cleaning…"));
  emit completeChanged();
  const QString name = w->options.name;
  const qint64 id = w->importResult.datasetId;
  w->queue()->run<CleanOutcome>(
      [=](Database& db) {
        CleanOutcome r;
        r.ok = cleanDataset(db, name, o, &r.result, &r.error);
        ConversationRepository repo(db);
        for (auto it = r.result.removed.begin(); r.ok && it != r.result.removed.end(); ++it) {
          QList<ConversationRow> rows;
          QList<StoredTurn> turns;
          QString error;
          if (!repo.page(id, {QString(), it.key()}, ConversationSort::Id, false, 0, 1, &rows, &error) || rows.isEmpty() ||
              !repo.turns(rows.first().id, &turns, &error))
            continue;
          QList<Turn> shown;
          for (const StoredTurn& t : turns) shown.append({t.role, t.text(), t.variant});
          r.samples.append({tr("%1 — line %2").arg(ConversationTableModel::flagLabel(it.key())).arg(rows.first().sourceLine),
                            shown});
        }
        return r;
      },
      [this, w](const CleanOutcome& r) {
        mRunning = false;
        mRun->setEnabled(true);
        w->cleaned = r.ok;
        w->cleanResult = r.result;
        if (!r.ok) {
          mStale = true;
          mResult->setText(tr("Cleaning failed: %1").arg(r.error));
        } else {
          QStringList lines{tr("Kept %1 of %2 rows.").arg(r.result.kept).arg(r.result.total)};
          for (auto it = r.result.removed.begin(); it != r.result.removed.end(); ++it)
            lines << tr("Left out as %1: %2").arg(ConversationTableModel::flagLabel(it.key())).arg(it.value());
          for (auto it = r.result.piiRedacted.begin(); it != r.result.piiRedacted.end(); ++it)
            lines << tr("Replaced %1: %2").arg(it.key()).arg(it.value());
          if (!r.result.tokenSource.isEmpty()) lines << tr("Tokens counted with the %1.").arg(r.result.tokenSource);
          mResult->setText(lines.join(QLatin1Char('\n')));
          if (r.samples.isEmpty()) mSamples->setPlaceholder(tr("Nothing was left out."));
          else mSamples->setConversations(r.samples);
        }
        emit completeChanged();
        emit w->datasetsChanged();
        emit cleaningFinished(r.ok);
      });
}

}  // namespace Atelier
