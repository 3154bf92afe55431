#include "chatsettingspanel.h"

#include "storage/chatrepository.h"
#include "storage/runrepository.h"

#include <QComboBox>
#include <QDateTime>
#include <QLineEdit>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Atelier {

namespace {

const char* kBrowse = "browse";

}  // namespace

ModelAdapterPicker::ModelAdapterPicker(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setContentsMargins(0, 0, 0, 0);
  mModel = new QComboBox;
  mModel->setObjectName(QStringLiteral("modelCombo"));
  mModel->setToolTip(tr("The base model folder (a Hugging Face download) to talk to."));
  mAdapter = new QComboBox;
  mAdapter->setObjectName(QStringLiteral("adapterCombo"));
  mAdapter->setToolTip(tr("What your fine-tuning learned, applied on top of the base model: the final result "
                          "of a run, its best checkpoint by validation loss, or any saved checkpoint."));
  form->addRow(tr("Base model:"), mModel);
  form->addRow(tr("Fine-tuning:"), mAdapter);
  connect(mModel, &QComboBox::activated, this, [this] {
    if (mModel->currentData().toString() == QLatin1String(kBrowse)) {
      const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a base model folder"));
      mModel->setCurrentIndex(0);
      if (!dir.isEmpty()) selectOrAdd(mModel, dir, QDir::toNativeSeparators(dir));
    }
    Q_EMIT changed();
  });
  connect(mAdapter, &QComboBox::activated, this, &ModelAdapterPicker::onAdapterPicked);
  reload(nullptr);
}

void ModelAdapterPicker::onAdapterPicked() {
  const QString data = mAdapter->currentData().toString();
  if (data == QLatin1String(kBrowse)) {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose an adapter folder"));
    mAdapter->setCurrentIndex(0);
    if (!dir.isEmpty()) selectOrAdd(mAdapter, dir, QDir::toNativeSeparators(dir));
  }
  // A run's adapter only fits the model it was trained on.
  const QString model = mAdapter->currentData(Qt::UserRole + 1).toString();
  if (!model.isEmpty()) selectOrAdd(mModel, model, QDir::toNativeSeparators(model));
  Q_EMIT changed();
}

void ModelAdapterPicker::reload(Database* db) {
  QString model = modelDir();
  QString adapter = adapterDir();
  QString newestModel, newestAdapter;
  mModel->clear();
  mAdapter->clear();
  mModel->addItem(tr("(choose a model)"), QString());
  mAdapter->addItem(tr("None: the base model alone"), QString());
  QStringList models;
  if (db) {
    for (const RunInfo& run : RunRepository(*db).list()) {
      if (!models.contains(run.model)) models << run.model;
      if (run.kind == QLatin1String("reward")) continue;  // scores answers, cannot write them
      const QDir dir(run.runDir);
      const auto add = [&](const QString& path, const QString& label) {
        if (!QFileInfo::exists(QDir(path).filePath(QStringLiteral("adapter_config.json")))) return;
        mAdapter->addItem(label, path);
        mAdapter->setItemData(mAdapter->count() - 1, run.model, Qt::UserRole + 1);
      };
      add(dir.filePath(QStringLiteral("adapter")), tr("%1: final").arg(run.name));
      // Runs come oldest first: the last one with an adapter is the newest.
      if (QFileInfo::exists(dir.filePath(QStringLiteral("adapter/adapter_config.json")))) {
        newestModel = run.model;
        newestAdapter = dir.filePath(QStringLiteral("adapter"));
      }
      add(dir.filePath(QStringLiteral("best-adapter")), tr("%1: best").arg(run.name));
      const QStringList steps = QDir(dir.filePath(QStringLiteral("checkpoints")))
                                    .entryList({QStringLiteral("step-*")}, QDir::Dirs, QDir::Name);
      for (const QString& step : steps)
        add(dir.filePath(QStringLiteral("checkpoints/%1/adapter").arg(step)),
            tr("%1: checkpoint at step %2").arg(run.name).arg(step.mid(5).toInt()));
    }
  }
  for (const QString& m : models) mModel->addItem(QDir::toNativeSeparators(m), m);
  mModel->addItem(tr("Other folder…"), QString::fromLatin1(kBrowse));
  mAdapter->addItem(tr("Other adapter folder…"), QString::fromLatin1(kBrowse));
  // Nothing chosen yet: start with what the newest fine-tune made, the thing a
  // person opening Chat after training wants to try.
  if (model.isEmpty() && !newestModel.isEmpty()) {
    model = newestModel;
    adapter = newestAdapter;
  }
  setChoice(model, adapter);
}

void ModelAdapterPicker::selectOrAdd(QComboBox* box, const QString& path, const QString& label) {
  int i = box->findData(path);
  if (i < 0) {
    box->insertItem(1, label, path);
    i = 1;
  }
  box->setCurrentIndex(i);
}

