#pragma once

#include <QString>

namespace Atelier {

// Element types of tensors in safetensors files. The names are the format's
// own spelling, so dtypeName() output goes straight into a file header.
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL };

int dtypeSize(DType dtype);     // bytes per element
QString dtypeName(DType dtype); // "F32", "BF16", ...
bool parseDType(const QString& name, DType* dtype);

// "F32, F16, BF16, ..." for error messages that say what Atelier can read.
QString supportedDTypeNames();

}  // namespace Atelier
