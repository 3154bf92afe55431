#include "datasetimporter.h"

#include "data/importwriter.h"
#include "data/recordsink.h"
#include "data/records.h"
#include "data/sourcereader.h"
#include "storage/database.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent>

namespace Atelier {
namespace {

QString firstNonEmptyLine(const QString& path) {
  LineReader r;
  QString error, text, problem;
  qint64 line = 0;
  if (!r.open(path, &error)) return QString();
  while (r.next(&text, &line, &problem))
    if (!text.trimmed().isEmpty()) return text;
  return QString();
}

// The first record as text: the first line of a JSONL/CSV/text file, or the
// first element of a JSON array (which may span lines).
QString firstRecordText(const QString& path) {
  const QString first = firstNonEmptyLine(path);
  if (!first.trimmed().startsWith(QLatin1Char('['))) return first;
  LineReader r;
  QString error, text, problem;
  qint64 line = 0;
  if (!r.open(path, &error)) return first;
  JsonArraySplitter array;
  QList<QPair<QString, qint64>> elements;
  while (elements.isEmpty() && line < 10000 && r.next(&text, &line, &problem))
    if (!array.feed(text, line, &elements, &problem)) break;
  return elements.isEmpty() ? first : elements.first().first;
}

// One JSON record (`text`, and the same as UTF-8 `bytes`) → a conversation,
// or false with the reason it is rejected. Safe to call from any thread.
bool parseJsonRecord(DatasetFormat format, const QString& text, const QByteArray& bytes, Conversation* c,
                     QString* reason) {
  // A bare value (null, a string, a number) is valid JSON to some Qt
  // versions and not to others: the same reason either way.
  const QStringView start = QStringView(text).trimmed();
  if (!start.startsWith(QLatin1Char('{')) && !start.startsWith(QLatin1Char('['))) {
    *reason = QStringLiteral("not a JSON object");
    return false;
  }
  QJsonParseError pe;
  const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
  if (pe.error != QJsonParseError::NoError) {
    *reason = QStringLiteral("not valid JSON (%1)").arg(pe.errorString());
    return false;
  }
  if (!doc.isObject()) {
    *reason = QStringLiteral("not a JSON object");
    return false;
  }
  if (!conversationFromJson(format, doc.object(), c, reason)) return false;
  c->original = text;
  return true;
}

// A JSONL line as read, and what parsing it gave.
struct JsonLine {
  QByteArray bytes;
  qint64 line = 0;
  QString problem;  // from reading (too long) or parsing: the row is rejected
  bool blank = false;
  Conversation conversation;
};

void parseJsonLine(DatasetFormat format, JsonLine& l) {
  if (!l.problem.isEmpty()) return;
  QString text;
  if (!LineReader::decodeLine(l.bytes, &text, &l.problem)) return;
  if (text.trimmed().isEmpty()) {
    l.blank = true;
    return;
  }
  if (parseJsonRecord(format, text, l.bytes, &l.conversation, &l.problem)) l.conversation.sourceLine = l.line;
  l.bytes.clear();
}

class Run {
 public:
  Run(const ImportOptions& o, ImportResult* r, RecordSink* w) : mO(o), mR(r), mW(w) {}

  bool rejected(qint64 line, const QString& reason, QString* error) {
    mR->rejected.append({line, reason});
    return mW->reject(line, reason, error);
  }
  bool accept(Conversation& c, QString* error) {
    ++mR->imported;
    return mW->add(c, error);
  }
  bool jsonRecord(const QString& text, qint64 line, QString* error) {
    Conversation c;
    QString reason;
    if (!parseJsonRecord(mR->format, text, text.toUtf8(), &c, &reason)) return rejected(line, reason, error);
    c.sourceLine = line;
    return accept(c, error);
  }
  bool progress(const LineReader& reader) {
    return !mO.progress || mO.progress(reader.bytesRead(), reader.size());
  }

