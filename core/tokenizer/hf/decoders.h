#pragma once
// Decoders of tokenizer.json: token strings back to text (byte-level bytes,
// <0xNN> byte pieces, ▁ back to spaces).

#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>

namespace Atelier {

class HfDecoder {
 public:
  virtual ~HfDecoder() = default;
  // Tokens in, tokens out: decoders chain, and the last result is joined.
  virtual QStringList apply(const QStringList& tokens) const = 0;
  // JSON null → nullptr with *error left empty.
  static std::unique_ptr<HfDecoder> parse(const QJsonValue& json, const QString& where, QString* error);
};

}  // namespace Atelier
