#include "spmlibrary.h"

#include "log/logger.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>

#include <dlfcn.h>
#include <mutex>

#ifndef ATELIER_SPM_BUILD_DIR
#define ATELIER_SPM_BUILD_DIR ""
#endif

namespace Atelier {
namespace {

const char* kLibraryName = "libatelier_spm.so";

QString executableDir() {
  return QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).absolutePath();
}

// Candidates in order: an explicit override, next to the executable's lib
// folder (build tree and installed layout alike), then the build folder
// recorded at configure time (tests run from other folders).
QStringList candidatePaths() {
  QStringList paths;
  const QByteArray env = qgetenv("ATELIER_SPM_LIBRARY");
  if (!env.isEmpty()) paths << QString::fromLocal8Bit(env);
  const QString exeDir = executableDir();
  paths << QDir(exeDir).filePath(QStringLiteral("../lib/atelier/") + kLibraryName);
  paths << QDir(exeDir).filePath(kLibraryName);
  const QString buildDir = QString::fromUtf8(ATELIER_SPM_BUILD_DIR);
  if (!buildDir.isEmpty()) paths << QDir(buildDir).filePath(kLibraryName);
  return paths;
}

void forwardLog(void*, const char* line) {
  Logger::instance().write(LogLevel::Info, QStringLiteral("sentencepiece"),
                           QString::fromUtf8(line));
}

template <typename T>
bool resolve(void* handle, const char* name, T* out, QString* missing) {
  *out = reinterpret_cast<T>(dlsym(handle, name));
  if (!*out) *missing = QString::fromUtf8(name);
  return *out != nullptr;
}

struct LoadState {
  std::once_flag once;
  SpmLibrary table;
  bool ok = false;
  QString error;
  QString path;
};

LoadState& state() {
  static LoadState s;
  return s;
}

void load(LoadState& s) {
  QStringList tried;
  void* handle = nullptr;
  for (const QString& candidate : candidatePaths()) {
    const QString path = QFileInfo(candidate).absoluteFilePath();
    if (!QFileInfo::exists(path)) {
      tried << path + QStringLiteral(" (missing)");
      continue;
    }
    // RTLD_DEEPBIND: sentencepiece must bind to the protobuf inside its own
    // library, not to the system libprotobuf libtorch brought in.
    handle = dlopen(path.toLocal8Bit().constData(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (handle) {
      s.path = path;
      break;
    }
    tried << path + QStringLiteral(" (") + QString::fromLocal8Bit(dlerror()) + QStringLiteral(")");
  }
  if (!handle) {
    s.error = QStringLiteral(
                  "The sentencepiece support library %1 could not be loaded. Tried: %2. "
                  "Reinstall Atelier, or set ATELIER_SPM_LIBRARY to its path.")
                  .arg(QString::fromUtf8(kLibraryName), tried.join(QStringLiteral("; ")));
    return;
  }
  SpmLibrary& t = s.table;
  QString missing;
  const bool all =
      resolve(handle, "atelier_spm_api_version", &t.apiVersion, &missing) &&
      resolve(handle, "atelier_spm_set_log", &t.setLog, &missing) &&
      resolve(handle, "atelier_spm_free_string", &t.freeString, &missing) &&
      resolve(handle, "atelier_spm_free_ids", &t.freeIds, &missing) &&
      resolve(handle, "atelier_spm_load_file", &t.loadFile, &missing) &&
      resolve(handle, "atelier_spm_load_bytes", &t.loadBytes, &missing) &&
      resolve(handle, "atelier_spm_free_model", &t.freeModel, &missing) &&
      resolve(handle, "atelier_spm_encode", &t.encode, &missing) &&
      resolve(handle, "atelier_spm_decode", &t.decode, &missing) &&
      resolve(handle, "atelier_spm_piece_count", &t.pieceCount, &missing) &&
      resolve(handle, "atelier_spm_id_to_piece", &t.idToPiece, &missing) &&
      resolve(handle, "atelier_spm_piece_to_id", &t.pieceToId, &missing) &&
      resolve(handle, "atelier_spm_score", &t.score, &missing) &&
      resolve(handle, "atelier_spm_piece_type", &t.pieceType, &missing) &&
      resolve(handle, "atelier_spm_special_id", &t.specialId, &missing) &&
      resolve(handle, "atelier_spm_train", &t.train, &missing);
  if (!all) {
    s.error = QStringLiteral("%1 lacks the function %2; it belongs to another Atelier version. "
                             "Reinstall Atelier.")
                  .arg(s.path, missing);
    return;
  }
  if (t.apiVersion() != ATELIER_SPM_API_VERSION) {
    s.error = QStringLiteral("%1 has interface version %2, this Atelier needs %3. "
                             "Reinstall Atelier.")
                  .arg(s.path)
                  .arg(t.apiVersion())
                  .arg(ATELIER_SPM_API_VERSION);
    return;
  }
  t.setLog(&forwardLog, nullptr);
  s.ok = true;
  Logger::instance().write(LogLevel::Debug, QStringLiteral("tokenizer"),
                           QStringLiteral("sentencepiece shim loaded from %1").arg(s.path));
}

}  // namespace

const SpmLibrary* SpmLibrary::instance(QString* error) {
  LoadState& s = state();
  std::call_once(s.once, [&s] { load(s); });
  if (!s.ok) {
    if (error) *error = s.error;
    return nullptr;
  }
  return &s.table;
}

QString SpmLibrary::loadedPath() { return state().path; }

QString takeSpmError(const SpmLibrary* lib, char* error) {
  if (!error) return QStringLiteral("unknown sentencepiece error");
  QString message = QString::fromUtf8(error);
  lib->freeString(error);
  return message;
}

}  // namespace Atelier
