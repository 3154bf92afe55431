// libtorch and sentencepiece in one process (DESIGN.md: their protobuf copies
// clash unless sentencepiece sits behind the RTLD_DEEPBIND shim), and the
// shim's ids against goldens from Debian's python3-sentencepiece.
#include <torch/torch.h>

#include "log/logger.h"
#include "tokenizer/sentencepiecetokenizer.h"
#include "tokenizer/spmlibrary.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

namespace {

struct Golden {
  QString text;
  std::vector<int32_t> ids;
  QStringList pieces;
  QString decoded;
};

QList<Golden> loadGoldens() {
  QList<Golden> out;
  QFile f(AtelierTest::dataPath(QStringLiteral("spm/golden.jsonl")));
  if (!f.open(QIODevice::ReadOnly)) return out;
  while (!f.atEnd()) {
    const QByteArray line = f.readLine().trimmed();
    if (line.isEmpty()) continue;
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    Golden g;
    g.text = o.value(QStringLiteral("text")).toString();
    for (const auto v : o.value(QStringLiteral("ids")).toArray()) g.ids.push_back(v.toInt());
    for (const auto v : o.value(QStringLiteral("pieces")).toArray()) g.pieces << v.toString();
    g.decoded = o.value(QStringLiteral("decoded")).toString();
    out << g;
  }
  return out;
}

void checkAgainstGoldens(SentencePieceTokenizer& tok) {
  const QList<Golden> goldens = loadGoldens();
  QVERIFY(goldens.size() >= 200);
  for (const Golden& g : goldens) {
    std::vector<int32_t> ids;
    QVERIFY2(tok.encode(g.text, &ids), qPrintable(tok.errorString()));
    QVERIFY2(ids == g.ids, qPrintable(QStringLiteral("ids differ for: ") + g.text));
    QStringList pieces;
    for (int32_t id : ids) pieces << tok.idToPiece(id);
    QCOMPARE(pieces, g.pieces);
    QString decoded;
    QVERIFY(tok.decode(g.ids, &decoded));
    QCOMPARE(decoded, g.decoded);
  }
}

}  // namespace

class TestSentencePiece : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void torchWorksBeforeSentencepiece();
  void fixtureMatchesPythonSentencepiece();
  void trainedModelMatchesPythonTraining();
  void trainingMessagesReachTheLog();
  void torchStillWorksAfterwards();
  void badInputGivesErrors();
};

void TestSentencePiece::torchWorksBeforeSentencepiece() {
  // libtorch (and its libprotobuf) is loaded and used first, as in the app.
  const torch::Tensor a = torch::arange(6, torch::kFloat32).reshape({2, 3});
  const torch::Tensor b = torch::matmul(a, a.t());
  QCOMPARE(b[1][1].item<float>(), 50.0f);  // 3*3 + 4*4 + 5*5
}

void TestSentencePiece::fixtureMatchesPythonSentencepiece() {
  QString error;
  auto tok = SentencePieceTokenizer::load(AtelierTest::dataPath(QStringLiteral("spm/tiny.model")), &error);
  QVERIFY2(tok, qPrintable(error));
  QCOMPARE(tok->vocabSize(), 500);
  QCOMPARE(tok->unkId(), 0);
  QCOMPARE(tok->bosId(), 1);
  QCOMPARE(tok->eosId(), 2);
  QCOMPARE(tok->padId(), -1);
  QCOMPARE(tok->pieceType(3), int(ATELIER_SPM_BYTE));  // <0x00>
  QCOMPARE(tok->pieceType(1), int(ATELIER_SPM_CONTROL));
  QCOMPARE(tok->pieceToId(QStringLiteral("<0x41>")), 3 + 0x41);
  checkAgainstGoldens(*tok);
}

void TestSentencePiece::trainedModelMatchesPythonTraining() {
  QTemporaryDir tmp;
  SentencePieceTrainOptions options;
  options.corpusPath = AtelierTest::dataPath(QStringLiteral("spm/corpus.txt"));
  options.modelPrefix = tmp.filePath(QStringLiteral("trained"));
  options.vocabSize = 500;
  QString error;
  QVERIFY2(trainSentencePiece(options, &error), qPrintable(error));
  auto tok = SentencePieceTokenizer::load(options.modelPrefix + QStringLiteral(".model"), &error);
  QVERIFY2(tok, qPrintable(error));
  // BPE training is deterministic: the same corpus and options give the
  // vocabulary python3-sentencepiece produced for the goldens.
  checkAgainstGoldens(*tok);
}

void TestSentencePiece::trainingMessagesReachTheLog() {
  QTemporaryDir tmp;
  QSignalSpy spy(&Logger::instance(), &Logger::entryLogged);
  SentencePieceTrainOptions options;
  options.corpusPath = AtelierTest::dataPath(QStringLiteral("spm/corpus.txt"));
  options.modelPrefix = tmp.filePath(QStringLiteral("logged"));
  options.vocabSize = 500;
  QString error;
  QVERIFY2(trainSentencePiece(options, &error), qPrintable(error));
  bool sawTrainer = false;
  for (const auto& args : spy) {
    const auto e = args.first().value<LogEntry>();
    if (e.category == QLatin1String("sentencepiece") && e.message.contains(QStringLiteral("trainer")))
      sawTrainer = true;
  }
  QVERIFY(sawTrainer);
}

void TestSentencePiece::torchStillWorksAfterwards() {
  auto model = torch::nn::Linear(4, 2);
  auto out = model->forward(torch::ones({3, 4}));
  out.sum().backward();
  QCOMPARE(model->weight.grad().size(0), 2);
}

void TestSentencePiece::badInputGivesErrors() {
  QTemporaryDir tmp;
  QString error;
  QVERIFY(!SentencePieceTokenizer::load(tmp.filePath(QStringLiteral("missing.model")), &error));
  QVERIFY(error.contains(QStringLiteral("no such file")));
  const QString garbage = tmp.filePath(QStringLiteral("garbage.model"));
  QFile f(garbage);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("this is not a protobuf at all \xff\xfe");
  f.close();
  QVERIFY(!SentencePieceTokenizer::load(garbage, &error));
  QVERIFY2(error.contains(garbage) && error.contains(QStringLiteral("not a usable sentencepiece model")),
           qPrintable(error));
  auto tok = SentencePieceTokenizer::load(AtelierTest::dataPath(QStringLiteral("spm/tiny.model")), &error);
  QVERIFY(tok);
  QString text;
  QVERIFY(!tok->decode({5, 100000}, &text));
  QVERIFY2(tok->errorString().contains(QStringLiteral("100000")), qPrintable(tok->errorString()));
  SentencePieceTrainOptions options;
  options.corpusPath = tmp.filePath(QStringLiteral("no-corpus.txt"));
  options.modelPrefix = tmp.filePath(QStringLiteral("x"));
  QVERIFY(!trainSentencePiece(options, &error));
  QVERIFY(error.contains(QStringLiteral("no such corpus file")));
}

QTEST_GUILESS_MAIN(TestSentencePiece)
#include "tst_sentencepiece.moc"
