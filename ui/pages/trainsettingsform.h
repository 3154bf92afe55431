#pragma once
// Every setting of a fine-tuning run, each with its one-line plain-language
// explanation: the everyday ones always visible, the rest in a collapsible
// Advanced panel. Reads and writes an SftConfig.
#include "training/sftconfig.h"

#include <QHash>
#include <QWidget>

class QFormLayout;
class QToolButton;

namespace Atelier {

class TrainSettingsForm : public QWidget {
  Q_OBJECT
 public:
  explicit TrainSettingsForm(QWidget* parent = nullptr);

  void setConfig(const SftConfig& config);
  // `base` with the values of the editors (folders and dataset come from base).
  SftConfig config(const SftConfig& base, QString* error = nullptr) const;
  // The editor of a setting by its JSON key ("learning_rate", "lora.r", ...).
  QWidget* editor(const QString& key) const { return mEditors.value(key); }
  // Shows the settings that mean something to this recipe (sft, dpo, reward).
  void setRecipe(const QString& recipe);
  bool isSettingVisible(const QString& key) const;
  bool advancedVisible() const;
  void setAdvancedVisible(bool visible);

 signals:
  void changed();

 private:
  void addSetting(QFormLayout* form, const QString& key);
  struct Row {
    QFormLayout* form = nullptr;
    QWidget* editor = nullptr;
    QWidget* help = nullptr;
  };
  QHash<QString, QWidget*> mEditors;
  QHash<QString, Row> mRows;
  QToolButton* mAdvancedToggle;
  QWidget* mAdvanced;
  bool mLoading = false;
};

}  // namespace Atelier
