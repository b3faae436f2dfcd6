#include "triton-edge-rt/launch.h"

#include "internal.h"
#include "triton-edge-rt/cost_model_cache.h"
#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/launch_pool.h"
#include "triton-edge-rt/thread_pool.h"
#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <csetjmp>
#include <pthread.h>
#include <cstdint>
#include <stdexcept>
#include <thread>
#include <vector>

namespace te {
namespace detail {

thread_local LaunchState *t_launch_state = nullptr;
thread_local const te_kernel_info *t_launch_info = nullptr;
// Where a failed tt.assert leaves the range call it stops, and the engine
// whose transfers must finish first (set around each range call).
static thread_local std::jmp_buf *t_program_exit = nullptr;
static thread_local DmaEngine *t_program_engine = nullptr;
thread_local void *const *t_check_args = nullptr;
thread_local const int64_t *t_check_numel = nullptr;

static std::atomic<int64_t> g_unattached{0};

void report_failure(const std::string &message) {
  LaunchState *s = t_launch_state;
  if (!s) {
    g_unattached.fetch_add(1);
    std::fprintf(stderr, "triton-edge runtime: %s (outside a launch)\n", message.c_str());
    return;
  }
  s->failures.fetch_add(1);
  bool expected = false;
  // Only the first failure's message is kept; the launch's join publishes it.
  if (s->failed.compare_exchange_strong(expected, true)) s->error = message;
}

} // namespace detail

int64_t unattached_failures() { return detail::g_unattached.load(); }

namespace {

std::string program_str(int32_t x, int32_t y, int32_t z) {
  return "(" + std::to_string(x) + ", " + std::to_string(y) + ", " + std::to_string(z) + ")";
}

// DMA engines, one per (kind, context), reused across launches; guarded by
// g_launch_mu (launches are serialized).
std::mutex g_launch_mu;
std::vector<std::unique_ptr<DmaEngine>> g_engines[3];
std::vector<DmaEngine *> g_engine_ptrs[3]; // g_engines[kind][c].get(), for RangeJob::engines

// The engines of contexts 0..k-1 of `kind` (created on first use; no
// allocation once they exist).
DmaEngine *const *engines_for(DmaKind kind, int k) {
  int i = static_cast<int>(kind);
  auto &v = g_engines[i];
  while (static_cast<int>(v.size()) < k) {
    v.push_back(std::make_unique<DmaEngine>(kind, static_cast<int>(v.size())));
    g_engine_ptrs[i].push_back(v.back().get());
  }
  return g_engine_ptrs[i].data();
}

// Runs programs [b, e) with an exit for failed asserts: te_rt_assert_fail
// longjmps here. Nothing with a destructor lives in this frame (longjmp
// skips destructors) and the compiled code between it and the assert is C
// (no cleanups), so jumping over it is defined.
__attribute__((noinline)) void run_range_with_exit(te_programs_fn fn, const te_launch *l,
                                                   int64_t b, int64_t e, DmaEngine *eng) {
  std::jmp_buf exit_point;
  std::jmp_buf *prev = detail::t_program_exit;
  DmaEngine *prev_eng = detail::t_program_engine;
  detail::t_program_exit = &exit_point;
  detail::t_program_engine = eng;
  if (setjmp(exit_point) == 0) {
    try {
      fn(l, b, e);
    } catch (...) {
      // An exception out of the programs must not leave this frame's exit
      // point behind: a later assert on this thread (which, with claiming,
      // may be the caller's) would jump into a dead frame.
      detail::t_program_exit = prev;
      detail::t_program_engine = prev_eng;
      throw;
    }
  }
  detail::t_program_exit = prev;
  detail::t_program_engine = prev_eng;
}

struct RangeJob {
  te_programs_fn fn;
  const te_kernel_info *info;
  void *const *args;
  const int64_t *numel;
  int32_t grid[3];
  int64_t n;
  int32_t split = 1; // virtual programs per Triton program (te_launch.program_split)
  int32_t stream = 0; // te_launch.stream_stores
  int k;
  int64_t chunk;
  std::atomic<int64_t> next{0};
  uint64_t chaos_seed;
  bool check_dma;
  DmaEngine *const *engines; // [k]
  detail::LaunchState *state;
};

void store_fence() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_sfence();
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

void run_context(RangeJob &job, int ctx) {
  detail::LaunchState *prev = detail::t_launch_state;
  const te_kernel_info *prev_info = detail::t_launch_info;
  detail::t_launch_state = job.state;
  detail::t_launch_info = job.info;
  void *const *prev_args = detail::t_check_args;
  const int64_t *prev_numel = detail::t_check_numel;
  detail::t_check_args = job.check_dma && job.numel ? job.args : nullptr;
  detail::t_check_numel = job.check_dma ? job.numel : nullptr;
  DmaEngine *eng = job.engines[ctx];
  te_launch l;
  l.args = job.args;
  l.numel = job.numel;
  std::memcpy(l.grid, job.grid, sizeof(l.grid));
  l.context = ctx;
  l.dma = eng;
  l.program_split = job.split;
  l.stream_stores = job.stream;
  if (job.chaos_seed) {
    // Shuffle the interleaving of contexts too (races between programs).
    std::mt19937_64 r(job.chaos_seed * 31 + ctx);
    std::this_thread::sleep_for(std::chrono::microseconds(r() % 50));
  }
  auto one = [&](int64_t b, int64_t e) {
    try {
      run_range_with_exit(job.fn, &l, b, e, eng);
    } catch (const std::exception &ex) {
      detail::report_failure(std::string("exception in programs [") + std::to_string(b) + ", " +
                             std::to_string(e) + "): " + ex.what());
    } catch (...) {
      detail::report_failure("unknown exception in programs [" + std::to_string(b) + ", " +
                             std::to_string(e) + ")");
    }
    eng->end_range(); // no transfer may outlive its range
  };
  if (job.chunk <= 0) {
    auto r = ThreadPool::static_range(job.n, job.k, ctx);
    if (r.first < r.second) one(r.first, r.second);
  } else {
    for (;;) {
      int64_t b = job.next.fetch_add(job.chunk, std::memory_order_relaxed);
      if (b >= job.n) break;
      one(b, std::min(job.n, b + job.chunk));
    }
  }
  // Non-temporal stores are weakly ordered: drain them before the context
  // reports its range done, so the caller sees every result.
  if (job.stream) store_fence();
  detail::t_launch_state = prev;
  detail::t_launch_info = prev_info;
  detail::t_check_args = prev_args;
  detail::t_check_numel = prev_numel;
}

// ---- launch(threads = 0): decisions cached per (kernel, program count) ----
//
// All state below is guarded by g_launch_mu (launches are serialized). Fixed
// arrays: the auto path never allocates.

constexpr int kTimedLaunches = 5; // 1-context auto launches timed per kernel
constexpr int kMaxKernels = 64;   // kernels remembered (round-robin replacement)
constexpr int kDecisions = 16;    // program counts remembered per kernel
constexpr double kMaxParallelExtraNs = 1000; // cap of the learned parallel overhead

struct Decision {
  int64_t programs = -1;
  int k_hot = 1;  // workers spinning (back-to-back launches)
  int k_cold = 1; // workers asleep (wake-up cost added)
};

struct KernelAuto {
  te_programs_fn fn = nullptr;
  const te_kernel_info *info = nullptr;
  double scale = 1.0; // measured / estimated work (kernel_work_scale)
  int timed = 0;      // 1-context launches timed so far
  double extra = 0.0; // measured parallel overhead beyond the model (kernel_parallel_extra_ns)
  int timed_par = 0;  // hot multi-context launches timed so far
  int ndec = 0, next_dec = 0, last_dec = 0;
  Decision dec[kDecisions];
};

KernelAuto g_kernels[kMaxKernels];
int g_nkernels = 0, g_next_kernel = 0;
KernelAuto *g_last_kernel = nullptr;
int64_t g_last_borderline_ns = 0; // start of the last launch whose hot and cold choices differ
AutoStats g_auto_stats;

// The model of auto decisions: cost_model() with the hot dispatch overhead
// measured again whenever the pool's pinning differs from when it was last
// measured (a caller and an unpinned worker that share a CPU at calibration
// time measure ~16 us per dispatch; pinned apart, ~0.3 us).
CostModel g_auto_model;
bool g_auto_model_ok = false;
bool g_auto_model_pinned = false;
bool g_model_calibrated_pinned = false; // pinning when cost_model() was calibrated

void forget_decisions() {
  for (int i = 0; i < g_nkernels; ++i) g_kernels[i].ndec = g_kernels[i].next_dec = g_kernels[i].last_dec = 0;
}

const CostModel &auto_model(ThreadPool &pool) {
  bool pinned = pool.pinned();
  if (g_auto_model_ok && g_auto_model_pinned == pinned) return g_auto_model;
  const CostModel &base = cost_model();
  if (!g_auto_model_ok) g_auto_model = base;
  if (!g_auto_model_ok ? g_model_calibrated_pinned != pinned : true) {
    pool.calibrate(std::min(base.hw_contexts, 16), 200);
    g_auto_model.overhead_ns = pool.dispatch_overhead_ns();
  }
  g_auto_model_ok = true;
  g_auto_model_pinned = pinned;
  forget_decisions();
  return g_auto_model;
}

KernelAuto *kernel_auto(te_programs_fn fn, const te_kernel_info *info) {
  if (g_last_kernel && g_last_kernel->info == info && g_last_kernel->fn == fn) return g_last_kernel;
  for (int i = 0; i < g_nkernels; ++i)
    if (g_kernels[i].info == info && g_kernels[i].fn == fn) return g_last_kernel = &g_kernels[i];
  KernelAuto *e;
  if (g_nkernels < kMaxKernels) {
    e = &g_kernels[g_nkernels++];
  } else {
    e = &g_kernels[g_next_kernel];
    g_next_kernel = (g_next_kernel + 1) % kMaxKernels;
  }
  *e = KernelAuto();
  e->fn = fn;
  e->info = info;
  return g_last_kernel = e;
}

// The mode the cached decisions were made in (a change forgets them).
AutoMode g_decisions_mode = AutoMode::Measured;

const Decision &decision_for(KernelAuto &ka, const CostModel &m, int64_t programs,
                             bool fixed) {
  if (ka.ndec > 0 && ka.dec[ka.last_dec].programs == programs) return ka.dec[ka.last_dec];
  for (int i = 0; i < ka.ndec; ++i)
    if (ka.dec[i].programs == programs) return ka.dec[ka.last_dec = i];
  ++g_auto_stats.decisions;
  int slot = ka.ndec < kDecisions ? ka.ndec++ : (ka.next_dec++ % kDecisions);
  Decision &d = ka.dec[slot];
  d.programs = programs;
  // Fixed: the estimates as compiled (no learned scale or excess), hot only.
  double scale = fixed ? 1.0 : ka.scale, extra = fixed ? 0.0 : ka.extra;
  d.k_hot = choose_threads(m, ka.info, programs, m.hw_contexts, scale, false, extra);
  d.k_cold = fixed ? d.k_hot : choose_threads(m, ka.info, programs, m.hw_contexts, scale, true, extra);
  ka.last_dec = slot;
  return d;
}

// The auto choice; *timed is set when this launch must be timed (a 1-context
// launch of a kernel whose work scale is still being measured, or a hot
// multi-context one whose parallel overhead is).
int auto_threads(te_programs_fn fn, const te_kernel_info *info, int64_t programs,
                 const ThreadPool &pool, KernelAuto **timed) {
  ++g_auto_stats.launches;
  if (!info || (info->ops_per_program <= 0 && info->bytes_per_program <= 0)) return 1;
  AutoMode mode = auto_mode();
  if (mode != g_decisions_mode) {
    forget_decisions();
    g_decisions_mode = mode;
  }
  if (mode == AutoMode::Fixed) {
    // Nothing measured, timed or read from the clock.
    return decision_for(*kernel_auto(fn, info), fixed_cost_model(), programs, true).k_hot;
  }
  const CostModel &m = auto_model(const_cast<ThreadPool &>(pool));
  KernelAuto &ka = *kernel_auto(fn, info);
  const Decision &d = decision_for(ka, m, programs, false);
  int k = d.k_hot;
  bool cold = false;
  if (d.k_hot != d.k_cold) {
    // Borderline: parallel pays only if the workers are (or will stay) awake:
    // a multi-context run joined, or a launch like this one started, within
    // the workers' spin window. A stream of launches wakes them once.
    int64_t now = now_ns();
    int64_t last = std::max(pool.last_parallel_end_ns(), g_last_borderline_ns);
    g_last_borderline_ns = now;
    if (last == 0 || now - last > pool.spin_ns() * 3 / 4) {
      k = d.k_cold;
      cold = true;
      ++g_auto_stats.cold_choices;
    }
  }
  if (k == 1 ? ka.timed < kTimedLaunches : (!cold && ka.timed_par < kTimedLaunches)) *timed = &ka;
  return k;
}

void record_timed(KernelAuto &ka, int64_t programs, int k, double ns) {
  const CostModel &m = g_auto_model;
  if (k > 1) {
    // Parallel: what the model leaves out (caches of the other contexts,
    // their wake-up from the yield loop, imbalance); the smallest excess seen.
    // Only short launches (< 200 us predicted) tell a fixed per-launch cost
    // apart from a mismodelled bandwidth; longer ones are not counted.
    double pred = predict_ns(m, ka.info, programs, k, ka.scale, false, 0.0);
    if (pred > 200000) return;
    ++g_auto_stats.timed_parallel;
    ++ka.timed_par;
    // Capped at 1 us: a loaded machine must not talk a kernel out of
    // parallel launches for good (the samples are never retaken).
    double e = std::min(kMaxParallelExtraNs, std::max(0.0, ns - pred));
    if (ka.timed_par == 1 || e < ka.extra) {
      ka.extra = e;
      ka.ndec = ka.next_dec = ka.last_dec = 0;
    }
    return;
  }
  ++g_auto_stats.timed;
  ++ka.timed;
  double ov1 = m.overhead_ns.size() >= 2 ? m.overhead_ns[1] : 0.0;
  double est = predict_ns(m, ka.info, programs, 1) - ov1;
  if (est <= 0) return;
  double s = std::min(16.0, std::max(0.25, (ns - ov1) / est));
  if (ka.timed == 1 || s < ka.scale) {
    ka.scale = s;
    ka.ndec = ka.next_dec = ka.last_dec = 0; // decide again with the new scale
  }
}

} // namespace

AutoStats auto_stats() {
  std::lock_guard<std::mutex> lk(g_launch_mu);
  return g_auto_stats;
}

void reset_auto_cache() {
  std::lock_guard<std::mutex> lk(g_launch_mu);
  for (auto &k : g_kernels) k = KernelAuto();
  g_nkernels = g_next_kernel = 0;
  g_last_kernel = nullptr;
  g_last_borderline_ns = 0;
  g_auto_stats = AutoStats();
  g_auto_model_ok = false;
}

double kernel_parallel_extra_ns(const te_kernel_info *info) {
  if (!info || detail::t_launch_state) return 0.0;
  std::lock_guard<std::mutex> lk(g_launch_mu);
  for (int i = 0; i < g_nkernels; ++i)
    if (g_kernels[i].info == info && g_kernels[i].timed_par > 0) return g_kernels[i].extra;
  return 0.0;
}

double kernel_work_scale(const te_kernel_info *info) {
  // From inside a kernel, the outer launch holds the lock: no measured scale.
  if (!info || detail::t_launch_state) return 1.0;
  std::lock_guard<std::mutex> lk(g_launch_mu);
  for (int i = 0; i < g_nkernels; ++i)
    if (g_kernels[i].info == info && g_kernels[i].timed > 0) return g_kernels[i].scale;
  return 1.0;
}

namespace {

// The checks of a launch's arguments; sets `n` to the grid's program count.
std::string launch_args_error(te_programs_fn fn, const te_kernel_info *info, void *const *args,
                              const int32_t grid[3], int64_t &n) {
  if (!fn) return "launch: null kernel function";
  if (!grid) return "launch: null grid";
  for (int d = 0; d < 3; ++d)
    if (grid[d] < 0) return "launch: negative grid dimension " + std::to_string(grid[d]);
  if (info && info->abi_version != TE_ABI_VERSION)
    return "launch: kernel ABI version " + std::to_string(info->abi_version) +
           " != runtime ABI version " + std::to_string(TE_ABI_VERSION);
  if (info && info->num_args > 0 && !args) return "launch: null argument array";
  n = static_cast<int64_t>(grid[0]) * grid[1];
  if (__builtin_mul_overflow(n, static_cast<int64_t>(grid[2]), &n))
    return "launch: grid size overflows int64";
  // A documented bound (docs/case-format.md): a grid of 2^40 programs
  // would run for hours before anyone saw an error.
  if (n > (int64_t(1) << 31))
    return "launch: grid [" + std::to_string(grid[0]) + ", " + std::to_string(grid[1]) + ", " +
           std::to_string(grid[2]) + "] has " + std::to_string(n) +
           " programs, more than the limit of 2^31";
  return "";
}

// The smallest split (virtual programs per program, at most `max_split`)
// that gives each of `contexts` contexts a virtual program.
int32_t split_for(int contexts, int64_t programs, int32_t max_split) {
  int64_t want = (contexts + programs - 1) / programs;
  return static_cast<int32_t>(std::max<int64_t>(1, std::min<int64_t>(max_split, want)));
}

// Recording for the timing model: modeled contexts, run in order here.
// Returns the contexts used.
int run_recorded(RangeJob &job, const LaunchOptions &opts, int64_t programs, int32_t max_split) {
  int64_t n = job.n;
  int k = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(opts.threads > 0 ? opts.threads : 1, n)));
  job.split = split_for(k, programs, max_split);
  job.n = n = programs * job.split;
  k = static_cast<int>(std::min<int64_t>(k, n));
  std::vector<std::unique_ptr<DmaEngine>> owned;
  std::vector<DmaEngine *> engs;
  opts.record->contexts.assign(k, {});
  opts.record->ranges.clear();
  for (int c = 0; c < k; ++c) {
    owned.push_back(std::make_unique<DmaEngine>(DmaKind::Sync, c));
    owned.back()->set_recorder(&opts.record->contexts[c]);
    engs.push_back(owned.back().get());
    opts.record->ranges.push_back(ThreadPool::static_range(n, k, c));
  }
  job.k = k;
  job.chunk = 0;
  job.chaos_seed = 0;
  job.engines = engs.data();
  for (int c = 0; c < k; ++c) run_context(job, c);
  return k;
}

