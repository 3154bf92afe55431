#include "precision.h"

#include "system/torchruntime.h"

namespace Atelier {

bool resolveBasePrecision(const QString& wanted, bool cuda, torch::ScalarType* type, QString* error) {
  if (wanted == QLatin1String("f32")) {
    *type = torch::kFloat32;
  } else if (wanted == QLatin1String("bf16")) {
    *type = torch::kBFloat16;
  } else if (wanted == QLatin1String("auto") || wanted.isEmpty()) {
    *type = cuda || TorchRuntime::cpuHasNativeBf16() ? torch::kBFloat16 : torch::kFloat32;
  } else {
    *error = QStringLiteral("precision must be auto, f32 or bf16 (got \"%1\")").arg(wanted);
    return false;
  }
  return true;
}

QString precisionName(torch::ScalarType type) {
  return type == torch::kBFloat16 ? QStringLiteral("bf16") : QStringLiteral("f32");
}

}  // namespace Atelier
