#include "datasetpreview.h"

#include "data/recordsink.h"

#include <QFileInfo>

namespace Atelier {
namespace {

class PreviewSink : public RecordSink {
 public:
  PreviewSink(DatasetPreview* out, int maxRows) : mOut(out), mMax(maxRows) {}
  bool add(const Conversation& c, QString* error) override {
    mOut->rows.append(c);
    return keepGoing(error);
  }
  bool reject(qint64 line, const QString& reason, QString* error) override {
    mOut->rejected.append({line, reason});
    return keepGoing(error);
  }
  void csvHeader(const QStringList& columns, const QHash<QString, QString>& mapping) override {
    mOut->csvColumns = columns;
    mOut->csvMapping = mapping;
  }
  bool full() const { return mFull; }

 private:
  // Stopping is signalled as a failure of the reader; full() tells them apart.
  bool keepGoing(QString* error) {
    if (mOut->rows.size() < mMax && mOut->rejected.size() < 4 * mMax) return true;
    mFull = true;
    *error = QStringLiteral("preview complete");
    return false;
  }
  DatasetPreview* mOut;
  int mMax;
  bool mFull = false;
};

}  // namespace

QStringList csvFieldNames() {
  return {QStringLiteral("instruction"), QStringLiteral("input"), QStringLiteral("output"), QStringLiteral("system"),
          QStringLiteral("prompt"), QStringLiteral("chosen"), QStringLiteral("rejected")};
}

bool previewDataset(const ImportOptions& options, int maxRows, DatasetPreview* out, QString* error) {
  *out = DatasetPreview();
  if (!QFileInfo(options.file).isFile()) {
    *error = QStringLiteral("%1: no such file").arg(options.file);
    return false;
  }
  out->format = options.format;
  if (options.format == DatasetFormat::Auto) {
    out->format = detectFileFormat(options.file, &out->formatReason);
    if (out->format == DatasetFormat::Auto) {
      out->problem = out->formatReason;
      return true;
    }
  } else {
    out->formatReason = QStringLiteral("chosen by hand");
  }
  ImportResult result;
  result.format = out->format;
  PreviewSink sink(out, maxRows);
  ImportOptions o = options;
  o.progress = nullptr;
  QString readError;
  if (!readRecords(o, &result, &sink, &readError) && !sink.full()) {
    // The reader stops on problems with the whole file (no answer column,
    // an unclosed JSON array): the person can fix them on this page.
    if (!QFileInfo(options.file).isReadable()) {
      *error = readError;
      return false;
    }
    out->problem = readError;
  }
  return true;
}

}  // namespace Atelier