// On the global pool, with the auto-threads and streaming-store choices.
// Returns an error for a launch refused before running; sets `threads_used`.
std::string run_pooled(RangeJob &job, te_programs_fn fn, const te_kernel_info *info,
                       const LaunchOptions &opts, int64_t programs, int32_t max_split,
                       detail::LaunchState &state, int &threads_used) {
  int64_t n = job.n;
  std::lock_guard<std::mutex> lk(g_launch_mu);
  ThreadPool &pool = ThreadPool::global();
  if (opts.pin != pool.pinned()) pool.set_pinning(opts.pin);
  KernelAuto *timed = nullptr;
  if (std::string err = launch_pool_env_error(); !err.empty()) return "launch: " + err;
  if (opts.threads <= 0) {
    std::string env = auto_mode_env_error();
    if (!env.empty()) return "launch(threads = auto): " + env;
  }
  int k = opts.threads > 0 ? opts.threads : auto_threads(fn, info, n, pool, &timed);
  // From here on, an auto launch that chose k runs exactly like threads = k.
  k = std::max(1, std::min(k, ThreadPool::kMaxContexts));
  const int64_t model_programs = n; // at the largest split
  StreamStores stream = opts.stream;
  if (stream == StreamStores::Auto) {
    std::string err;
    stream = stream_stores_env(&err);
    if (!err.empty()) return "launch: " + err;
  }
  job.stream = stream == StreamStores::On ||
               (stream == StreamStores::Auto && info &&
                stream_stores_pay(info->bytes_per_program * static_cast<double>(model_programs), k,
                                  stream_l2_bytes()));
  job.split = split_for(k, programs, max_split);
  job.n = n = programs * job.split;
  int64_t units = opts.chunk > 0 ? (n + opts.chunk - 1) / opts.chunk : n;
  if (k > units) k = static_cast<int>(units);
  job.k = k;
  job.engines = engines_for(opts.dma, k);
  for (int c = 0; c < k; ++c) job.engines[c]->set_chaos(opts.chaos_seed);
  const OpenMPRuntime *team = nullptr;
  if (k > 1) {
    std::string err;
    team = launch_team(&err);
    if (!err.empty()) return "launch: " + err;
  }
  int64_t t0 = timed ? now_ns() : 0;
  try {
    if (team) {
      // The OpenMP team ATen's parallel regions run on (launch_pool.h).
      run_on_openmp_team(*team, k, [](void *j, int ctx) { run_context(*static_cast<RangeJob *>(j), ctx); },
                         &job);
    } else {
      // Claiming: a worker that cannot get a CPU leaves its range to the caller.
      pool.run_claiming(k, [&](int ctx) { run_context(job, ctx); });
    }
  } catch (const std::exception &ex) {
    detail::t_launch_state = &state; // report into this launch
    detail::report_failure(std::string("runtime error: ") + ex.what());
    detail::t_launch_state = nullptr;
  }
  if (timed && opts.chunk <= 0 && !state.failed.load())
    record_timed(*timed, model_programs, k, static_cast<double>(now_ns() - t0));
  threads_used = k;
  return "";
}

} // namespace

