// The command line, run as a user runs it: the real `atelier` binary through
// QProcess. Checks exit codes, stdout JSON and `error: ...` on stderr.
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <sched.h>
#include <unistd.h>

namespace {

struct Run {
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
  QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

Run atelier(const QStringList& args, const QString& program = QStringLiteral(ATELIER_BINARY),
            const QStringList& prefix = {}) {
  QProcess p;
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.remove(QStringLiteral("DISPLAY"));
  env.remove(QStringLiteral("WAYLAND_DISPLAY"));
  env.remove(QStringLiteral("QT_QPA_PLATFORM"));
  p.setProcessEnvironment(env);
  p.start(program, prefix + args);
  Run r;
  // The demo fine-tunes a model: allow for a slow, shared CI machine.
  if (!p.waitForFinished(480000)) return r;
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  return r;
}

int cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  sched_getaffinity(0, sizeof(set), &set);
  return CPU_COUNT(&set);
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase();
  void version();
  void helpListsVerbs();
  void everyVerbHasHelp_data();
  void everyVerbHasHelp();
  void unknownVerbIsAnError();
  void badOptionIsAUsageError();
  void noDisplayExplainsItself();
  void systemJson();
  void projectInitAndCheck();
  void projectCheckRefusesGarbageUntouched();
  void projectCheckReportsNewerVersion();
  void initRefusesNonEmptyFolder();
  void demoRunsEndToEnd();
  void evalStoresRunsAndCheckpoints();
  void readOnlyProjectIsExplained();
  void modelCreateInfoAndTokenize();
  void logitsAndGreedyMatchTheReference();
  void generateChatAndBench();
  void modelVerbsExplainBadInput();
  void dataImportExportStats();
  void evalTextScoresFiles();
  void exportGgufAndOllama();
  void exportGgufRefusesBadInput();

 private:
  QTemporaryDir mTmp;
};

void TestCli::initTestCase() {
  QVERIFY(QFileInfo(QStringLiteral(ATELIER_BINARY)).isExecutable());
  qputenv("XDG_CONFIG_HOME", mTmp.filePath(QStringLiteral("config")).toUtf8());
}

void TestCli::version() {
  const Run r = atelier({QStringLiteral("--version")});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.startsWith("atelier "));
}

void TestCli::helpListsVerbs() {
  const Run r = atelier({QStringLiteral("--help")});
  QCOMPARE(r.exitCode, 0);
  for (const char* verb : {"system", "project init", "project check", "demo", "model create", "model info",
                           "tokenize", "detokenize", "logits", "generate", "bench generate"})
    QVERIFY2(r.out.contains(verb), verb);
}

void TestCli::everyVerbHasHelp_data() {
  QTest::addColumn<QStringList>("verb");
  QTest::newRow("system") << QStringList{QStringLiteral("system")};
  QTest::newRow("project init") << QStringList{QStringLiteral("project"), QStringLiteral("init")};
  QTest::newRow("project check") << QStringList{QStringLiteral("project"), QStringLiteral("check")};
  QTest::newRow("demo") << QStringList{QStringLiteral("demo")};
  QTest::newRow("model create") << QStringList{QStringLiteral("model"), QStringLiteral("create")};
  QTest::newRow("model info") << QStringList{QStringLiteral("model"), QStringLiteral("info")};
  QTest::newRow("tokenize") << QStringList{QStringLiteral("tokenize")};
  QTest::newRow("detokenize") << QStringList{QStringLiteral("detokenize")};
  QTest::newRow("logits") << QStringList{QStringLiteral("logits")};
  QTest::newRow("generate") << QStringList{QStringLiteral("generate")};
  QTest::newRow("bench generate") << QStringList{QStringLiteral("bench"), QStringLiteral("generate")};
  QTest::newRow("bench train") << QStringList{QStringLiteral("bench"), QStringLiteral("train")};
  QTest::newRow("data import") << QStringList{QStringLiteral("data"), QStringLiteral("import")};
  QTest::newRow("data export") << QStringList{QStringLiteral("data"), QStringLiteral("export")};
  QTest::newRow("data stats") << QStringList{QStringLiteral("data"), QStringLiteral("stats")};
  QTest::newRow("data clean") << QStringList{QStringLiteral("data"), QStringLiteral("clean")};
  QTest::newRow("data split") << QStringList{QStringLiteral("data"), QStringLiteral("split")};
  QTest::newRow("bench data") << QStringList{QStringLiteral("bench"), QStringLiteral("data")};
  QTest::newRow("eval") << QStringList{QStringLiteral("eval")};
  QTest::newRow("eval list") << QStringList{QStringLiteral("eval"), QStringLiteral("list")};
  QTest::newRow("eval export") << QStringList{QStringLiteral("eval"), QStringLiteral("export")};
  QTest::newRow("export gguf") << QStringList{QStringLiteral("export"), QStringLiteral("gguf")};
  QTest::newRow("export ollama") << QStringList{QStringLiteral("export"), QStringLiteral("ollama")};
}

