// The C interface of libatelier_spm, the small library that wraps sentencepiece.
//
// Why a separate library: Debian's libsentencepiece carries its own copy of
// protobuf and exports those symbols, while libtorch links the system
// libprotobuf. Both in one link map crash at start. Core therefore never links
// sentencepiece; it dlopen()s this library with RTLD_DEEPBIND so that
// sentencepiece resolves its protobuf symbols inside its own scope. Only plain C
// types cross this boundary.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// The shim is built with hidden visibility: only this interface is exported.
// Otherwise the C++ template code it instantiates would be exported too, and
// under RTLD_DEEPBIND sentencepiece would bind its own libstdc++ calls to those
// copies (seen crashing where the compiler differs from sentencepiece's).
#pragma GCC visibility push(default)

#define ATELIER_SPM_API_VERSION 1

typedef struct atelier_spm_model atelier_spm_model;

// Receives every line sentencepiece would have printed to stderr.
typedef void (*atelier_spm_log_fn)(void* user, const char* line);

// Version of this interface; the loader refuses a library with another one.
int atelier_spm_api_version(void);

// Installs the log receiver used by all later calls (NULL: discard).
void atelier_spm_set_log(atelier_spm_log_fn fn, void* user);

// Strings returned through `char**` are allocated here; free them with
// atelier_spm_free_string. Error messages likewise.
void atelier_spm_free_string(char* s);
void atelier_spm_free_ids(int32_t* ids);

// Returns NULL on failure and sets *error.
atelier_spm_model* atelier_spm_load_file(const char* path, char** error);
atelier_spm_model* atelier_spm_load_bytes(const char* data, size_t size, char** error);
void atelier_spm_free_model(atelier_spm_model* model);

// Returns 0 on success.
int atelier_spm_encode(const atelier_spm_model* model, const char* text, size_t size,
                       int32_t** ids, size_t* count, char** error);
int atelier_spm_decode(const atelier_spm_model* model, const int32_t* ids, size_t count,
                       char** text, char** error);

int atelier_spm_piece_count(const atelier_spm_model* model);
// The returned pointer stays valid while the model lives.
const char* atelier_spm_id_to_piece(const atelier_spm_model* model, int id);
int atelier_spm_piece_to_id(const atelier_spm_model* model, const char* piece);
float atelier_spm_score(const atelier_spm_model* model, int id);

// Kinds of piece, as sentencepiece's ModelProto.SentencePiece.Type numbers them.
enum {
  ATELIER_SPM_NORMAL = 1,
  ATELIER_SPM_UNKNOWN = 2,
  ATELIER_SPM_CONTROL = 3,
  ATELIER_SPM_USER_DEFINED = 4,
  ATELIER_SPM_UNUSED = 5,
  ATELIER_SPM_BYTE = 6
};
int atelier_spm_piece_type(const atelier_spm_model* model, int id);

// Special ids; -1 where the model has none.
int atelier_spm_special_id(const atelier_spm_model* model, char which /* 'u','b','e','p' */);

// Trains a model from `count` key/value options (sentencepiece's trainer flags
// without the leading dashes, e.g. "input", "model_prefix", "vocab_size").
int atelier_spm_train(const char* const* keys, const char* const* values, size_t count,
                      char** error);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