LaunchResult launch(te_programs_fn fn, const te_kernel_info *info, void *const *args,
                    const int64_t *numel, const int32_t grid[3], const LaunchOptions &opts) {
  LaunchResult res;
  auto fail = [&](const std::string &msg) {
    res.ok = false;
    res.error = msg;
    return res;
  };
  int64_t n = 0;
  std::string refused = launch_args_error(fn, info, args, grid, n);
  if (!refused.empty()) return fail(refused);
  // Kernels that can split programs into virtual ones: the cost model counts
  // virtual programs at the largest split; the launch then uses the smallest
  // split that gives every context a virtual program (split_for).
  const int64_t programs = n;
  const int32_t max_split = info && info->program_split > 1 ? info->program_split : 1;
  if (__builtin_mul_overflow(n, static_cast<int64_t>(max_split), &n))
    return fail("launch: grid size overflows int64");
  if (n == 0) return res;

  detail::LaunchState state;
  RangeJob job;
  job.fn = fn;
  job.info = info;
  job.args = args;
  job.numel = numel;
  std::memcpy(job.grid, grid, sizeof(job.grid));
  job.n = n;
  job.chunk = opts.chunk;
  job.chaos_seed = opts.chaos_seed;
  job.check_dma = opts.check_dma;
  job.state = &state;

  if (opts.record) {
    res.threads_used = run_recorded(job, opts, programs, max_split);
  } else if (detail::t_launch_state) {
    // Launched from inside a kernel: every pool context may be busy with the
    // outer launch, so run here, on one context with a private engine.
    DmaEngine eng(opts.dma, 0);
    eng.set_chaos(opts.chaos_seed);
    DmaEngine *engs[1] = {&eng};
    job.split = 1;
    job.n = programs;
    job.k = 1;
    job.engines = engs;
    run_context(job, 0);
    res.threads_used = 1;
  } else {
    std::string error =
        run_pooled(job, fn, info, opts, programs, max_split, state, res.threads_used);
    if (!error.empty()) return fail(error);
  }
  res.failures = state.failures.load();
  if (state.failed.load()) {
    res.ok = false;
    res.error = state.error;
  }
  return res;
}

