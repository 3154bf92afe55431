#include "adamw.h"

#include <cmath>

namespace Atelier {

AdamW::AdamW(std::vector<std::pair<std::string, torch::Tensor>> parameters, const AdamWOptions& options)
    : mParams(std::move(parameters)), mOptions(options) {
  for (const auto& [name, p] : mParams) {
    mExpAvg.push_back(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    mExpAvgSq.push_back(torch::zeros_like(p, torch::MemoryFormat::Preserve));
    mDecay.push_back(p.dim() >= 2 && name.find("norm") == std::string::npos);
  }
}

void AdamW::step(double lr) {
  torch::NoGradGuard noGrad;
  ++mStep;
  const double correction1 = 1.0 - std::pow(mOptions.beta1, double(mStep));
  const double correction2 = 1.0 - std::pow(mOptions.beta2, double(mStep));
  for (size_t i = 0; i < mParams.size(); ++i) {
    torch::Tensor& p = mParams[i].second;
    if (!p.grad().defined()) continue;
    const torch::Tensor& g = p.grad();
    if (mDecay[i] && mOptions.weightDecay != 0) p.mul_(1.0 - lr * mOptions.weightDecay);
    mExpAvg[i].lerp_(g, 1.0 - mOptions.beta1);
    mExpAvgSq[i].mul_(mOptions.beta2).addcmul_(g, g, 1.0 - mOptions.beta2);
    const torch::Tensor denom = (mExpAvgSq[i].sqrt() / std::sqrt(correction2)).add_(mOptions.eps);
    p.addcdiv_(mExpAvg[i], denom, -lr / correction1);
  }
}

void AdamW::zeroGrad() {
  for (auto& [name, p] : mParams)
    if (p.grad().defined()) p.mutable_grad() = torch::Tensor();
}

std::vector<std::pair<std::string, torch::Tensor>> AdamW::stateTensors() const {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  for (size_t i = 0; i < mParams.size(); ++i) {
    out.emplace_back("exp_avg." + mParams[i].first, mExpAvg[i].detach().to(torch::kCPU).contiguous());
    out.emplace_back("exp_avg_sq." + mParams[i].first, mExpAvgSq[i].detach().to(torch::kCPU).contiguous());
  }
  return out;
}

bool AdamW::loadState(const std::map<std::string, torch::Tensor>& tensors, int64_t stepCount, QString* error) {
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < mParams.size(); ++i) {
    for (auto [prefix, target] : {std::make_pair("exp_avg.", &mExpAvg[i]), std::make_pair("exp_avg_sq.", &mExpAvgSq[i])}) {
      const auto it = tensors.find(prefix + mParams[i].first);
      if (it == tensors.end() || it->second.sizes() != target->sizes()) {
        *error = QStringLiteral("optimizer state \"%1%2\" is missing or has another shape")
                     .arg(QLatin1String(prefix), QString::fromStdString(mParams[i].first));
        return false;
      }
      target->copy_(it->second);
    }
  }
  mStep = stepCount;
  return true;
}

}  // namespace Atelier
