// The Export page, offscreen: a base model exported to GGUF and an Ollama
// folder on a worker thread (the GUI keeps running), the file checked, the
// "How to use it" commands shown; existing targets are refused untouched and a
// cancelled export leaves nothing.
#include "export/gguffile.h"
#include "pages/exportpage.h"
#include "projectcontroller.h"
#include "storage/runrepository.h"
#include "widgets/messagebanner.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Atelier;

namespace {

QCheckBox* box(ExportPage& page, const QString& startsWith) {
  for (QCheckBox* b : page.findChildren<QCheckBox*>())
    if (b->text().startsWith(startsWith)) return b;
  return nullptr;
}

QPushButton* button(ExportPage& page, const QString& text) {
  for (QPushButton* b : page.findChildren<QPushButton*>())
    if (b->text() == text) return b;
  return nullptr;
}

}  // namespace

class TestExportPage : public QObject {
  Q_OBJECT
 private slots:
  void exportsSampleModelToGguf();
  void refusesExistingTargetsAndCancels();
  void exportsAProjectRun();
};

void TestExportPage::exportsSampleModelToGguf() {
  QTemporaryDir dir;
  ExportPage page(nullptr);
  page.show();
  page.addModelFolder(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")));
  page.setOutputFolder(dir.path());
  // A base model alone has no adapter: the adapter formats are off.
  QVERIFY(!box(page, QStringLiteral("LoRA adapter"))->isEnabled());
  auto* type = page.findChildren<QComboBox*>().at(1);
  type->setCurrentIndex(type->findData(QStringLiteral("f32")));
  QSignalSpy finished(&page, &ExportPage::finished);
  // The work runs off the GUI thread: timers keep firing while it runs.
  int ticks = 0;
  QTimer ticker;
  connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
  ticker.start(5);
  QTest::mouseClick(button(page, QStringLiteral("&Export")), Qt::LeftButton);
  QVERIFY(page.isBusy());
  QVERIFY(finished.wait(120000));
  QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(page.banner()->text()));
  QVERIFY(ticks > 0);
  const QString gguf = dir.filePath(QStringLiteral("llama-gqa-f32-f32.gguf"));
  GgufContents c;
  QString error;
  QVERIFY2(readGguf(gguf, &c, &error), qPrintable(error));
  QCOMPARE(c.tensors.size(), 22);
  QCOMPARE(c.tensors.at(1).type, 0u);  // F32 as chosen
  QVERIFY(QFile::exists(dir.filePath(QStringLiteral("llama-gqa-f32-ollama/Modelfile"))));
  // The Ollama folder holds the same file (linked, not converted twice).
  QCOMPARE(AtelierTest::fileHash(dir.filePath(QStringLiteral("llama-gqa-f32-ollama/llama-gqa-f32.gguf"))),
           AtelierTest::fileHash(gguf));
  const QString howTo = page.howToText();
  QVERIFY2(howTo.contains(QStringLiteral("llama-cli -m \"%1\"").arg(gguf)), qPrintable(howTo));
  QVERIFY(howTo.contains(QStringLiteral("ollama create llama-gqa-f32 -f")));
  QVERIFY(howTo.contains(QStringLiteral("ollama run llama-gqa-f32")));
  QVERIFY(howTo.contains(QStringLiteral("LM Studio")));
  // For looking at the page: ATELIER_SCREENSHOTS=DIR saves it there.
  if (qEnvironmentVariableIsSet("ATELIER_SCREENSHOTS")) {
    page.resize(900, 760);
    page.grab().save(QDir(qEnvironmentVariable("ATELIER_SCREENSHOTS")).filePath(QStringLiteral("exportpage.png")));
  }
}