// ---------------- cost model ----------------

namespace {

double measure_ops_per_ns() {
  // A streaming float multiply-add over an L1-resident array: the shape of a
  // pointwise kernel's inner loop.
  alignas(64) static thread_local float a[1024];
  for (int i = 0; i < 1024; ++i) a[i] = static_cast<float>(i) * 1e-3f;
  const int reps = 400;
  double best = 1e30;
  for (int t = 0; t < 5; ++t) {
    int64_t t0 = now_ns();
    for (int r = 0; r < reps; ++r) {
      for (int i = 0; i < 1024; ++i) a[i] = a[i] * 0.999f + 0.001f;
      asm volatile("" ::"r"(a) : "memory"); // keep every pass
    }
    best = std::min(best, static_cast<double>(now_ns() - t0));
  }
  return 2.0 * 1024 * reps / std::max(best, 1.0);
}

double measure_copy_bytes_per_ns(ThreadPool &pool, int k) {
  const size_t sz = 8u << 20; // beyond L2 of the targets we care about
  std::vector<std::unique_ptr<char[]>> src(k), dst(k);
  for (int c = 0; c < k; ++c) {
    src[c].reset(new char[sz]);
    dst[c].reset(new char[sz]);
    std::memset(src[c].get(), c + 1, sz);
    std::memset(dst[c].get(), 0, sz);
  }
  double best = 1e30;
  for (int t = 0; t < 3; ++t) {
    int64_t t0 = now_ns();
    pool.run(k, [&](int ctx) { std::memcpy(dst[ctx].get(), src[ctx].get(), sz); });
    best = std::min(best, static_cast<double>(now_ns() - t0));
  }
  // memcpy reads and writes every byte: count both, like bytes_per_program.
  return 2.0 * sz * k / std::max(best, 1.0);
}

// Measures the model on the global pool (~0.1 s on 16 contexts).
CostModel calibrate_cost_model(ThreadPool &pool) {
  CostModel m;
  m.hw_contexts = pool.hw_contexts();
  int max_k = std::min(m.hw_contexts, 16);
  // Hot dispatch, twice: the first often runs while the new threads still
  // share a CPU; the second after that warm-up lets the scheduler spread
  // them. The smaller median per k is kept.
  pool.calibrate(max_k, 200);
  std::vector<double> first = pool.dispatch_overhead_ns();
  pool.calibrate(max_k, 200);
  m.overhead_ns = pool.dispatch_overhead_ns();
  for (size_t k = 1; k < m.overhead_ns.size() && k < first.size(); ++k)
    if (first[k] > 0) m.overhead_ns[k] = std::min(m.overhead_ns[k], first[k]);
  // Cold dispatch: workers asleep (a pause longer than their spin window).
  if (max_k >= 2) {
    int64_t gap_us = pool.spin_ns() / 1000 + 100;
    double cold = pool.measure_dispatch_ns(2, 9, gap_us);
    m.cold_extra_ns = std::max(0.0, cold - m.overhead_ns[2]);
  }
  m.ops_per_ns = measure_ops_per_ns();
  m.bytes_per_ns = measure_copy_bytes_per_ns(pool, 1);
  m.bytes_per_ns_all = m.hw_contexts > 1 ? measure_copy_bytes_per_ns(pool, max_k) : m.bytes_per_ns;
  return m;
}

// A saved model whose 2-context dispatch is far slower than one measured now
// was calibrated on a loaded machine: measure again (40 dispatches, ~0.1 ms).
bool saved_model_is_stale(ThreadPool &pool, const CostModel &m) {
  if (m.hw_contexts < 2 || m.overhead_ns.size() < 3) return false;
  return m.overhead_ns[2] > 4 * pool.measure_dispatch_ns(2, 20) + 2000;
}

} // namespace

