#include "modelpage.h"

#include "settings/appsettings.h"
#include "widgets/messagebanner.h"

#include <QDir>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHash>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Atelier {
namespace {

// "494 million", "7.2 billion": how people talk about model sizes.
QString parameterWords(qint64 n) {
  const QLocale locale;
  if (n >= 1000000000LL) return ModelPage::tr("%1 billion").arg(locale.toString(n / 1e9, 'f', 1));
  if (n >= 1000000LL) return ModelPage::tr("%1 million").arg(locale.toString(n / 1e6, 'f', 0));
  return locale.toString(n);
}

// "Qwen2 architecture": the family people know, from config.json's model_type.
QString architectureWords(const ModelConfig& c) {
  static const QHash<QString, QString> families = {{QStringLiteral("llama"), QStringLiteral("Llama")},
                                                   {QStringLiteral("mistral"), QStringLiteral("Mistral")},
                                                   {QStringLiteral("qwen2"), QStringLiteral("Qwen2")}};
  const QString family = families.value(c.modelType, c.modelType);
  return ModelPage::tr("%1 architecture (%2)").arg(family.toHtmlEscaped(), c.architecture.toHtmlEscaped());
}

QString tokenizerWords(const ModelInspection& m) {
  if (m.tokenizerKind == QLatin1String("sentencepiece")) return ModelPage::tr("sentencepiece (tokenizer.model)");
  if (m.tokenizerKind == QLatin1String("tokenizer.json"))
    return ModelPage::tr("Hugging Face tokenizer (tokenizer.json)");
  if (!m.tokenizerKind.isEmpty()) return m.tokenizerKind.toHtmlEscaped();
  return ModelPage::tr("no tokenizer: %1<br>Chat and training need one; copy tokenizer.model or "
                       "tokenizer.json from the model's download page into this folder.")
      .arg(m.tokenizerNote.toHtmlEscaped());
}

QString chatTemplateWords(const ModelInspection& m) {
  if (m.chatTemplateVariant.isEmpty())  // the model's template is one Atelier cannot render exactly
    return ModelPage::tr("not recognised: %1").arg(m.chatTemplate.toHtmlEscaped());
  if (!m.chatTemplateFromModel)
    return ModelPage::tr("no chat template: Atelier will use a plain %1-style layout")
        .arg(m.chatTemplate.toHtmlEscaped());
  return m.chatTemplate.toHtmlEscaped();
}

}  // namespace

ModelPage::ModelPage(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("modelPage"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(24, 24, 24, 24);
  auto* title = new QLabel(tr("<h2>Base model</h2><p>Choose the open model your assistant starts from: "
                              "a Hugging Face model folder you downloaded (it holds config.json and "
                              ".safetensors files). Smaller models train faster; larger ones know "
                              "more.</p>"));
  title->setWordWrap(true);
  auto* choose = new QPushButton(tr("&Choose model folder…"));
  choose->setObjectName(QStringLiteral("chooseModelButton"));
  choose->setMinimumHeight(36);
  auto* row = new QHBoxLayout;
  row->addWidget(choose);
  row->addStretch(1);
  mBanner = new MessageBanner;
  mBusyLabel = new QLabel;
  mBusyLabel->hide();

  auto* detailsBox = new QGroupBox(tr("This model"));
  auto* detailsLayout = new QVBoxLayout(detailsBox);
  mDetails = new QLabel(tr("No model chosen yet."));
  mDetails->setObjectName(QStringLiteral("modelDetails"));
  mDetails->setWordWrap(true);
  mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mVerdict = new QLabel;
  mVerdict->setObjectName(QStringLiteral("modelVerdict"));
  mVerdict->setWordWrap(true);
  mSuggestions = new QLabel;
  mSuggestions->setObjectName(QStringLiteral("modelSuggestions"));
  mSuggestions->setWordWrap(true);
  detailsLayout->addWidget(mDetails);
  detailsLayout->addWidget(mVerdict);
  detailsLayout->addWidget(mSuggestions);

  auto* recentBox = new QGroupBox(tr("Recent models"));
  auto* recentLayout = new QVBoxLayout(recentBox);
  mRecent = new QListWidget;
  mRecent->setObjectName(QStringLiteral("recentModels"));
  mOpen = new QPushButton(tr("&Open"));
  mOpen->setObjectName(QStringLiteral("openModelButton"));
  mOpen->setToolTip(tr("Look at this model again."));
  mOpen->setEnabled(false);
  mForget = new QPushButton(tr("&Remove from list"));
  mForget->setObjectName(QStringLiteral("forgetModelButton"));
  mForget->setToolTip(tr("Forget this entry. The model folder itself is not touched."));
  mForget->setEnabled(false);
  recentLayout->addWidget(mRecent);
  auto* recentButtons = new QHBoxLayout;
  recentButtons->addWidget(mOpen);
  recentButtons->addWidget(mForget);
  recentButtons->addStretch(1);
  recentLayout->addLayout(recentButtons);

  layout->addWidget(title);
  layout->addLayout(row);
  layout->addWidget(mBanner);
  layout->addWidget(mBusyLabel);
  layout->addWidget(detailsBox);
  layout->addWidget(recentBox, 1);

  connect(choose, &QPushButton::clicked, this, &ModelPage::chooseFolder);
  connect(mRecent, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    const QString folder = item->data(Qt::UserRole).toString();
    if (!folder.isEmpty()) inspectFolder(folder);
  });
  connect(mRecent, &QListWidget::currentRowChanged, this, [this](int row) {
    const bool entry = row >= 0 && !mRecent->item(row)->data(Qt::UserRole).toString().isEmpty();
    mOpen->setEnabled(entry);
    mForget->setEnabled(entry);
  });
  connect(mOpen, &QPushButton::clicked, this, [this] {
    if (auto* item = mRecent->currentItem()) inspectFolder(item->data(Qt::UserRole).toString());
  });
  connect(mForget, &QPushButton::clicked, this, [this] {
    if (auto* item = mRecent->currentItem()) {
      AppSettings().removeRecentModel(item->data(Qt::UserRole).toString());
      reloadRecentModels();
    }
  });
  reloadRecentModels();
}

