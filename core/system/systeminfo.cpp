#include "systeminfo.h"

#include "torchruntime.h"
#include "tokenizer/spmlibrary.h"
#include "version.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

#include <sched.h>

namespace Atelier {

int availableCpuCores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return qMax(1, CPU_COUNT(&set));
  return 1;
}

QString cpuModelName() {
  QFile f(QStringLiteral("/proc/cpuinfo"));
  if (!f.open(QIODevice::ReadOnly)) return QStringLiteral("CPU");
  static const QRegularExpression re(QStringLiteral("^model name\\s*:\\s*(.+)$"),
                                     QRegularExpression::MultilineOption);
  const auto m = re.match(QString::fromLatin1(f.readAll()));
  return m.hasMatch() ? m.captured(1).trimmed() : QStringLiteral("CPU");
}

namespace {

// A "Name:   1234 kB" line of a /proc file, in bytes (0 when absent).
qint64 procKilobytes(const QString& path, const char* field) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return 0;
  const QRegularExpression re(QStringLiteral("^%1:\\s*(\\d+)\\s*kB").arg(QLatin1String(field)),
                              QRegularExpression::MultilineOption);
  const auto m = re.match(QString::fromLatin1(f.readAll()));
  return m.hasMatch() ? m.captured(1).toLongLong() * 1024 : 0;
}

}  // namespace

qint64 totalMemoryBytes() { return procKilobytes(QStringLiteral("/proc/meminfo"), "MemTotal"); }
qint64 residentMemoryBytes() { return procKilobytes(QStringLiteral("/proc/self/status"), "VmRSS"); }
qint64 peakResidentMemoryBytes() { return procKilobytes(QStringLiteral("/proc/self/status"), "VmHWM"); }

SystemInfo collectSystemInfo() {
  SystemInfo info;
  info.atelierVersion = QStringLiteral(ATELIER_VERSION);
  info.qtVersion = QString::fromLatin1(qVersion());
  info.torchVersion = TorchRuntime::version();
  info.torchCuda = TorchRuntime::cudaAvailable();
  info.torchCudaDevices = info.torchCuda ? TorchRuntime::cudaDeviceCount() : 0;
  info.cudaDriver = probeCudaDriver();
  info.blas = detectBlas();
  info.cpuThreads = TorchRuntime::threads();
  info.availableCores = availableCpuCores();
  info.cpuName = cpuModelName();
  info.memoryBytes = totalMemoryBytes();

  ComputeDevice cpu;
  cpu.type = QStringLiteral("cpu");
  cpu.name = info.cpuName;
  cpu.memoryBytes = info.memoryBytes;
  info.devices << cpu;
  // Only devices libtorch can use are offered; the driver adds names and memory.
  for (int i = 0; i < info.torchCudaDevices; ++i) {
    ComputeDevice gpu;
    gpu.type = QStringLiteral("cuda");
    gpu.index = i;
    gpu.name = QStringLiteral("CUDA device %1").arg(i);
    if (i < info.cudaDriver.devices.size()) {
      gpu.name = info.cudaDriver.devices[i].name;
      gpu.memoryBytes = info.cudaDriver.devices[i].memoryBytes;
    }
    info.devices << gpu;
  }

  QString spmError;
  info.sentencepieceOk = SpmLibrary::instance(&spmError) != nullptr;
  info.sentencepiece = info.sentencepieceOk ? SpmLibrary::loadedPath() : spmError;
  return info;
}

QJsonObject systemInfoToJson(const SystemInfo& info) {
  QJsonArray devices;
  for (const ComputeDevice& d : info.devices) {
    devices.append(QJsonObject{{QStringLiteral("type"), d.type},
                               {QStringLiteral("index"), d.index},
                               {QStringLiteral("name"), d.name},
                               {QStringLiteral("memory_bytes"), d.memoryBytes}});
  }
  QJsonObject driver{{QStringLiteral("loaded"), info.cudaDriver.driverLoaded},
                     {QStringLiteral("version"), info.cudaDriver.driverVersion}};
  if (!info.cudaDriver.error.isEmpty()) driver.insert(QStringLiteral("error"), info.cudaDriver.error);
  return QJsonObject{
      {QStringLiteral("atelier"), info.atelierVersion},
      {QStringLiteral("qt"), info.qtVersion},
      {QStringLiteral("torch"), info.torchVersion},
      {QStringLiteral("cuda"), info.torchCuda},
      {QStringLiteral("cuda_driver"), driver},
      {QStringLiteral("devices"), devices},
      {QStringLiteral("cpu_threads"), info.cpuThreads},
      {QStringLiteral("cpu_cores"), info.availableCores},
      {QStringLiteral("memory_bytes"), info.memoryBytes},
      {QStringLiteral("blas"), info.blas.name},
      {QStringLiteral("blas_details"), info.blas.details},
      {QStringLiteral("blas_library"), info.blas.libraryPath},
      {QStringLiteral("sentencepiece"), QJsonObject{{QStringLiteral("ok"), info.sentencepieceOk},
                                                    {QStringLiteral("library"), info.sentencepiece}}},
  };
}

}  // namespace Atelier