const CostModel &cost_model() {
  static const CostModel model = [] {
    ThreadPool &pool = ThreadPool::global();
    g_model_calibrated_pinned = pool.pinned();
    std::string key = cost_model_key(pool.hw_contexts(), pool.pinned(), pool.spin_ns());
    std::string path = cost_model_path(cost_model_dir(), key);
    CostModel m;
    if (!path.empty() && load_cost_model(path, key, m) && !saved_model_is_stale(pool, m)) return m;
    m = calibrate_cost_model(pool);
    if (!path.empty()) store_cost_model(path, key, m);
    return m;
  }();
  return model;
}

double predict_ns(const CostModel &m, const te_kernel_info *info, int64_t programs, int k,
                  double work_scale, bool cold, double extra_ns) {
  if (programs <= 0) return 0.0;
  k = std::max(1, k);
  if (!(work_scale > 0)) work_scale = 1.0;
  double ops_t = info ? std::max(0.0, info->ops_per_program) / m.ops_per_ns * work_scale : 0.0;
  double byte_t = info ? std::max(0.0, info->bytes_per_program) / m.bytes_per_ns * work_scale : 0.0;
  double overhead = 0.0;
  if (m.overhead_ns.size() >= 2) {
    int last = static_cast<int>(m.overhead_ns.size()) - 1;
    if (k <= last) {
      overhead = m.overhead_ns[k];
    } else {
      double step = last >= 2 ? std::max(0.0, m.overhead_ns[last] - m.overhead_ns[last - 1]) : 1000.0;
      overhead = m.overhead_ns[last] + step * (k - last);
    }
  }
  if (k > 1) overhead += std::max(0.0, extra_ns) + (cold ? m.cold_extra_ns : 0.0);
  if (k == 1) return std::max(programs * ops_t, programs * byte_t) + overhead;
  // Compute: the busiest context runs ceil(programs / k) programs, and
  // contexts beyond the hardware ones share cores.
  int eff = std::min(k, m.hw_contexts);
  double per_ctx = std::ceil(static_cast<double>(programs) / k);
  double compute = per_ctx * ops_t * (static_cast<double>(k) / eff);
  // Memory: bandwidth grows with contexts towards the aggregate measured
  // limit R, with diminishing returns: R (1 - (1 - 1/R)^k). A straight line
  // capped at R made k = R reach the limit already, so a stream stopped at
  // about R contexts; on the 16-core Xeon add at 2^24 ran 2x faster on 16
  // than as auto chose then (docs/runtime.md).
  double ratio = std::clamp(m.bytes_per_ns_all / m.bytes_per_ns, 1.0, static_cast<double>(std::max(1, m.hw_contexts)));
  double bw_scale = std::max(1.0, ratio * (1.0 - std::pow(1.0 - 1.0 / ratio, eff)));
  double memory = std::max(per_ctx * byte_t, programs * byte_t / bw_scale);
  return std::max(compute, memory) + overhead;
}

