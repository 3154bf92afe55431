#include "appsettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace Atelier {

QString AppSettings::filePath() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
      .filePath(QStringLiteral("atelier/atelier.ini"));
}

AppSettings::AppSettings() = default;

QString AppSettings::value(const QString& key, const QString& fallback) const {
  QSettings s(filePath(), QSettings::IniFormat);
  return s.value(key, fallback).toString();
}

void AppSettings::setValue(const QString& key, const QVariant& value) {
  QSettings s(filePath(), QSettings::IniFormat);
  s.setValue(key, value);
  s.sync();
}

QString AppSettings::computeDevice() const {
  const QString d = value(QStringLiteral("compute/device"), QStringLiteral("auto"));
  return (d == QLatin1String("cpu") || d == QLatin1String("cuda")) ? d : QStringLiteral("auto");
}

void AppSettings::setComputeDevice(const QString& device) {
  setValue(QStringLiteral("compute/device"), device);
}

int AppSettings::cpuThreads() const {
  QSettings s(filePath(), QSettings::IniFormat);
  return qMax(0, s.value(QStringLiteral("compute/cpu_threads"), 0).toInt());
}

void AppSettings::setCpuThreads(int threads) {
  setValue(QStringLiteral("compute/cpu_threads"), qMax(0, threads));
}

QString AppSettings::uiLanguage() const { return value(QStringLiteral("ui/language"), QString()); }

void AppSettings::setUiLanguage(const QString& code) { setValue(QStringLiteral("ui/language"), code); }

QStringList AppSettings::recentList(const QString& key) const {
  QSettings s(filePath(), QSettings::IniFormat);
  return s.value(key).toStringList();
}

void AppSettings::addToRecentList(const QString& key, const QString& folder) {
  const QString path = QFileInfo(folder).absoluteFilePath();
  QStringList list = recentList(key);
  list.removeAll(path);
  list.prepend(path);
  while (list.size() > kMaxRecentProjects) list.removeLast();
  setValue(key, list);
}

void AppSettings::removeFromRecentList(const QString& key, const QString& folder) {
  QStringList list = recentList(key);
  list.removeAll(QFileInfo(folder).absoluteFilePath());
  setValue(key, list);
}

QStringList AppSettings::recentProjects() const { return recentList(QStringLiteral("projects/recent")); }
void AppSettings::addRecentProject(const QString& f) { addToRecentList(QStringLiteral("projects/recent"), f); }
void AppSettings::removeRecentProject(const QString& f) { removeFromRecentList(QStringLiteral("projects/recent"), f); }
QStringList AppSettings::recentModels() const { return recentList(QStringLiteral("models/recent")); }
void AppSettings::addRecentModel(const QString& f) { addToRecentList(QStringLiteral("models/recent"), f); }
void AppSettings::removeRecentModel(const QString& f) { removeFromRecentList(QStringLiteral("models/recent"), f); }

ResolvedDevice resolveComputeDevice(const QString& setting, bool cudaAvailable) {
  if (setting == QLatin1String("cpu")) return {QStringLiteral("cpu"), QString()};
  if (cudaAvailable) return {QStringLiteral("cuda"), QString()};
  if (setting == QLatin1String("cuda"))
    return {QStringLiteral("cpu"),
            QStringLiteral("CUDA was chosen but no usable NVIDIA GPU was found, so the CPU is "
                           "used. Check the driver, or choose Automatic.")};
  return {QStringLiteral("cpu"), QString()};
}

}  // namespace Atelier
