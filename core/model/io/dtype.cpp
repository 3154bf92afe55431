#include "dtype.h"

#include <QStringList>

namespace Atelier {
namespace {

// Listed in the order users meet them, so supportedDTypeNames() reads well.
constexpr DType kAll[] = {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I64,
                          DType::I32, DType::I16, DType::I8,   DType::U8,  DType::BOOL};

const char* rawName(DType dtype) {
  switch (dtype) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::F64: return "F64";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::BOOL: return "BOOL";
  }
  return "?";
}

}  // namespace

int dtypeSize(DType dtype) {
  switch (dtype) {
    case DType::F64:
    case DType::I64: return 8;
    case DType::F32:
    case DType::I32: return 4;
    case DType::F16:
    case DType::BF16:
    case DType::I16: return 2;
    case DType::I8:
    case DType::U8:
    case DType::BOOL: return 1;
  }
  return 0;
}

QString dtypeName(DType dtype) { return QString::fromLatin1(rawName(dtype)); }

bool parseDType(const QString& name, DType* dtype) {
  for (DType candidate : kAll) {
    if (name == QLatin1String(rawName(candidate))) {
      *dtype = candidate;
      return true;
    }
  }
  return false;
}

QString supportedDTypeNames() {
  QStringList names;
  for (DType d : kAll) names << dtypeName(d);
  return names.join(QStringLiteral(", "));
}

}  // namespace Atelier
