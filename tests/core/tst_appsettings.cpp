// Preferences: defaults, recent projects list, and device resolution.
#include "settings/appsettings.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Atelier;

class TestAppSettings : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
  void init() { QFile::remove(AppSettings::filePath()); }
  void defaults();
  void recentProjectsAreUniqueNewestFirstAndCapped();
  void deviceResolution();
};

void TestAppSettings::defaults() {
  AppSettings s;
  QCOMPARE(s.computeDevice(), QStringLiteral("auto"));
  QCOMPARE(s.cpuThreads(), 0);
  QCOMPARE(s.uiLanguage(), QString());
  s.setComputeDevice(QStringLiteral("nonsense"));
  QCOMPARE(s.computeDevice(), QStringLiteral("auto"));
  s.setCpuThreads(-5);
  QCOMPARE(s.cpuThreads(), 0);
  s.setCpuThreads(3);
  QCOMPARE(AppSettings().cpuThreads(), 3);
}

void TestAppSettings::recentProjectsAreUniqueNewestFirstAndCapped() {
  AppSettings s;
  for (int i = 0; i < 15; ++i) s.addRecentProject(QStringLiteral("/p/%1").arg(i));
  s.addRecentProject(QStringLiteral("/p/12"));
  const QStringList list = s.recentProjects();
  QCOMPARE(list.size(), AppSettings::kMaxRecentProjects);
  QCOMPARE(list.first(), QStringLiteral("/p/12"));
  QCOMPARE(list.count(QStringLiteral("/p/12")), 1);
  s.removeRecentProject(QStringLiteral("/p/12"));
  QVERIFY(!s.recentProjects().contains(QStringLiteral("/p/12")));
}

void TestAppSettings::deviceResolution() {
  QCOMPARE(resolveComputeDevice(QStringLiteral("auto"), false).device, QStringLiteral("cpu"));
  QCOMPARE(resolveComputeDevice(QStringLiteral("auto"), true).device, QStringLiteral("cuda"));
  QCOMPARE(resolveComputeDevice(QStringLiteral("cpu"), true).device, QStringLiteral("cpu"));
  const ResolvedDevice fallback = resolveComputeDevice(QStringLiteral("cuda"), false);
  QCOMPARE(fallback.device, QStringLiteral("cpu"));
  QVERIFY(fallback.note.contains(QStringLiteral("no usable NVIDIA GPU")));
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"
