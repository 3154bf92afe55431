#pragma once
// AdamW whose whole state is named tensors, so checkpoints are plain
// safetensors and a resumed run continues bit for bit. Internal (torch).

#include <torch/torch.h>

#include <QString>

#include <map>
#include <string>
#include <vector>

namespace Atelier {

struct AdamWOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weightDecay = 0.0;
};

class AdamW {
 public:
  // Weight decay applies to matrices only: norms, biases (1-D) never decay.
  AdamW(std::vector<std::pair<std::string, torch::Tensor>> parameters, const AdamWOptions& options);

  // One update with learning rate `lr` (the schedule is the caller's), with the
  // same arithmetic as torch.optim.AdamW (foreach=False).
  void step(double lr);
  void zeroGrad();
  int64_t stepCount() const { return mStep; }

  // "exp_avg.<name>", "exp_avg_sq.<name>" for every parameter, on the CPU.
  std::vector<std::pair<std::string, torch::Tensor>> stateTensors() const;
  // Restores a saved state; false with a message if a tensor is missing or misshaped.
  bool loadState(const std::map<std::string, torch::Tensor>& tensors, int64_t stepCount, QString* error);

  const std::vector<std::pair<std::string, torch::Tensor>>& parameters() const { return mParams; }

 private:
  std::vector<std::pair<std::string, torch::Tensor>> mParams;
  std::vector<torch::Tensor> mExpAvg, mExpAvgSq;
  std::vector<bool> mDecay;
  AdamWOptions mOptions;
  int64_t mStep = 0;
};

}  // namespace Atelier
