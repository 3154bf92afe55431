#include "records.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace Atelier {

QString formatName(DatasetFormat f) {
  switch (f) {
    case DatasetFormat::Auto: return QStringLiteral("auto");
    case DatasetFormat::Alpaca: return QStringLiteral("alpaca");
    case DatasetFormat::ShareGpt: return QStringLiteral("sharegpt");
    case DatasetFormat::OpenAi: return QStringLiteral("openai");
    case DatasetFormat::Csv: return QStringLiteral("csv");
    case DatasetFormat::Text: return QStringLiteral("text");
    case DatasetFormat::Preference: return QStringLiteral("preference");
  }
  return QString();
}

bool parseFormatName(const QString& name, DatasetFormat* f) {
  for (DatasetFormat d : {DatasetFormat::Auto, DatasetFormat::Alpaca, DatasetFormat::ShareGpt, DatasetFormat::OpenAi,
                          DatasetFormat::Csv, DatasetFormat::Text, DatasetFormat::Preference}) {
    if (formatName(d) == name.toLower()) {
      *f = d;
      return true;
    }
  }
  return false;
}

QString datasetKind(DatasetFormat f) {
  if (f == DatasetFormat::Text) return QStringLiteral("text");
  if (f == DatasetFormat::Preference) return QStringLiteral("preference");
  return QStringLiteral("chat");
}

DatasetFormat detectFormat(const QString& path, const QString& first, QString* reason) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == QLatin1String("csv") || suffix == QLatin1String("tsv")) {
    *reason = QStringLiteral("the file name ends in .%1").arg(suffix);
    return DatasetFormat::Csv;
  }
  if (suffix == QLatin1String("txt") || suffix == QLatin1String("md")) {
    *reason = QStringLiteral("the file name ends in .%1: plain text for continued pretraining").arg(suffix);
    return DatasetFormat::Text;
  }
  // The first record's keys decide; for a JSON array, look inside its first element.
  QString probe = first.trimmed();
  if (probe.startsWith(QLatin1Char('['))) probe = probe.mid(1).trimmed();
  if (probe.endsWith(QLatin1Char(','))) probe.chop(1);
  const QJsonObject o = QJsonDocument::fromJson(probe.toUtf8()).object();
  auto has = [&](const char* key) { return o.contains(QLatin1String(key)); };
  if (has("chosen") && has("rejected")) {
    *reason = QStringLiteral("records have \"chosen\" and \"rejected\"");
    return DatasetFormat::Preference;
  }
  if (has("conversations")) {
    *reason = QStringLiteral("records have \"conversations\" (ShareGPT)");
    return DatasetFormat::ShareGpt;
  }
  if (has("messages")) {
    *reason = QStringLiteral("records have \"messages\" (OpenAI chat)");
    return DatasetFormat::OpenAi;
  }
  if (has("instruction") || has("output")) {
    *reason = QStringLiteral("records have \"instruction\"/\"output\" (Alpaca)");
    return DatasetFormat::Alpaca;
  }
  *reason = QStringLiteral("the first record is not a JSON object with known fields; choose the format by hand");
  return DatasetFormat::Auto;
}

