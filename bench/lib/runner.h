// Between run_benchmarks (runner.cpp) and the runs it makes (ladder.cpp,
// scaling.cpp): the state of one benchmark run and the helpers every run
// uses (not installed). Method: docs/benchmarking.md.
#ifndef TRITON_EDGE_BENCH_RUNNER_H
#define TRITON_EDGE_BENCH_RUNNER_H

#include "triton-edge-bench/bench.h"
#include "workload.h"

#include "triton-edge-rt/kernel_library.h"

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace te::bench {

/// The progress bar on stderr (a terminal only): one step per timed thing.
struct Progress {
  int total = 0, done = 0;
  bool show = false;
  void step(const std::string &what);
  void finish();
};

/// One benchmark run: the manifest, the settings, the machine and what was
/// measured of it before the kernels (bandwidth), the peers.
struct Env {
  const Manifest *m;
  const RunConfig *cfg;
  Machine machine;
  int contexts = 1; // MT rung / peers' threads
  double bw1 = 0, bwN = 0;
  std::vector<Peer> peers;
  nlohmann::json extraPeers = nlohmann::json::array(); // from torch_peers.py
  Progress progress;
  bool pinned = false;
};

/// The calls timed side by side in one measure_interleaved.
using Calls = std::vector<std::function<void(int64_t)>>;

nlohmann::json statsJson(const Stats &s);
MeasureOptions measureOptions(bool quick, double cap);
/// For measure_interleaved: longer samples, each after a pause.
MeasureOptions interleavedOptions(bool quick, double cap);

/// The variant `id` of a kernel: for target `want`, else the best this CPU
/// (ISA level `isa`) runs. Null when none fits.
const Variant *pickVariant(const KernelEntry &k, const std::string &id, const std::string &want,
                           const std::string &isa);
bool hasVariant(const KernelEntry &k, const std::string &id);
/// XBLOCK of a case's launch configuration (1024 where it has none).
int64_t xblockOf(const Case &c);

/// The copy bandwidth at `threads` contexts (GB/s).
double bwFor(const Env &e, int threads);
LaunchOptions launchOpts(const Env &e, int threads, DmaKind dma);
/// Launches a kernel on rotation set `i % w.sets`.
LaunchResult launchOn(const KernelLibrary &lib, Workload &w, const LaunchOptions &lo, int64_t i);
/// One checked launch, then measure(); a failing launch sets `error`.
Stats timeKernel(const Env &e, const KernelLibrary &lib, Workload &w, const LaunchOptions &lo,
                 double cap, std::string &error);
/// The program count launch(threads = 0) decides with: kernels that split
/// programs into virtual ones are counted at their largest split.
int64_t modelPrograms(const te_kernel_info *info, int64_t programs);
/// A family's output on rotation set 0 against its formula.
nlohmann::json checkOutput(const Family &f, Workload &w);

/// A peer prepared for one workload and timed among `calls` (index `call`).
struct PeerRun {
  const Peer *p;
  void *st;
  int threads;
  nlohmann::json check;
  int call;
};
/// Every peer that supports the family, prepared on the same inputs, run
/// once and checked, its call appended to `calls` (progress: `step` + name).
/// Without a formula family, no peer runs. releasePeers after timing.
std::vector<PeerRun> preparePeers(Env &e, const std::string &step, const Family &f,
                                   Workload &w, Calls &calls);
void releasePeers(std::vector<PeerRun> &runs);
/// torch_peers.py's timings of `op` at `n` elements, as peer rows.
nlohmann::json extraPeerResults(const Env &e, const std::string &op, int64_t n);

// The runs (each returns the JSON of one kernel's results).
nlohmann::json runLadderKernel(Env &e, const KernelEntry &k); // ladder.cpp
nlohmann::json runScaling(Env &e, const KernelEntry &k);      // scaling.cpp
nlohmann::json runDbSweep(Env &e, const KernelEntry &k);      // scaling.cpp

} // namespace te::bench

#endif
