#pragma once
// The added_tokens of tokenizer.json (special tokens such as <|eot_id|> or
// <s>, and plain added words), which are cut out of the text before the
// normalizer and the model see it.

#include <QChar>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <functional>
#include <vector>

namespace Atelier {

class HfBpeModel;

struct HfAddedToken {
  int id = -1;
  QString content;
  bool special = false;
  bool singleWord = false;
  bool lstrip = false;
  bool rstrip = false;
  // Matched in the normalized text (against its own normalized form) rather
  // than in the raw text.
  bool normalized = true;
};

class HfAddedTokens {
 public:
  // A stretch of text: plain, or an added token (id >= 0).
  struct Segment {
    QString text;
    int id = -1;
    bool atStart = false;  // starts the whole input
  };

  // Validates ids against the model's vocabulary. `where` names the file.
  bool load(const QJsonArray& json, const HfBpeModel& model, const QString& where, QString* error);
  // Builds the patterns of normalized tokens; call once the normalizer is known.
  void prepare(const std::function<QString(const QString&)>& normalize);

  // The raw text cut at the tokens that are not normalized (first pass), or a
  // normalized piece cut at the normalized ones (second pass).
  QList<Segment> split(const QString& text, bool normalizedPass, bool atStart) const;

  const HfAddedToken* byId(int id) const;
  int idOf(const QString& content) const { return mByContent.value(content, -1); }
  int maxId() const;
  const QList<HfAddedToken>& tokens() const { return mTokens; }

 private:
  struct Pattern {
    QString text;
    int token;  // index in mTokens
  };
  struct PatternSet {
    // Patterns by first UTF-16 unit, longest first: leftmost-longest search.
    QHash<QChar, std::vector<Pattern>> byFirst;
  };
  bool findAt(const QString& text, int at, const PatternSet& set, const Pattern** hit) const;

  QList<HfAddedToken> mTokens;
  QHash<int, int> mById;  // id → index in mTokens
  QHash<QString, int> mByContent;
  PatternSet mRaw, mNormalized;
};

}  // namespace Atelier
