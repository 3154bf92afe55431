#include "loraconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Atelier {

double LoraConfig::scaling() const { return rslora ? alpha / std::sqrt(double(rank)) : alpha / rank; }

QStringList LoraConfig::supportedTargets() {
  return {QStringLiteral("q_proj"), QStringLiteral("k_proj"), QStringLiteral("v_proj"),
          QStringLiteral("o_proj"), QStringLiteral("gate_proj"), QStringLiteral("up_proj"),
          QStringLiteral("down_proj")};
}

QJsonObject LoraConfig::toJson() const {
  return QJsonObject{
      {QStringLiteral("peft_type"), QStringLiteral("LORA")},
      {QStringLiteral("task_type"), taskType},
      {QStringLiteral("r"), rank},
      {QStringLiteral("lora_alpha"), alpha},
      {QStringLiteral("lora_dropout"), dropout},
      {QStringLiteral("target_modules"), QJsonArray::fromStringList(targetModules)},
      {QStringLiteral("bias"), QStringLiteral("none")},
      {QStringLiteral("use_rslora"), rslora},
      {QStringLiteral("fan_in_fan_out"), false},
      {QStringLiteral("base_model_name_or_path"), baseModel},
      {QStringLiteral("inference_mode"), true},
      {QStringLiteral("init_lora_weights"), true},
      {QStringLiteral("modules_to_save"), isReward() ? QJsonValue(QJsonArray{QStringLiteral("score")}) : QJsonValue()},
      {QStringLiteral("layers_to_transform"), QJsonValue()},
      {QStringLiteral("rank_pattern"), QJsonObject()},
      {QStringLiteral("alpha_pattern"), QJsonObject()},
      {QStringLiteral("use_dora"), false},
  };
}

bool LoraConfig::fromFolder(const QString& folder, LoraConfig* out, QString* error) {
  const QString path = QDir(folder).filePath(QStringLiteral("adapter_config.json"));
  QFile f(path);
  if (!f.exists()) {
    *error = QStringLiteral("%1 is not a PEFT adapter folder (no adapter_config.json)").arg(folder);
    return false;
  }
  if (f.size() > 4 * 1024 * 1024 || !f.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read").arg(path);
    return false;
  }
  return fromJson(f.readAll(), path, out, error);
}

bool LoraConfig::fromJson(const QByteArray& json, const QString& path, LoraConfig* out, QString* error) {
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
  if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
    *error = QStringLiteral("%1 is not a valid JSON object (%2)").arg(path, pe.errorString());
    return false;
  }
  const QJsonObject o = doc.object();
  auto fail = [&](const QString& field, const QString& what) {
    *error = QStringLiteral("%1: \"%2\" %3").arg(path, field, what);
    return false;
  };
  if (o.value(QStringLiteral("peft_type")).toString() != QLatin1String("LORA"))
    return fail(QStringLiteral("peft_type"), QStringLiteral("must be LORA (other PEFT methods are not supported)"));
  LoraConfig c;
  const double r = o.value(QStringLiteral("r")).toDouble(-1);
  if (r < 1 || r > 4096 || r != std::floor(r)) return fail(QStringLiteral("r"), QStringLiteral("must be a whole number from 1 to 4096"));
  c.rank = int(r);
  c.alpha = o.value(QStringLiteral("lora_alpha")).toDouble(-1);
  if (!(c.alpha > 0)) return fail(QStringLiteral("lora_alpha"), QStringLiteral("must be a positive number"));
  c.dropout = o.value(QStringLiteral("lora_dropout")).toDouble(0.0);
  if (c.dropout < 0 || c.dropout >= 1) return fail(QStringLiteral("lora_dropout"), QStringLiteral("must be in [0, 1)"));
  c.rslora = o.value(QStringLiteral("use_rslora")).toBool(false);
  if (o.value(QStringLiteral("fan_in_fan_out")).toBool(false))
    return fail(QStringLiteral("fan_in_fan_out"), QStringLiteral("is only used by GPT-2-style Conv1D layers, which Atelier does not have"));
  if (o.value(QStringLiteral("use_dora")).toBool(false))
    return fail(QStringLiteral("use_dora"), QStringLiteral("DoRA adapters are not supported yet"));
  const QString bias = o.value(QStringLiteral("bias")).toString(QStringLiteral("none"));
  if (bias != QLatin1String("none")) return fail(QStringLiteral("bias"), QStringLiteral("must be \"none\" (trained biases are not supported)"));
  const QJsonValue targets = o.value(QStringLiteral("target_modules"));
  QStringList list;
  if (targets.isString()) {
    const QString t = targets.toString();
    if (t == QLatin1String("all-linear")) list = supportedTargets();
    else return fail(QStringLiteral("target_modules"), QStringLiteral("as a regular expression is not supported; list the module names"));
  } else {
    for (const QJsonValue& v : targets.toArray()) list << v.toString();
  }
  if (list.isEmpty()) return fail(QStringLiteral("target_modules"), QStringLiteral("names no modules"));
  for (const QString& t : list)
    if (!supportedTargets().contains(t))
      return fail(QStringLiteral("target_modules"), QStringLiteral("names \"%1\"; supported: %2").arg(t, supportedTargets().join(QStringLiteral(", "))));
  if (!o.value(QStringLiteral("rank_pattern")).toObject().isEmpty() || !o.value(QStringLiteral("alpha_pattern")).toObject().isEmpty())
    return fail(QStringLiteral("rank_pattern"), QStringLiteral("per-module ranks are not supported yet"));
  c.targetModules = list;
  c.baseModel = o.value(QStringLiteral("base_model_name_or_path")).toString();
  c.taskType = o.value(QStringLiteral("task_type")).toString(QStringLiteral("CAUSAL_LM"));
  if (c.taskType != QLatin1String("CAUSAL_LM") && c.taskType != QLatin1String("SEQ_CLS"))
    return fail(QStringLiteral("task_type"), QStringLiteral("is \"%1\"; Atelier reads CAUSAL_LM (a tuned model) and SEQ_CLS "
                                                           "(a reward model)").arg(c.taskType));
  if (c.isReward() && !o.value(QStringLiteral("modules_to_save")).toArray().contains(QStringLiteral("score")))
    return fail(QStringLiteral("modules_to_save"), QStringLiteral("must list \"score\" for a SEQ_CLS (reward model) adapter"));
  *out = c;
  return true;
}

}  // namespace Atelier
