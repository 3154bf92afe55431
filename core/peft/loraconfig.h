#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Atelier {

// A LoRA adapter's settings, as PEFT's adapter_config.json holds them.
struct LoraConfig {
  int rank = 8;
  double alpha = 16.0;
  double dropout = 0.05;
  bool rslora = false;  // scaling alpha/√r instead of alpha/r
  QStringList targetModules = {QStringLiteral("q_proj"), QStringLiteral("k_proj"),
                               QStringLiteral("v_proj"), QStringLiteral("o_proj"),
                               QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
                               QStringLiteral("down_proj")};
  QString baseModel;  // base_model_name_or_path
  // CAUSAL_LM, or SEQ_CLS for a reward model: then the adapter also holds the
  // scalar head "score" (PEFT's modules_to_save), as TRL's reward models do.
  QString taskType = QStringLiteral("CAUSAL_LM");
  bool isReward() const { return taskType == QLatin1String("SEQ_CLS"); }

  double scaling() const;
  static QStringList supportedTargets();

  // adapter_config.json as PEFT writes it.
  QJsonObject toJson() const;
  // Reads and validates it; errors name `path` and the field.
  static bool fromJson(const QByteArray& json, const QString& path, LoraConfig* out, QString* error);
  // Reads and checks an adapter folder's adapter_config.json.
  static bool fromFolder(const QString& folder, LoraConfig* out, QString* error);
};

}  // namespace Atelier
