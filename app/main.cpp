// `atelier` with no arguments (or `gui [DIR]`) opens the window; with a verb
// it runs headless. Only argument handling lives here.
#include "cli/commands.h"

#include "log/logger.h"
#include "ui/application.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

namespace {

bool hasDisplay() {
  return std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
}

}  // namespace

int main(int argc, char** argv) {
  const bool gui = argc == 1 || (argc <= 3 && QByteArray(argv[1]) == "gui");
  Atelier::Logger::installQtMessageHandler();
  if (gui) {
    if (!hasDisplay()) {
      std::fprintf(stderr,
                   "error: no display found, so the window cannot open. Run a verb instead, "
                   "e.g. `atelier demo` (see `atelier --help`).\n");
      return 1;
    }
    const QString project = argc == 3 ? QString::fromLocal8Bit(argv[2]) : QString();
    return Atelier::runGui(argc, argv, project);
  }
  QCoreApplication app(argc, argv);
  QCoreApplication::setApplicationName(QStringLiteral("atelier"));
  QCoreApplication::setOrganizationName(QStringLiteral("Atelier"));
  return Atelier::Cli::run(QCoreApplication::arguments());
}