void TestCli::everyVerbHasHelp() {
  QFETCH(QStringList, verb);
  const Run r = atelier(verb + QStringList{QStringLiteral("--help")});
  QCOMPARE(r.exitCode, 0);
  QVERIFY2(r.out.startsWith("Usage: atelier " + verb.join(QLatin1Char(' ')).toUtf8()), r.out.constData());
  QVERIFY(r.out.contains("--json"));
}

void TestCli::unknownVerbIsAnError() {
  const Run r = atelier({QStringLiteral("frobnicate")});
  QCOMPARE(r.exitCode, 2);
  QVERIFY2(r.err.startsWith("error: "), r.err.constData());
  QVERIFY(r.err.contains("frobnicate"));
  const Run partial = atelier({QStringLiteral("project")});
  QCOMPARE(partial.exitCode, 2);
  QVERIFY(partial.err.contains("project init"));
}

void TestCli::badOptionIsAUsageError() {
  const Run r = atelier({QStringLiteral("system"), QStringLiteral("--bogus")});
  QCOMPARE(r.exitCode, 2);
  QVERIFY2(r.err.startsWith("error: ") && r.err.contains("bogus"), r.err.constData());
  const Run missing = atelier({QStringLiteral("project"), QStringLiteral("check")});
  QCOMPARE(missing.exitCode, 2);
  QVERIFY(missing.err.startsWith("error: missing argument"));
}

void TestCli::noDisplayExplainsItself() {
  const Run r = atelier({});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.startsWith("error: no display"), r.err.constData());
  QVERIFY(r.err.contains("atelier demo"));
}

