// BLEU against NLTK's corpus_bleu (goldens from tests/data/eval/make_goldens.py),
// ROUGE-L against hand-checked pairs.
#include "eval/textmetrics.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Atelier;

namespace {

QStringList lines(const QString& name) {
  QFile f(AtelierTest::dataPath(QStringLiteral("eval/") + name));
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(name));
  QStringList out = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
  out.removeLast();  // after the final newline; empty lines before it are real (empty) answers
  return out;
}

}  // namespace

class TestTextMetrics : public QObject {
  Q_OBJECT
 private slots:
  void bleuMatchesNltk();
  void bleuEdgeCases();
  void rougeLHandChecked();
};

void TestTextMetrics::bleuMatchesNltk() {
  const QStringList hyp = lines(QStringLiteral("hyp.txt")), ref = lines(QStringLiteral("ref.txt"));
  QCOMPARE(hyp.size(), 120);
  QCOMPARE(ref.size(), 120);
  QFile f(AtelierTest::dataPath(QStringLiteral("eval/golden.json")));
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QJsonArray slices = QJsonDocument::fromJson(f.readAll()).array();
  QCOMPARE(slices.size(), 6);
  for (const QJsonValue& v : slices) {
    const QJsonObject s = v.toObject();
    const int from = s.value(QStringLiteral("from")).toInt(), to = s.value(QStringLiteral("to")).toInt();
    const BleuResult r = corpusBleu(hyp.mid(from, to - from), ref.mid(from, to - from));
    const QString where = QStringLiteral("lines %1-%2").arg(from).arg(to);
    QVERIFY2(qAbs(r.bleu - s.value(QStringLiteral("bleu")).toDouble()) < 1e-9,
             qPrintable(where + QStringLiteral(": %1 vs NLTK %2").arg(r.bleu).arg(s.value(QStringLiteral("bleu")).toDouble())));
    QVERIFY(qAbs(r.brevityPenalty - s.value(QStringLiteral("brevity_penalty")).toDouble()) < 1e-12);
    for (int n = 0; n < 4; ++n)
      QVERIFY2(qAbs(r.precisions[n] - s.value(QStringLiteral("precisions")).toArray().at(n).toDouble()) < 1e-12,
               qPrintable(where));
  }
}

void TestTextMetrics::bleuEdgeCases() {
  QCOMPARE(corpusBleu({QStringLiteral("the chain is oiled")}, {QStringLiteral("the chain is oiled")}).bleu, 1.0);
  QCOMPARE(corpusBleu({}, {}).bleu, 0.0);
  QCOMPARE(corpusBleu({QString()}, {QStringLiteral("a b c d")}).bleu, 0.0);
  // Shorter than the reference: the brevity penalty exp(1 - 8/4).
  const BleuResult half = corpusBleu({QStringLiteral("a b c d")}, {QStringLiteral("a b c d e f g h")});
  QVERIFY(qAbs(half.brevityPenalty - std::exp(-1.0)) < 1e-12);
  QVERIFY(qAbs(half.bleu - std::exp(-1.0)) < 1e-12);
}

void TestTextMetrics::rougeLHandChecked() {
  // LCS "the cat on the mat" (5 of 6 and 5 of 6).
  QVERIFY(qAbs(rougeL(QStringLiteral("the cat sat on the mat"), QStringLiteral("the cat is on the mat")) - 5.0 / 6) < 1e-12);
  // Lin (2004): "police killed the gunman" against "police kill the gunman": LCS 3 of 4.
  QCOMPARE(rougeL(QStringLiteral("police kill the gunman"), QStringLiteral("police killed the gunman")), 0.75);
  // ... and "the gunman kill police": LCS "the gunman", 2 of 4.
  QCOMPARE(rougeL(QStringLiteral("the gunman kill police"), QStringLiteral("police killed the gunman")), 0.5);
  // Different lengths: LCS 2, P = 2/2, R = 2/4, F = 2·1·0.5/1.5.
  QVERIFY(qAbs(rougeL(QStringLiteral("oil chain"), QStringLiteral("oil the chain monthly")) - 2.0 / 3) < 1e-12);
  QCOMPARE(rougeL(QStringLiteral("a b c d"), QStringLiteral("d c b a")), 0.25);
  QCOMPARE(rougeL(QString(), QStringLiteral("x")), 0.0);
  QCOMPARE(rougeL(QStringLiteral("x"), QStringLiteral("y")), 0.0);
  QCOMPARE(meanRougeL({QStringLiteral("a b"), QStringLiteral("x")}, {QStringLiteral("a b"), QStringLiteral("y")}), 0.5);
}

QTEST_GUILESS_MAIN(TestTextMetrics)
#include "tst_textmetrics.moc"
