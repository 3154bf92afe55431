#include "evalexport.h"

#include "storage/evalrepository.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Atelier {

namespace {

// RFC 4180: quote every field, double the quotes inside; line breaks stay in the quotes.
QByteArray csvField(const QString& text) {
  QString quoted = text;
  quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
  return '"' + quoted.toUtf8() + '"';
}

QByteArray csvRow(const QStringList& fields) {
  QByteArrayList cells;
  for (const QString& f : fields) cells << csvField(f);
  return cells.join(',') + "\r\n";
}

QString number(const QVariant& v) { return v.isNull() ? QString() : QString::number(v.toDouble(), 'g', 10); }

}  // namespace

EvalExportFormat evalExportFormatFor(const QString& path) {
  return path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) ? EvalExportFormat::Csv : EvalExportFormat::Jsonl;
}

int exportEvalExamples(Database& db, qint64 evalId, const QString& path, EvalExportFormat format, QString* error) {
  EvalRepository repo(db);
  EvalRecord record;
  if (!repo.find(evalId, &record)) {
    *error = QStringLiteral("there is no stored evaluation #%1").arg(evalId);
    return -1;
  }
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly)) {
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return -1;
  }
  if (format == EvalExportFormat::Csv)
    file.write(csvRow({QStringLiteral("line"), QStringLiteral("prompt"), QStringLiteral("reference"),
                       QStringLiteral("generation"), QStringLiteral("rouge_l"), QStringLiteral("perplexity")}));
  int rows = 0;
  const bool read = repo.forEachExample(evalId, [&](const EvalExampleRecord& e) {
    const QVariant perplexity = e.tokens > 0 ? QVariant(e.perplexity()) : QVariant();
    if (format == EvalExportFormat::Csv) {
      file.write(csvRow({QString::number(e.sourceLine), e.prompt, e.reference, e.generation, number(e.rougeL),
                         number(perplexity)}));
    } else {
      QJsonObject o{{QStringLiteral("line"), double(e.sourceLine)},
                    {QStringLiteral("prompt"), e.prompt},
                    {QStringLiteral("reference"), e.reference},
                    {QStringLiteral("generation"), e.generation},
                    {QStringLiteral("rouge_l"), e.rougeL.isNull() ? QJsonValue() : QJsonValue(e.rougeL.toDouble())},
                    {QStringLiteral("perplexity"), perplexity.isNull() ? QJsonValue() : QJsonValue(perplexity.toDouble())},
                    {QStringLiteral("model"), record.label()}};
      file.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
    }
    ++rows;
    return true;
  }, error);
  if (!read) {
    file.cancelWriting();
    return -1;
  }
  if (!file.commit()) {
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return -1;
  }
  return rows;
}

}  // namespace Atelier
