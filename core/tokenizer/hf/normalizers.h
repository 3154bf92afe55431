#pragma once
// Normalizers of tokenizer.json: the text rewrites that run before
// pre-tokenization (NFC for Qwen2, Prepend/Replace of ▁ for Llama 2, ...).

#include <QJsonValue>
#include <QRegularExpression>
#include <QString>

#include <memory>

namespace Atelier {

class HfNormalizer {
 public:
  virtual ~HfNormalizer() = default;
  virtual QString apply(const QString& text) const = 0;
  // JSON null → nullptr with *error left empty; an unknown or malformed
  // normalizer → nullptr and *error naming it.
  static std::unique_ptr<HfNormalizer> parse(const QJsonValue& json, const QString& where, QString* error);
};

// {"String": "x"} (literal) or {"Regex": "..."}, as Split and Replace write
// their patterns. Regexes are PCRE2 with Unicode properties, which accepts
// the Oniguruma syntax the model regexes use (\p{L}, (?i:...), lookahead),
// with ^ and $ matching at line boundaries as in Oniguruma's Ruby syntax.
bool parseHfPattern(const QJsonValue& json, const QString& where, QRegularExpression* out, QString* error);

// Every match of `pattern` replaced by `content` taken literally (no \\1
// back-references, unlike QString::replace).
QString hfReplace(const QString& text, const QRegularExpression& pattern, const QString& content);

}  // namespace Atelier
