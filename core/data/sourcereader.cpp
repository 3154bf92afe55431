#include "sourcereader.h"

#include <QStringDecoder>

namespace Atelier {

bool LineReader::open(const QString& path, QString* error) {
  mFile.setFileName(path);
  if (!mFile.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("%1 cannot be read: %2").arg(path, mFile.errorString());
    return false;
  }
  return true;
}

bool LineReader::next(QString* text, qint64* lineNumber, QString* problem) {
  text->clear();
  QByteArray bytes;
  if (!nextBytes(&bytes, lineNumber, problem)) return false;
  if (problem->isEmpty()) decodeLine(bytes, text, problem);
  return true;
}

bool LineReader::nextBytes(QByteArray* out, qint64* lineNumber, QString* problem) {
  problem->clear();
  out->clear();
  if (mFile.atEnd()) return false;
  // Through a reused chunk: QIODevice::readLine(maxSize) allocates maxSize
  // (8 MB) for every line before shrinking it, which cost more than parsing.
  QByteArray bytes;
  if (mChunk.isEmpty()) mChunk.resize(64 * 1024);
  for (;;) {
    const qint64 n = mFile.readLine(mChunk.data(), mChunk.size());
    if (n <= 0) break;
    bytes.append(mChunk.constData(), n);
    if (mChunk[n - 1] == '\n' || bytes.size() > kMaxLineBytes + 1) break;  // +1: room for a CR
  }
  *lineNumber = ++mLine;
  const bool ended = bytes.endsWith('\n');
  if (ended) bytes.chop(1);
  if (bytes.endsWith('\r')) bytes.chop(1);
  if (bytes.size() > kMaxLineBytes) {
    // Skip the rest of the over-long line.
    while (!ended && !mFile.atEnd()) {
      const qint64 n = mFile.readLine(mChunk.data(), mChunk.size());
      if (n <= 0 || mChunk[n - 1] == '\n') break;
    }
    *problem = QStringLiteral("line is longer than %1 MB").arg(kMaxLineBytes / (1024 * 1024));
    return true;
  }
  if (mLine == 1 && bytes.startsWith("\xEF\xBB\xBF")) bytes.remove(0, 3);
  *out = std::move(bytes);
  return true;
}

bool LineReader::decodeLine(const QByteArray& bytes, QString* text, QString* problem) {
  QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
  *text = decoder.decode(bytes);
  if (!decoder.hasError()) return true;
  *problem = QStringLiteral("not valid UTF-8 text");
  return false;
}

bool JsonArraySplitter::feed(const QString& line, qint64 lineNumber, QList<QPair<QString, qint64>>* elements,
                             QString* problem) {
  for (int i = 0; i <= line.size(); ++i) {
    const QChar c = i < line.size() ? line[i] : QLatin1Char('\n');
    if (mState == State::Done) {
      if (!c.isSpace()) {
        *problem = QStringLiteral("text after the end of the JSON array");
        return false;
      }
      continue;
    }
    if (mState == State::Before) {
      if (c == QLatin1Char('[')) mState = State::InArray;
      else if (!c.isSpace()) {
        *problem = QStringLiteral("the file does not start with a JSON array");
        return false;
      }
      continue;
    }
    if (mInString) {
      mCurrent.append(c);
      if (mEscape) mEscape = false;
      else if (c == QLatin1Char('\\')) mEscape = true;
      else if (c == QLatin1Char('"')) mInString = false;
      continue;
    }
    if (mDepth == 0 && (c == QLatin1Char(',') || c == QLatin1Char(']'))) {
      if (!mCurrent.trimmed().isEmpty()) elements->append({mCurrent, mStartLine});
      mCurrent.clear();
      if (c == QLatin1Char(']')) mState = State::Done;
      continue;
    }
    if (mCurrent.isEmpty() && c.isSpace()) continue;
    if (mCurrent.isEmpty()) mStartLine = lineNumber;
    mCurrent.append(c);
    if (c == QLatin1Char('"')) mInString = true;
    else if (c == QLatin1Char('{') || c == QLatin1Char('[')) ++mDepth;
    else if (c == QLatin1Char('}') || c == QLatin1Char(']')) --mDepth;
  }
  return true;
}

bool CsvRecordBuilder::feed(const QString& line, qint64 lineNumber, QStringList* fields, qint64* startLine) {
  if (!mPending) {
    mBuffer.clear();
    mStartLine = lineNumber;
  } else {
    mBuffer.append(QLatin1Char('\n'));
  }
  mBuffer.append(line);
  // Only a quote that starts a field opens a quoted field; a quote inside an
  // unquoted field (5" wheel) is a character. Counting every quote instead
  // made one such row swallow every row after it.
  QStringList out;
  QString field;
  bool quoted = false, fieldStart = true;
  for (qsizetype i = 0; i < mBuffer.size(); ++i) {
    const QChar c = mBuffer[i];
    if (quoted) {
      if (c != QLatin1Char('"')) {
        field.append(c);
      } else if (i + 1 < mBuffer.size() && mBuffer[i + 1] == QLatin1Char('"')) {
        field.append(c);
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == QLatin1Char('"') && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (c == mDelimiter) {
      out << field;
      field.clear();
      fieldStart = true;
    } else {
      field.append(c);
      fieldStart = false;
    }
  }
  if (quoted) {  // the record goes on in the next line
    mPending = true;
    return false;
  }
  mPending = false;
  out << field;
  *fields = std::move(out);
  *startLine = mStartLine;
  return true;
}

}  // namespace Atelier
