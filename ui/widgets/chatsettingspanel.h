#pragma once

#include "inference/languagemodel.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace Atelier {

class Database;

// A base model folder and, optionally, an adapter: the final, best or any
// checkpoint adapter of any run of the project, or a folder chosen by hand.
class ModelAdapterPicker : public QWidget {
  Q_OBJECT
 public:
  explicit ModelAdapterPicker(QWidget* parent = nullptr);
  // Lists the project's runs and their checkpoints (nullptr: none).
  void reload(Database* db);
  void setChoice(const QString& modelDir, const QString& adapterDir);
  QString modelDir() const;
  QString adapterDir() const;

 signals:
  void changed();

 private:
  void selectOrAdd(QComboBox* box, const QString& path, const QString& label);
  void onAdapterPicked();
  QComboBox* mModel;
  QComboBox* mAdapter;
};

// The settings of a chat: system prompt with saved presets and sampling,
// each with a hint in plain words.
class ChatSettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ChatSettingsPanel(QWidget* parent = nullptr);
  void setDatabase(Database* db);
  // Lists the project's runs again (a run may have finished since), keeping the choices.
  void reloadRuns();

  ModelAdapterPicker* picker() const { return mPicker; }
  QString systemPrompt() const;
  void setSystemPrompt(const QString& text);
  QJsonObject sampling() const;
  void setSampling(const QJsonObject& sampling);
  GenerationOptions generationOptions() const;
  // Best-of-N: how many answers to write, and the reward model (a reward run's
  // adapter folder) that picks one; 1 / empty = a plain answer.
  int bestOf() const;
  QString rewardAdapter() const;
  QComboBox* rewardBox() const { return mReward; }
  QSpinBox* bestOfBox() const { return mBestOf; }

 signals:
  void changed();

 private:
  void reloadPresets();
  void reloadRewardModels();
  void savePreset();
  void applyPreset(int index);

  Database* mDb = nullptr;
  ModelAdapterPicker* mPicker;
  QComboBox* mPresets;
  QPlainTextEdit* mSystem;
  QDoubleSpinBox* mTemperature;
  QDoubleSpinBox* mTopP;
  QSpinBox* mTopK;
  QDoubleSpinBox* mRepetition;
  QSpinBox* mMaxTokens;
  QSpinBox* mBestOf;
  QComboBox* mReward;
};

}  // namespace Atelier
