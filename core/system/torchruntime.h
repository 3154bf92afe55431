#pragma once

#include <QString>

// The few facts about libtorch the rest of Atelier needs, behind a header that
// does not include torch (ui/ may include this one).
namespace Atelier::TorchRuntime {

// Sets libtorch's intra-op thread count (0 = all available cores) and routes
// libtorch's warnings into the Logger. Safe to call more than once.
void initialize(int threads = 0);

// Changes only the thread count (0 = all available cores).
void setThreads(int threads);
int threads();

QString version();
bool cudaAvailable();
int cudaDeviceCount();
// Whether a device setting (auto | cpu | cuda) means the GPU here; false with
// *error when "cuda" was asked for and there is none.
bool useCuda(const QString& device, bool* cuda, QString* error);

// True when the CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX): there
// bf16 matrix products through oneDNN beat float32 ones (see precision.h).
bool cpuHasNativeBf16();

}  // namespace Atelier::TorchRuntime
