#pragma once

#include <QString>

#include "spmshim/atelier_spm_api.h"

namespace Atelier {

// The dlopen()ed sentencepiece shim: its function table, loaded once per
// process. See spmshim/atelier_spm_api.h for why it is not linked directly.
struct SpmLibrary {
  decltype(&atelier_spm_api_version) apiVersion = nullptr;
  decltype(&atelier_spm_set_log) setLog = nullptr;
  decltype(&atelier_spm_free_string) freeString = nullptr;
  decltype(&atelier_spm_free_ids) freeIds = nullptr;
  decltype(&atelier_spm_load_file) loadFile = nullptr;
  decltype(&atelier_spm_load_bytes) loadBytes = nullptr;
  decltype(&atelier_spm_free_model) freeModel = nullptr;
  decltype(&atelier_spm_encode) encode = nullptr;
  decltype(&atelier_spm_decode) decode = nullptr;
  decltype(&atelier_spm_piece_count) pieceCount = nullptr;
  decltype(&atelier_spm_id_to_piece) idToPiece = nullptr;
  decltype(&atelier_spm_piece_to_id) pieceToId = nullptr;
  decltype(&atelier_spm_score) score = nullptr;
  decltype(&atelier_spm_piece_type) pieceType = nullptr;
  decltype(&atelier_spm_special_id) specialId = nullptr;
  decltype(&atelier_spm_train) train = nullptr;

  // Returns the loaded library, or nullptr with a message in *error naming the
  // paths that were tried. Thread-safe; later calls return the same table.
  static const SpmLibrary* instance(QString* error);

  // Where the library was loaded from (empty before a successful load).
  static QString loadedPath();
};

// Takes an error string allocated by the shim and frees it.
QString takeSpmError(const SpmLibrary* lib, char* error);

}  // namespace Atelier
