#include "pages/trainsettingsform.h"

#include "training/trainingpresets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace Atelier {
namespace {

const QStringList kBasic = {QStringLiteral("learning_rate"), QStringLiteral("epochs"),
                            QStringLiteral("max_steps"), QStringLiteral("batch_size"),
                            QStringLiteral("grad_accum"), QStringLiteral("seq_len"),
                            QStringLiteral("lora.r"), QStringLiteral("lora.lora_alpha"),
                            QStringLiteral("eval_every"), QStringLiteral("patience"),
                            QStringLiteral("gradient_checkpointing")};
const QStringList kAdvanced = {QStringLiteral("dpo_beta"), QStringLiteral("lora.lora_dropout"),
                               QStringLiteral("lora.use_rslora"),
                               QStringLiteral("lora.target_modules"), QStringLiteral("warmup_steps"),
                               QStringLiteral("scheduler"), QStringLiteral("max_grad_norm"),
                               QStringLiteral("weight_decay"), QStringLiteral("seed"),
                               QStringLiteral("save_every"), QStringLiteral("keep_checkpoints"),
                               QStringLiteral("assistant_only_loss"), QStringLiteral("device"),
                               QStringLiteral("precision"), QStringLiteral("chat_family")};

QString labelOf(const QString& key) {
  for (const auto& e : settingExplanations())
    if (e.key == key) return e.label;
  return key;
}

QJsonValue valueAt(const QJsonObject& json, const QString& key) {
  if (key.startsWith(QLatin1String("lora.")))
    return json.value(QStringLiteral("lora")).toObject().value(key.mid(5));
  return json.value(key);
}

}  // namespace

TrainSettingsForm::TrainSettingsForm(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* basic = new QFormLayout;
  for (const QString& key : kBasic) addSetting(basic, key);
  layout->addLayout(basic);

  mAdvancedToggle = new QToolButton;
  mAdvancedToggle->setObjectName(QStringLiteral("advancedToggle"));
  mAdvancedToggle->setText(tr("Advanced settings"));
  mAdvancedToggle->setCheckable(true);
  mAdvancedToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  mAdvancedToggle->setArrowType(Qt::RightArrow);
  mAdvancedToggle->setAutoRaise(true);
  layout->addWidget(mAdvancedToggle);
  mAdvanced = new QWidget;
  mAdvanced->setObjectName(QStringLiteral("advancedPanel"));
  auto* advanced = new QFormLayout(mAdvanced);
  advanced->setContentsMargins(0, 0, 0, 0);
  for (const QString& key : kAdvanced) addSetting(advanced, key);
  mAdvanced->setVisible(false);
  layout->addWidget(mAdvanced);
  connect(mAdvancedToggle, &QToolButton::toggled, this, &TrainSettingsForm::setAdvancedVisible);
}

bool TrainSettingsForm::advancedVisible() const { return mAdvancedToggle->isChecked(); }

void TrainSettingsForm::setAdvancedVisible(bool visible) {
  mAdvancedToggle->setChecked(visible);
  mAdvancedToggle->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
  mAdvanced->setVisible(visible);
}

