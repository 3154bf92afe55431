#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace Atelier {

// Unicode NFC, control characters removed (tabs and newlines kept), CRLF to
// LF, runs of spaces collapsed, at most one blank line in a row, trimmed.
QString normalizeWhitespace(const QString& text);

// Removes HTML tags (when the text contains any) and decodes entities.
QString stripHtml(const QString& text);

// Lowercased words without punctuation: the text duplicates are compared on.
QString comparisonKey(const QString& text);

// MinHash signature of a text's word shingles (k words), `hashes` values.
std::vector<uint32_t> minHashSignature(const QString& key, int shingleWords, int hashes);
double estimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Quality measures in [0, 1].
double repeatedLineRatio(const QString& text);
double repeatedTrigramRatio(const QString& text);
// The same for a text's comparisonKey(), when the caller has it already.
double repeatedTrigramRatioOfKey(const QString& key);
double symbolRatio(const QString& text);

}  // namespace Atelier
