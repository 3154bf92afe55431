#pragma once
// The Llama-family decoder (Llama 1/2/3, Mistral, Qwen2, TinyLlama, SmolLM) in
// libtorch, with the semantics of transformers' modeling code. Internal to
// core: this header includes torch and must never be included from ui/.

#include "model/fusedlayers.h"
#include "model/modelconfig.h"

#include <torch/torch.h>

#include <vector>

namespace Atelier {

// Keys and values of every layer for the tokens seen so far.
struct KVCache {
  std::vector<torch::Tensor> keys;    // per layer [B, kvHeads, T, headDim]
  std::vector<torch::Tensor> values;  // per layer
  int64_t length() const { return keys.empty() || !keys[0].defined() ? 0 : keys[0].size(2); }
  void clear() {
    keys.clear();
    values.clear();
  }
};

class RMSNormImpl : public torch::nn::Module {
 public:
  RMSNormImpl(int64_t size, double eps);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor weight;

 private:
  double mEps;
};
TORCH_MODULE(RMSNorm);

// Rotary position embedding tables (cos, sin) for positions [start, start+T).
class RotaryEmbedding {
 public:
  explicit RotaryEmbedding(const ModelConfig& config);
  std::pair<torch::Tensor, torch::Tensor> cosSin(int64_t start, int64_t length,
                                                  const torch::Device& device) const;
  const torch::Tensor& inverseFrequencies() const { return mInvFreq; }

 private:
  torch::Tensor mInvFreq;  // [headDim/2], float32
};

// A linear projection (y = x·Wᵀ + b) that can carry a LoRA adapter:
// y = x·Wᵀ + b + scaling · dropout(x)·Aᵀ·Bᵀ, with A [rank, in], B [out, rank].
// Parameters are named "weight", "bias", "lora_A", "lora_B", so full names
// match Hugging Face's and PEFT's once PEFT's prefix is added.
class ProjectionImpl : public torch::nn::Module {
 public:
  ProjectionImpl(int64_t in, int64_t out, bool bias);
  torch::Tensor forward(const torch::Tensor& x);
  torch::Tensor plainForward(const torch::Tensor& x);
  // The weights forward uses now (no adapter while merged or switched off).
  ProjectionWeights fusedWeights() const;

  // Adds a fresh adapter as PEFT initialises it: A Kaiming-uniform, B zero.
  void addLora(int64_t rank, double scaling, double dropout);
  bool hasLora() const { return loraA.defined(); }
  // Folds scaling·B·A into the weight (and back); forward skips the adapter while merged.
  void merge();
  void unmerge();
  bool isMerged() const { return mMerged; }
  // Off: the base model alone (DPO's reference model).
  void setLoraEnabled(bool enabled) { mLoraEnabled = enabled; }
  double scaling() const { return mScaling; }

  torch::Tensor weight, bias, loraA, loraB;

 private:
  double mScaling = 0.0;
  double mDropout = 0.0;
  bool mMerged = false;
  bool mLoraEnabled = true;
};
TORCH_MODULE(Projection);

class AttentionImpl : public torch::nn::Module {
 public:
  explicit AttentionImpl(const ModelConfig& config);
  // x [B, T, H]; cos/sin [T, headDim]; the cache slot is appended to in place.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                        torch::Tensor* cachedKeys, torch::Tensor* cachedValues);
  Projection q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};

 private:
  int64_t mHeads, mKvHeads, mHeadDim;
};
TORCH_MODULE(Attention);

class MlpImpl : public torch::nn::Module {
 public:
  explicit MlpImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& x);
  Projection gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(Mlp);

class DecoderLayerImpl : public torch::nn::Module {
 public:
  explicit DecoderLayerImpl(const ModelConfig& config);
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin,
                        torch::Tensor* cachedKeys, torch::Tensor* cachedValues);
  Attention self_attn{nullptr};
  Mlp mlp{nullptr};
  RMSNorm input_layernorm{nullptr}, post_attention_layernorm{nullptr};
};
TORCH_MODULE(DecoderLayer);

// "model.*" in Hugging Face names.
class DecoderImpl : public torch::nn::Module {
 public:
  explicit DecoderImpl(const ModelConfig& config);
  torch::nn::Embedding embed_tokens{nullptr};
  torch::nn::ModuleList layers{nullptr};
  RMSNorm norm{nullptr};
};
TORCH_MODULE(Decoder);

class CausalLMImpl : public torch::nn::Module {
 public:
  explicit CausalLMImpl(const ModelConfig& config);

  // ids [B, T] int64 → logits [B, T, vocab] (float32). With a cache, the ids
  // continue the cached sequence and the cache grows by T.
  torch::Tensor forward(const torch::Tensor& ids, KVCache* cache = nullptr);

  // Hidden states after the final norm, [B, T, H] (for heads other than lm_head).
  torch::Tensor hiddenStates(const torch::Tensor& ids, KVCache* cache = nullptr);

  const ModelConfig& config() const { return mConfig; }
  torch::Tensor outputWeight() const;

  // Keeps only each layer's input during training and recomputes the layer in
  // the backward pass: activation memory of one layer instead of all, for about
  // a third more compute. Results are identical (dropout masks are replayed).
  void setGradientCheckpointing(bool on) { mGradientCheckpointing = on; }
  bool gradientCheckpointing() const { return mGradientCheckpointing; }

  // A reward model's head, as Hugging Face's *ForSequenceClassification "score"
  // (a [1, H] float32 matrix, no bias); undefined for a language model. Added
  // fresh (normal, std 0.02 as transformers initialises it) and trainable.
  void addScoreHead();
  bool hasScoreHead() const { return score.defined(); }
  // One reward per row: the head on the final hidden state of the row's last
  // real token (lastIndex [B] int64), as transformers does for padded batches.
  torch::Tensor sequenceScores(const torch::Tensor& ids, const torch::Tensor& lastIndex);

  // The seven adaptable projections of one layer, by their Hugging Face names.
  std::vector<std::pair<std::string, Projection>> projections(int64_t layer);

  Decoder model{nullptr};
  torch::nn::Linear lm_head{nullptr};  // absent (nullptr) with tied embeddings
  torch::Tensor score;                 // see addScoreHead

 private:
  ModelConfig mConfig;
  RotaryEmbedding mRotary;
  bool mGradientCheckpointing = false;
};
TORCH_MODULE(CausalLM);

}  // namespace Atelier
