#pragma once
// Pre-tokenizers of tokenizer.json: split normalized text into the pieces the
// BPE model sees (the model's split regex, byte-level mapping, Metaspace ▁).

#include <QJsonValue>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <memory>

namespace Atelier {

struct HfPiece {
  QString text;
  // Whether the piece starts the whole input (original offset 0), which
  // Metaspace's "first" prepend scheme asks.
  bool atStart = false;
};

class HfPreTokenizer {
 public:
  virtual ~HfPreTokenizer() = default;
  // Replaces each piece by its parts; pieces are never empty.
  virtual void apply(QList<HfPiece>* pieces) const = 0;
  // JSON null → nullptr with *error left empty.
  static std::unique_ptr<HfPreTokenizer> parse(const QJsonValue& json, const QString& where, QString* error);
};

// How a split keeps what the pattern matched (SplitDelimiterBehavior).
enum class HfSplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Splits one piece as the reference's NormalizedString::split does: the
// pattern's matches and the gaps between them, combined per `behavior`,
// empty parts dropped.
QList<HfPiece> hfSplit(const HfPiece& piece, const QRegularExpression& pattern, HfSplitBehavior behavior,
                       bool invert = false);

}  // namespace Atelier
