// libatelier_spm: sentencepiece behind a C interface (see atelier_spm_api.h).
#include "atelier_spm_api.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <mutex>
#include <streambuf>
#include <string>
#include <unordered_map>

struct atelier_spm_model {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

atelier_spm_log_fn g_logFn = nullptr;
void* g_logUser = nullptr;
// sentencepiece logs to std::cerr; while one of our calls runs, std::cerr is
// pointed at a buffer that forwards whole lines to the log receiver. The mutex
// keeps two threads from swapping the buffer at once.
std::mutex g_cerrMutex;

class LineForwardingBuffer : public std::streambuf {
 public:
  ~LineForwardingBuffer() override { flushLine(); }

 protected:
  int overflow(int ch) override {
    if (ch == traits_type::eof()) return 0;
    if (ch == '\n') {
      flushLine();
    } else {
      m_line.push_back(static_cast<char>(ch));
    }
    return ch;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) overflow(static_cast<unsigned char>(s[i]));
    return n;
  }

 private:
  void flushLine() {
    if (m_line.empty()) return;
    if (g_logFn) g_logFn(g_logUser, m_line.c_str());
    m_line.clear();
  }
  std::string m_line;
};

class CerrCapture {
 public:
  CerrCapture() : m_lock(g_cerrMutex), m_previous(std::cerr.rdbuf(&m_buffer)) {}
  ~CerrCapture() {
    std::cerr.flush();
    std::cerr.rdbuf(m_previous);
  }

 private:
  std::lock_guard<std::mutex> m_lock;
  LineForwardingBuffer m_buffer;
  std::streambuf* m_previous;
};

char* duplicate(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (!out) return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

void setError(char** error, const std::string& message) {
  if (error) *error = duplicate(message);
}

}  // namespace

extern "C" {

int atelier_spm_api_version(void) { return ATELIER_SPM_API_VERSION; }

void atelier_spm_set_log(atelier_spm_log_fn fn, void* user) {
  std::lock_guard<std::mutex> lock(g_cerrMutex);
  g_logFn = fn;
  g_logUser = user;
}

void atelier_spm_free_string(char* s) { std::free(s); }
void atelier_spm_free_ids(int32_t* ids) { std::free(ids); }

atelier_spm_model* atelier_spm_load_file(const char* path, char** error) {
  try {
    CerrCapture capture;
    auto model = new atelier_spm_model;
    const auto status = model->processor.Load(path);
    if (!status.ok()) {
      setError(error, status.ToString());
      delete model;
      return nullptr;
    }
    return model;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return nullptr;
  }
}

atelier_spm_model* atelier_spm_load_bytes(const char* data, size_t size, char** error) {
  try {
    CerrCapture capture;
    auto model = new atelier_spm_model;
    const auto status =
        model->processor.LoadFromSerializedProto(absl::string_view(data, size));
    if (!status.ok()) {
      setError(error, status.ToString());
      delete model;
      return nullptr;
    }
    return model;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return nullptr;
  }
}

void atelier_spm_free_model(atelier_spm_model* model) { delete model; }

int atelier_spm_encode(const atelier_spm_model* model, const char* text, size_t size,
                       int32_t** ids, size_t* count, char** error) {
  try {
    std::vector<int> out;
    const auto status = model->processor.Encode(absl::string_view(text, size), &out);
    if (!status.ok()) {
      setError(error, status.ToString());
      return 1;
    }
    *count = out.size();
    *ids = static_cast<int32_t*>(std::malloc(sizeof(int32_t) * (out.empty() ? 1 : out.size())));
    if (!*ids) {
      setError(error, "out of memory");
      return 1;
    }
    for (size_t i = 0; i < out.size(); ++i) (*ids)[i] = out[i];
    return 0;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return 1;
  }
}

int atelier_spm_decode(const atelier_spm_model* model, const int32_t* ids, size_t count,
                       char** text, char** error) {
  try {
    const int pieces = model->processor.GetPieceSize();
    std::vector<int> in(ids, ids + count);
    for (int id : in) {
      // sentencepiece aborts on an id outside the vocabulary; check first.
      if (id < 0 || id >= pieces) {
        setError(error, "token id " + std::to_string(id) + " is outside the vocabulary (0.." +
                            std::to_string(pieces - 1) + ")");
        return 1;
      }
    }
    std::string out;
    const auto status = model->processor.Decode(in, &out);
    if (!status.ok()) {
      setError(error, status.ToString());
      return 1;
    }
    *text = duplicate(out);
    return 0;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return 1;
  }
}

int atelier_spm_piece_count(const atelier_spm_model* model) {
  return model->processor.GetPieceSize();
}

const char* atelier_spm_id_to_piece(const atelier_spm_model* model, int id) {
  if (id < 0 || id >= model->processor.GetPieceSize()) return nullptr;
  return model->processor.IdToPiece(id).c_str();
}

int atelier_spm_piece_to_id(const atelier_spm_model* model, const char* piece) {
  return model->processor.PieceToId(piece);
}

float atelier_spm_score(const atelier_spm_model* model, int id) {
  if (id < 0 || id >= model->processor.GetPieceSize()) return 0.0f;
  return model->processor.GetScore(id);
}

int atelier_spm_piece_type(const atelier_spm_model* model, int id) {
  const auto& p = model->processor;
  if (id < 0 || id >= p.GetPieceSize()) return 0;
  if (p.IsUnknown(id)) return ATELIER_SPM_UNKNOWN;
  if (p.IsControl(id)) return ATELIER_SPM_CONTROL;
  if (p.IsUnused(id)) return ATELIER_SPM_UNUSED;
  if (p.IsByte(id)) return ATELIER_SPM_BYTE;
  // The processor has no IsUserDefined(); such pieces are reported as normal.
  return ATELIER_SPM_NORMAL;
}

int atelier_spm_special_id(const atelier_spm_model* model, char which) {
  const auto& p = model->processor;
  switch (which) {
    case 'u': return p.unk_id();
    case 'b': return p.bos_id();
    case 'e': return p.eos_id();
    case 'p': return p.pad_id();
    default: return -1;
  }
}

int atelier_spm_train(const char* const* keys, const char* const* values, size_t count,
                      char** error) {
  try {
    std::unordered_map<std::string, std::string> kwargs;
    for (size_t i = 0; i < count; ++i) {
      // Not a trainer flag in every sentencepiece version: the seed is global.
      if (std::string(keys[i]) == "random_seed") {
        sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned int>(std::stoul(values[i])));
        continue;
      }
      kwargs[keys[i]] = values[i];
    }
    CerrCapture capture;
    const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs);
    if (!status.ok()) {
      setError(error, status.ToString());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    setError(error, e.what());
    return 1;
  }
}

}  // extern "C"
