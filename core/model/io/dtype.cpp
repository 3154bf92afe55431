#include "dtype.h"

namespace Atelier {
namespace {
struct Entry {
  DType dtype;
  const char* name;
  int size;
};
constexpr Entry kTypes[] = {
    {DType::F32, "F32", 4}, {DType::F16, "F16", 2}, {DType::BF16, "BF16", 2},
    {DType::F64, "F64", 8}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
    {DType::I16, "I16", 2}, {DType::I8, "I8", 1},   {DType::U8, "U8", 1},
    {DType::BOOL, "BOOL", 1},
};
}  // namespace

int dtypeSize(DType d) {
  for (const Entry& e : kTypes)
    if (e.dtype == d) return e.size;
  return 0;
}

QString dtypeName(DType d) {
  for (const Entry& e : kTypes)
    if (e.dtype == d) return QString::fromLatin1(e.name);
  return QStringLiteral("?");
}

bool parseDType(const QString& name, DType* d) {
  for (const Entry& e : kTypes) {
    if (name == QLatin1String(e.name)) {
      *d = e.dtype;
      return true;
    }
  }
  return false;
}

}  // namespace Atelier
