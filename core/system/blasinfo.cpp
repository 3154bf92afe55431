// Which BLAS libtorch ended up with. Debian picks libblas.so.3 through the
// alternatives system; the reference implementation is ~20x slower than
// OpenBLAS, so users (and `atelier system`) must be able to see which it is.
#include "systeminfo.h"

#include <QFileInfo>

#include <dlfcn.h>
#include <link.h>

#include <cstring>

namespace Atelier {
namespace {

int findLibblas(struct dl_phdr_info* info, size_t, void* data) {
  const char* name = info->dlpi_name;
  if (name && std::strstr(name, "libblas.so")) {
    *static_cast<QString*>(data) = QString::fromLocal8Bit(name);
    return 1;
  }
  return 0;
}

}  // namespace

BlasInfo detectBlas() {
  BlasInfo info;
  QString loaded;
  dl_iterate_phdr(findLibblas, &loaded);
  if (!loaded.isEmpty()) info.libraryPath = QFileInfo(loaded).canonicalFilePath();

  using ConfigFn = char* (*)();
  using ParallelFn = int (*)();
  auto config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  auto parallel = reinterpret_cast<ParallelFn>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
  if (config) {
    info.name = QStringLiteral("OpenBLAS");
    info.details = QString::fromLatin1(config()).trimmed();
    if (parallel) {
      static const char* modes[] = {"sequential", "pthreads", "openmp"};
      const int mode = parallel();
      if (mode >= 0 && mode <= 2)
        info.details += QStringLiteral(" (%1)").arg(QString::fromLatin1(modes[mode]));
    }
    info.fast = true;
    return info;
  }
  if (dlsym(RTLD_DEFAULT, "mkl_get_version_string")) {
    info.name = QStringLiteral("Intel MKL");
    info.fast = true;
    return info;
  }
  if (dlsym(RTLD_DEFAULT, "bli_info_get_version_str")) {
    info.name = QStringLiteral("BLIS");
    info.fast = true;
    return info;
  }
  if (info.libraryPath.contains(QStringLiteral("/blas/"))) {
    info.name = QStringLiteral("reference BLAS");
    info.details = QStringLiteral("slow: install the package libopenblas0-openmp");
    return info;
  }
  info.name = info.libraryPath.isEmpty() ? QStringLiteral("none loaded") : QStringLiteral("unknown");
  return info;
}

}  // namespace Atelier
