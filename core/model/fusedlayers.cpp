#include "fusedlayers.h"

#include <cmath>
#include <limits>

namespace Atelier {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// s·B in the products' dtype: scaling the small [out, rank] matrix instead of
// the [tokens, out] output.
torch::Tensor scaledUp(const torch::Tensor& loraB, double scaling, torch::ScalarType type) {
  return (loraB * scaling).to(type);
}

// How the flat tensor list of SharedProjections is laid out, four numbers per
// projection: has bias, has adapter, scaling, dropout. An undefined tensor
// cannot be an input of a custom Function, so absent ones are left out of the
// list and this says which are there.
struct Slot {
  bool bias = false, lora = false;
  double scaling = 0, dropout = 0;
  int64_t weightIndex = 0;  // position of the weight in the tensor list
  int64_t loraAIndex() const { return weightIndex + (bias ? 2 : 1); }
  int64_t loraBIndex() const { return loraAIndex() + 1; }
};

std::vector<Slot> slotsOf(const std::vector<double>& layout) {
  std::vector<Slot> slots;
  int64_t index = 0;
  for (size_t i = 0; i + 3 < layout.size(); i += 4) {
    Slot s;
    s.bias = layout[i] != 0;
    s.lora = layout[i + 1] != 0;
    s.scaling = layout[i + 2];
    s.dropout = layout[i + 3];
    s.weightIndex = index;
    index += 1 + (s.bias ? 1 : 0) + (s.lora ? 2 : 0);
    slots.push_back(s);
  }
  return slots;
}

// Forward: one product per base weight and two thin ones per adapter, the
// adapter's added into the base output in place. Backward: the input's
// gradient accumulates every projection's share in one buffer (plain autograd
// computes each share and then sums them, and copies the output inside addmm).
class SharedProjections : public torch::autograd::Function<SharedProjections> {
 public:
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& x, torch::TensorList tensors,
                               std::vector<double> layout, bool training) {
    const std::vector<Slot> slots = slotsOf(layout);
    const torch::Tensor x2 = x.reshape({-1, x.size(-1)});
    variable_list outputs;
    variable_list saved{x};
    for (const Slot& s : slots) {
      const torch::Tensor& weight = tensors[s.weightIndex];
      torch::Tensor y = s.bias ? torch::addmm(tensors[s.weightIndex + 1], x2, weight.t()) : torch::mm(x2, weight.t());
      torch::Tensor down, noise;
      if (s.lora) {
        const torch::Tensor& a = tensors[s.loraAIndex()];
        const torch::Tensor& b = tensors[s.loraBIndex()];
        torch::Tensor input = x2;
        if (training && s.dropout > 0) {
          // As inverted dropout: kept entries scaled by 1/(1−p).
          noise = torch::empty_like(x2).bernoulli_(1 - s.dropout).div_(1 - s.dropout);
          input = x2 * noise;
        }
        down = torch::mm(input, a.to(x.scalar_type()).t());
        y.addmm_(down, scaledUp(b, s.scaling, x.scalar_type()).t());
      }
      auto shape = x.sizes().vec();
      shape.back() = weight.size(0);
      outputs.push_back(y.view(shape));
      saved.insert(saved.end(), {down, noise});
    }
    saved.insert(saved.end(), tensors.begin(), tensors.end());
    ctx->save_for_backward(saved);
    ctx->saved_data["layout"] = layout;
    return outputs;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const std::vector<Slot> slots = slotsOf(ctx->saved_data["layout"].toDoubleVector());
    const variable_list saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor x2 = x.reshape({-1, x.size(-1)});
    const torch::ScalarType type = x.scalar_type();
    const size_t tensorsAt = 1 + 2 * slots.size();
    const bool needX = ctx->needs_input_grad(0);
    // Inputs: x, the tensor list, then the two plain arguments.
    variable_list result(1 + (saved.size() - tensorsAt) + 2);
    torch::Tensor gx;
    for (size_t i = 0; i < slots.size(); ++i) {
      const Slot& s = slots[i];
      const torch::Tensor& weight = saved[tensorsAt + s.weightIndex];
      const torch::Tensor gy = grads[i].reshape({-1, weight.size(0)});
      if (needX) gx = gx.defined() ? gx.addmm_(gy, weight) : torch::mm(gy, weight);
      if (!s.lora) continue;
      const torch::Tensor& down = saved[1 + 2 * i];
      const torch::Tensor& noise = saved[2 + 2 * i];
      const torch::Tensor& a = saved[tensorsAt + s.loraAIndex()];
      const torch::Tensor& b = saved[tensorsAt + s.loraBIndex()];
      const torch::Tensor gDown = torch::mm(gy, scaledUp(b, s.scaling, type));  // [tokens, rank]
      if (ctx->needs_input_grad(1 + s.loraBIndex()))
        result[1 + s.loraBIndex()] = torch::mm(gy.t(), down).to(b.scalar_type()).mul_(s.scaling);
      if (ctx->needs_input_grad(1 + s.loraAIndex()))
        result[1 + s.loraAIndex()] =
            torch::mm(gDown.t(), noise.defined() ? x2 * noise : x2).to(a.scalar_type());
      if (needX) {
        const torch::Tensor a16 = a.to(type);
        if (noise.defined())
          gx.add_(torch::mm(gDown, a16).mul_(noise));
        else
          gx.addmm_(gDown, a16);
      }
    }
    if (needX) result[0] = gx.view(x.sizes());
    return result;
  }
};