void TrainSettingsForm::addSetting(QFormLayout* form, const QString& key) {
  QWidget* editor = nullptr;
  const auto emitChanged = [this] {
    if (!mLoading) emit changed();
  };
  auto intBox = [&](int min, int max) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    connect(s, &QSpinBox::valueChanged, this, emitChanged);
    return s;
  };
  auto doubleBox = [&](double min, double max, int decimals, double step) {
    auto* s = new QDoubleSpinBox;
    s->setRange(min, max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    connect(s, &QDoubleSpinBox::valueChanged, this, emitChanged);
    return s;
  };
  if (key == QLatin1String("learning_rate")) editor = doubleBox(0.000001, 1.0, 6, 0.0001);
  else if (key == QLatin1String("epochs")) editor = intBox(1, 1000);
  else if (key == QLatin1String("max_steps")) editor = intBox(0, 10'000'000);
  else if (key == QLatin1String("batch_size")) editor = intBox(1, 1024);
  else if (key == QLatin1String("grad_accum")) editor = intBox(1, 1024);
  else if (key == QLatin1String("seq_len")) editor = intBox(16, 131072);
  else if (key == QLatin1String("lora.r")) editor = intBox(1, 1024);
  else if (key == QLatin1String("lora.lora_alpha")) editor = doubleBox(0.1, 4096, 1, 1);
  else if (key == QLatin1String("eval_every") || key == QLatin1String("save_every")) editor = intBox(0, 1'000'000);
  else if (key == QLatin1String("patience")) editor = intBox(0, 1000);
  else if (key == QLatin1String("warmup_steps")) editor = intBox(0, 1'000'000);
  else if (key == QLatin1String("keep_checkpoints")) editor = intBox(1, 100);
  else if (key == QLatin1String("lora.lora_dropout")) editor = doubleBox(0, 0.9, 3, 0.01);
  else if (key == QLatin1String("max_grad_norm")) editor = doubleBox(0, 1000, 2, 0.1);
  else if (key == QLatin1String("weight_decay")) editor = doubleBox(0, 1, 4, 0.01);
  else if (key == QLatin1String("dpo_beta")) {
    auto* beta = doubleBox(0.01, 10, 3, 0.05);
    beta->setValue(SftConfig().dpoBeta);
    editor = beta;
  }
  else if (key == QLatin1String("scheduler") || key == QLatin1String("device") || key == QLatin1String("precision")) {
    auto* c = new QComboBox;
    c->addItems(key == QLatin1String("scheduler") ? QStringList{QStringLiteral("cosine"), QStringLiteral("linear"),
                                                                QStringLiteral("constant")}
                : key == QLatin1String("device")
                    ? QStringList{QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")}
                    : QStringList{QStringLiteral("auto"), QStringLiteral("f32"), QStringLiteral("bf16")});
    connect(c, &QComboBox::currentIndexChanged, this, emitChanged);
    editor = c;
  } else if (key == QLatin1String("lora.use_rslora") || key == QLatin1String("assistant_only_loss") ||
             key == QLatin1String("gradient_checkpointing")) {
    auto* c = new QCheckBox;
    connect(c, &QCheckBox::toggled, this, emitChanged);
    editor = c;
  } else {
    auto* e = new QLineEdit;  // seed, target modules, chat family
    connect(e, &QLineEdit::textChanged, this, emitChanged);
    editor = e;
  }
  editor->setObjectName(key);
  const QString explanation = explainSetting(key);
  editor->setToolTip(explanation);
  auto* label = new QLabel(labelOf(key) + QLatin1Char(':'));
  label->setBuddy(editor);
  form->addRow(label, editor);
  // The explanation under its setting, across the whole width so it stays one
  // or two lines.
  auto* help = new QLabel(explanation);
  help->setWordWrap(true);
  help->setForegroundRole(QPalette::PlaceholderText);
  help->setContentsMargins(0, 0, 0, 6);
  QFont small = help->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  help->setFont(small);
  form->addRow(help);
  mEditors.insert(key, editor);
  mRows.insert(key, {form, editor, help});
}

void TrainSettingsForm::setRecipe(const QString& recipe) {
  // Beta means something only to DPO; preference pairs always learn only the answers.
  const bool preference = isPreferenceRecipe(recipe);
  const auto show = [this](const QString& key, bool visible) {
    const Row row = mRows.value(key);
    if (!row.form) return;
    row.form->setRowVisible(row.editor, visible);
    row.form->setRowVisible(row.help, visible);
  };
  show(QStringLiteral("dpo_beta"), recipe == QLatin1String("dpo"));
  show(QStringLiteral("assistant_only_loss"), !preference);
}

bool TrainSettingsForm::isSettingVisible(const QString& key) const {
  const Row row = mRows.value(key);
  return row.form && row.form->isRowVisible(row.editor);
}

void TrainSettingsForm::setConfig(const SftConfig& config) {
  mLoading = true;
  const QJsonObject json = config.toJson();
  for (auto it = mEditors.constBegin(); it != mEditors.constEnd(); ++it) {
    const QJsonValue v = valueAt(json, it.key());
    if (v.isUndefined()) continue;  // a setting of another recipe keeps its value
    if (auto* s = qobject_cast<QSpinBox*>(it.value())) s->setValue(v.toInt());
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(it.value())) d->setValue(v.toDouble());
    else if (auto* c = qobject_cast<QCheckBox*>(it.value())) c->setChecked(v.toBool());
    else if (auto* c = qobject_cast<QComboBox*>(it.value())) c->setCurrentText(v.toString());
    else if (auto* e = qobject_cast<QLineEdit*>(it.value()))
      e->setText(v.isArray() ? v.toVariant().toStringList().join(QLatin1Char(',')) : v.toString());
  }
  mLoading = false;
  emit changed();
}

SftConfig TrainSettingsForm::config(const SftConfig& base, QString* error) const {
  QJsonObject json = base.toJson();
  QJsonObject lora = json.value(QStringLiteral("lora")).toObject();
  for (auto it = mEditors.constBegin(); it != mEditors.constEnd(); ++it) {
    QJsonValue v;
    if (auto* s = qobject_cast<QSpinBox*>(it.value())) v = s->value();
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(it.value())) v = d->value();
    else if (auto* c = qobject_cast<QCheckBox*>(it.value())) v = c->isChecked();
    else if (auto* c = qobject_cast<QComboBox*>(it.value())) v = c->currentText();
    else if (auto* e = qobject_cast<QLineEdit*>(it.value())) {
      if (it.key() == QLatin1String("lora.target_modules"))
        v = QJsonArray::fromStringList(e->text().remove(QLatin1Char(' ')).split(QLatin1Char(','), Qt::SkipEmptyParts));
      else
        v = e->text().trimmed();
    }
    if (it.key().startsWith(QLatin1String("lora.")))
      lora[it.key().mid(5)] = v;
    else
      json[it.key()] = v;
  }
  json[QStringLiteral("lora")] = lora;
  json[QStringLiteral("recipe")] = base.recipe;
  SftConfig out = base;
  QString ignored;
  if (!SftConfig::fromJson(json, &out, error ? error : &ignored)) return base;
  return out;
}

}  // namespace Atelier
