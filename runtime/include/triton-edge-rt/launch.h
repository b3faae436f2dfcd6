// Launching a compiled kernel over its grid, and the MT cost model.
#ifndef TRITON_EDGE_RT_LAUNCH_H
#define TRITON_EDGE_RT_LAUNCH_H

#include <cstdint>
#include <string>
#include <vector>

#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/kernel_abi.h"

namespace te {

// The per-context event traces of a recorded launch (LaunchOptions::record):
// contexts[c] is what modeled context c executed, ranges[c] its programs.
struct ModelTrace {
  std::vector<std::vector<ModelEvent>> contexts;
  std::vector<std::pair<int64_t, int64_t>> ranges;
};

enum class StreamStores { Auto, On, Off };

// Whether a launch moving `bytes` (the kernel's estimate for all its
// programs) on `contexts` contexts should write around the caches: when each
// context's share exceeds its L2 (`l2_bytes`), the output cannot stay close
// and a non-temporal store saves the read-for-ownership of every written line
// (docs/runtime.md has the measurements behind the rule).
bool stream_stores_pay(double bytes, int contexts, int64_t l2_bytes);
// The per-core L2 size the rule uses (sysfs; 1 MiB when unknown).
int64_t stream_l2_bytes();
// TRITON_EDGE_STREAM_STORES: Auto when unset; an error message (and Auto)
// for a value other than on, off, auto.
StreamStores stream_stores_env(std::string *error);

// TRITON_EDGE_PIN=on|off: whether launches through the C API (the Python
// binding, PyTorch) pin the global pool's workers; `fallback` when unset, and
// an error message (with `fallback`) for another value.
bool pin_env(bool fallback, std::string *error);

// The launch environment (TRITON_EDGE_PIN, TRITON_EDGE_STREAM_STORES,
// TRITON_EDGE_POOL) is read once, at the first launch, not per launch; a
// program that changes these variables later calls this to read them again.
void reread_launch_environment();

struct LaunchOptions {
  int threads = 1;          // contexts; 0 = auto (choose_threads)
  DmaKind dma = DmaKind::Sync;
  bool pin = false;         // pin the global pool's workers
  uint64_t chaos_seed = 0;  // 0 = no delay injection
  int64_t chunk = 0;        // 0 = static contiguous ranges; > 0 = dynamic chunks of this many programs
  // Record for the timing model: the grid is split into `threads` static
  // ranges (the modeled contexts), run one after the other on the calling
  // thread with synchronous recording engines, so the trace does not depend
  // on the host's threads or timing.
  ModelTrace *record = nullptr;
  bool check_dma = false;   // every DMA transfer must lie in an argument's storage or the
                            // calling thread's stack (needs info); else it is reported and skipped
  // Non-temporal stores for this launch (te_launch.stream_stores): Auto asks
  // stream_stores_pay (TRITON_EDGE_STREAM_STORES=on|off|auto overrides Auto).
  StreamStores stream = StreamStores::Auto;
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
  std::vector<double> overhead_ns; // [k] = measured empty-dispatch time at k contexts, workers spinning
  double cold_extra_ns = 0;        // extra cost of a dispatch whose workers are asleep (wake-up)
  double ops_per_ns = 1.0;         // one context, L1-resident float loop
  double bytes_per_ns = 1.0;       // one context, memcpy beyond the L2
  double bytes_per_ns_all = 1.0;   // all hardware contexts copying at once (aggregate)
  int hw_contexts = 1;
  double margin = 0.10;            // k > 1 must beat 1 context by this fraction ...
  double min_gain_ns = 1000;       // ... and by this many ns
};

// The process-wide model (calibrated once, on first use, with the global pool).
const CostModel &cost_model();

// Predicted time of `programs` programs on k contexts, dispatch overhead included.
// `work_scale` multiplies the compiler's work estimate (the kernel's measured
// time / the estimate's, see kernel_work_scale); `cold` adds the wake-up of
// sleeping workers (k > 1); `extra_ns` is added to every k > 1 (the kernel's
// measured parallel overhead beyond the empty dispatch, see launch).
double predict_ns(const CostModel &m, const te_kernel_info *info, int64_t programs, int k,
                  double work_scale = 1.0, bool cold = false, double extra_ns = 0.0);

// Contexts to use for `programs` programs of a kernel with `info`'s per-program
// estimates, at most max_threads (<= 0: hardware contexts). Returns 1 when the
// info is missing or has no estimates, or when no k > 1 is predicted to win by
// the model's margin.
int choose_threads(const CostModel &m, const te_kernel_info *info, int64_t programs,
                   int max_threads, double work_scale = 1.0, bool cold = false,
                   double extra_ns = 0.0);
// With the process-wide model and the kernel's measured work scale (what
// launch(threads = 0) picks when the workers are hot).
int choose_threads(const te_kernel_info *info, int64_t programs, int max_threads);

// Measured correction of a kernel's work estimate: min over the first timed
// 1-context auto launches of (measured time - dispatch) / estimated time,
// clamped to [1/4, 16]; 1 until one was timed. Keyed by the info pointer.
double kernel_work_scale(const te_kernel_info *info);
// Measured extra cost of the kernel's multi-context launches beyond the model
// (min over the first timed hot ones of measured - predicted, in [0, 1 us]); 0 until one was timed.
double kernel_parallel_extra_ns(const te_kernel_info *info);

// ---- Deterministic auto (docs/runtime.md, "Deterministic mode") ----
//
// Measured (default): the model above, calibrated at run time, with the
// per-kernel corrections and the hot/cold choice; two runs may choose
// differently. Fixed: fixed_cost_model(), no corrections, always the hot
// choice, nothing measured or timed: the same kernel, program count and
// context limit always give the same choice.
enum class AutoMode { Measured, Fixed };
// "measured" or "fixed" ("deterministic" is read as fixed); false otherwise.
bool parse_auto_mode(const std::string &text, AutoMode &out);
const char *auto_mode_name(AutoMode mode);
// The mode of launch(threads = 0) and choose_threads(info, p, max): the last
// set_auto_mode, else the environment variable TRITON_EDGE_AUTO, else Measured.
AutoMode auto_mode();
void set_auto_mode(AutoMode mode);
// Why TRITON_EDGE_AUTO was not understood (empty when unset or valid). While
// it is set to something else and no set_auto_mode was called, auto launches
// fail with this message.
std::string auto_mode_env_error();
// The model of the Fixed mode: documented constants (kFixed* below), with
// hw_contexts = the global pool's contexts (the process mask at its creation).
const CostModel &fixed_cost_model();
constexpr double kFixedOpsPerNs = 16.0;        // one context, float ops
constexpr double kFixedBytesPerNs = 20.0;      // one context, read + written bytes
constexpr double kFixedBytesPerNsAll = 40.0;   // all contexts together
constexpr double kFixedOverheadOneNs = 100.0;  // a 1-context launch
constexpr double kFixedOverheadTwoNs = 1000.0; // a 2-context launch (hot workers)
constexpr double kFixedOverheadStepNs = 250.0; // each context beyond two

// Statistics of launch(threads = 0), for tests and tools.
struct AutoStats {
  int64_t launches = 0;        // auto launches
  int64_t decisions = 0;       // decisions computed (cache misses)
  int64_t timed = 0;           // 1-context launches timed (work scale)
  int64_t timed_parallel = 0;  // multi-context launches timed (parallel extra)
  int64_t cold_choices = 0;    // launches that used the cold (workers asleep) decision
};
AutoStats auto_stats();
// Forgets every cached decision and measured scale (tests).
void reset_auto_cache();

// Failures reported by te_rt_assert_fail/te_rt_bounds_fail outside any launch
// (e.g. a kernel's _programs called directly); they are also printed to stderr.
int64_t unattached_failures();

} // namespace te

#endif
