// The Model page, offscreen: fixtures not made by Atelier are described in
// plain words with a memory verdict, unusable folders are explained inline,
// and inspection never blocks the GUI thread.
#include "pages/modelpage.h"
#include "settings/appsettings.h"
#include "widgets/messagebanner.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Atelier;

class TestModelPage : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void describesFixtures_data();
  void describesFixtures();
  void waitsForSystemInfo();
  void explainsUnusableFolders_data();
  void explainsUnusableFolders();

 private:
  SystemInfo mSystem;
};

void TestModelPage::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QFile::remove(AppSettings::filePath());
  mSystem = collectSystemInfo();
}

void TestModelPage::describesFixtures_data() {
  QTest::addColumn<QString>("model");
  QTest::addColumn<QString>("architecture");
  QTest::addColumn<qint64>("parameters");
  QTest::addColumn<QString>("tokenizer");
  QTest::newRow("llama") << "llama-gqa-f32" << "LlamaForCausalLM" << qint64(138048) << "sentencepiece";
  QTest::newRow("qwen2") << "qwen2-bias-tied-bf16" << "Qwen2ForCausalLM" << qint64(89856) << "none found";
  QTest::newRow("sharded") << "llama-sharded-f16" << "LlamaForCausalLM" << qint64(120480) << "none found";
}

void TestModelPage::describesFixtures() {
  QFETCH(QString, model);
  QFETCH(QString, architecture);
  QFETCH(qint64, parameters);
  QFETCH(QString, tokenizer);
  ModelPage page;
  page.show();
  page.setSystemInfo(mSystem);
  QSignalSpy done(&page, &ModelPage::inspected);
  QElapsedTimer sinceBeat;
  qint64 longestGapMs = 0;
  QTimer heartbeat;
  heartbeat.setInterval(5);
  connect(&heartbeat, &QTimer::timeout, [&] { longestGapMs = qMax(longestGapMs, sinceBeat.restart()); });
  sinceBeat.start();
  heartbeat.start();
  const QString folder = AtelierTest::dataPath(QStringLiteral("models/") + model);
  page.inspectFolder(folder);
  QVERIFY(page.isBusy());
  QVERIFY(done.wait(20000));
  heartbeat.stop();
  QVERIFY2(longestGapMs < 250, qPrintable(QStringLiteral("GUI thread stalled %1 ms").arg(longestGapMs)));
  QCOMPARE(done.first().first().toBool(), true);
  const ModelInspection m = *page.lastInspection();
  QCOMPARE(m.config.parameterCount(), parameters);
  const QString details = page.findChild<QLabel*>(QStringLiteral("modelDetails"))->text();
  QVERIFY2(details.contains(architecture), qPrintable(details));
  QVERIFY2(details.contains(tokenizer), qPrintable(details));
  QVERIFY2(details.contains(QLocale().toString(parameters)), qPrintable(details));
  const QString verdict = page.findChild<QLabel*>(QStringLiteral("modelVerdict"))->text();
  QVERIFY2(verdict.contains(QStringLiteral("Fits")), qPrintable(verdict));
  QCOMPARE(AppSettings().recentModels().first(), QFileInfo(folder).absoluteFilePath());
  QVERIFY(page.findChild<QListWidget*>(QStringLiteral("recentModels"))->item(0)->text().contains(model));
}

void TestModelPage::waitsForSystemInfo() {
  ModelPage page;
  QSignalSpy done(&page, &ModelPage::inspected);
  page.inspectFolder(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")));
  QTest::qWait(100);
  QCOMPARE(done.count(), 0);  // no verdict without knowing the machine
  page.setSystemInfo(mSystem);
  QVERIFY(done.wait(20000));
  QVERIFY(done.first().first().toBool());
}

void TestModelPage::explainsUnusableFolders_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("expected");
  QTest::newRow("empty folder") << QString() << "has no config.json";
  QTest::newRow("pickle only") << "pytorch_model.bin" << "pickle";
  QTest::newRow("broken config") << "config.json" << "not valid JSON";
}

void TestModelPage::explainsUnusableFolders() {
  QFETCH(QString, file);
  QFETCH(QString, expected);
  QTemporaryDir dir;
  if (!file.isEmpty()) {
    QFile f(dir.filePath(file));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{ not json, and not a pickle either");
  }
  ModelPage page;
  page.setSystemInfo(mSystem);
  QSignalSpy done(&page, &ModelPage::inspected);
  page.inspectFolder(dir.path());
  QVERIFY(done.wait(20000));
  QCOMPARE(done.first().first().toBool(), false);
  QVERIFY2(page.banner()->text().contains(expected), qPrintable(page.banner()->text()));
  QVERIFY(page.banner()->text().contains(QStringLiteral("config.json")));
  QVERIFY(!AppSettings().recentModels().contains(QFileInfo(dir.path()).absoluteFilePath()));
}

QTEST_MAIN(TestModelPage)
#include "tst_modelpage.moc"