int choose_threads(const CostModel &m, const te_kernel_info *info, int64_t programs,
                   int max_threads, double work_scale, bool cold, double extra_ns) {
  if (!info || programs <= 1) return 1;
  if (info->ops_per_program <= 0 && info->bytes_per_program <= 0) return 1;
  if (max_threads <= 0) max_threads = m.hw_contexts;
  int64_t kmax = std::min<int64_t>(max_threads, programs);
  double t1 = predict_ns(m, info, programs, 1, work_scale, cold, extra_ns);
  int best_k = 1;
  double best = t1;
  for (int k = 2; k <= kmax; ++k) {
    double t = predict_ns(m, info, programs, k, work_scale, cold, extra_ns);
    if (t < best) best = t, best_k = k;
  }
  // Only go parallel when the win is clearly beyond measurement noise.
  if (best_k > 1 && best < t1 * (1.0 - m.margin) && t1 - best > m.min_gain_ns) return best_k;
  return 1;
}

int choose_threads(const te_kernel_info *info, int64_t programs, int max_threads) {
  if (!info || programs <= 1) return 1;
  if (auto_mode() == AutoMode::Fixed)
    return choose_threads(fixed_cost_model(), info, programs, max_threads, 1.0, false, 0.0);
  double scale = kernel_work_scale(info), extra = kernel_parallel_extra_ns(info);
  CostModel m = cost_model();
  if (!detail::t_launch_state) {
    std::lock_guard<std::mutex> lk(g_launch_mu);
    if (g_auto_model_ok) m = g_auto_model; // what launch(threads = 0) decides with
  }
  return choose_threads(m, info, programs, max_threads, scale, false, extra);
}

} // namespace te