// x·cos + rotate_half(x)·sin with rotate_half(x) = [−x₂, x₁], written half by
// half into a fresh contiguous tensor. Backward is the transpose: the same
// with the sign on the other half.
class Rotary : public torch::autograd::Function<Rotary> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& cos,
                               const torch::Tensor& sin) {
    ctx->save_for_backward({cos, sin});
    return rotate(x, cos, sin, /*sign=*/1);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    return {rotate(grads[0], saved[0], saved[1], /*sign=*/-1), torch::Tensor(), torch::Tensor()};
  }

  // sign 1: [x₁c − x₂s, x₂c + x₁s]; sign −1: [x₁c + x₂s, x₂c − x₁s].
  static torch::Tensor rotate(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin, int sign) {
    const int64_t half = x.size(-1) / 2;
    torch::Tensor out = torch::empty(x.sizes(), x.options());
    torch::mul_out(out, x, cos);
    out.narrow(-1, 0, half).addcmul_(x.narrow(-1, half, half), sin.narrow(-1, 0, half), -sign);
    out.narrow(-1, half, half).addcmul_(x.narrow(-1, 0, half), sin.narrow(-1, half, half), sign);
    return out;
  }
};

// Both devices keep only gate and up for backward (autograd would also keep
// silu(gate), one more [tokens, ffn] tensor per layer). On CPU the products
// run through one sigmoid: libtorch's bf16 silu and silu_backward are about
// twice as slow as sigmoid plus plain products. On a GPU, where each
// element-wise pass costs a kernel over memory, silu and silu_backward are the
// fewer passes.
class SwiGlu : public torch::autograd::Function<SwiGlu> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& gate, const torch::Tensor& up) {
    ctx->save_for_backward({gate, up});
    if (gate.is_cuda()) return torch::silu(gate) * up;
    return gate * torch::sigmoid(gate) * up;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &gate = saved[0], &up = saved[1], &gy = grads[0];
    if (gate.is_cuda()) return {at::silu_backward(gy * up, gate), gy * torch::silu(gate)};
    const torch::Tensor sig = torch::sigmoid(gate);
    const torch::Tensor act = gate * sig;
    // d silu/dg = σ + g·σ·(1 − σ) = σ + act·(1 − σ).
    const torch::Tensor slope = torch::addcmul(sig, act, 1 - sig);
    return {gy * up * slope, gy * act};
  }
};

