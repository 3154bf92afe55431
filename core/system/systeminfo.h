#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Atelier {

struct ComputeDevice {
  QString type;  // "cpu" or "cuda"
  int index = 0;
  QString name;
  qint64 memoryBytes = 0;  // total memory of the device (RAM for the CPU)
};

struct BlasInfo {
  QString name;         // "OpenBLAS", "reference BLAS", "unknown"
  QString details;      // OpenBLAS's own configuration string, if any
  QString libraryPath;  // the libblas.so.3 that is loaded, resolved through symlinks
  bool fast = false;    // false for the reference BLAS, which is ~20x slower
};

struct CudaDriverInfo {
  bool driverLoaded = false;  // libcuda.so.1 present and cuInit succeeded
  int driverVersion = 0;      // e.g. 12020 for 12.2
  QList<ComputeDevice> devices;
  QString error;  // why the driver could not be used, if it could not
};

struct SystemInfo {
  QString atelierVersion;
  QString qtVersion;
  QString torchVersion;
  bool torchCuda = false;  // libtorch was built with CUDA and sees a device
  int torchCudaDevices = 0;
  CudaDriverInfo cudaDriver;
  BlasInfo blas;
  int cpuThreads = 0;      // intra-op threads libtorch uses now
  int availableCores = 0;  // cores this process may run on
  QString cpuName;
  qint64 memoryBytes = 0;
  QList<ComputeDevice> devices;  // the CPU first, then CUDA devices
  QString sentencepiece;         // path of the loaded shim, or why it failed
  bool sentencepieceOk = false;
};

// Gathers everything above. Can take seconds (CUDA driver start-up, loading
// the sentencepiece shim): never call it on the GUI thread.
SystemInfo collectSystemInfo();

// The shape `atelier system --json` prints.
QJsonObject systemInfoToJson(const SystemInfo& info);

BlasInfo detectBlas();
CudaDriverInfo probeCudaDriver();
int availableCpuCores();
QString cpuModelName();
qint64 totalMemoryBytes();
// This process's resident memory now (VmRSS) and its peak so far (VmHWM).
qint64 residentMemoryBytes();
qint64 peakResidentMemoryBytes();

}  // namespace Atelier
