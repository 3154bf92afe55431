#include "application.h"

#include "mainwindow.h"

#include "settings/appsettings.h"
#include "system/torchruntime.h"

#include <QApplication>
#include <QLocale>
#include <QTranslator>

namespace Atelier {

QList<QPair<QString, QString>> availableLanguages() {
  return {{QStringLiteral("en"), QStringLiteral("English")},
          {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

QString installTranslation(const QString& code) {
  static QTranslator* translator = nullptr;
  if (translator) {
    QCoreApplication::removeTranslator(translator);
    delete translator;
    translator = nullptr;
  }
  const QString wanted = code.isEmpty() ? QLocale::system().name().section(QLatin1Char('_'), 0, 0) : code;
  if (wanted == QLatin1String("en")) return wanted;
  auto* t = new QTranslator;
  // Translations are compiled into the binary under :/i18n (see translations/).
  if (t->load(QStringLiteral(":/i18n/atelier_%1.qm").arg(wanted))) {
    QCoreApplication::installTranslator(t);
    translator = t;
    return wanted;
  }
  delete t;
  return QStringLiteral("en");
}

int runGui(int& argc, char** argv, const QString& projectFolder) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("atelier"));
  QApplication::setApplicationDisplayName(QStringLiteral("Atelier"));
  QApplication::setOrganizationName(QStringLiteral("Atelier"));
  QApplication::setDesktopFileName(QStringLiteral("atelier"));

  AppSettings settings;
  installTranslation(settings.uiLanguage());
  TorchRuntime::initialize(settings.cpuThreads());

  MainWindow window;
  window.show();
  if (!projectFolder.isEmpty()) window.openProject(projectFolder);
  return app.exec();
}

}  // namespace Atelier
