#include "importpages.h"
#include "importwizard.h"

#include "models/databasequeue.h"
#include "widgets/chatbubbleview.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Atelier {
namespace {

struct PreviewResult {
  bool ok = false;
  QString error;
  DatasetPreview preview;
};

const QList<DatasetFormat> kFormats = {DatasetFormat::Auto, DatasetFormat::Alpaca, DatasetFormat::ShareGpt,
                                       DatasetFormat::OpenAi, DatasetFormat::Csv, DatasetFormat::Text,
                                       DatasetFormat::Preference};

}  // namespace

ImportWizard* ImportFormatPage::importWizard() const { return static_cast<ImportWizard*>(wizard()); }

ImportFormatPage::ImportFormatPage() {
  setTitle(tr("Check the format"));
  setSubTitle(tr("Atelier looked at the file and chose a format. If the preview looks wrong, choose another one."));
  mFormat = new QComboBox;
  mFormat->setObjectName(QStringLiteral("importFormat"));
  mFormat->addItem(tr("As detected"));
  mFormat->addItem(tr("Alpaca (instruction, input, output)"));
  mFormat->addItem(tr("ShareGPT (conversations: from/value)"));
  mFormat->addItem(tr("OpenAI chat (messages: role/content)"));
  mFormat->addItem(tr("CSV or TSV table"));
  mFormat->addItem(tr("Plain text (continued pretraining)"));
  mFormat->addItem(tr("Preference pairs (prompt, chosen, rejected)"));
  mDetected = new QLabel;
  mDetected->setObjectName(QStringLiteral("detectedFormat"));
  mDetected->setWordWrap(true);
  mMappingHint = new QLabel(tr("Which column holds what? Columns set to “not used” are left out."));
  mMapping = new QTableWidget(0, 2);
  mMapping->setObjectName(QStringLiteral("csvMapping"));
  mMapping->setHorizontalHeaderLabels({tr("Column"), tr("Used as")});
  mMapping->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  mMapping->verticalHeader()->hide();
  mMapping->setMaximumHeight(160);
  mBubbles = new ChatBubbleView;
  mRejected = new QLabel;
  mRejected->setWordWrap(true);
  mRejected->setTextFormat(Qt::PlainText);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mFormat);
  layout->addWidget(mDetected);
  layout->addWidget(mMappingHint);
  layout->addWidget(mMapping);
  layout->addWidget(mBubbles, 1);
  layout->addWidget(mRejected);
  connect(mFormat, &QComboBox::activated, this, [this](int index) {
    importWizard()->options.format = kFormats.value(index);
    requestPreview();
  });
}

void ImportFormatPage::initializePage() {
  mFormat->setCurrentIndex(std::max(0, int(kFormats.indexOf(importWizard()->options.format))));
  requestPreview();
}

void ImportFormatPage::setFormat(DatasetFormat format) {
  mFormat->setCurrentIndex(std::max(0, int(kFormats.indexOf(format))));
  importWizard()->options.format = format;
  requestPreview();
}

bool ImportFormatPage::isComplete() const {
  return !mBusy && mPreview.problem.isEmpty() && !mPreview.rows.isEmpty();
}

bool ImportFormatPage::validatePage() {
  // Import in the format that was previewed, even when it was detected.
  importWizard()->options.format = mPreview.format;
  return isComplete();
}

QString ImportFormatPage::detectionText() const { return mDetected->text(); }

void ImportFormatPage::requestPreview() {
  mBusy = true;
  emit completeChanged();
  mDetected->setText(tr("Reading the first rows…"));
  const quint64 generation = ++mGeneration;
  const ImportOptions options = importWizard()->options;
  importWizard()->queue()->run<PreviewResult>(
      [options](Database&) {
        PreviewResult r;
        r.ok = previewDataset(options, kPreviewRows, &r.preview, &r.error);
        return r;
      },
      [this, generation](const PreviewResult& r) {
        if (generation != mGeneration) return;  // a newer choice is being read
        mBusy = false;
        mPreview = r.preview;
        if (!r.ok) mPreview.problem = r.error;
        showPreview();
        emit completeChanged();
        emit previewReady();
      });
}

void ImportFormatPage::showPreview() {
  const ImportOptions& o = importWizard()->options;
  QString text;
  if (mPreview.format != DatasetFormat::Auto)
    text = (o.format == DatasetFormat::Auto ? tr("Detected: <b>%1</b> — %2") : tr("Chosen: <b>%1</b> — %2"))
               .arg(formatName(mPreview.format), mPreview.formatReason.toHtmlEscaped());
  if (!mPreview.problem.isEmpty())
    text += (text.isEmpty() ? QString() : QStringLiteral("<br>")) +
            tr("<span style='color:#c0392b'>%1</span>").arg(mPreview.problem.toHtmlEscaped());
  mDetected->setText(text);
  const bool csv = mPreview.format == DatasetFormat::Csv;
  mMappingHint->setVisible(csv);
  mMapping->setVisible(csv);
  if (csv) fillMapping();
  QList<QPair<QString, QList<Turn>>> shown;
  for (const Conversation& c : std::as_const(mPreview.rows)) shown.append({tr("Line %1").arg(c.sourceLine), c.turns});
  if (shown.isEmpty()) mBubbles->setPlaceholder(tr("No rows can be read this way yet."));
  else mBubbles->setConversations(shown);
  QStringList rejected;
  for (const ImportRejection& r : std::as_const(mPreview.rejected).mid(0, 5))
    rejected << tr("Line %1 will be skipped: %2").arg(r.line).arg(r.reason);
  mRejected->setText(rejected.join(QLatin1Char('\n')));
}

void ImportFormatPage::fillMapping() {
  const ImportOptions& o = importWizard()->options;
  if (mMappedFile == o.file && mMapping->rowCount() == mPreview.csvColumns.size()) return;
  mMappedFile = o.file;
  mFillingMapping = true;
  mMapping->setRowCount(int(mPreview.csvColumns.size()));
  for (int i = 0; i < mPreview.csvColumns.size(); ++i) {
    const QString column = mPreview.csvColumns[i];
    auto* item = new QTableWidgetItem(column);
    item->setFlags(Qt::ItemIsEnabled);
    mMapping->setItem(i, 0, item);
    auto* role = new QComboBox;
    role->addItem(tr("not used"), QString());
    for (const QString& field : csvFieldNames()) role->addItem(field, field);
    role->setCurrentIndex(std::max(0, role->findData(mPreview.csvMapping.key(column))));
    connect(role, &QComboBox::currentIndexChanged, this, [this] {
      if (mFillingMapping) return;
      importWizard()->options.csvMapping = mappingFromTable();
      requestPreview();
    });
    mMapping->setCellWidget(i, 1, role);
  }
  mFillingMapping = false;
}

QHash<QString, QString> ImportFormatPage::mappingFromTable() const {
  QHash<QString, QString> mapping;
  for (int i = 0; i < mMapping->rowCount(); ++i) {
    const auto* role = qobject_cast<QComboBox*>(mMapping->cellWidget(i, 1));
    if (role && !role->currentData().toString().isEmpty())
      mapping.insert(role->currentData().toString(), mMapping->item(i, 0)->text());
  }
  return mapping;
}

void ImportFormatPage::setColumnRole(const QString& column, const QString& field) {
  for (int i = 0; i < mMapping->rowCount(); ++i)
    if (mMapping->item(i, 0)->text() == column)
      if (auto* role = qobject_cast<QComboBox*>(mMapping->cellWidget(i, 1)))
        role->setCurrentIndex(std::max(0, role->findData(field)));  // the change re-reads the preview
}

}  // namespace Atelier