void ModelAdapterPicker::setChoice(const QString& modelDir, const QString& adapterDir) {
  if (modelDir.isEmpty()) mModel->setCurrentIndex(0);
  else selectOrAdd(mModel, modelDir, QDir::toNativeSeparators(modelDir));
  if (adapterDir.isEmpty()) mAdapter->setCurrentIndex(0);
  else selectOrAdd(mAdapter, adapterDir, QDir::toNativeSeparators(adapterDir));
}

QString ModelAdapterPicker::modelDir() const {
  const QString d = mModel->currentData().toString();
  return d == QLatin1String(kBrowse) ? QString() : d;
}

QString ModelAdapterPicker::adapterDir() const {
  const QString d = mAdapter->currentData().toString();
  return d == QLatin1String(kBrowse) ? QString() : d;
}

ChatSettingsPanel::ChatSettingsPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  mPicker = new ModelAdapterPicker;
  layout->addWidget(mPicker);

  auto* presetRow = new QHBoxLayout;
  mPresets = new QComboBox;
  mPresets->setObjectName(QStringLiteral("presetCombo"));
  mPresets->setToolTip(tr("System prompts you saved; choosing one fills the box below."));
  auto* save = new QPushButton(tr("Save as preset…"));
  presetRow->addWidget(new QLabel(tr("System prompt:")));
  presetRow->addWidget(mPresets, 1);
  presetRow->addWidget(save);
  layout->addLayout(presetRow);
  mSystem = new QPlainTextEdit;
  mSystem->setObjectName(QStringLiteral("systemPrompt"));
  mSystem->setPlaceholderText(tr("Instructions the assistant follows in every answer, e.g. \"Answer briefly, in "
                                 "plain English.\" Leave empty for none."));
  mSystem->setMaximumHeight(70);
  layout->addWidget(mSystem);

  auto* form = new QFormLayout;
  const auto hinted = [&](QWidget* w, const QString& label, const QString& hint) {
    w->setToolTip(hint);
    auto* h = new QLabel(hint);
    h->setWordWrap(true);
    h->setStyleSheet(QStringLiteral("color: palette(mid)"));
    form->addRow(label, w);
    form->addRow(QString(), h);
  };
  mTemperature = new QDoubleSpinBox;
  mTemperature->setObjectName(QStringLiteral("temperature"));
  mTemperature->setRange(0, 2);
  mTemperature->setSingleStep(0.1);
  mTemperature->setValue(0.7);
  hinted(mTemperature, tr("Temperature:"),
         tr("How adventurous the wording is. 0 always picks the likeliest word (same answer every time); "
            "around 0.7 is natural; above 1 gets creative and less reliable."));
  mTopP = new QDoubleSpinBox;
  mTopP->setRange(0.05, 1);
  mTopP->setSingleStep(0.05);
  mTopP->setValue(0.9);
  hinted(mTopP, tr("Top-p:"), tr("Only choose among the likeliest words that together make up this share of the "
                                 "chances. Lower is safer, 1 turns it off."));
  mTopK = new QSpinBox;
  mTopK->setRange(0, 1000);
  mTopK->setValue(40);
  hinted(mTopK, tr("Top-k:"), tr("Only choose among this many likeliest words. 0 turns it off."));
  mRepetition = new QDoubleSpinBox;
  mRepetition->setRange(1, 2);
  mRepetition->setSingleStep(0.05);
  mRepetition->setValue(1.1);
  hinted(mRepetition, tr("Repetition penalty:"),
         tr("Makes words already used less likely, against answers that go round in circles. 1 turns it off."));
  mMaxTokens = new QSpinBox;
  mMaxTokens->setObjectName(QStringLiteral("maxTokens"));
  mMaxTokens->setRange(1, 32768);
  mMaxTokens->setValue(512);
  hinted(mMaxTokens, tr("Longest answer:"), tr("The answer stops after this many tokens (a token is about ¾ of "
                                               "a word)."));
  mBestOf = new QSpinBox;
  mBestOf->setObjectName(QStringLiteral("bestOf"));
  mBestOf->setRange(1, 8);
  mBestOf->setValue(1);
  hinted(mBestOf, tr("&Best of:"), tr("Writes this many answers and shows the one the reward model rates highest "
                                      "(that many times slower). 1 writes a single answer."));
  mReward = new QComboBox;
  mReward->setObjectName(QStringLiteral("rewardModel"));
  hinted(mReward, tr("Reward model:"), tr("Judges the answers for Best of. Train one in the Train step on "
                                          "preference pairs (goal: Reward model)."));
  layout->addLayout(form);
  layout->addStretch();

  connect(mPicker, &ModelAdapterPicker::changed, this, &ChatSettingsPanel::changed);
  connect(mSystem, &QPlainTextEdit::textChanged, this, &ChatSettingsPanel::changed);
  for (auto* s : {mTemperature, mTopP, mRepetition})
    connect(s, &QDoubleSpinBox::valueChanged, this, &ChatSettingsPanel::changed);
  for (auto* s : {mTopK, mMaxTokens, mBestOf}) connect(s, &QSpinBox::valueChanged, this, &ChatSettingsPanel::changed);
  connect(mReward, &QComboBox::currentIndexChanged, this, [this] {
    mBestOf->setEnabled(!rewardAdapter().isEmpty());
    Q_EMIT changed();
  });
  connect(save, &QPushButton::clicked, this, &ChatSettingsPanel::savePreset);
  connect(mPresets, &QComboBox::activated, this, &ChatSettingsPanel::applyPreset);
}

