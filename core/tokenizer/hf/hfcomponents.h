#pragma once
// The normalizers, pre-tokenizers and decoders of tokenizer.json that the
// supported model families use. Each is parsed from its JSON object; an
// unknown type is an error naming it, never silently skipped.

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <memory>

namespace Atelier {

class HfNormalizer {
 public:
  virtual ~HfNormalizer() = default;
  virtual QString apply(const QString& text) const = 0;
  // null → nullptr without error.
  static std::unique_ptr<HfNormalizer> parse(const QJsonValue& json, const QString& where, QString* error);
};

class HfPreTokenizer {
 public:
  virtual ~HfPreTokenizer() = default;
  // Splits each piece further. `firstSegment` says whether the text started
  // the input (Metaspace's "first" prepend scheme).
  virtual QStringList apply(const QStringList& pieces, bool firstSegment) const = 0;
  static std::unique_ptr<HfPreTokenizer> parse(const QJsonValue& json, const QString& where, QString* error);
};

class HfDecoder {
 public:
  virtual ~HfDecoder() = default;
  // Tokens in, tokens out (decoders chain; the last result is joined).
  virtual QStringList apply(const QStringList& tokens) const = 0;
  static std::unique_ptr<HfDecoder> parse(const QJsonValue& json, const QString& where, QString* error);
};

}  // namespace Atelier
