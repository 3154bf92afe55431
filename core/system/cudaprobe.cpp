// Asks the NVIDIA driver directly which GPUs exist, their names and memory.
// libtorch's C++ API only says how many devices it sees, and its CUDA headers
// are absent from CPU builds; the driver API through dlopen() works with any
// libtorch and on machines without a GPU (the library is simply missing).
#include "systeminfo.h"

#include <dlfcn.h>

namespace Atelier {

CudaDriverInfo probeCudaDriver() {
  CudaDriverInfo info;
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    info.error = QStringLiteral("no NVIDIA driver (libcuda.so.1 not found)");
    return info;
  }
  using InitFn = int (*)(unsigned int);
  using IntOutFn = int (*)(int*);
  using DeviceGetFn = int (*)(int*, int);
  using NameFn = int (*)(char*, int, int);
  using MemFn = int (*)(size_t*, int);
  auto cuInit = reinterpret_cast<InitFn>(dlsym(lib, "cuInit"));
  auto cuDriverGetVersion = reinterpret_cast<IntOutFn>(dlsym(lib, "cuDriverGetVersion"));
  auto cuDeviceGetCount = reinterpret_cast<IntOutFn>(dlsym(lib, "cuDeviceGetCount"));
  auto cuDeviceGet = reinterpret_cast<DeviceGetFn>(dlsym(lib, "cuDeviceGet"));
  auto cuDeviceGetName = reinterpret_cast<NameFn>(dlsym(lib, "cuDeviceGetName"));
  auto cuDeviceTotalMem = reinterpret_cast<MemFn>(dlsym(lib, "cuDeviceTotalMem_v2"));
  if (!cuInit || !cuDriverGetVersion || !cuDeviceGetCount || !cuDeviceGet || !cuDeviceGetName ||
      !cuDeviceTotalMem) {
    info.error = QStringLiteral("libcuda.so.1 lacks expected functions (driver too old?)");
    return info;  // the library stays loaded; unloading a driver library is not safe
  }
  const int rc = cuInit(0);
  if (rc != 0) {
    info.error = QStringLiteral("the NVIDIA driver did not start (CUDA error %1)").arg(rc);
    return info;
  }
  info.driverLoaded = true;
  cuDriverGetVersion(&info.driverVersion);
  int count = 0;
  if (cuDeviceGetCount(&count) != 0) count = 0;
  for (int i = 0; i < count; ++i) {
    int device = 0;
    if (cuDeviceGet(&device, i) != 0) continue;
    char name[256] = {};
    size_t bytes = 0;
    cuDeviceGetName(name, sizeof(name) - 1, device);
    cuDeviceTotalMem(&bytes, device);
    ComputeDevice d;
    d.type = QStringLiteral("cuda");
    d.index = i;
    d.name = QString::fromLocal8Bit(name);
    d.memoryBytes = static_cast<qint64>(bytes);
    info.devices << d;
  }
  return info;
}

}  // namespace Atelier
