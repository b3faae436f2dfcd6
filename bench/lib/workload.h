// Workloads (a kernel's arguments, replicated for cache rotation), the op
// families the peers implement, and the output checks; between the runner
// and its parts (not installed).
#ifndef TRITON_EDGE_BENCH_WORKLOAD_H
#define TRITON_EDGE_BENCH_WORKLOAD_H

#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/case.h"
#include "triton-edge-rt/kernel_abi.h"

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace te::bench {

// Copies of one call's data that consecutive calls rotate through (1 when
// the data are far smaller or far larger than the last-level cache).
int rotationSets(int64_t workingSet, int64_t llc);

// One kernel's arguments, replicated `sets` times.
struct Workload {
  std::vector<std::vector<Buffer>> buffers;     // [set][arg] (tensors only)
  std::vector<std::vector<void *>> ptrs;        // [set][arg]
  std::vector<int64_t> numel;
  std::vector<uint64_t> scalars;                // one slot per argument
  int32_t grid[3] = {1, 1, 1};
  int64_t bytes = 0;                            // tensor bytes touched by one call
  int sets = 1;
  std::vector<int> tensorArgs;
};

// From a corpus case (its own sizes and inputs).
void buildFromCase(Workload &w, const Case &c, const te_kernel_info *info, int64_t llc);
// Dynamic-shape elementwise kernel at n elements: every tensor argument gets
// n contiguous elements, every integer scalar (xnumel) is n.
void buildDynamic(Workload &w, const Case &c, const te_kernel_info *info, int64_t n,
                  int64_t block, int64_t llc);

// The ops the peers implement, recognised from the Inductor kernel.
struct Family {
  // "gelu" | "gelu_tanh" | "add" (checked against their formula, peers on
  // the same buffers), "softmax:RxC" | "layer_norm:RxC" | "rms_norm:RxC"
  // (checked by the case's oracle; only PyTorch peers, by op and n), or "".
  std::string op;
  bool formula = false;
  int in0 = -1, in1 = -1, out = -1;
  int64_t n = 0;
};
Family detectFamily(const Case &c, const te_kernel_info *info);

// Fills an output of set 0 with NaN bit patterns, so a check after the next
// launch cannot pass on a previous rung's results.
void poison(Workload &w, int arg);
// Checks an output against the double-precision formula.
nlohmann::json checkFamily(const Family &f, const float *a, const float *b, const float *out);

} // namespace te::bench

#endif