void TestCli::systemJson() {
  const Run r = atelier({QStringLiteral("system"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = r.json();
  QVERIFY2(!o.isEmpty(), r.out.constData());
  QCOMPARE(o.value(QStringLiteral("cpu_threads")).toInt(), cores());
  QCOMPARE(o.value(QStringLiteral("blas")).toString(), QStringLiteral("OpenBLAS"));
  QVERIFY(o.value(QStringLiteral("torch")).toString().startsWith(QLatin1Char('1')) ||
          o.value(QStringLiteral("torch")).toString().startsWith(QLatin1Char('2')));
  QVERIFY(o.value(QStringLiteral("cuda")).isBool());
  QVERIFY(o.value(QStringLiteral("devices")).toArray().size() >= 1);
  QCOMPARE(o.value(QStringLiteral("qt")).toString(), QString::fromLatin1(qVersion()));
  QVERIFY(o.value(QStringLiteral("sentencepiece")).toObject().value(QStringLiteral("ok")).toBool());
  QVERIFY(r.err.isEmpty());
}

void TestCli::projectInitAndCheck() {
  const QString dir = mTmp.filePath(QStringLiteral("init-check"));
  Run r = atelier({QStringLiteral("project"), QStringLiteral("init"), dir, QStringLiteral("--name"),
                   QStringLiteral("Support bot"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("name")).toString(), QStringLiteral("Support bot"));
  r = atelier({QStringLiteral("project"), QStringLiteral("check"), dir, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = r.json();
  QCOMPARE(o.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
  QVERIFY(o.value(QStringLiteral("schema_version")).toInt() >= 2);
  QCOMPARE(o.value(QStringLiteral("tables")).toObject().value(QStringLiteral("project_meta")).toInt(), 5);
  r = atelier({QStringLiteral("project"), QStringLiteral("check"), dir});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.contains("Integrity: ok"));
}

void TestCli::projectCheckRefusesGarbageUntouched() {
  const QString dir = mTmp.filePath(QStringLiteral("garbage"));
  QVERIFY(QDir().mkpath(dir));
  const QString db = QDir(dir).filePath(QStringLiteral("project.db"));
  QFile f(db);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(QByteArray(5000, 'x'));
  f.close();
  const QByteArray before = AtelierTest::fileHash(db);
  const Run r = atelier({QStringLiteral("project"), QStringLiteral("check"), dir, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.startsWith("error: ") && r.err.contains("not an SQLite database"), r.err.constData());
  QVERIFY(r.out.isEmpty());
  QCOMPARE(AtelierTest::fileHash(db), before);
  // Same through the demo, which opens (and would upgrade) a project.
  const Run demo = atelier({QStringLiteral("demo"), QStringLiteral("--dir"), dir});
  QCOMPARE(demo.exitCode, 1);
  QCOMPARE(AtelierTest::fileHash(db), before);
}

void TestCli::projectCheckReportsNewerVersion() {
  const QString dir = mTmp.filePath(QStringLiteral("newer"));
  QCOMPARE(atelier({QStringLiteral("project"), QStringLiteral("init"), dir}).exitCode, 0);
  const QString db = QDir(dir).filePath(QStringLiteral("project.db"));
  // user_version lives at byte 60 of the header, big-endian.
  QFile f(db);
  QVERIFY(f.open(QIODevice::ReadWrite));
  f.seek(60);
  f.write(QByteArray("\x00\x00\x03\xE7", 4));  // 999
  f.close();
  const QByteArray before = AtelierTest::fileHash(db);
  const Run r = atelier({QStringLiteral("project"), QStringLiteral("check"), dir});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("newer Atelier") && r.err.contains("999"), r.err.constData());
  QCOMPARE(AtelierTest::fileHash(db), before);
}

void TestCli::initRefusesNonEmptyFolder() {
  const QString dir = mTmp.filePath(QStringLiteral("nonempty"));
  QVERIFY(QDir().mkpath(dir));
  QFile f(QDir(dir).filePath(QStringLiteral("keep.txt")));
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.close();
  const Run r = atelier({QStringLiteral("project"), QStringLiteral("init"), dir});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.startsWith("error: ") && r.err.contains("not empty"), r.err.constData());
}

void TestCli::demoRunsEndToEnd() {
  const QString dir = mTmp.filePath(QStringLiteral("demo"));
  Run r = atelier({QStringLiteral("demo"), QStringLiteral("--dir"), dir, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = r.json();
  QVERIFY(o.value(QStringLiteral("tokenizer")).toObject().value(QStringLiteral("round_trip")).toBool());
  QCOMPARE(o.value(QStringLiteral("project")).toObject().value(QStringLiteral("integrity")).toString(),
           QStringLiteral("ok"));
  // Fine-tuning taught the model the sample answers, and the validation loss fell.
  const QJsonObject tune = o.value(QStringLiteral("fine_tune")).toObject();
  QVERIFY2(tune.value(QStringLiteral("tuned_answer_matches_data")).toBool(),
           qPrintable(tune.value(QStringLiteral("tuned_answer")).toString()));
  QVERIFY(tune.value(QStringLiteral("base_answer")).toString() != tune.value(QStringLiteral("tuned_answer")).toString());
  QVERIFY(tune.value(QStringLiteral("final_loss")).toDouble() < 0.5 * tune.value(QStringLiteral("first_loss")).toDouble());
  QVERIFY(tune.value(QStringLiteral("best_val_loss")).toDouble() < tune.value(QStringLiteral("first_val_loss")).toDouble());
  QVERIFY(QFile::exists(tune.value(QStringLiteral("run")).toString() + QStringLiteral("/adapter/adapter_model.safetensors")));
  // Evaluated: the tuned model reproduces the answers it learned, and is less surprised by unseen ones.
  const QJsonObject base = tune.value(QStringLiteral("evaluation")).toObject().value(QStringLiteral("base")).toObject();
  const QJsonObject tuned = tune.value(QStringLiteral("evaluation")).toObject().value(QStringLiteral("tuned")).toObject();
  QVERIFY(tuned.value(QStringLiteral("train_bleu")).toDouble() > 0.9);
  QVERIFY(base.value(QStringLiteral("train_bleu")).toDouble() < 0.1);
  QVERIFY(tuned.value(QStringLiteral("test_perplexity")).toDouble() < base.value(QStringLiteral("test_perplexity")).toDouble());
  // Both comparisons are stored (seen and unseen questions), for the Evaluate page.
  QCOMPARE(base.value(QStringLiteral("stored_as")).toArray().size(), 2);
  QCOMPARE(tuned.value(QStringLiteral("stored_as")).toArray().size(), 2);
  // Exported for local use: a GGUF file (checked on read-back) in an Ollama folder with its Modelfile.
  const QJsonObject exported = o.value(QStringLiteral("export")).toObject();
  QVERIFY2(QFileInfo(exported.value(QStringLiteral("gguf")).toString()).size() > 1000, qPrintable(exported.value(QStringLiteral("gguf")).toString()));
  QVERIFY(QFile::exists(exported.value(QStringLiteral("modelfile")).toString()));
  QVERIFY(exported.value(QStringLiteral("ollama_create")).toString().startsWith(QStringLiteral("ollama create atelier-sample -f")));
  // The terminal chat streams the tuned answer; /reset forgets the conversation.
  QProcess chat;
  chat.start(QStringLiteral(ATELIER_BINARY),
             {QStringLiteral("chat"), QStringLiteral("--model"), dir + QStringLiteral("/models/sample-base"),
              QStringLiteral("--adapter"), tune.value(QStringLiteral("run")).toString() + QStringLiteral("/adapter"),
              QStringLiteral("--max-new-tokens"), QStringLiteral("150")});
  QVERIFY(chat.waitForStarted());
  const QByteArray question = tune.value(QStringLiteral("question")).toString().toUtf8();
  chat.write(question + "\n/reset\n" + question + "\n");
  chat.closeWriteChannel();
  QVERIFY(chat.waitForFinished(120000));
  QCOMPARE(chat.exitCode(), 0);
  const QList<QByteArray> answers = chat.readAllStandardOutput().trimmed().split('\n');
  QCOMPARE(answers.size(), 2);
  QCOMPARE(answers[0], answers[1]);
  QCOMPARE(QString::fromUtf8(answers[0]).simplified(), tune.value(QStringLiteral("tuned_answer")).toString().simplified());
  // Running it again reuses the project.
  r = atelier({QStringLiteral("demo"), QStringLiteral("--dir"), dir});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.out.contains("Reusing"));
}

// Uses the project demoRunsEndToEnd made (its run has a final and a best adapter).
void TestCli::evalStoresRunsAndCheckpoints() {
  const QString dir = mTmp.filePath(QStringLiteral("demo"));
  const QStringList runs = QDir(dir + QStringLiteral("/runs")).entryList({QStringLiteral("demo-*")}, QDir::Dirs);
  if (runs.isEmpty()) QSKIP("needs the project demoRunsEndToEnd makes");
  const QString run = runs.first();
  Run r = atelier({QStringLiteral("eval"), QStringLiteral("list"), QStringLiteral("--project"), dir, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const int before = r.json().value(QStringLiteral("evaluations")).toArray().size();
  QVERIFY(before >= 4);  // the demo's base and tuned, seen and unseen

  const QStringList common = {QStringLiteral("eval"), QStringLiteral("--project"), dir, QStringLiteral("--dataset"),
                              QStringLiteral("support-faq"), QStringLiteral("--limit"), QStringLiteral("2"),
                              QStringLiteral("--max-new-tokens"), QStringLiteral("6"), QStringLiteral("--json")};
  r = atelier(common + QStringList{QStringLiteral("--run"), run, QStringLiteral("--checkpoint"), QStringLiteral("best")});
  QCOMPARE(r.exitCode, 0);
  QJsonObject o = r.json();
  for (const char* key : {"n", "perplexity", "bleu", "rouge_l"}) QVERIFY2(o.contains(QLatin1String(key)), key);
  QCOMPARE(o.value(QStringLiteral("n")).toInt(), 2);
  QCOMPARE(o.value(QStringLiteral("checkpoint")).toString(), QStringLiteral("best"));
  QVERIFY(o.value(QStringLiteral("adapter")).toString().endsWith(QStringLiteral("/best-adapter")));
  const int bestId = o.value(QStringLiteral("stored_as")).toInt();
  QVERIFY(bestId > 0);
  // --no-store measures without storing; the base model needs no run.
  r = atelier(common + QStringList{QStringLiteral("--model"), dir + QStringLiteral("/models/sample-base"),
                                   QStringLiteral("--perplexity-only"), QStringLiteral("--no-store")});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.json().value(QStringLiteral("stored_as")).isNull());
  QVERIFY(!r.json().contains(QStringLiteral("bleu")));
  r = atelier({QStringLiteral("eval"), QStringLiteral("list"), QStringLiteral("--project"), dir, QStringLiteral("--json")});
  const QJsonArray list = r.json().value(QStringLiteral("evaluations")).toArray();
  QCOMPARE(list.size(), before + 1);
  const QJsonObject newest = list.first().toObject();
  QCOMPARE(newest.value(QStringLiteral("id")).toInt(), bestId);
  QCOMPARE(newest.value(QStringLiteral("run")).toString(), run);
  QCOMPARE(newest.value(QStringLiteral("split")).toString(), QStringLiteral("test"));
  QCOMPARE(newest.value(QStringLiteral("bleu")).toDouble(), o.value(QStringLiteral("bleu")).toDouble());

  const QString csv = mTmp.filePath(QStringLiteral("answers.csv"));
  r = atelier({QStringLiteral("eval"), QStringLiteral("export"), QStringLiteral("--project"), dir, QStringLiteral("--id"),
               QString::number(bestId), QStringLiteral("--out"), csv, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("rows")).toInt(), 2);
  QFile f(csv);
  QVERIFY(f.open(QIODevice::ReadOnly));
  QVERIFY(f.readLine().startsWith("\"line\",\"prompt\",\"reference\",\"generation\""));

  // Bad choices are explained and store nothing.
  r = atelier(common + QStringList{QStringLiteral("--run"), run, QStringLiteral("--checkpoint"), QStringLiteral("step-7")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("choose one of: final, best"), r.err.constData());
  r = atelier(common + QStringList{QStringLiteral("--run"), QStringLiteral("nope")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("its runs are: " + run.toUtf8()), r.err.constData());
  r = atelier(common + QStringList{QStringLiteral("--run"), run, QStringLiteral("--adapter"), dir});
  QCOMPARE(r.exitCode, 2);
  r = atelier({QStringLiteral("eval"), QStringLiteral("list"), QStringLiteral("--project"), dir, QStringLiteral("--json")});
  QCOMPARE(r.json().value(QStringLiteral("evaluations")).toArray().size(), before + 1);
}

void TestCli::readOnlyProjectIsExplained() {
  const QString dir = mTmp.filePath(QStringLiteral("readonly"));
  QCOMPARE(atelier({QStringLiteral("project"), QStringLiteral("init"), dir}).exitCode, 0);
  const QString db = QDir(dir).filePath(QStringLiteral("project.db"));
  const QByteArray before = AtelierTest::fileHash(db);
  const auto ro = QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther | QFile::ExeOwner |
                  QFile::ExeGroup | QFile::ExeOther;
  QVERIFY(QFile::setPermissions(dir, ro));
  QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
  QFile::setPermissions(mTmp.path(), ro | QFile::WriteOwner);
  QStringList prefix;
  QString program = QStringLiteral(ATELIER_BINARY);
  if (geteuid() == 0) {
    // root can write anywhere; run as nobody to see what a user sees.
    const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (setpriv.isEmpty()) QSKIP("setpriv not installed");
    prefix = {QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
              QStringLiteral("--clear-groups"), QStringLiteral("--"), program};
    program = setpriv;
    const Run probe = atelier({QStringLiteral("--version")}, program, prefix);
    if (probe.exitCode != 0) QSKIP("the build folder is not reachable for user nobody");
  }
  // check works on a read-only project; opening it (the demo) explains why it cannot.
  const Run check = atelier({QStringLiteral("project"), QStringLiteral("check"), dir}, program, prefix);
  const Run open = atelier({QStringLiteral("demo"), QStringLiteral("--dir"), dir}, program, prefix);
  QFile::setPermissions(dir, ro | QFile::WriteOwner);
  QCOMPARE(check.exitCode, 0);
  QCOMPARE(open.exitCode, 1);
  QVERIFY2(open.err.startsWith("error: ") && open.err.contains("read-only"), open.err.constData());
  QCOMPARE(AtelierTest::fileHash(db), before);
}

void TestCli::modelCreateInfoAndTokenize() {
  const QString dir = mTmp.filePath(QStringLiteral("created-model"));
  Run r = atelier({QStringLiteral("model"), QStringLiteral("create"), QStringLiteral("--out"), dir,
                   QStringLiteral("--tokenizer-corpus"), AtelierTest::dataPath(QStringLiteral("spm/corpus.txt")),
                   QStringLiteral("--vocab-size"), QStringLiteral("500"), QStringLiteral("--arch"),
                   QStringLiteral("qwen2"), QStringLiteral("--tie-embeddings"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.json().value(QStringLiteral("parameters")).toInt() > 0);
  for (const char* file : {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json",
                           "generation_config.json"})
    QVERIFY2(QFile::exists(QDir(dir).filePath(QString::fromLatin1(file))), file);
  r = atelier({QStringLiteral("model"), QStringLiteral("info"), dir, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject info = r.json();
  QCOMPARE(info.value(QStringLiteral("model_type")).toString(), QStringLiteral("qwen2"));
  QCOMPARE(info.value(QStringLiteral("tokenizer")).toString(), QStringLiteral("sentencepiece"));
  QCOMPARE(info.value(QStringLiteral("chat_template")).toString(), QStringLiteral("Alpaca"));
  QCOMPARE(info.value(QStringLiteral("memory")).toObject().value(QStringLiteral("verdict")).toString(),
           QStringLiteral("fits"));
  r = atelier({QStringLiteral("tokenize"), QStringLiteral("--model"), dir, QStringLiteral("--json"),
               QStringLiteral("Größe 🚲 test")});
  QCOMPARE(r.exitCode, 0);
  QStringList ids;
  for (const auto v : r.json().value(QStringLiteral("ids")).toArray()) ids << QString::number(v.toInt());
  QVERIFY(!ids.isEmpty());
  r = atelier({QStringLiteral("detokenize"), QStringLiteral("--model"), dir, QStringLiteral("--ids"),
               ids.join(QLatin1Char(',')), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("text")).toString(), QStringLiteral("Größe 🚲 test"));
  // A second create into the same folder is refused, not merged.
  r = atelier({QStringLiteral("model"), QStringLiteral("create"), QStringLiteral("--out"), dir,
               QStringLiteral("--tokenizer-corpus"), AtelierTest::dataPath(QStringLiteral("spm/corpus.txt"))});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("not empty"));
}

void TestCli::logitsAndGreedyMatchTheReference() {
  const QString model = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32"));
  QFile refJson(QDir(model).filePath(QStringLiteral("reference/reference.json")));
  QVERIFY(refJson.open(QIODevice::ReadOnly));
  const QJsonObject ref = QJsonDocument::fromJson(refJson.readAll()).object();
  QStringList ids;
  for (const auto v : ref.value(QStringLiteral("ids")).toArray()) ids << QString::number(v.toInt());
  const QString out = mTmp.filePath(QStringLiteral("logits.f32"));
  Run r = atelier({QStringLiteral("logits"), QStringLiteral("--model"), model, QStringLiteral("--ids"),
                   ids.join(QLatin1Char(',')), QStringLiteral("--out"), out, QStringLiteral("--device"), QStringLiteral("cpu")});
  QCOMPARE(r.exitCode, 0);
  QFile mine(out), theirs(QDir(model).filePath(QStringLiteral("reference/logits.f32")));
  QVERIFY(mine.open(QIODevice::ReadOnly) && theirs.open(QIODevice::ReadOnly));
  const QByteArray a = mine.readAll(), b = theirs.readAll();
  QCOMPARE(a.size(), b.size());
  const auto* x = reinterpret_cast<const float*>(a.constData());
  const auto* y = reinterpret_cast<const float*>(b.constData());
  for (int i = 0; i < int(a.size() / sizeof(float)); ++i) QVERIFY(std::fabs(x[i] - y[i]) < 1e-4f);
  // With the PEFT adapter the script also wrote: its logits are those of W + scale·B·A.
  const QString adapter = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32-adapter"));
  r = atelier({QStringLiteral("logits"), QStringLiteral("--model"), model, QStringLiteral("--adapter"), adapter,
               QStringLiteral("--ids"), ids.join(QLatin1Char(',')), QStringLiteral("--out"), out});
  QCOMPARE(r.exitCode, 0);
  QFile adapted(out), adaptedRef(QDir(adapter).filePath(QStringLiteral("reference/logits.f32")));
  QVERIFY(adapted.open(QIODevice::ReadOnly) && adaptedRef.open(QIODevice::ReadOnly));
  const QByteArray c = adapted.readAll(), e = adaptedRef.readAll();
  QCOMPARE(c.size(), e.size());
  for (int i = 0; i < int(c.size() / sizeof(float)); ++i)
    QVERIFY(std::fabs(reinterpret_cast<const float*>(c.constData())[i] - reinterpret_cast<const float*>(e.constData())[i]) < 1e-4f);
  r = atelier({QStringLiteral("generate"), QStringLiteral("--model"), model, QStringLiteral("--ids"),
               ids.join(QLatin1Char(',')), QStringLiteral("--max-new-tokens"), QStringLiteral("32"),
               QStringLiteral("--greedy"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("ids")).toArray(), ref.value(QStringLiteral("greedy_32")).toArray());
  QVERIFY(r.json().value(QStringLiteral("tokens_per_s")).toDouble() > 0);
}

void TestCli::generateChatAndBench() {
  const QString model = AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32"));
  Run r = atelier({QStringLiteral("generate"), QStringLiteral("--model"), model, QStringLiteral("--prompt"),
                   QStringLiteral("Hello"), QStringLiteral("--chat"), QStringLiteral("--chat-family"),
                   QStringLiteral("llama2"), QStringLiteral("--max-new-tokens"), QStringLiteral("6"),
                   QStringLiteral("--temperature"), QStringLiteral("0.8"), QStringLiteral("--top-p"),
                   QStringLiteral("0.9"), QStringLiteral("--seed"), QStringLiteral("7"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QVERIFY(r.json().value(QStringLiteral("prompt_tokens")).toInt() > 5);  // [INST] wrapping
  r = atelier({QStringLiteral("bench"), QStringLiteral("generate"), QStringLiteral("--model"), model,
               QStringLiteral("--tokens"), QStringLiteral("16"), QStringLiteral("--prompt-tokens"),
               QStringLiteral("8"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject o = r.json();
  QVERIFY(o.value(QStringLiteral("decode_tokens_per_s")).toDouble() > 0);
  QVERIFY(o.value(QStringLiteral("kv_cache_speedup")).toDouble() > 0);
  QVERIFY(o.value(QStringLiteral("same_tokens")).toBool());
  r = atelier({QStringLiteral("bench"), QStringLiteral("train"), QStringLiteral("--hidden"), QStringLiteral("32"),
               QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--heads"), QStringLiteral("4"),
               QStringLiteral("--kv-heads"), QStringLiteral("2"), QStringLiteral("--ffn"), QStringLiteral("64"),
               QStringLiteral("--vocab"), QStringLiteral("100"), QStringLiteral("--seq-len"), QStringLiteral("16"),
               QStringLiteral("--batch-size"), QStringLiteral("4"), QStringLiteral("--steps"), QStringLiteral("30"),
               QStringLiteral("--lora-r"), QStringLiteral("4"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const QJsonObject t = r.json();
  QVERIFY(t.value(QStringLiteral("tokens_per_s")).toDouble() > 0);
  QVERIFY(t.value(QStringLiteral("peak_memory_bytes")).toDouble() > 0);
  // 4 rank × (in+out) over the seven projections of one layer.
  QCOMPARE(t.value(QStringLiteral("trainable_parameters")).toInt(), 4 * (64 + 48 + 48 + 64 + 96 + 96 + 96));
  // LoRA learns random-token statistics a little: the loss moves down.
  QVERIFY(t.value(QStringLiteral("last_loss")).toDouble() < t.value(QStringLiteral("first_loss")).toDouble());
}

void TestCli::modelVerbsExplainBadInput() {
  Run r = atelier({QStringLiteral("generate"), QStringLiteral("--model"), mTmp.filePath(QStringLiteral("nothing")),
                   QStringLiteral("--ids"), QStringLiteral("1")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.startsWith("error: ") && r.err.contains("config.json"), r.err.constData());
  const QString pickle = mTmp.filePath(QStringLiteral("pickle-model"));
  QVERIFY(QDir().mkpath(pickle));
  QFile::copy(AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32/config.json")),
              QDir(pickle).filePath(QStringLiteral("config.json")));
  QFile bin(QDir(pickle).filePath(QStringLiteral("pytorch_model.bin")));
  QVERIFY(bin.open(QIODevice::WriteOnly));
  bin.write("not really a pickle");
  bin.close();
  r = atelier({QStringLiteral("generate"), QStringLiteral("--model"), pickle, QStringLiteral("--ids"), QStringLiteral("1")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.contains("pickle") && r.err.contains(".safetensors"), r.err.constData());
  r = atelier({QStringLiteral("generate"), QStringLiteral("--model"),
               AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), QStringLiteral("--ids"), QStringLiteral("1,99999")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("outside the vocabulary"));
  r = atelier({QStringLiteral("generate"), QStringLiteral("--model"),
               AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), QStringLiteral("--ids"), QStringLiteral("1,x")});
  QCOMPARE(r.exitCode, 2);
  r = atelier({QStringLiteral("generate"), QStringLiteral("--model"),
               AtelierTest::dataPath(QStringLiteral("models/llama-gqa-f32")), QStringLiteral("--prompt"),
               QStringLiteral("hi"), QStringLiteral("--chat"), QStringLiteral("--chat-family"), QStringLiteral("klingon")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("unknown chat template family"));
}

void TestCli::dataImportExportStats() {
  const QString project = mTmp.filePath(QStringLiteral("data-project"));
  QCOMPARE(atelier({QStringLiteral("project"), QStringLiteral("init"), project}).exitCode, 0);
  const QString file = mTmp.filePath(QStringLiteral("share.jsonl"));
  QFile f(file);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(R"({"conversations":[{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello [EMAIL]"}]})" "\n");
  f.write("{oops\n");
  f.close();
  Run r = atelier({QStringLiteral("data"), QStringLiteral("import"), QStringLiteral("--project"), project,
                   QStringLiteral("--name"), QStringLiteral("chats"), file, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("imported")).toInt(), 1);
  const QJsonArray rejected = r.json().value(QStringLiteral("rejected")).toArray();
  QCOMPARE(rejected.size(), 1);
  QCOMPARE(rejected.first().toObject().value(QStringLiteral("line")).toInt(), 2);
  r = atelier({QStringLiteral("data"), QStringLiteral("stats"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("rows")).toInt(), 1);
  const QString out = mTmp.filePath(QStringLiteral("export.jsonl"));
  r = atelier({QStringLiteral("data"), QStringLiteral("export"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--out"), out});
  QCOMPARE(r.exitCode, 0);
  QFile e(out);
  QVERIFY(e.open(QIODevice::ReadOnly));
  const QJsonObject row = QJsonDocument::fromJson(e.readLine()).object();
  QCOMPARE(row.value(QStringLiteral("messages")).toArray().at(1).toObject().value(QStringLiteral("role")).toString(),
           QStringLiteral("assistant"));
  r = atelier({QStringLiteral("data"), QStringLiteral("clean"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("kept")).toInt(), 1);
  // Token limits: "Hi" + "Hello [EMAIL]" is 1 + 4 estimated tokens (characters ÷ 4,
  // rounded up per message); any real tokenizer gives it at least 2.
  r = atelier({QStringLiteral("data"), QStringLiteral("clean"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--max-tokens"), QStringLiteral("4"),
               QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("removed")).toObject().value(QStringLiteral("too_many_tokens")).toInt(), 1);
  QVERIFY(r.json().value(QStringLiteral("tokens_counted_with")).toString().contains(QStringLiteral("estimate")));
  r = atelier({QStringLiteral("data"), QStringLiteral("clean"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--min-tokens"), QStringLiteral("2"),
               QStringLiteral("--model"), AtelierTest::dataPath(QStringLiteral("hf/llama3-bytelevel")), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("kept")).toInt(), 1);
  QVERIFY(r.json().value(QStringLiteral("tokens_counted_with")).toString().contains(QStringLiteral("tokenizer.json")));
  r = atelier({QStringLiteral("data"), QStringLiteral("clean"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--max-tokens"), QStringLiteral("x")});
  QCOMPARE(r.exitCode, 2);
  r = atelier({QStringLiteral("data"), QStringLiteral("clean"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  r = atelier({QStringLiteral("data"), QStringLiteral("split"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), QStringLiteral("--val"), QStringLiteral("0"),
               QStringLiteral("--test"), QStringLiteral("0"), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("train")).toInt(), 1);
  r = atelier({QStringLiteral("bench"), QStringLiteral("data"), file, QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  QCOMPARE(r.json().value(QStringLiteral("rows")).toInt(), 1);
  QVERIFY(!r.json().contains(QStringLiteral("baseline_seconds")));
  // The Python baseline runs in the same invocation; its time and the ratio are added.
  r = atelier({QStringLiteral("bench"), QStringLiteral("data"), file, QStringLiteral("--baseline"),
               AtelierTest::dataPath(QStringLiteral("../../tools/bench/data_baseline.py")), QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  const double baselineSeconds = r.json().value(QStringLiteral("baseline_seconds")).toDouble();
  QVERIFY2(baselineSeconds > 0, r.out.constData());
  QVERIFY(qAbs(r.json().value(QStringLiteral("ratio_to_baseline")).toDouble() -
               r.json().value(QStringLiteral("total_seconds")).toDouble() / baselineSeconds) < 1e-9);
  QVERIFY(r.json().value(QStringLiteral("peak_memory_mb")).toDouble() > 1);
  r = atelier({QStringLiteral("bench"), QStringLiteral("data"), file, QStringLiteral("--baseline"),
               mTmp.filePath(QStringLiteral("missing.py"))});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("baseline"));
  r = atelier({QStringLiteral("data"), QStringLiteral("import"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("chats"), file});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("already exists"));
  r = atelier({QStringLiteral("data"), QStringLiteral("export"), QStringLiteral("--project"), project,
               QStringLiteral("--name"), QStringLiteral("nope"), QStringLiteral("--out"), out});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("no dataset named"));
}

void TestCli::evalTextScoresFiles() {
  const QString hyp = AtelierTest::dataPath(QStringLiteral("eval/hyp.txt")), ref = AtelierTest::dataPath(QStringLiteral("eval/ref.txt"));
  Run r = atelier({QStringLiteral("eval"), QStringLiteral("text"), QStringLiteral("--hyp"), hyp, QStringLiteral("--ref"), ref,
                   QStringLiteral("--json")});
  QCOMPARE(r.exitCode, 0);
  // corpus_bleu of NLTK 3.8 on these files (tests/data/eval/golden.json).
  QVERIFY(qAbs(r.json().value(QStringLiteral("bleu")).toDouble() - 0.5802493508931281) < 1e-9);
  QCOMPARE(r.json().value(QStringLiteral("n")).toInt(), 120);
  const QString shorter = mTmp.filePath(QStringLiteral("short.txt"));
  QFile f(shorter);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("one line\n");
  f.close();
  r = atelier({QStringLiteral("eval"), QStringLiteral("text"), QStringLiteral("--hyp"), shorter, QStringLiteral("--ref"), ref});
  QCOMPARE(r.exitCode, 1);
  QVERIFY(r.err.contains("line-aligned"));
}

void TestCli::exportGgufAndOllama() {
  const QString model = QStringLiteral(ATELIER_TEST_DATA "/models/llama-gqa-f32");
  const QString out = mTmp.filePath(QStringLiteral("gguf/tuned.gguf"));
  Run r = atelier({QStringLiteral("export"), QStringLiteral("gguf"), QStringLiteral("--model"), model, QStringLiteral("--adapter"),
                   QStringLiteral(ATELIER_TEST_DATA "/models/llama-gqa-f32-adapter"), QStringLiteral("--out"), out,
                   QStringLiteral("--gguf-type"), QStringLiteral("q8_0"), QStringLiteral("--json")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  const QJsonObject j = r.json();
  QCOMPARE(j.value(QStringLiteral("type")).toString(), QStringLiteral("q8_0"));
  QCOMPARE(j.value(QStringLiteral("tensors")).toInt(), 22);
  QCOMPARE(j.value(QStringLiteral("bytes")).toDouble(), double(QFileInfo(out).size()));
  QCOMPARE(j.value(QStringLiteral("sha256")).toString().size(), 64);
  QFile f(out);
  QVERIFY(f.open(QIODevice::ReadOnly));
  QCOMPARE(f.read(4), QByteArray("GGUF"));

  const QString folder = mTmp.filePath(QStringLiteral("ollama-out"));
  r = atelier({QStringLiteral("export"), QStringLiteral("ollama"), QStringLiteral("--model"),
               QStringLiteral(ATELIER_TEST_DATA "/models/qwen2-bytelevel-f32"), QStringLiteral("--out"), folder,
               QStringLiteral("--name"), QStringLiteral("tiny")});
  QVERIFY2(r.exitCode == 0, r.err.constData());
  QVERIFY2(r.out.contains("ollama create tiny -f"), r.out.constData());
  QVERIFY(QFileInfo::exists(folder + QStringLiteral("/Modelfile")));
  QVERIFY(QFileInfo::exists(folder + QStringLiteral("/tiny.gguf")));
}

void TestCli::exportGgufRefusesBadInput() {
  const QString dir = mTmp.filePath(QStringLiteral("gguf-bad"));
  QDir().mkpath(dir);
  // An adapter made for another base model: a clear error, no file.
  Run r = atelier({QStringLiteral("export"), QStringLiteral("gguf"), QStringLiteral("--model"),
                   QStringLiteral(ATELIER_TEST_DATA "/models/qwen2-bytelevel-f32"), QStringLiteral("--adapter"),
                   QStringLiteral(ATELIER_TEST_DATA "/models/llama-gqa-f32-adapter"), QStringLiteral("--out"),
                   dir + QStringLiteral("/x.gguf")});
  QCOMPARE(r.exitCode, 1);
  QVERIFY2(r.err.startsWith("error: ") && r.err.contains("another base model"), r.err.constData());
  r = atelier({QStringLiteral("export"), QStringLiteral("gguf"), QStringLiteral("--model"),
               QStringLiteral(ATELIER_TEST_DATA "/models/llama-gqa-f32"), QStringLiteral("--out"), dir + QStringLiteral("/x.gguf"),
               QStringLiteral("--gguf-type"), QStringLiteral("q2")});
  QCOMPARE(r.exitCode, 2);
  QVERIFY(r.err.contains("f32, f16 or q8_0"));
  QVERIFY(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