void TestExportPage::refusesExistingTargetsAndCancels() {
  QTemporaryDir dir;
  ExportPage page(nullptr);
  page.addModelFolder(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")));
  page.setOutputFolder(dir.path());
  QFile existing(dir.filePath(QStringLiteral("llama-gqa-f32-q8_0.gguf")));
  QVERIFY(existing.open(QIODevice::WriteOnly));
  existing.write("mine");
  existing.close();
  QSignalSpy finished(&page, &ExportPage::finished);
  page.startExport();
  QVERIFY(finished.wait(60000));
  QVERIFY(!finished.at(0).at(0).toBool());
  QVERIFY(page.banner()->text().contains(QStringLiteral("already exists")));
  QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
           QStringList{QStringLiteral("llama-gqa-f32-q8_0.gguf")});
  QCOMPARE(QFileInfo(existing.fileName()).size(), 4);

  // Cancelled at once: nothing half-written remains. A format finished before
  // the cancel stays (exportbundle.h), and the tiny model's export can even
  // finish on its worker thread before the cancel is set: whatever is left
  // must be a complete file.
  QFile::remove(existing.fileName());
  page.startExport();
  page.cancelExport();
  QVERIFY(finished.wait(60000));
  for (const QString& name : QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
    if (QFileInfo(dir.filePath(name)).isDir()) {  // the Ollama folder: renamed into place whole
      QVERIFY2(name.endsWith(QLatin1String("-ollama")), qPrintable(name));
      QVERIFY(QFile::exists(dir.filePath(name + QStringLiteral("/Modelfile"))));
      continue;
    }
    QVERIFY2(name.endsWith(QLatin1String(".gguf")), qPrintable(name));
    GgufContents c;
    QString error;
    QVERIFY2(readGguf(dir.filePath(name), &c, &error), qPrintable(error));
  }
  if (finished.at(1).at(0).toBool()) QVERIFY(QFile::exists(existing.fileName()));
}

void TestExportPage::exportsAProjectRun() {
  QTemporaryDir dir;
  ProjectController controller;
  ExportPage page(&controller);
  QSignalSpy opened(&controller, &ProjectController::projectOpened);
  controller.createProject(dir.filePath(QStringLiteral("p")), QStringLiteral("P"), QString());
  QVERIFY(opened.wait(20000));
  // A finished run whose adapter lies in RUNDIR/adapter, as training leaves it.
  const QString runDir = dir.filePath(QStringLiteral("p/runs/helpdesk"));
  QVERIFY(QDir().mkpath(runDir + QStringLiteral("/adapter")));
  for (const char* f : {"adapter_config.json", "adapter_model.safetensors"})
    QVERIFY(QFile::copy(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32-adapter/")) + QLatin1String(f),
                        runDir + QStringLiteral("/adapter/") + QLatin1String(f)));
  RunInfo run;
  run.name = QStringLiteral("helpdesk");
  run.kind = QStringLiteral("sft");
  run.dataset = QStringLiteral("faq");
  run.model = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32"));
  run.runDir = runDir;
  QString error;
  RunRepository runs(controller.project()->database());
  const qint64 id = runs.startRun(run, &error);
  QVERIFY2(id > 0, qPrintable(error));
  QVERIFY(runs.setStatus(id, QStringLiteral("finished"), {}, &error));
  page.refresh();
  auto* source = page.findChildren<QComboBox*>().at(0);
  QVERIFY2(source->itemText(0).contains(QStringLiteral("helpdesk")), qPrintable(source->itemText(0)));
  source->setCurrentIndex(0);
  QCheckBox* peft = box(page, QStringLiteral("LoRA adapter"));
  QVERIFY(peft->isEnabled());
  peft->setChecked(true);
  box(page, QStringLiteral("Ollama"))->setChecked(false);
  // The default place is the project's exports/ folder.
  QSignalSpy finished(&page, &ExportPage::finished);
  page.startExport();
  QVERIFY(finished.wait(120000));
  QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(page.banner()->text()));
  const QString exports = dir.filePath(QStringLiteral("p/exports"));
  QVERIFY(QFile::exists(exports + QStringLiteral("/helpdesk-adapter/adapter_config.json")));
  GgufContents c;
  QVERIFY2(readGguf(exports + QStringLiteral("/helpdesk-q8_0.gguf"), &c, &error), qPrintable(error));
  QCOMPARE(c.find(QStringLiteral("general.file_type"))->scalar.toInt(), 7);
  QVERIFY(page.howToText().contains(QStringLiteral("PeftModel.from_pretrained")));
}

QTEST_MAIN(TestExportPage)
#include "tst_exportpage.moc"