namespace {

bool requiredString(const QJsonObject& o, const char* key, QString* out, QString* reason) {
  const QJsonValue v = o.value(QLatin1String(key));
  if (v.isUndefined() || v.isNull()) {
    *reason = QStringLiteral("missing field \"%1\"").arg(QLatin1String(key));
    return false;
  }
  if (!v.isString()) {
    *reason = QStringLiteral("field \"%1\" is not text").arg(QLatin1String(key));
    return false;
  }
  if (v.toString().trimmed().isEmpty()) {
    *reason = QStringLiteral("field \"%1\" is empty").arg(QLatin1String(key));
    return false;
  }
  *out = v.toString();
  return true;
}

bool optionalString(const QJsonObject& o, const char* key, QString* out, QString* reason) {
  const QJsonValue v = o.value(QLatin1String(key));
  if (v.isUndefined() || v.isNull()) return true;
  if (!v.isString()) {
    *reason = QStringLiteral("field \"%1\" is not text").arg(QLatin1String(key));
    return false;
  }
  *out = v.toString();
  return true;
}

QString normalRole(const QString& role) {
  const QString r = role.toLower();
  if (r == QLatin1String("user") || r == QLatin1String("human")) return QStringLiteral("user");
  if (r == QLatin1String("assistant") || r == QLatin1String("gpt") || r == QLatin1String("model") ||
      r == QLatin1String("bot"))
    return QStringLiteral("assistant");
  if (r == QLatin1String("system")) return QStringLiteral("system");
  return QString();
}

// A list of {role/from, content/value} messages.
bool messagesFrom(const QJsonValue& list, const char* roleKey, const char* contentKey, QList<Turn>* turns,
                  QString* reason) {
  if (!list.isArray()) {
    *reason = QStringLiteral("the messages are not a list");
    return false;
  }
  int index = 0;
  for (const QJsonValue& item : list.toArray()) {
    ++index;
    const QJsonObject m = item.toObject();
    const QString role = normalRole(m.value(QLatin1String(roleKey)).toString());
    if (role.isEmpty()) {
      *reason = QStringLiteral("message %1 has unknown role \"%2\"")
                    .arg(index)
                    .arg(m.value(QLatin1String(roleKey)).toVariant().toString());
      return false;
    }
    QJsonValue content = m.value(QLatin1String(contentKey));
    QString text;
    if (content.isArray()) {  // OpenAI content parts
      for (const QJsonValue& part : content.toArray())
        if (part.toObject().value(QStringLiteral("type")).toString() == QLatin1String("text"))
          text += part.toObject().value(QStringLiteral("text")).toString();
    } else if (content.isString()) {
      text = content.toString();
    } else {
      *reason = QStringLiteral("message %1 has no text in \"%2\"").arg(index).arg(QLatin1String(contentKey));
      return false;
    }
    if (text.trimmed().isEmpty()) {
      *reason = QStringLiteral("message %1 is empty").arg(index);
      return false;
    }
    turns->append({role, text, QString()});
  }
  return true;
}

bool checkChat(const QList<Turn>& turns, QString* reason) {
  bool user = false, assistant = false;
  for (const Turn& t : turns) {
    user |= t.role == QLatin1String("user");
    assistant |= t.role == QLatin1String("assistant");
  }
  if (!user || !assistant) {
    *reason = user ? QStringLiteral("no assistant answer") : QStringLiteral("no user message");
    return false;
  }
  return true;
}

// A preference answer: text, or messages whose last assistant message counts.
bool answerFrom(const QJsonValue& v, const char* key, QString* out, QString* reason) {
  if (v.isString() && !v.toString().trimmed().isEmpty()) {
    *out = v.toString();
    return true;
  }
  if (v.isArray()) {
    QList<Turn> turns;
    if (!messagesFrom(v, "role", "content", &turns, reason)) return false;
    for (int i = turns.size() - 1; i >= 0; --i)
      if (turns[i].role == QLatin1String("assistant")) {
        *out = turns[i].content;
        return true;
      }
  }
  *reason = QStringLiteral("field \"%1\" is missing or empty").arg(QLatin1String(key));
  return false;
}

}  // namespace

