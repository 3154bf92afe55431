#include "decoders.h"

#include "bytelevel.h"
#include "normalizers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <vector>

namespace Atelier {
namespace {

class ByteLevelDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    return {utf8Lossy(HfByteLevel::decodeTokens(tokens))};
  }
};

class ReplaceDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    out.reserve(tokens.size());
    for (const QString& t : tokens) out << hfReplace(t, mPattern, mContent);
    return out;
  }
  QRegularExpression mPattern;
  QString mContent;
};

// A run of <0xNN> tokens becomes its bytes; a run that is not valid UTF-8
// becomes one U+FFFD per byte, as the reference does.
class ByteFallbackDecoder : public HfDecoder {
 public:
  QStringList apply(const QStringList& tokens) const override {
    QStringList out;
    QByteArray bytes;
    auto flush = [&] {
      if (bytes.isEmpty()) return;
      const QString text = utf8Lossy(bytes);
      if (text.toUtf8() == bytes) out << text;  // valid UTF-8
      else for (int i = 0; i < bytes.size(); ++i) out << QString(QChar(0xFFFD));
      bytes.clear();
    };
    for (const QString& t : tokens) {
      bool ok = false;
      if (t.size() == 6 && t.startsWith(QLatin1String("<0x")) && t.endsWith(QLatin1Char('>'))) {
        const int b = t.mid(3, 2).toInt(&ok, 16);
        ok = ok && b >= 0 && b < 256;
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
    out.reserve(tokens.size());
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
    out.reserve(tokens.size());
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
  const QString here = QStringLiteral("%1: decoder %2").arg(where, type);
  if (type == QLatin1String("ByteLevel")) return std::make_unique<ByteLevelDecoder>();
  if (type == QLatin1String("ByteFallback")) return std::make_unique<ByteFallbackDecoder>();
  if (type == QLatin1String("Fuse")) return std::make_unique<FuseDecoder>();
  if (type == QLatin1String("Replace")) {
    auto r = std::make_unique<ReplaceDecoder>();
    if (!parseHfPattern(o.value(QStringLiteral("pattern")), here, &r->mPattern, error)) return nullptr;
    r->mContent = o.value(QStringLiteral("content")).toString();
    return r;
  }
  if (type == QLatin1String("Strip")) {
    auto s = std::make_unique<StripDecoder>();
    s->mContent = o.value(QStringLiteral("content")).toString(QStringLiteral(" "));
    s->mStart = o.value(QStringLiteral("start")).toInt(0);
    s->mStop = o.value(QStringLiteral("stop")).toInt(0);
    if (s->mContent.isEmpty()) {
      *error = here + QStringLiteral(": \"content\" must be one character");
      return nullptr;
    }
    return s;
  }
  if (type == QLatin1String("Metaspace")) {
    auto m = std::make_unique<MetaspaceDecoder>();
    m->mReplacement = o.value(QStringLiteral("replacement")).toString(QStringLiteral("\u2581"));
    if (m->mReplacement.isEmpty()) {
      *error = here + QStringLiteral(": \"replacement\" must be one character");
      return nullptr;
    }
    m->mPrepend = o.contains(QStringLiteral("prepend_scheme"))
                      ? o.value(QStringLiteral("prepend_scheme")).toString() != QLatin1String("never")
                      : o.value(QStringLiteral("add_prefix_space")).toBool(true);
    return m;
  }
  if (type == QLatin1String("Sequence")) {
    auto seq = std::make_unique<SequenceDecoder>();
    for (const QJsonValue& item : o.value(QStringLiteral("decoders")).toArray()) {
      auto d = parse(item, where, error);
      if (!error->isEmpty()) return nullptr;
      if (d) seq->mItems.push_back(std::move(d));
    }
    return seq;
  }
  *error = QStringLiteral("%1: decoder \"%2\" is not supported yet")
               .arg(where, type.isEmpty() ? QStringLiteral("(no type)") : type);
  return nullptr;
}

}  // namespace Atelier