// 0 where a query may look, −∞ above the diagonal; the rows of the `rep`
// query heads that share a key/value head follow one another.
torch::Tensor causalBias(int64_t t, int64_t rep, const torch::TensorOptions& options) {
  const torch::Tensor mask = torch::full({t, t}, -std::numeric_limits<float>::infinity(), options).triu(1);
  return rep == 1 ? mask : mask.repeat({rep, 1});
}

// The scale and the mask go into the score product itself (baddbmm), the
// softmax runs on the scores in their own dtype (libtorch accumulates bf16 in
// float), and backward uses the saved probabilities: masked entries are 0
// there, so their gradient is 0 with no mask pass.
class GroupedCausalAttention : public torch::autograd::Function<GroupedCausalAttention> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& q, const torch::Tensor& k,
                               const torch::Tensor& v) {
    const int64_t b = q.size(0), heads = q.size(1), t = q.size(2), d = q.size(3), kv = k.size(1);
    const int64_t rep = heads / kv;
    const torch::Tensor qg = q.reshape({b * kv, rep * t, d});
    const torch::Tensor kg = k.reshape({b * kv, t, d});
    const torch::Tensor vg = v.reshape({b * kv, t, d});
    const double scale = 1.0 / std::sqrt(double(d));
    const torch::Tensor probs =
        torch::softmax(torch::baddbmm(causalBias(t, rep, q.options()), qg, kg.transpose(1, 2), 1.0, scale), -1);
    ctx->save_for_backward({qg, kg, vg, probs});
    ctx->saved_data["scale"] = scale;
    return torch::bmm(probs, vg).view({b, heads, t, d});
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &qg = saved[0], &kg = saved[1], &vg = saved[2], &probs = saved[3];
    const double scale = ctx->saved_data["scale"].toDouble();
    const int64_t b = grads[0].size(0), heads = grads[0].size(1), kv = qg.size(0) / b;
    const torch::Tensor go = grads[0].reshape(qg.sizes());
    const torch::Tensor gv = torch::bmm(probs.transpose(1, 2), go);
    const torch::Tensor gs =
        torch::_softmax_backward_data(torch::bmm(go, vg.transpose(1, 2)), probs, -1, probs.scalar_type());
    const torch::Tensor gq = torch::bmm(gs, kg).mul_(scale);
    const torch::Tensor gk = torch::bmm(gs.transpose(1, 2), qg).mul_(scale);
    const int64_t t = kg.size(1), d = kg.size(2);
    return {gq.view({b, heads, t, d}), gk.view({b, kv, t, d}), gv.view({b, kv, t, d})};
  }
};

}  // namespace

bool canFuseProjections(const std::vector<ProjectionWeights>& projections) {
  if (!torch::GradMode::is_enabled()) return true;
  for (const ProjectionWeights& p : projections)
    if (p.weight.requires_grad() || (p.bias.defined() && p.bias.requires_grad())) return false;
  return true;
}

std::vector<torch::Tensor> projectShared(const torch::Tensor& x, const std::vector<ProjectionWeights>& projections,
                                         bool training) {
  std::vector<double> layout;
  std::vector<torch::Tensor> tensors;
  for (const ProjectionWeights& p : projections) {
    const bool lora = p.loraA.defined() && p.loraB.defined();
    layout.insert(layout.end(), {p.bias.defined() ? 1.0 : 0.0, lora ? 1.0 : 0.0, p.scaling, p.dropout});
    tensors.push_back(p.weight);
    if (p.bias.defined()) tensors.push_back(p.bias);
    if (lora) tensors.insert(tensors.end(), {p.loraA, p.loraB});
  }
  return SharedProjections::apply(x, torch::TensorList(tensors), layout, training);
}

torch::Tensor applyRotary(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
  return Rotary::apply(x, cos.to(x.scalar_type()), sin.to(x.scalar_type()));
}

torch::Tensor swiGlu(const torch::Tensor& gate, const torch::Tensor& up) { return SwiGlu::apply(gate, up); }

torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  return GroupedCausalAttention::apply(q, k, v);
}

}  // namespace Atelier