  const ImportOptions& mO;
  ImportResult* mR;
  RecordSink* mW;
};

QString cancelledMessage() { return QStringLiteral("The import was cancelled; nothing was added."); }

// JSON lines, the common case for large files: lines are read in order and
// decoded and parsed in batches on the thread pool while the previous batch
// is stored, in order, on this thread (which owns the database connection).
bool readJsonLines(Run& run, QString* error) {
  LineReader reader;
  if (!reader.open(run.mO.file, error)) return false;
  constexpr int kBatchLines = 2048;
  constexpr qint64 kBatchBytes = 16 * 1024 * 1024;
  const DatasetFormat format = run.mR->format;
  QList<JsonLine> reading, parsing;
  QFuture<void> parsed;
  // Every way out waits for the pool: it works on `parsing`.
  struct Wait {
    QFuture<void>& f;
    ~Wait() { f.waitForFinished(); }
  } wait{parsed};
  auto store = [&](QList<JsonLine>& batch) {
    for (JsonLine& l : batch) {
      if (l.blank) continue;
      if (!(l.problem.isEmpty() ? run.accept(l.conversation, error) : run.rejected(l.line, l.problem, error)))
        return false;
    }
    batch.clear();
    return true;
  };
  // Hands `reading` to the pool and stores the batch parsed before it.
  auto rotate = [&] {
    parsed.waitForFinished();
    QList<JsonLine> done = std::move(parsing);
    parsing = std::move(reading);
    reading = QList<JsonLine>();
    parsed = QtConcurrent::map(parsing, [format](JsonLine& l) { parseJsonLine(format, l); });
    return store(done);
  };
  qint64 batchBytes = 0, count = 0;
  JsonLine next;
  while (reader.nextBytes(&next.bytes, &next.line, &next.problem)) {
    if (++count % 256 == 0 && !run.progress(reader)) {
      *error = cancelledMessage();
      return false;
    }
    batchBytes += next.bytes.size();
    reading.append(std::move(next));
    next = JsonLine();
    if (reading.size() >= kBatchLines || batchBytes >= kBatchBytes) {
      batchBytes = 0;
      if (!rotate()) return false;
    }
  }
  if (!rotate() || !rotate()) return false;  // the last full batch, then the rest
  if (!run.progress(reader)) {
    *error = cancelledMessage();
    return false;
  }
  return true;
}

bool readAll(Run& run, QString* error) {
  LineReader reader;
  if (!reader.open(run.mO.file, error)) return false;
  QString text, problem;
  qint64 line = 0;
  const DatasetFormat format = run.mR->format;
  const bool jsonArray = format != DatasetFormat::Csv && format != DatasetFormat::Text &&
                         firstNonEmptyLine(run.mO.file).trimmed().startsWith(QLatin1Char('['));
  JsonArraySplitter array;
  CsvRecordBuilder csv(QFileInfo(run.mO.file).suffix().toLower() == QLatin1String("tsv") ? QLatin1Char('\t') : QLatin1Char(','));
  QStringList header;
  QHash<QString, QString> mapping = run.mO.csvMapping;
  QString chunk;
  qint64 chunkLine = 0;
  auto flushChunk = [&]() {
    if (chunk.trimmed().isEmpty()) return true;
    Conversation c;
    c.turns.append({QStringLiteral("text"), chunk.trimmed(), QString()});
    c.sourceLine = chunkLine;
    c.original = chunk;
    chunk.clear();
    return run.accept(c, error);
  };
  QString csvProblem;  // why the CSV record being built will be rejected
  qint64 csvProblemLine = 0;
  qint64 count = 0;
  while (reader.next(&text, &line, &problem)) {
    if (++count % 256 == 0 && !run.progress(reader)) {
      *error = cancelledMessage();
      return false;
    }
    if (!problem.isEmpty()) {
      if (format != DatasetFormat::Csv) {
        if (!run.rejected(line, problem, error)) return false;
        continue;
      }
      // A CSV line may open or close a quoted field that spans lines: it
      // still goes to the record builder (invalid bytes replaced), and the
      // whole record it belongs to is rejected, so no half of it imports.
      if (csvProblem.isEmpty()) csvProblem = problem, csvProblemLine = line;
    }
    bool ok = true;
    if (format == DatasetFormat::Text) {
      if (text.trimmed().isEmpty()) {
        // A paragraph ends: close the chunk once it is half full, else keep packing.
        if (chunk.size() >= run.mO.textChunkChars / 2) {
          if (!flushChunk()) return false;
        } else if (!chunk.isEmpty() && !chunk.endsWith(QStringLiteral("\n\n"))) {
          chunk += QStringLiteral("\n\n");
        }
        continue;
      }
      if (chunk.isEmpty()) chunkLine = line;
      if (chunk.size() + text.size() > run.mO.textChunkChars && !chunk.trimmed().isEmpty()) {
        if (!flushChunk()) return false;
        chunkLine = line;
      }
      chunk += chunk.isEmpty() || chunk.endsWith(QLatin1Char('\n')) ? text : QStringLiteral("\n") + text;
    } else if (format == DatasetFormat::Csv) {
      QStringList fields;
      qint64 start = 0;
      if (!csv.feed(text, line, &fields, &start)) continue;
      if (!csvProblem.isEmpty()) {
        const QString reason = csvProblemLine == start ? csvProblem
                                                       : QStringLiteral("line %1: %2").arg(csvProblemLine).arg(csvProblem);
        csvProblem.clear();
        if (!run.rejected(start, reason, error)) return false;
        continue;
      }
      if (header.isEmpty()) {
        header = fields;
        if (mapping.isEmpty()) mapping = guessCsvMapping(header);
        run.mW->csvHeader(header, mapping);
        if (!mapping.contains(QStringLiteral("output")) && !mapping.contains(QStringLiteral("chosen"))) {
          *error = QStringLiteral("%1: no column for the answers; columns are %2. Map them, e.g. --map "
                                  "instruction=question --map output=answer")
                       .arg(run.mO.file, header.join(QStringLiteral(", ")));
          return false;
        }
        continue;
      }
      if (fields.size() == 1 && fields.first().trimmed().isEmpty()) continue;
      Conversation c;
      QString reason;
      if (!conversationFromCsv(header, fields, mapping, &c, &reason)) {
        ok = run.rejected(start, reason, error);
      } else {
        c.sourceLine = start;
        c.original = fields.join(QLatin1Char(','));
        ok = run.accept(c, error);
      }
    } else if (jsonArray) {
      QList<QPair<QString, qint64>> elements;
      if (!array.feed(text, line, &elements, &problem)) {
        *error = QStringLiteral("%1, line %2: %3").arg(run.mO.file).arg(line).arg(problem);
        return false;
      }
      for (const auto& e : elements)
        if (!run.jsonRecord(e.first, e.second, error)) return false;
    } else {
      if (text.trimmed().isEmpty()) continue;
      ok = run.jsonRecord(text, line, error);
    }
    if (!ok) return false;
  }
  if (format == DatasetFormat::Text && !flushChunk()) return false;
  if (csv.pending() && !run.rejected(csv.startLine(), QStringLiteral("a quoted field is never closed"), error)) return false;
  if (jsonArray && !array.finished()) {
    *error = QStringLiteral("%1 ends before its JSON array is closed (truncated file?)").arg(run.mO.file);
    return false;
  }
  // The last report counts too: a cancel pressed while the final rows were
  // read must not be committed.
  if (!run.progress(reader)) {
    *error = cancelledMessage();
    return false;
  }
  return true;
}

}  // namespace

DatasetFormat detectFileFormat(const QString& path, QString* reason) {
  return detectFormat(path, firstRecordText(path), reason);
}

bool readRecords(const ImportOptions& o, ImportResult* result, RecordSink* sink, QString* error) {
  Run run(o, result, sink);
  const DatasetFormat f = result->format;
  const bool jsonLines = (f == DatasetFormat::Alpaca || f == DatasetFormat::ShareGpt || f == DatasetFormat::OpenAi ||
                          f == DatasetFormat::Preference) &&
                         !firstNonEmptyLine(o.file).trimmed().startsWith(QLatin1Char('['));
  return jsonLines ? readJsonLines(run, error) : readAll(run, error);
}

bool importDataset(Database& db, const ImportOptions& o, ImportResult* result, QString* error) {
  *result = ImportResult();
  if (!QFileInfo(o.file).isFile()) {
    *error = QStringLiteral("%1: no such file").arg(o.file);
    return false;
  }
  if (o.name.trimmed().isEmpty()) {
    *error = QStringLiteral("the dataset needs a name");
    return false;
  }
  result->format = o.format;
  if (o.format == DatasetFormat::Auto) {
    result->format = detectFileFormat(o.file, &result->formatReason);
    if (result->format == DatasetFormat::Auto) {
      *error = QStringLiteral("%1: cannot tell the format: %2 (use --format)").arg(o.file, result->formatReason);
      return false;
    }
  } else {
    result->formatReason = QStringLiteral("chosen by hand");
  }
  QSqlDatabase c = db.connection();
  QSqlQuery q(c);
  if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
    *error = QStringLiteral("Cannot start the import: %1").arg(q.lastError().text());
    return false;
  }
  auto rollback = [&] { QSqlQuery(c).exec(QStringLiteral("ROLLBACK")); };
  q.prepare(QStringLiteral("INSERT INTO datasets(name, kind, format, source_file, created_at) VALUES(?, ?, ?, ?, ?)"));
  q.addBindValue(o.name);
  q.addBindValue(datasetKind(result->format));
  q.addBindValue(formatName(result->format));
  q.addBindValue(QFileInfo(o.file).absoluteFilePath());
  q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
  if (!q.exec()) {
    *error = q.lastError().text().contains(QStringLiteral("UNIQUE"))
                 ? QStringLiteral("A dataset named \"%1\" already exists in this project; choose another name.").arg(o.name)
                 : QStringLiteral("Cannot create the dataset: %1").arg(q.lastError().text());
    rollback();
    return false;
  }
  result->datasetId = q.lastInsertId().toLongLong();
  ImportWriter writer(c, result->datasetId);
  if (!writer.start(error) || !readRecords(o, result, &writer, error) || !writer.finish(error)) {
    rollback();
    return false;
  }
  if (result->imported == 0) {
    *error = QStringLiteral("%1: no usable rows (%2 rejected%3)")
                 .arg(o.file)
                 .arg(result->rejected.size())
                 .arg(result->rejected.isEmpty() ? QString()
                                                 : QStringLiteral("; line %1: %2").arg(result->rejected.first().line).arg(result->rejected.first().reason));
    rollback();
    return false;
  }
  if (!QSqlQuery(c).exec(QStringLiteral("COMMIT"))) {
    *error = QStringLiteral("Cannot save the import: %1").arg(c.lastError().text());
    rollback();
    return false;
  }
  return true;
}

}  // namespace Atelier