// ---------------- C ABI: failures ----------------

extern "C" void te_rt_assert_fail(const char *message, const char *file, int32_t line,
                                  int32_t pid_x, int32_t pid_y, int32_t pid_z) {
  {
    // Scoped: the longjmp below skips destructors in this frame.
    std::string msg = "assertion failed in program " + te::program_str(pid_x, pid_y, pid_z) +
                      " at " + (file && *file ? file : "<unknown>") + ":" +
                      std::to_string(line) + ": " + (message ? message : "");
    te::detail::report_failure(msg);
  }
  // Stop the program here, before any later access (the assert guards
  // them). Transfers already started belong to earlier accesses: let them
  // land before leaving the range.
  if (std::jmp_buf *exit_point = te::detail::t_program_exit) {
    if (te::detail::t_program_engine)
      te::detail::t_program_engine->wait_all();
    std::longjmp(*exit_point, 1);
  }
}

extern "C" void te_rt_bounds_fail(int32_t arg_index, int64_t index, int64_t numel,
                                  int32_t pid_x, int32_t pid_y, int32_t pid_z) {
  std::string arg = "argument " + std::to_string(arg_index);
  const te_kernel_info *info = te::detail::t_launch_info;
  if (info && info->args && arg_index >= 0 && arg_index < info->num_args &&
      info->args[arg_index].name)
    arg += std::string(" (") + info->args[arg_index].name + ")";
  std::string msg = "out-of-bounds access in program " + te::program_str(pid_x, pid_y, pid_z) +
                    ": " + arg + " index " + std::to_string(index) + " not in [0, " +
                    std::to_string(numel) + ")";
  te::detail::report_failure(msg);
}
