#include "clicommon.h"
#include "commands.h"

#include "system/systeminfo.h"

namespace Atelier::Cli {

int runSystem(const QStringList& args) {
  VerbParser v(QStringLiteral("system"),
               QStringLiteral("Show Atelier's, Qt's and libtorch's versions, the BLAS in use, the "
                              "CPU threads and the GPUs."));
  if (int rc = v.parse(args, 0, 0); rc >= 0) return rc;

  const SystemInfo info = collectSystemInfo();
  if (v.wantsJson()) {
    printJson(systemInfoToJson(info));
    return Ok;
  }
  printLine(QStringLiteral("Atelier %1 (Qt %2, libtorch %3)")
                .arg(info.atelierVersion, info.qtVersion, info.torchVersion));
  printLine(QStringLiteral("CPU:    %1, %2 cores, libtorch uses %3 threads, %4 memory")
                .arg(info.cpuName)
                .arg(info.availableCores)
                .arg(info.cpuThreads)
                .arg(humanBytes(info.memoryBytes)));
  printLine(QStringLiteral("BLAS:   %1%2").arg(info.blas.name,
                                               info.blas.details.isEmpty()
                                                   ? QString()
                                                   : QStringLiteral(" — ") + info.blas.details));
  if (info.torchCuda) {
    for (const ComputeDevice& d : info.devices)
      if (d.type == QLatin1String("cuda"))
        printLine(QStringLiteral("GPU %1:  %2, %3").arg(d.index).arg(d.name, humanBytes(d.memoryBytes)));
  } else {
    printLine(QStringLiteral("GPU:    none usable (%1)")
                  .arg(info.cudaDriver.driverLoaded
                           ? QStringLiteral("this libtorch was built without CUDA")
                           : info.cudaDriver.error));
  }
  printLine(QStringLiteral("Tokenizer library: %1").arg(info.sentencepiece));
  if (!info.blas.fast)
    fail(QStringLiteral("the BLAS in use is slow; install libopenblas0-openmp"), Ok);
  return info.sentencepieceOk ? Ok : Failure;
}

}  // namespace Atelier::Cli
