#include "causallm.h"

#include "fusedlayers.h"

#include <torch/version.h>

#include <cmath>
#include <mutex>

namespace Atelier {

RMSNormImpl::RMSNormImpl(int64_t size, double eps) : mEps(eps) {
  weight = register_parameter("weight", torch::ones({size}));
}

namespace {

// RMSNorm of a bf16/f16 input for training. Plain autograd would keep the
// float32 copy of the input and the normalised result for backward (three
// times the input's size, twice per layer); this keeps only the input and one
// float per row, and recomputes the rest. The row norms are reduced straight
// from the bf16 input in float32 (no float32 copy of it), so the output can
// differ from the plain formula's by one bf16 rounding in rare elements;
// bf16 inference uses the same arithmetic (compute), float32 the plain one.
class LowPrecisionRmsNorm : public torch::autograd::Function<LowPrecisionRmsNorm> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& weight, double eps) {
    torch::Tensor rstd;
    torch::Tensor y = compute(x, weight, eps, &rstd);
    ctx->save_for_backward({x, weight, rstd});
    return y;
  }

  // The forward arithmetic, also used without autograd: a checkpointed layer
  // runs its forward under no-grad and recomputes it with gradients, and both
  // must give the same numbers.
  static torch::Tensor compute(const torch::Tensor& x, const torch::Tensor& weight, double eps, torch::Tensor* rstd) {
    const torch::Tensor norm = torch::linalg_vector_norm(x, 2, {-1}, /*keepdim=*/true, torch::kFloat32);
    *rstd = torch::rsqrt(norm.square().div_(double(x.size(-1))).add_(eps));
    // x·rstd computed in float32 and written straight as x's dtype: the same
    // rounding as a float32 product cast afterwards, without the float32 copy.
    torch::Tensor normalised = torch::empty_like(x);
    torch::mul_out(normalised, x, *rstd);
    return weight * normalised;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& weight = saved[1];
    const torch::Tensor& rstd = saved[2];
    const torch::Tensor gy = grads[0];
    // y = w·cast(n) with n = x·rstd: the cast passes gradients through unchanged.
    const torch::Tensor gn = (gy * weight).to(torch::kFloat32);
    // d/dx of x·rstd(x) = rstd·gn − x·rstd³·mean(gn·x).
    const torch::Tensor coefficient = (gn * x).sum(-1, /*keepdim=*/true).mul_(rstd.pow(3)).div_(-double(x.size(-1)));
    const torch::Tensor gx = torch::addcmul(gn.mul_(rstd), x, coefficient).to(x.scalar_type());
    torch::Tensor gw;
    if (weight.requires_grad()) {
      const torch::Tensor prod = gy.to(torch::kFloat32) * (x * rstd).to(x.scalar_type()).to(torch::kFloat32);
      gw = prod.reshape({-1, prod.size(-1)}).sum(0).to(weight.scalar_type());
    }
    return {gx, gw, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor RMSNormImpl::forward(const torch::Tensor& x) {
  if (x.scalar_type() != torch::kFloat32) {
    if (x.requires_grad() && torch::GradMode::is_enabled()) return LowPrecisionRmsNorm::apply(x, weight, mEps);
    torch::Tensor rstd;
    return LowPrecisionRmsNorm::compute(x, weight, mEps, &rstd);
  }
  // As transformers does: normalise in float32, cast back, then scale.
  const auto inputType = x.scalar_type();
  const torch::Tensor h = x.to(torch::kFloat32);
  const torch::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);
  return weight * (h * torch::rsqrt(variance + mEps)).to(inputType);
}

RotaryEmbedding::RotaryEmbedding(const ModelConfig& c) {
  const int64_t dim = c.headDim;
  torch::Tensor invFreq =
      1.0 / torch::pow(c.ropeTheta, torch::arange(0, dim, 2, torch::kInt64).to(torch::kFloat32) / dim);
  const RopeScaling& s = c.ropeScaling;
  if (s.type == QLatin1String("linear")) {
    invFreq = invFreq / s.factor;
  } else if (s.type == QLatin1String("llama3")) {
    // Llama 3.1's scaling: long wavelengths are stretched by `factor`, short
    // ones kept, and the band between blended smoothly.
    const double oldContext = s.originalMaxPositionEmbeddings;
    const double lowWavelen = oldContext / s.lowFreqFactor;
    const double highWavelen = oldContext / s.highFreqFactor;
    const torch::Tensor wavelen = 2 * M_PI / invFreq;
    const torch::Tensor scaled = torch::where(wavelen > lowWavelen, invFreq / s.factor, invFreq);
    const torch::Tensor smooth = (oldContext / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
    const torch::Tensor smoothed = (1 - smooth) * scaled / s.factor + smooth * scaled;
    const torch::Tensor medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
    invFreq = torch::where(medium, smoothed, scaled);
  }
  mInvFreq = invFreq;
}

std::pair<torch::Tensor, torch::Tensor> RotaryEmbedding::cosSin(int64_t start, int64_t length,
                                                                 const torch::Device& device) const {
  const torch::Tensor positions = torch::arange(start, start + length, torch::kInt64).to(torch::kFloat32);
  const torch::Tensor freqs = torch::outer(positions, mInvFreq);
  const torch::Tensor emb = torch::cat({freqs, freqs}, -1).to(device);
  return {emb.cos(), emb.sin()};
}

namespace {

torch::nn::Linear linear(int64_t in, int64_t out, bool bias) {
  return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

Projection projection(int64_t in, int64_t out, bool bias) { return Projection(in, out, bias); }

// Each key/value head serves numHeads/kvHeads query heads, consecutively.
torch::Tensor repeatKv(const torch::Tensor& x, int64_t times) {
  if (times == 1) return x;
  const auto b = x.size(0), h = x.size(1), t = x.size(2), d = x.size(3);
  return x.unsqueeze(2).expand({b, h, times, t, d}).reshape({b, h * times, t, d});
}

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     int64_t past) {
  const int64_t tq = q.size(2), tk = k.size(2);
  if (past == 0 && tq == tk) {
#if TORCH_VERSION_MAJOR >= 2
    const int64_t rep = q.size(1) / k.size(1);
    return at::scaled_dot_product_attention(q, repeatKv(k, rep), repeatKv(v, rep), {}, 0.0, /*is_causal=*/true);
#else
    return causalAttention(q, k, v);
#endif
  }
  // Decoding with a cache: one (or a few) new queries against all keys.
  const int64_t rep = q.size(1) / k.size(1);
  torch::Tensor scores = torch::matmul(q, repeatKv(k, rep).transpose(-1, -2)) / std::sqrt(double(q.size(-1)));
  if (tq > 1) {
    // Query i (at position past+i) sees keys 0..past+i.
    const torch::Tensor mask =
        torch::ones({tq, tk}, torch::TensorOptions().dtype(torch::kBool).device(q.device()))
            .triu(past + 1);
    scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
  }
  // libtorch's softmax kernels accumulate bf16/f16 in float already: no round
  // trip through a float32 copy of the scores.
  return torch::matmul(torch::softmax(scores, -1), repeatKv(v, rep));
}

// The projections of one input, through fusedlayers' shared forward/backward
// when the base weights are frozen (always, when training an adapter).
std::vector<torch::Tensor> projectAll(const torch::Tensor& x, std::initializer_list<ProjectionImpl*> projections) {
  std::vector<ProjectionWeights> weights;
  for (ProjectionImpl* p : projections) weights.push_back(p->fusedWeights());
  if (canFuseProjections(weights)) return projectShared(x, weights, (*projections.begin())->is_training());
  std::vector<torch::Tensor> out;
  for (ProjectionImpl* p : projections) out.push_back(p->plainForward(x));
  return out;
}

// libtorch's C++ API has no activation checkpointing: this Function runs a layer
// without keeping its activations, and in backward runs it again with autograd
// on and back-propagates through that copy. Gradients of the layer's
// parameters (the LoRA matrices) accumulate as in a normal backward pass.
class CheckpointedLayer : public torch::autograd::Function<CheckpointedLayer> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x,
                               const torch::Tensor& cos, const torch::Tensor& sin, DecoderLayerImpl* layer) {
    ctx->saved_data["layer"] = reinterpret_cast<int64_t>(layer);
    // Dropout in the recomputation must draw the same masks as now.
    auto generator = at::globalContext().defaultGenerator(x.device());
    {
      std::lock_guard<std::mutex> lock(generator.mutex());
      ctx->saved_data["rng"] = generator.get_state();
    }
    ctx->save_for_backward({x, cos, sin});
    return layer->forward(x, cos, sin, nullptr, nullptr);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto* layer = reinterpret_cast<DecoderLayerImpl*>(ctx->saved_data["layer"].toInt());
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor x = saved[0].detach().requires_grad_(true);
    auto generator = at::globalContext().defaultGenerator(x.device());
    torch::Tensor current;
    {
      std::lock_guard<std::mutex> lock(generator.mutex());
      current = generator.get_state();
      generator.set_state(ctx->saved_data["rng"].toTensor());
    }
    torch::Tensor out;
    {
      torch::AutoGradMode enable(true);
      out = layer->forward(x, saved[1], saved[2], nullptr, nullptr);
    }
    {
      std::lock_guard<std::mutex> lock(generator.mutex());
      generator.set_state(current);
    }
    torch::autograd::backward({out}, {grads[0]});
    return {x.grad(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

ProjectionImpl::ProjectionImpl(int64_t in, int64_t out, bool withBias) {
  // Same initialisation as torch::nn::Linear, for models made from scratch.
  weight = register_parameter("weight", torch::empty({out, in}));
  torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
  if (withBias) {
    const double bound = 1.0 / std::sqrt(double(in));
    bias = register_parameter("bias", torch::empty({out}).uniform_(-bound, bound));
  }
}

ProjectionWeights ProjectionImpl::fusedWeights() const {
  ProjectionWeights w;
  w.weight = weight;
  w.bias = bias;
  if (loraA.defined() && mLoraEnabled && !mMerged) {
    w.loraA = loraA;
    w.loraB = loraB;
    w.scaling = mScaling;
    w.dropout = mDropout;
  }
  return w;
}

torch::Tensor ProjectionImpl::forward(const torch::Tensor& x) { return projectAll(x, {this})[0]; }

// Plain autograd, for a base weight that is itself trained.
torch::Tensor ProjectionImpl::plainForward(const torch::Tensor& x) {
  torch::Tensor y = torch::nn::functional::linear(x, weight, bias.defined() ? bias : torch::Tensor());
  if (loraA.defined() && mLoraEnabled && !mMerged) {
    // The adapter's weights stay f32 (the optimizer updates those); when the
    // activations are bf16 (GPU, or a CPU with native bf16) the product runs
    // in bf16 as autocast would, so backward keeps the bf16 input it already
    // has instead of an f32 copy per projection. With the bf16 RMSNorm above
    // this took an 886M-parameter H100 run from 24.3 to 16.4 GB.
    torch::Tensor a = loraA, b = loraB;
    if (x.scalar_type() != loraA.scalar_type()) {
      a = loraA.to(x.scalar_type());
      b = loraB.to(x.scalar_type());
    }
    torch::Tensor in = x;
    if (mDropout > 0 && is_training()) in = torch::dropout(in, mDropout, /*train=*/true);
    // y += (in·Aᵀ)·(s·B)ᵀ as one GEMM that accumulates into y: scaling the
    // small B instead of the output, and no separate add over [tokens, out].
    const torch::Tensor down = torch::matmul(in, a.t());
    const torch::Tensor up = (b * mScaling).to(y.scalar_type());
    const auto outShape = y.sizes().vec();
    y = torch::addmm(y.reshape({-1, y.size(-1)}), down.reshape({-1, down.size(-1)}).to(y.scalar_type()), up.t())
            .view(outShape);
  }
  return y;
}

void ProjectionImpl::addLora(int64_t rank, double scaling, double dropout) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(weight.device());
  // PEFT: A ~ Kaiming-uniform(a=√5) over its fan-in, B = 0, so training starts at the base model.
  loraA = register_parameter("lora_A", torch::empty({rank, weight.size(1)}, options));
  torch::nn::init::kaiming_uniform_(loraA, std::sqrt(5.0));
  loraB = register_parameter("lora_B", torch::zeros({weight.size(0), rank}, options));
  mScaling = scaling;
  mDropout = dropout;
}

void ProjectionImpl::merge() {
  if (!loraA.defined() || mMerged) return;
  torch::NoGradGuard noGrad;
  weight.add_((torch::matmul(loraB, loraA) * mScaling).to(weight.scalar_type()));
  mMerged = true;
}

void ProjectionImpl::unmerge() {
  if (!loraA.defined() || !mMerged) return;
  torch::NoGradGuard noGrad;
  weight.sub_((torch::matmul(loraB, loraA) * mScaling).to(weight.scalar_type()));
  mMerged = false;
}

AttentionImpl::AttentionImpl(const ModelConfig& c)
    : mHeads(c.numHeads), mKvHeads(c.numKvHeads), mHeadDim(c.headDim) {
  q_proj = register_module("q_proj", projection(c.hiddenSize, mHeads * mHeadDim, c.attentionBias));
  k_proj = register_module("k_proj", projection(c.hiddenSize, mKvHeads * mHeadDim, c.attentionBias));
  v_proj = register_module("v_proj", projection(c.hiddenSize, mKvHeads * mHeadDim, c.attentionBias));
  o_proj = register_module("o_proj", projection(mHeads * mHeadDim, c.hiddenSize, c.attentionOutBias));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& cos,
                                     const torch::Tensor& sin, torch::Tensor* cachedKeys,
                                     torch::Tensor* cachedValues) {
  const int64_t b = x.size(0), t = x.size(1);
  const auto qkv = projectAll(x, {q_proj.get(), k_proj.get(), v_proj.get()});
  torch::Tensor q = applyRotary(qkv[0].view({b, t, mHeads, mHeadDim}).transpose(1, 2), cos, sin);
  torch::Tensor k = applyRotary(qkv[1].view({b, t, mKvHeads, mHeadDim}).transpose(1, 2), cos, sin);
  torch::Tensor v = qkv[2].view({b, t, mKvHeads, mHeadDim}).transpose(1, 2);
  int64_t past = 0;
  if (cachedKeys) {
    if (cachedKeys->defined()) {
      past = cachedKeys->size(2);
      k = torch::cat({*cachedKeys, k}, 2);
      v = torch::cat({*cachedValues, v}, 2);
    }
    *cachedKeys = k;
    *cachedValues = v;
  }
  const torch::Tensor out = attend(q, k, v, past);
  return o_proj->forward(out.transpose(1, 2).reshape({b, t, mHeads * mHeadDim}));
}

MlpImpl::MlpImpl(const ModelConfig& c) {
  gate_proj = register_module("gate_proj", projection(c.hiddenSize, c.intermediateSize, c.mlpBias));
  up_proj = register_module("up_proj", projection(c.hiddenSize, c.intermediateSize, c.mlpBias));
  down_proj = register_module("down_proj", projection(c.intermediateSize, c.hiddenSize, c.mlpBias));
}

torch::Tensor MlpImpl::forward(const torch::Tensor& x) {
  const auto gateUp = projectAll(x, {gate_proj.get(), up_proj.get()});
  return down_proj->forward(swiGlu(gateUp[0], gateUp[1]));
}

DecoderLayerImpl::DecoderLayerImpl(const ModelConfig& c) {
  self_attn = register_module("self_attn", Attention(c));
  mlp = register_module("mlp", Mlp(c));
  input_layernorm = register_module("input_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
  post_attention_layernorm =
      register_module("post_attention_layernorm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

torch::Tensor DecoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& cos,
                                        const torch::Tensor& sin, torch::Tensor* cachedKeys,
                                        torch::Tensor* cachedValues) {
  const torch::Tensor h =
      x + self_attn->forward(input_layernorm->forward(x), cos, sin, cachedKeys, cachedValues);
  return h + mlp->forward(post_attention_layernorm->forward(h));
}

DecoderImpl::DecoderImpl(const ModelConfig& c) {
  embed_tokens = register_module("embed_tokens", torch::nn::Embedding(c.vocabSize, c.hiddenSize));
  layers = register_module("layers", torch::nn::ModuleList());
  for (int i = 0; i < c.numLayers; ++i) layers->push_back(DecoderLayer(c));
  norm = register_module("norm", RMSNorm(c.hiddenSize, c.rmsNormEps));
}

CausalLMImpl::CausalLMImpl(const ModelConfig& config) : mConfig(config), mRotary(config) {
  model = register_module("model", Decoder(config));
  if (!config.tieWordEmbeddings)
    lm_head = register_module("lm_head", linear(config.hiddenSize, config.vocabSize, false));
}

std::vector<std::pair<std::string, Projection>> CausalLMImpl::projections(int64_t layer) {
  auto l = model->layers->ptr<DecoderLayerImpl>(layer);
  return {{"self_attn.q_proj", l->self_attn->q_proj}, {"self_attn.k_proj", l->self_attn->k_proj},
          {"self_attn.v_proj", l->self_attn->v_proj}, {"self_attn.o_proj", l->self_attn->o_proj},
          {"mlp.gate_proj", l->mlp->gate_proj},       {"mlp.up_proj", l->mlp->up_proj},
          {"mlp.down_proj", l->mlp->down_proj}};
}

torch::Tensor CausalLMImpl::outputWeight() const {
  return lm_head ? lm_head->weight : model->embed_tokens->weight;
}

torch::Tensor CausalLMImpl::hiddenStates(const torch::Tensor& ids, KVCache* cache) {
  const int64_t past = cache ? cache->length() : 0;
  const int64_t t = ids.size(1);
  torch::Tensor x = model->embed_tokens->forward(ids);
  auto [cos, sin] = mRotary.cosSin(past, t, x.device());
  const int64_t n = static_cast<int64_t>(model->layers->size());
  if (cache && cache->keys.empty()) {
    cache->keys.resize(n);
    cache->values.resize(n);
  }
  for (int64_t i = 0; i < n; ++i) {
    auto layer = model->layers->ptr<DecoderLayerImpl>(i);
    if (mGradientCheckpointing && !cache && is_training() && torch::GradMode::is_enabled()) {
      // The embeddings are frozen: without this the first layer's output would
      // not need a gradient and its backward (with its LoRA gradients) never ran.
      if (!x.requires_grad()) x = x.detach().requires_grad_(true);
      x = CheckpointedLayer::apply(x, cos, sin, layer.get());
    } else {
      x = layer->forward(x, cos, sin, cache ? &cache->keys[i] : nullptr,
                         cache ? &cache->values[i] : nullptr);
    }
  }
  return model->norm->forward(x);
}

void CausalLMImpl::addScoreHead() {
  const torch::Device device = outputWeight().device();
  score = register_parameter(
      "score", torch::randn({1, mConfig.hiddenSize}, torch::TensorOptions().device(device)) * 0.02);
}

torch::Tensor CausalLMImpl::sequenceScores(const torch::Tensor& ids, const torch::Tensor& lastIndex) {
  const torch::Tensor h = hiddenStates(ids);
  const torch::Tensor index = lastIndex.to(h.device()).view({-1, 1, 1}).expand({h.size(0), 1, h.size(2)});
  const torch::Tensor last = h.gather(1, index).squeeze(1).to(torch::kFloat32);  // [B, H]
  return torch::matmul(last, score.t()).squeeze(1);
}

torch::Tensor CausalLMImpl::forward(const torch::Tensor& ids, KVCache* cache) {
  const torch::Tensor h = hiddenStates(ids, cache);
  return torch::matmul(h, outputWeight().t()).to(torch::kFloat32);
}

}  // namespace Atelier
