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
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
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
  void namesTheModelsChatTemplate();
  void opensAndForgetsRecentModels();
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
  QTest::newRow("llama") << "llama-gqa-f32" << "Llama architecture (LlamaForCausalLM)" << qint64(138048)
                         << "sentencepiece";
  QTest::newRow("qwen2") << "qwen2-bias-tied-bf16" << "Qwen2 architecture (Qwen2ForCausalLM)" << qint64(89856)
                         << "no tokenizer";
  QTest::newRow("sharded") << "llama-sharded-f16" << "Llama architecture (LlamaForCausalLM)" << qint64(120480)
                           << "no tokenizer";
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
  // None of these fixtures brings a chat template.
  QVERIFY2(details.contains(QStringLiteral("no chat template: Atelier will use a plain Alpaca-style layout")),
           qPrintable(details));
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

void TestModelPage::namesTheModelsChatTemplate() {
  QTemporaryDir dir;
  const QDir source(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")));
  for (const char* name : {"config.json", "model.safetensors", "tokenizer.model"})
    QVERIFY(QFile::copy(source.filePath(QLatin1String(name)), dir.filePath(QLatin1String(name))));
  QFile jinja(AtelierTest::dataPath(QStringLiteral("chat_templates/llama2.jinja")));
  QVERIFY(jinja.open(QIODevice::ReadOnly));
  // Special tokens as objects, the way many downloaded folders write them.
  const QJsonObject config{{QStringLiteral("bos_token"), QJsonObject{{QStringLiteral("content"), QStringLiteral("<s>")}}},
                           {QStringLiteral("eos_token"), QJsonObject{{QStringLiteral("content"), QStringLiteral("</s>")}}},
                           {QStringLiteral("chat_template"), QString::fromUtf8(jinja.readAll())}};
  QFile out(dir.filePath(QStringLiteral("tokenizer_config.json")));
  QVERIFY(out.open(QIODevice::WriteOnly));
  out.write(QJsonDocument(config).toJson());
  out.close();

  ModelPage page;
  page.setSystemInfo(mSystem);
  QSignalSpy done(&page, &ModelPage::inspected);
  page.inspectFolder(dir.path());
  QVERIFY(done.wait(20000));
  QVERIFY(done.first().first().toBool());
  QVERIFY(page.lastInspection()->chatTemplateFromModel);
  const QString details = page.findChild<QLabel*>(QStringLiteral("modelDetails"))->text();
  QVERIFY2(details.contains(QStringLiteral("Llama 2")), qPrintable(details));
  QVERIFY2(!details.contains(QStringLiteral("no chat template")), qPrintable(details));
}

void TestModelPage::opensAndForgetsRecentModels() {
  const QString folder = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32"));
  AppSettings().addRecentModel(folder);
  ModelPage page;
  auto* choose = page.findChild<QPushButton*>(QStringLiteral("chooseModelButton"));
  QVERIFY(choose->text().contains(QLatin1Char('&')));  // reachable from the keyboard
  auto* list = page.findChild<QListWidget*>(QStringLiteral("recentModels"));
  auto* forget = page.findChild<QPushButton*>(QStringLiteral("forgetModelButton"));
  QVERIFY(forget);
  auto* open = page.findChild<QPushButton*>(QStringLiteral("openModelButton"));
  QVERIFY(!forget->isEnabled() && !open->isEnabled());  // nothing chosen, nothing to act on
  list->setCurrentRow(0);
  QVERIFY(forget->isEnabled() && open->isEnabled());
  page.setSystemInfo(mSystem);
  QSignalSpy done(&page, &ModelPage::inspected);
  open->click();
  QVERIFY(done.wait(20000));
  QCOMPARE(page.lastInspection()->folder, QFileInfo(folder).absoluteFilePath());
  list->setCurrentRow(0);
  forget->click();
  QVERIFY(!AppSettings().recentModels().contains(QFileInfo(folder).absoluteFilePath()));
  QVERIFY(QFileInfo::exists(folder));  // only the entry goes
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
  QVERIFY(page.banner()->isVisible() || !page.isVisible());
  QCOMPARE(page.findChild<QLabel*>(QStringLiteral("modelVerdict"))->text(), QString());
  QVERIFY(!AppSettings().recentModels().contains(QFileInfo(dir.path()).absoluteFilePath()));
}

QTEST_MAIN(TestModelPage)
#include "tst_modelpage.moc"
