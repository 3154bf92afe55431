#pragma once

#include <QString>
#include <QStringList>

namespace Atelier {

// The user's preferences, kept in one INI file under the standard config
// location (tests switch QStandardPaths to test mode to keep them apart).
class AppSettings {
 public:
  AppSettings();

  // "auto" (CUDA when available, else CPU), "cpu" or "cuda".
  QString computeDevice() const;
  void setComputeDevice(const QString& device);

  // 0 = use every available core.
  int cpuThreads() const;
  void setCpuThreads(int threads);

  // "" = follow the system, otherwise a language code such as "en" or "de".
  QString uiLanguage() const;
  void setUiLanguage(const QString& code);

  // Most recent first; at most kMaxRecentProjects.
  QStringList recentProjects() const;
  void addRecentProject(const QString& folder);
  void removeRecentProject(const QString& folder);

  // Model folders chosen on the Model page, most recent first.
  QStringList recentModels() const;
  void addRecentModel(const QString& folder);
  void removeRecentModel(const QString& folder);

  static constexpr int kMaxRecentProjects = 10;
  static QString filePath();

 private:
  QString value(const QString& key, const QString& fallback) const;
  void setValue(const QString& key, const QVariant& value);
  QStringList recentList(const QString& key) const;
  void addToRecentList(const QString& key, const QString& folder);
  void removeFromRecentList(const QString& key, const QString& folder);
};

// What "auto", "cpu" or "cuda" means on this machine.
struct ResolvedDevice {
  QString device;  // "cpu" or "cuda"
  QString note;    // why, in plain words, when the choice was not honoured
};
ResolvedDevice resolveComputeDevice(const QString& setting, bool cudaAvailable);

}  // namespace Atelier
