#include "torchruntime.h"

#include <QFile>

#include "log/logger.h"
#include "systeminfo.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <c10/util/Exception.h>

#include <mutex>

namespace Atelier::TorchRuntime {
namespace {

// libtorch's TORCH_WARN goes through this handler instead of stderr. The
// handler interface changed between libtorch 1.x and 2.x.
class LoggerWarningHandler : public c10::WarningHandler {
 public:
#if TORCH_VERSION_MAJOR >= 2
  void process(const c10::Warning& warning) override {
    report(warning.source_location(), warning.msg());
  }
#else
  void process(const c10::SourceLocation& loc, const std::string& msg, const bool) override {
    report(loc, msg);
  }
#endif

 private:
  static void report(const c10::SourceLocation& loc, const std::string& msg) {
    logWarning(QStringLiteral("torch"), QStringLiteral("%1 (%2:%3)")
                                            .arg(QString::fromStdString(msg),
                                                 QString::fromUtf8(loc.file))
                                            .arg(loc.line));
  }
};

void installWarningHandler(c10::WarningHandler* handler) {
#if TORCH_VERSION_MAJOR >= 2
  c10::WarningUtils::set_warning_handler(handler);
#else
  c10::Warning::set_warning_handler(handler);
#endif
}

}  // namespace

void initialize(int threads) {
  static std::once_flag once;
  std::call_once(once, [] {
    static LoggerWarningHandler handler;
    installWarningHandler(&handler);
  });
  setThreads(threads);
}

void setThreads(int threads) {
  const int n = threads > 0 ? threads : availableCpuCores();
  // libtorch starts with one intra-op thread on these machines.
  at::set_num_threads(n);
}

int threads() { return at::get_num_threads(); }

QString version() { return QStringLiteral(TORCH_VERSION); }

bool cudaAvailable() { return torch::cuda::is_available(); }

bool useCuda(const QString& device, bool* cuda, QString* error) {
  *cuda = device == QLatin1String("cuda") || (device == QLatin1String("auto") && cudaAvailable());
  if (*cuda && !cudaAvailable()) {
    *error = QStringLiteral("CUDA was requested but no usable NVIDIA GPU was found; use --device cpu");
    return false;
  }
  return true;
}

int cudaDeviceCount() { return static_cast<int>(torch::cuda::device_count()); }

bool cpuHasNativeBf16() {
  // Read once: the kernel lists the instruction-set flags of each core.
  static const bool has = [] {
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (!f.open(QIODevice::ReadOnly)) return false;
    // /proc files report size 0, so atEnd() cannot be trusted: read to the end.
    for (const QByteArray& line : f.readAll().split('\n')) {
      if (!line.startsWith("flags")) continue;
      const QList<QByteArray> flags = line.simplified().split(' ');
      return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }
    return false;
  }();
  return has;
}

}  // namespace Atelier::TorchRuntime
