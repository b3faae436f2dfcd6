// Launching a compiled kernel over its grid, and the MT cost model.
#ifndef TRITON_EDGE_RT_LAUNCH_H
#define TRITON_EDGE_RT_LAUNCH_H

#include <cstdint>
#include <string>
#include <vector>

#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/kernel_abi.h"

namespace te {

struct LaunchOptions {
  int threads = 1;          // contexts; 0 = auto (choose_threads)
  DmaKind dma = DmaKind::Sync;
  bool pin = false;         // pin the global pool's workers
  uint64_t chaos_seed = 0;  // 0 = no delay injection
  int64_t chunk = 0;        // 0 = static contiguous ranges; > 0 = dynamic chunks of this many programs
};

struct LaunchResult {
  bool ok = true;
  std::string error;        // the first failure of the launch (empty if ok)
  int threads_used = 0;     // contexts that ran programs (0 for an empty grid)
  int64_t failures = 0;     // number of te_rt_assert_fail/te_rt_bounds_fail calls
};

// Runs programs 0..grid[0]*grid[1]*grid[2]-1 of `fn` on the global pool.
// Thread-safe: concurrent launches are serialized. A launch from inside a
// running kernel runs on the calling thread with one context.
LaunchResult launch(te_programs_fn fn, const te_kernel_info *info, void *const *args,
                    const int64_t *numel, const int32_t grid[3],
                    const LaunchOptions &opts = LaunchOptions());

// ---- MT cost model (docs/runtime.md) ----

struct CostModel {
  std::vector<double> overhead_ns; // [k] = measured empty-dispatch time at k contexts
  double ops_per_ns = 1.0;         // one context, L1-resident float loop
  double bytes_per_ns = 1.0;       // one context, memcpy beyond the L2
  double bytes_per_ns_all = 1.0;   // all hardware contexts copying at once (aggregate)
  int hw_contexts = 1;
  double margin = 0.15;            // k > 1 must beat 1 context by this fraction ...
  double min_gain_ns = 3000;       // ... and by this many ns
};

// The process-wide model (calibrated once, on first use, with the global pool).
const CostModel &cost_model();

// Predicted time of `programs` programs on k contexts, dispatch overhead included.
double predict_ns(const CostModel &m, const te_kernel_info *info, int64_t programs, int k);

// Contexts to use for `programs` programs of a kernel with `info`'s per-program
// estimates, at most max_threads (<= 0: hardware contexts). Returns 1 when the
// info is missing or has no estimates, or when no k > 1 is predicted to win by
// the model's margin.
int choose_threads(const te_kernel_info *info, int64_t programs, int max_threads);
int choose_threads(const CostModel &m, const te_kernel_info *info, int64_t programs,
                   int max_threads);

// Failures reported by te_rt_assert_fail/te_rt_bounds_fail outside any launch
// (e.g. a kernel's _programs called directly); they are also printed to stderr.
int64_t unattached_failures();

} // namespace te

#endif
