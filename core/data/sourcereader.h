#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QStringList>

namespace Atelier {

// Reads a text file line by line without holding it in memory: strips a
// UTF-8 BOM and CR/LF endings, checks UTF-8, and refuses lines over a limit
// (reading on past them), so one bad line never stops an import.
class LineReader {
 public:
  static constexpr qint64 kMaxLineBytes = 8LL * 1024 * 1024;

  bool open(const QString& path, QString* error);
  // False at the end of the file. `problem` is set for a line that is too
  // long (`text` empty) or not valid UTF-8 (`text` has U+FFFD for the bad
  // bytes, so a caller can still follow the line's structure).
  bool next(QString* text, qint64* lineNumber, QString* problem);
  // The same without decoding: the line's bytes (BOM and line end removed),
  // for callers that decode on other threads with decodeLine().
  bool nextBytes(QByteArray* bytes, qint64* lineNumber, QString* problem);
  // UTF-8 → text; false (and `problem` set, bad bytes as U+FFFD in `text`)
  // when the bytes are not UTF-8.
  static bool decodeLine(const QByteArray& bytes, QString* text, QString* problem);
  qint64 bytesRead() const { return mFile.pos(); }
  qint64 size() const { return mFile.size(); }

 private:
  QFile mFile;
  QByteArray mChunk;
  qint64 mLine = 0;
};

// Cuts a top-level JSON array (Alpaca/ShareGPT .json files) into its elements
// as lines arrive, so a large file is never parsed whole.
class JsonArraySplitter {
 public:
  // Feeds one line; completed elements are appended to `elements` with the
  // line each started on. Returns false on text outside the array.
  bool feed(const QString& line, qint64 lineNumber, QList<QPair<QString, qint64>>* elements,
            QString* problem);
  bool finished() const { return mState == State::Done; }
  bool inElement() const { return !mCurrent.isEmpty(); }

 private:
  enum class State { Before, InArray, Done };
  State mState = State::Before;
  int mDepth = 0;
  bool mInString = false, mEscape = false;
  QString mCurrent;
  qint64 mStartLine = 0;
};

// RFC 4180 records from lines: quoted fields with commas, doubled quotes and
// embedded newlines. `delimiter` is ',' or '\t'.
class CsvRecordBuilder {
 public:
  explicit CsvRecordBuilder(QChar delimiter) : mDelimiter(delimiter) {}
  // Feeds one line; returns true when `fields` holds a complete record.
  bool feed(const QString& line, qint64 lineNumber, QStringList* fields, qint64* startLine);
  bool pending() const { return mPending; }
  // The line the record being built (or last built) started on.
  qint64 startLine() const { return mStartLine; }

 private:
  QChar mDelimiter;
  bool mPending = false;
  QString mBuffer;
  qint64 mStartLine = 0;
};

}  // namespace Atelier
