// The one log sink: file, recent entries, signal, and Qt's own messages.
#include "log/logger.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestLogger : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void writesToFileAndSignals();
  void routesQtMessages();
  void refusesUnwritableFile();
};

void TestLogger::writesToFileAndSignals() {
  QTemporaryDir tmp;
  const QString path = tmp.filePath(QStringLiteral("atelier.log"));
  QVERIFY(Logger::instance().setLogFile(path));
  QSignalSpy spy(&Logger::instance(), &Logger::entryLogged);
  logWarning(QStringLiteral("storage"), QStringLiteral("disk is nearly full"));
  QCOMPARE(spy.count(), 1);
  const auto entry = spy.first().first().value<LogEntry>();
  QCOMPARE(entry.category, QStringLiteral("storage"));
  QCOMPARE(entry.level, LogLevel::Warning);
  Logger::instance().setLogFile(QString());
  QFile f(path);
  QVERIFY(f.open(QIODevice::ReadOnly));
  const QString text = QString::fromUtf8(f.readAll());
  QVERIFY2(text.contains(QStringLiteral("[warning] storage: disk is nearly full")), qPrintable(text));
  QCOMPARE(Logger::instance().recentEntries().last().message, QStringLiteral("disk is nearly full"));
}

void TestLogger::routesQtMessages() {
  Logger::installQtMessageHandler();
  QSignalSpy spy(&Logger::instance(), &Logger::entryLogged);
  qWarning("from qt %d", 42);
  qInstallMessageHandler(nullptr);
  QCOMPARE(spy.count(), 1);
  const auto entry = spy.first().first().value<LogEntry>();
  QCOMPARE(entry.category, QStringLiteral("qt"));
  QCOMPARE(entry.message, QStringLiteral("from qt 42"));
}

void TestLogger::refusesUnwritableFile() {
  QString error;
  QVERIFY(!Logger::instance().setLogFile(QStringLiteral("/nonexistent-dir/x/atelier.log"), &error));
  QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/x/atelier.log")));
}

QTEST_GUILESS_MAIN(TestLogger)
#include "tst_logger.moc"
