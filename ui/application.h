#pragma once

#include <QString>

namespace Atelier {

// Starts the GUI: QApplication, translations, settings, the main window.
// Opens `projectFolder` at once when it is not empty.
int runGui(int& argc, char** argv, const QString& projectFolder);

// Loads the translation for `code` ("" = the system's language) into the
// running application. Returns the language actually used ("en" when none fits).
QString installTranslation(const QString& code);

// Languages the UI is available in: code -> native name.
QList<QPair<QString, QString>> availableLanguages();

}  // namespace Atelier
