// Decoders of tokenizer.json: token strings back to text.
#include "hfcomponents.h"

#include "bytelevel.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Atelier {
namespace {

class ByteLevelDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    return {QString::fromUtf8(HfByteLevel::decodeToBytes(tokens.join(QString())))};
  }
};

class ReplaceDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    for (QString t : tokens) out << t.replace(mPattern, mContent);
    return out;
  }
  QString mPattern, mContent;
};

// <0xNN> tokens become bytes; a run that is not valid UTF-8 becomes one
// U+FFFD per byte, as the reference does.
class ByteFallbackDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    QByteArray bytes;
    auto flush = [&] {
      if (bytes.isEmpty()) return;
      const QString text = QString::fromUtf8(bytes);
      if (text.toUtf8() == bytes) out << text;
      else for (int i = 0; i < bytes.size(); ++i) out << QString(QChar(0xFFFD));
      bytes.clear();
    };
    for (const QString& t : tokens) {
      bool ok = false;
      if (t.size() == 6 && t.startsWith(QLatin1String("<0x")) && t.endsWith(QLatin1Char('>'))) {
        const int b = t.mid(3, 2).toInt(&ok, 16);
        if (ok) bytes.append(char(b));
      }
      if (!ok) {
        flush();
        out << t;
      }
    }
    flush();
    return out;
  }
};

class FuseDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override { return {tokens.join(QString())}; }
};

class StripDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    for (QString t : tokens) {
      for (int i = 0; i < mStart && t.startsWith(mContent); ++i) t.remove(0, mContent.size());
      for (int i = 0; i < mStop && t.endsWith(mContent); ++i) t.chop(mContent.size());
      out << t;
    }
    return out;
  }
  QString mContent;
  int mStart = 0, mStop = 0;
};

class MetaspaceDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    for (int i = 0; i < tokens.size(); ++i) {
      QString t = tokens[i];
      // As the reference does: in the first token every ▁ is dropped (they
      // stand for the prepended space), elsewhere each becomes a space.
      t.replace(mReplacement, i == 0 && mPrepend ? QString() : QStringLiteral(" "));
      out << t;
    }
    return out;
  }
  QString mReplacement;
  bool mPrepend = true;
};

class SequenceDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out = tokens;
    for (const auto& d : mItems) out = d->apply(out);
    return out;
  }
  std::vector<std::unique_ptr<HfDecoder>> mItems;
};

}  // namespace

std::unique_ptr<HfDecoder> HfDecoder::parse(const QJsonValue& json, const QString& where, QString* error) {
  if (json.isNull() || json.isUndefined()) return nullptr;
  const QJsonObject o = json.toObject();
  const QString type = o.value(QStringLiteral("type")).toString();
  if (type == QLatin1String("ByteLevel")) return std::make_unique<ByteLevelDecoder>();
  if (type == QLatin1String("ByteFallback")) return std::make_unique<ByteFallbackDecoder>();
  if (type == QLatin1String("Fuse")) return std::make_unique<FuseDecoder>();
  if (type == QLatin1String("Replace")) {
    const QJsonObject pattern = o.value(QStringLiteral("pattern")).toObject();
    if (!pattern.contains(QStringLiteral("String"))) {
      *error = QStringLiteral("%1: decoder Replace with a regex pattern is not supported yet").arg(where);
      return nullptr;
    }
    auto r = std::make_unique<ReplaceDecoder>();
    r->mPattern = pattern.value(QStringLiteral("String")).toString();
    r->mContent = o.value(QStringLiteral("content")).toString();
    return r;
  }
  if (type == QLatin1String("Strip")) {
    auto s = std::make_unique<StripDecoder>();
    s->mContent = o.value(QStringLiteral("content")).toString(QStringLiteral(" "));
    s->mStart = o.value(QStringLiteral("start")).toInt(0);
    s->mStop = o.value(QStringLiteral("stop")).toInt(0);
    if (s->mContent.isEmpty()) {
      *error = QStringLiteral("%1: decoder Strip needs a content character").arg(where);
      return nullptr;
    }
    return s;
  }
  if (type == QLatin1String("Metaspace")) {
    auto m = std::make_unique<MetaspaceDecoder>();
    m->mReplacement = o.value(QStringLiteral("replacement")).toString(QStringLiteral("\u2581"));
    m->mPrepend = o.contains(QStringLiteral("prepend_scheme"))
                      ? o.value(QStringLiteral("prepend_scheme")).toString() != QLatin1String("never")
                      : o.value(QStringLiteral("add_prefix_space")).toBool(true);
    return m;
  }
  if (type == QLatin1String("Sequence")) {
    auto seq = std::make_unique<SequenceDecoder>();
    for (const QJsonValue& item : o.value(QStringLiteral("decoders")).toArray()) {
      auto d = parse(item, where, error);
      if (!d) {
        if (error->isEmpty()) continue;
        return nullptr;
      }
      seq->mItems.push_back(std::move(d));
    }
    return seq;
  }
  *error = QStringLiteral("%1: decoder \"%2\" is not supported yet")
               .arg(where, type.isEmpty() ? QStringLiteral("(no type)") : type);
  return nullptr;
}

}  // namespace Atelier
