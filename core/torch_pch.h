// Precompiled for core's torch-including sources only: torch/torch.h costs
// ~25 s per translation unit on a 2-core machine.
#pragma once
#include <torch/torch.h>