void ChatSettingsPanel::setDatabase(Database* db) {
  mDb = db;
  mPicker->reload(db);
  reloadPresets();
  reloadRewardModels();
}

void ChatSettingsPanel::reloadRuns() {
  mPicker->reload(mDb);
  reloadRewardModels();
}

void ChatSettingsPanel::reloadRewardModels() {
  const QString keep = rewardAdapter();
  mReward->clear();
  mReward->addItem(tr("None"), QString());
  if (mDb) {
    // Newest first: the reward model just trained is the likely choice.
    const QList<RunInfo> runs = RunRepository(*mDb).list();
    for (auto it = runs.crbegin(); it != runs.crend(); ++it) {
      if (it->kind != QLatin1String("reward")) continue;
      for (const char* folder : {"adapter", "best-adapter"}) {
        const QString path = QDir(it->runDir).filePath(QLatin1String(folder));
        if (QFileInfo::exists(QDir(path).filePath(QStringLiteral("adapter_config.json"))))
          mReward->addItem(folder[0] == 'a' ? tr("%1: final").arg(it->name) : tr("%1: best").arg(it->name), path);
      }
    }
  }
  const int index = mReward->findData(keep);
  mReward->setCurrentIndex(index > 0 ? index : (mReward->count() > 1 ? 1 : 0));
  mBestOf->setEnabled(!rewardAdapter().isEmpty());
}

int ChatSettingsPanel::bestOf() const { return rewardAdapter().isEmpty() ? 1 : mBestOf->value(); }

QString ChatSettingsPanel::rewardAdapter() const { return mReward->currentData().toString(); }

void ChatSettingsPanel::reloadPresets() {
  mPresets->clear();
  mPresets->addItem(tr("(presets)"), QString());
  if (!mDb) return;
  for (const SystemPromptPreset& p : ChatRepository(*mDb).presets()) mPresets->addItem(p.name, p.systemPrompt);
}

void ChatSettingsPanel::applyPreset(int index) {
  if (index > 0) mSystem->setPlainText(mPresets->itemData(index).toString());
}

void ChatSettingsPanel::savePreset() {
  if (!mDb) return;
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Save system prompt"), tr("Name of the preset:"),
                                             QLineEdit::Normal, QString(), &ok);
  if (!ok || name.trimmed().isEmpty()) return;
  QString error;
  if (ChatRepository(*mDb).savePreset({name, systemPrompt()}, &error)) reloadPresets();
}

QString ChatSettingsPanel::systemPrompt() const { return mSystem->toPlainText().trimmed(); }

void ChatSettingsPanel::setSystemPrompt(const QString& text) {
  QSignalBlocker block(mSystem);
  mSystem->setPlainText(text);
}

QJsonObject ChatSettingsPanel::sampling() const {
  return {{QStringLiteral("temperature"), mTemperature->value()},
          {QStringLiteral("top_p"), mTopP->value()},
          {QStringLiteral("top_k"), mTopK->value()},
          {QStringLiteral("repetition_penalty"), mRepetition->value()},
          {QStringLiteral("max_tokens"), mMaxTokens->value()}};
}

void ChatSettingsPanel::setSampling(const QJsonObject& s) {
  const QSignalBlocker b1(mTemperature), b2(mTopP), b3(mTopK), b4(mRepetition), b5(mMaxTokens);
  mTemperature->setValue(s.value(QStringLiteral("temperature")).toDouble(0.7));
  mTopP->setValue(s.value(QStringLiteral("top_p")).toDouble(0.9));
  mTopK->setValue(s.value(QStringLiteral("top_k")).toInt(40));
  mRepetition->setValue(s.value(QStringLiteral("repetition_penalty")).toDouble(1.1));
  mMaxTokens->setValue(s.value(QStringLiteral("max_tokens")).toInt(512));
}

GenerationOptions ChatSettingsPanel::generationOptions() const {
  GenerationOptions o;
  o.maxNewTokens = mMaxTokens->value();
  o.greedy = mTemperature->value() <= 0;
  o.temperature = qMax(0.01, mTemperature->value());
  o.topP = mTopP->value();
  o.topK = mTopK->value();
  o.repetitionPenalty = mRepetition->value();
  o.seed = quint64(QDateTime::currentMSecsSinceEpoch());
  return o;
}

}  // namespace Atelier
