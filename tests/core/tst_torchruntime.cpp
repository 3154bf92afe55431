// libtorch as Atelier sets it up: all cores, warnings into the log, and the
// GPU path where one exists (skipped, not failed, without one).
#include <torch/torch.h>

#include "log/logger.h"
#include "system/systeminfo.h"
#include "system/torchruntime.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Atelier;

class TestTorchRuntime : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void usesAllCores();
  void warningsReachTheLog();
  void systemInfoIsComplete();
  void cudaMatmulMatchesCpu();
};

void TestTorchRuntime::usesAllCores() {
  TorchRuntime::initialize(0);
  QCOMPARE(TorchRuntime::threads(), availableCpuCores());
  TorchRuntime::setThreads(1);
  QCOMPARE(TorchRuntime::threads(), 1);
  TorchRuntime::setThreads(0);
  QCOMPARE(TorchRuntime::threads(), availableCpuCores());
}

void TestTorchRuntime::warningsReachTheLog() {
  TorchRuntime::initialize(0);
  QSignalSpy spy(&Logger::instance(), &Logger::entryLogged);
  TORCH_WARN("a warning from inside libtorch code");
  QCOMPARE(spy.count(), 1);
  const auto e = spy.first().first().value<LogEntry>();
  QCOMPARE(e.category, QStringLiteral("torch"));
  QCOMPARE(e.level, LogLevel::Warning);
  QVERIFY(e.message.contains(QStringLiteral("a warning from inside libtorch code")));
}

void TestTorchRuntime::systemInfoIsComplete() {
  TorchRuntime::initialize(0);
  const SystemInfo info = collectSystemInfo();
  QCOMPARE(info.torchVersion, QStringLiteral(TORCH_VERSION));
  QCOMPARE(info.cpuThreads, info.availableCores);
  QVERIFY(info.memoryBytes > 0);
  QVERIFY(!info.devices.isEmpty());
  QCOMPARE(info.devices.first().type, QStringLiteral("cpu"));
  QVERIFY2(info.sentencepieceOk, qPrintable(info.sentencepiece));
  QVERIFY(!info.blas.name.isEmpty());
  const QJsonObject json = systemInfoToJson(info);
  for (const char* key : {"torch", "cuda", "devices", "cpu_threads", "blas", "qt"})
    QVERIFY2(json.contains(QLatin1String(key)), key);
  QCOMPARE(json.value(QStringLiteral("cpu_threads")).toInt(), availableCpuCores());
}

void TestTorchRuntime::cudaMatmulMatchesCpu() {
  if (!torch::cuda::is_available()) QSKIP("no CUDA device here");
  torch::manual_seed(0);
  const torch::Tensor a = torch::randn({64, 64});
  const torch::Tensor cpu = torch::matmul(a, a);
  const torch::Tensor gpu = torch::matmul(a.cuda(), a.cuda()).cpu();
  QVERIFY(torch::allclose(cpu, gpu, 1e-3, 1e-3));
  const SystemInfo info = collectSystemInfo();
  QVERIFY(info.torchCuda);
  QVERIFY(info.devices.size() >= 2);
  QCOMPARE(info.devices.at(1).type, QStringLiteral("cuda"));
}

QTEST_GUILESS_MAIN(TestTorchRuntime)
#include "tst_torchruntime.moc"