void ModelPage::setSystemInfo(const SystemInfo& info) {
  mSystem = info;
  if (!mPending.isEmpty() && !mBusy) startInspection();
}

void ModelPage::chooseFolder() {
  const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a model folder"));
  if (!folder.isEmpty()) inspectFolder(folder);
}

void ModelPage::inspectFolder(const QString& folder) {
  mPending = folder;
  mBanner->hide();
  mBusyLabel->setText(tr("Looking at %1…").arg(QDir::toNativeSeparators(folder)));
  mBusyLabel->show();
  if (mSystem && !mBusy) startInspection();
}

void ModelPage::startInspection() {
  const QString folder = mPending;
  mPending.clear();
  mBusy = true;
  const SystemInfo system = *mSystem;
  const QString device = AppSettings().computeDevice();
  auto* watcher = new QFutureWatcher<ModelInspection>(this);
  connect(watcher, &QFutureWatcher<ModelInspection>::finished, this, [this, watcher] {
    const ModelInspection m = watcher->result();
    watcher->deleteLater();
    mBusy = false;
    if (!mPending.isEmpty()) {  // another folder was chosen meanwhile; that one wins
      startInspection();
      return;
    }
    mBusyLabel->hide();
    display(m);
  });
  watcher->setFuture(QtConcurrent::run([folder, system, device] {
    return inspectModelFolder(folder, system, device);
  }));
}

void ModelPage::display(const ModelInspection& m) {
  mLast = m;
  if (!m.usable) {
    mBanner->showMessage(MessageBanner::Kind::Error,
                         tr("<b>This folder cannot be used as a base model.</b><br>%1<br><i>Pick the "
                            "folder that contains config.json and the .safetensors files.</i>")
                             .arg(m.error.toHtmlEscaped()));
    // Details of an earlier model would read as if they described this folder.
    mDetails->setText(tr("No usable model chosen."));
    mVerdict->clear();
    mSuggestions->clear();
    Q_EMIT inspected(false);
    return;
  }
  AppSettings().addRecentModel(m.folder);
  reloadRecentModels();
  const QLocale locale;
  const ModelConfig& c = m.config;
  QString details = tr("<p><b>%1</b></p>").arg(QDir(m.folder).dirName().toHtmlEscaped());
  details += tr("<table cellspacing=\"4\">"
                "<tr><td>Architecture</td><td>%1</td></tr>"
                "<tr><td>Size</td><td>%2 parameters; the weights take %3 on disk (%4)</td></tr>"
                "<tr><td>Context</td><td>up to %5 tokens</td></tr>"
                "<tr><td>Tokenizer</td><td>%6</td></tr>"
                "<tr><td>Chat format</td><td>%7</td></tr>"
                "<tr><td>To chat</td><td>about %8 of memory</td></tr>"
                "</table>")
                 .arg(architectureWords(c), parameterWords(c.parameterCount()),
                      locale.formattedDataSize(m.weightBytes), m.weightDtype,
                      locale.toString(c.maxPositionEmbeddings), tokenizerWords(m), chatTemplateWords(m),
                      locale.formattedDataSize(m.chatBytes));
  mDetails->setText(details);
  static const char* colours[] = {"#2e7d32", "#b26a00", "#c62828"};
  mVerdict->setText(QStringLiteral("<b style=\"color:%1\">%2</b> <span>%3</span>")
                        .arg(QLatin1String(colours[int(m.advice.verdict)]),
                             tr("Fine-tuning on this computer:"), m.advice.summary.toHtmlEscaped()) +
                    QStringLiteral("<br><small>%1</small>")
                        .arg(tr("Estimated for LoRA with the default settings: batch %1, %2 tokens per "
                                "example, rank %3.")
                                 .arg(m.trainingShape.batchSize)
                                 .arg(m.trainingShape.sequenceLength)
                                 .arg(m.trainingShape.loraRank)) +
                    (m.deviceNote.isEmpty() ? QString() : QStringLiteral("<br><i>%1</i>").arg(m.deviceNote.toHtmlEscaped())));
  QString suggestions;
  for (const QString& s : m.advice.suggestions) suggestions += QStringLiteral("<li>%1</li>").arg(s.toHtmlEscaped());
  mSuggestions->setText(suggestions.isEmpty() ? QString() : tr("<p>What would help:</p><ul>%1</ul>").arg(suggestions));
  Q_EMIT inspected(true);
}

void ModelPage::reloadRecentModels() {
  mRecent->clear();
  for (const QString& folder : AppSettings().recentModels()) {
    auto* item = new QListWidgetItem(QDir::toNativeSeparators(folder));
    item->setData(Qt::UserRole, folder);
    item->setToolTip(tr("Double-click to look at this model again."));
    mRecent->addItem(item);
  }
  if (mRecent->count() == 0) {
    auto* empty = new QListWidgetItem(tr("No models yet. Choose a model folder above."));
    empty->setFlags(Qt::NoItemFlags);
    mRecent->addItem(empty);
  }
  mOpen->setEnabled(false);
  mForget->setEnabled(false);
}

}  // namespace Atelier
