// triton-edge benchmark library: statistics, machine description, bandwidth,
// peers, the ladder and scaling runners, and the reports. No MLIR/LLVM: the
// standalone harness (te-bench) links this, the runtime and nothing else.
// Method: docs/benchmarking.md.
#ifndef TRITON_EDGE_BENCH_BENCH_H
#define TRITON_EDGE_BENCH_BENCH_H

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "triton-edge-rt/kernel_abi.h"
#include "triton-edge-rt/launch.h"

namespace te::bench {

// ---------------------------------------------------------------- statistics

struct MeasureOptions {
  double warmup_s = 0.02;      // warm-up time (at least warmup_min calls)
  int warmup_min = 3;
  int min_samples = 10;
  int max_samples = 200;
  double max_seconds = 2.0;    // cap on the timed part of one measurement
  double target_rel_ci = 0.02; // stop once the 95% CI of the median is within +-2%
  double min_sample_s = 20e-6; // calls are batched so that one sample lasts this long
  // Interleaved runs: a pause before each sample, so that the previous
  // call's runtime (our pool, an OpenMP peer) has stopped spinning.
  double settle_s = 0;
};

struct Stats {
  double median = 0, q1 = 0, q3 = 0; // seconds per call
  double ci_lo = 0, ci_hi = 0;       // 95% distribution-free CI of the median
  double min = 0, mean = 0;
  int samples = 0;
  int64_t calls_per_sample = 1;
  bool converged = false;            // CI reached the target before the cap
  double rel_ci() const { return median > 0 ? (ci_hi - ci_lo) / (2 * median) : 0; }
  double iqr() const { return q3 - q1; }
};

// Order statistics of a sample (seconds); does not look at batching.
Stats summarize(std::vector<double> samples);

// Times call(i) (i = running call index, for input rotation): warm-up, then
// samples until the CI is tight or a cap is reached.
Stats measure(const std::function<void(int64_t)> &call, const MeasureOptions &o);

// Several calls timed side by side: after each one's warm-up, rounds of one
// sample of every call (ABAB..., each round in a new seeded random order so
// that no call always follows the same one), until every CI is tight or the cap
// (max_seconds per call) is reached. Drift of the machine lands on all
// calls alike, and samples[i][k] pairs with samples[j][k].
struct Interleaved {
  std::vector<Stats> stats;
  std::vector<std::vector<double>> samples; // [call][round], seconds per call
};
Interleaved measure_interleaved(const std::vector<std::function<void(int64_t)>> &calls,
                                const MeasureOptions &o);

// a/b from paired samples (same rounds): the median of the per-round ratios
// and its distribution-free 95% CI (same ranks as the median's CI).
struct Ratio {
  double median = 0, lo = 0, hi = 0;
};
Ratio paired_ratio(const std::vector<double> &a, const std::vector<double> &b);

// ------------------------------------------------------------------- machine

struct CacheLevel {
  int level = 0;
  std::string type; // Data, Instruction, Unified
  int64_t bytes = 0;
  int shared_by = 1; // CPUs sharing one instance
};

struct Machine {
  std::string cpu_model, hostname, kernel;
  int logical_cpus = 0; // of this process's affinity mask
  int online_cpus = 0;
  std::vector<std::string> isa; // sse4.2 avx avx2 fma avx512f ...
  std::string isa_level;        // x86-64-v4 / v3 / v2 / x86-64 / other
  std::vector<CacheLevel> caches;
  int64_t llc_bytes = 0;        // last-level cache, one instance
  int64_t memory_bytes = 0;
};

Machine describe_machine();
// Best of x86-64-v4, x86-64-v3, x86-64-v2, x86-64 this CPU supports (by CPUID).
std::string host_isa_level();
bool isa_at_least(const std::string &have, const std::string &need);

// pin: the calling thread to the first CPU of the process mask (context 0 of
// the pool); !pin: back to the original mask. False where not possible.
bool pin_calling_thread(bool pin);

// ----------------------------------------------------------------- bandwidth

struct Bandwidth {
  int threads = 1;
  int64_t bytes_per_array = 0;
  Stats copy;          // a[i] = b[i]
  Stats triad;         // a[i] = b[i] + s * c[i]
  double copy_gbs = 0; // read + written bytes / median time
  double triad_gbs = 0;
};

// STREAM-like copy and triad, arrays of max(64 MiB, 4 x LLC), on `threads`
// contexts of the global pool.
Bandwidth measure_bandwidth(int threads, int64_t llc_bytes, const MeasureOptions &o,
                            bool quick);

// --------------------------------------------------------------------- peers

// The interface of a peer implementation (in-library or a plugin .so that
// exports `te_bench_peer`). Ops: "gelu" (erf form, out = 0.5x(1+erf(x/sqrt2)))
// and "add" (out = a + b), float32, contiguous.
struct PeerApi {
  int abi;               // kPeerAbi
  const char *name;      // "cpp-omp", "onednn", "aten"
  const char *detail;    // compiler flags / library version
  int threaded;          // 1: honours `threads`
  void *(*prepare)(const char *op, int64_t n, int threads); // null: op unsupported
  void (*run)(void *state, const float *a, const float *b, float *out);
  void (*release)(void *state);
};
constexpr int kPeerAbi = 1;
extern "C" typedef const PeerApi *(*PeerEntryFn)(const char *isa_level);

struct Peer {
  std::string name, detail;
  const PeerApi *api = nullptr;
  void *handle = nullptr; // dlopen handle (plugins)
  int threads = 1;        // contexts it runs with in this report
};

// The built-in straightforward C++ peer (clang -O3, compiled per ISA level).
const PeerApi *builtin_cpp_peer(const std::string &isa_level);
// Builtin + every plugin found in `dir` (libte_peer_*.so). Notes say why a
// plugin was not loaded.
std::vector<Peer> load_peers(const std::string &dir, const std::string &isa_level,
                             std::vector<std::string> &notes);

// ------------------------------------------------------- manifest and runner

// One compiled variant of a kernel (one .so per target).
struct Variant {
  std::string id;      // scalar | vec | auto (--db=auto) | vecdb | vecpf
  std::string target;  // x86-64-v4 | x86-64-v3 | host
  std::string so;      // path (relative to the manifest's directory in bundles)
  std::string flags;   // compiler flags that produced it
  double compile_s = 0;
};

struct KernelEntry {
  std::string label;    // "gelu_1m"
  std::string case_dir; // corpus case directory (kernel.json, in*.npy)
  std::string kernel;   // kernel symbol name
  std::vector<Variant> variants;
};

struct Manifest {
  std::string base_dir;     // relative paths resolve against this
  std::string git_revision, compiler, created_on;
  std::vector<KernelEntry> ladder;
  std::vector<KernelEntry> scaling; // usually one: gelu_dyn
  static Manifest read(const std::string &path);
  void write(const std::string &path) const;
  std::string resolve(const std::string &p) const;
};

struct RunConfig {
  bool quick = false;
  int threads = 0;                 // MT rung contexts (0 = all of the process mask)
  int max_contexts = 0;            // scaling: 1..max (0 = logical CPUs)
  std::vector<int> contexts;       // scaling: these counts instead (--contexts=1,2,4)
  int log2_min = 10, log2_max = 24;
  bool pin = true;
  std::string target;              // variant target to use ("" = best for this CPU)
  std::string out_dir = "bench-results";
  std::string peers_dir;           // where libte_peer_*.so live
  std::vector<std::string> extra_peer_files; // JSON from torch_peers.py
  bool progress = true;
  std::string auto_mode;           // --auto=measured|deterministic ("" = TRITON_EDGE_AUTO, else measured)
  bool do_ladder = true, do_scaling = true;
  std::string command_line;
};

// Runs what the config asks for on the manifest's kernels, prints the table
// and writes results.json/.csv, report.md and the SVG charts to out_dir.
// Returns 0 when every kernel ran and agreed with the reference.
int run_benchmarks(const Manifest &m, const RunConfig &cfg);

// Parses the shared harness flags (--quick, --threads=N, --max-contexts=N,
// --sizes=A..B, --no-pin, --target=, --out=, --peers-dir=, --extra-peers=,
// --no-progress). Unknown flags are left in `rest`.
bool parse_run_flags(const std::vector<std::string> &args, RunConfig &cfg,
                     std::vector<std::string> &rest, std::string &error);
std::string run_flags_help();

// Directory of the running executable.
std::string executable_dir();

} // namespace te::bench

#endif
