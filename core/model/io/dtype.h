#pragma once

#include <QString>

namespace Atelier {

// Element types of tensors in safetensors files (the format's own spelling).
enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL };

int dtypeSize(DType dtype);
QString dtypeName(DType dtype);  // "F32", "BF16", ...
bool parseDType(const QString& name, DType* dtype);

}  // namespace Atelier