bool conversationFromJson(DatasetFormat format, const QJsonObject& o, Conversation* out, QString* reason) {
  out->turns.clear();
  QString system;
  switch (format) {
    case DatasetFormat::Alpaca: {
      QString instruction, input, output;
      if (!requiredString(o, "instruction", &instruction, reason) || !optionalString(o, "input", &input, reason) ||
          !requiredString(o, "output", &output, reason) || !optionalString(o, "system", &system, reason))
        return false;
      if (!system.trimmed().isEmpty()) out->turns.append({QStringLiteral("system"), system, QString()});
      out->turns.append({QStringLiteral("user"),
                         input.trimmed().isEmpty() ? instruction : instruction + QStringLiteral("\n\n") + input,
                         QString()});
      out->turns.append({QStringLiteral("assistant"), output, QString()});
      return true;
    }
    case DatasetFormat::ShareGpt:
      if (!optionalString(o, "system", &system, reason)) return false;
      if (!system.trimmed().isEmpty()) out->turns.append({QStringLiteral("system"), system, QString()});
      if (!o.contains(QStringLiteral("conversations"))) {
        *reason = QStringLiteral("missing field \"conversations\"");
        return false;
      }
      return messagesFrom(o.value(QStringLiteral("conversations")), "from", "value", &out->turns, reason) &&
             checkChat(out->turns, reason);
    case DatasetFormat::OpenAi:
      if (!o.contains(QStringLiteral("messages"))) {
        *reason = QStringLiteral("missing field \"messages\"");
        return false;
      }
      return messagesFrom(o.value(QStringLiteral("messages")), "role", "content", &out->turns, reason) &&
             checkChat(out->turns, reason);
    case DatasetFormat::Preference: {
      const QJsonValue prompt = o.value(QStringLiteral("prompt"));
      if (prompt.isString() && !prompt.toString().trimmed().isEmpty()) {
        out->turns.append({QStringLiteral("user"), prompt.toString(), QString()});
      } else if (prompt.isArray()) {
        if (!messagesFrom(prompt, "role", "content", &out->turns, reason)) return false;
      } else {
        *reason = QStringLiteral("field \"prompt\" is missing or empty");
        return false;
      }
      QString chosen, rejected;
      if (!answerFrom(o.value(QStringLiteral("chosen")), "chosen", &chosen, reason) ||
          !answerFrom(o.value(QStringLiteral("rejected")), "rejected", &rejected, reason))
        return false;
      out->turns.append({QStringLiteral("assistant"), chosen, QStringLiteral("chosen")});
      out->turns.append({QStringLiteral("assistant"), rejected, QStringLiteral("rejected")});
      return true;
    }
    default:
      *reason = QStringLiteral("format %1 has no JSON records").arg(formatName(format));
      return false;
  }
}

QHash<QString, QString> guessCsvMapping(const QStringList& header) {
  QHash<QString, QString> m;
  auto pick = [&](const QString& field, const QStringList& names) {
    for (const QString& h : header)
      if (names.contains(h.trimmed().toLower())) {
        m.insert(field, h);
        return;
      }
  };
  pick(QStringLiteral("instruction"), {QStringLiteral("instruction"), QStringLiteral("question"), QStringLiteral("prompt"),
                                       QStringLiteral("user"), QStringLiteral("input_text")});
  pick(QStringLiteral("input"), {QStringLiteral("input"), QStringLiteral("context")});
  pick(QStringLiteral("output"), {QStringLiteral("output"), QStringLiteral("answer"), QStringLiteral("response"),
                                  QStringLiteral("assistant"), QStringLiteral("completion")});
  pick(QStringLiteral("system"), {QStringLiteral("system")});
  pick(QStringLiteral("chosen"), {QStringLiteral("chosen")});
  pick(QStringLiteral("rejected"), {QStringLiteral("rejected")});
  return m;
}

bool conversationFromCsv(const QStringList& header, const QStringList& row, const QHash<QString, QString>& mapping,
                         Conversation* out, QString* reason) {
  if (row.size() != header.size()) {
    *reason = QStringLiteral("has %1 columns, the header has %2").arg(row.size()).arg(header.size());
    return false;
  }
  QJsonObject o;
  for (auto it = mapping.begin(); it != mapping.end(); ++it) {
    const int column = header.indexOf(it.value());
    if (column < 0) {
      *reason = QStringLiteral("no column named \"%1\" (mapped to %2)").arg(it.value(), it.key());
      return false;
    }
    o.insert(it.key(), row[column]);
  }
  if (mapping.contains(QStringLiteral("chosen"))) {
    if (mapping.contains(QStringLiteral("instruction")) && !o.contains(QStringLiteral("prompt")))
      o.insert(QStringLiteral("prompt"), o.value(QStringLiteral("instruction")));
    return conversationFromJson(DatasetFormat::Preference, o, out, reason);
  }
  return conversationFromJson(DatasetFormat::Alpaca, o, out, reason);
}

}  // namespace Atelier
