// run_benchmarks: set up the run (auto mode, pinning, peers) -> describe the
// machine and measure its bandwidth -> run the ladder (ladder.cpp) and the
// scaling and DB sweeps (scaling.cpp) -> report. Results are collected as
// JSON; report.cpp turns them into the table, CSV, Markdown, SVG. Also the
// helpers the runs share (runner.h). Method: docs/benchmarking.md.
#include "runner.h"
#include "internal.h"

#include "triton-edge-rt/launch_pool.h"
#include "triton-edge-rt/thread_pool.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include <unistd.h>

namespace te::bench {

using nlohmann::json;

// ------------------------------------------------------------------ helpers

json statsJson(const Stats &s) {
  return {{"median_s", s.median}, {"q1_s", s.q1}, {"q3_s", s.q3}, {"ci95_lo_s", s.ci_lo},
          {"ci95_hi_s", s.ci_hi}, {"min_s", s.min}, {"mean_s", s.mean},
          {"samples", s.samples}, {"calls_per_sample", s.calls_per_sample},
          {"converged", s.converged}};
}

MeasureOptions measureOptions(bool quick, double cap) {
  MeasureOptions o;
  if (quick) {
    o.warmup_s = 0.002;
    o.warmup_min = 1;
    o.min_samples = 5;
    o.max_samples = 20;
    o.max_seconds = 0.05;
    o.target_rel_ci = 0.05;
  } else {
    o.max_seconds = cap;
  }
  return o;
}

// Interleaved measurements: samples of at least 1 ms (a sample's first call
// meets workers that went to sleep during the pause before it) and a 2 ms
// pause before each (docs/benchmarking.md).
MeasureOptions interleavedOptions(bool quick, double cap) {
  MeasureOptions o = measureOptions(quick, cap);
  o.min_sample_s = quick ? 1e-4 : 1e-3;
  o.settle_s = quick ? 2e-4 : 2e-3;
  return o;
}

void Progress::step(const std::string &what) {
  ++done;
  if (!show) return;
  int width = 30, filled = total ? std::min(width, done * width / total) : width;
  std::fprintf(stderr, "\r[%s%s] %3d/%-3d %-48.48s", std::string(filled, '#').c_str(),
               std::string(width - filled, '.').c_str(), done, total, what.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (show) std::fprintf(stderr, "\r%100s\r", "");
}

const Variant *pickVariant(const KernelEntry &k, const std::string &id, const std::string &want,
                           const std::string &isa) {
  const Variant *best = nullptr;
  int bestRank = -1;
  for (const Variant &v : k.variants) {
    if (v.id != id) continue;
    if (!want.empty()) {
      if (v.target == want) return &v;
      continue;
    }
    if (!isa_at_least(isa, v.target)) continue;
    int rank = v.target == "host" ? 10 : v.target == "x86-64-v4" ? 4 : v.target == "x86-64-v3" ? 3 : 1;
    if (rank > bestRank) { best = &v; bestRank = rank; }
  }
  return best;
}

bool hasVariant(const KernelEntry &k, const std::string &id) {
  for (const Variant &v : k.variants)
    if (v.id == id)
      return true;
  return false;
}

int64_t xblockOf(const Case &c) {
  int64_t block = 1024;
  for (const auto &kv : c.config)
    if (kv.first == "XBLOCK") block = kv.second;
  return block;
}

double bwFor(const Env &e, int threads) { return threads <= 1 ? e.bw1 : e.bwN; }

LaunchOptions launchOpts(const Env &e, int threads, DmaKind dma) {
  LaunchOptions o;
  o.threads = threads;
  o.dma = dma;
  o.pin = e.cfg->pin;
  return o;
}

LaunchResult launchOn(const KernelLibrary &lib, Workload &w, const LaunchOptions &lo, int64_t i) {
  return launch(lib.programs(), lib.info(), w.ptrs[i % w.sets].data(), w.numel.data(), w.grid, lo);
}

Stats timeKernel(const Env &e, const KernelLibrary &lib, Workload &w, const LaunchOptions &lo,
                 double cap, std::string &error) {
  // One checked launch first: a failing kernel is reported, not timed.
  LaunchResult r = launchOn(lib, w, lo, 0);
  if (!r.ok) {
    error = r.error;
    return Stats();
  }
  return measure([&](int64_t i) { launchOn(lib, w, lo, i); }, measureOptions(e.cfg->quick, cap));
}

int64_t modelPrograms(const te_kernel_info *info, int64_t programs) {
  return programs * (info && info->program_split > 1 ? info->program_split : 1);
}

json checkOutput(const Family &f, Workload &w) {
  return checkFamily(f, static_cast<const float *>(w.ptrs[0][f.in0]),
                     f.in1 >= 0 ? static_cast<const float *>(w.ptrs[0][f.in1]) : nullptr,
                     static_cast<const float *>(w.ptrs[0][f.out]));
}

// ---------------------------------------------------------------------- peers

namespace {

void peerCall(const Peer &p, void *st, const Family &f, Workload &w, int64_t i) {
  int s = static_cast<int>(i % w.sets);
  auto ptr = [&](int arg) -> const float * {
    return arg < 0 ? nullptr : static_cast<const float *>(w.ptrs[s][arg]);
  };
  p.api->run(st, ptr(f.in0), ptr(f.in1), static_cast<float *>(w.ptrs[s][f.out]));
}

} // namespace

// Their runtimes create their threads from this thread on the first call:
// unpinned, so the threads inherit the whole process mask.
std::vector<PeerRun> preparePeers(Env &e, const std::string &step, const Family &f, Workload &w,
                                  Calls &calls) {
  std::vector<PeerRun> runs;
  if (!f.formula) {
    e.progress.done += static_cast<int>(e.peers.size());
    return runs;
  }
  if (e.pinned) pin_calling_thread(false);
  for (const Peer &p : e.peers) {
    e.progress.step(step + p.name);
    int threads = p.api->threaded ? e.contexts : 1;
    void *st = p.api->prepare(f.op.c_str(), f.n, threads);
    if (!st) continue;
    poison(w, f.out);
    peerCall(p, st, f, w, 0);
    runs.push_back({&p, st, threads, checkOutput(f, w), static_cast<int>(calls.size())});
    calls.push_back([&w, &f, pp = &p, st](int64_t i) { peerCall(*pp, st, f, w, i); });
  }
  if (e.pinned) pin_calling_thread(true);
  return runs;
}

void releasePeers(std::vector<PeerRun> &runs) {
  for (PeerRun &pr : runs) pr.p->api->release(pr.st);
}

json extraPeerResults(const Env &e, const std::string &op, int64_t n) {
  json out = json::array();
  for (const json &p : e.extraPeers)
    for (const json &r : p.value("results", json::array()))
      if (r.value("op", "") == op && r.value("n", int64_t(0)) == n && r.value("median_s", 0.0) > 0)
        out.push_back({{"name", p.value("name", "external")}, {"detail", p.value("detail", "")},
                       {"threads", p.value("threads", 0)}, {"external", true},
                       {"stats", {{"median_s", r.value("median_s", 0.0)},
                                  {"q1_s", r.value("q1_s", 0.0)}, {"q3_s", r.value("q3_s", 0.0)},
                                  {"samples", r.value("samples", 0)}}}});
  return out;
}

// ---------------------------------------------------------- run_benchmarks

namespace {

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

/// How --threads=auto decides: the flag, else TRITON_EDGE_AUTO (a value it
/// does not know is an error here, before anything is measured).
bool chooseAutoMode(const RunConfig &cfg) {
  if (!cfg.auto_mode.empty()) {
    AutoMode mode = AutoMode::Measured;
    parse_auto_mode(cfg.auto_mode, mode); // checked by parse_run_flags
    set_auto_mode(mode);
  } else if (std::string err = auto_mode_env_error(); !err.empty()) {
    std::fprintf(stderr, "error: %s\n", err.c_str());
    return false;
  }
  return true;
}

/// The peer plugins and torch_peers.py's timings; notes say what was not loaded.
std::vector<std::string> loadPeers(Env &e) {
  const RunConfig &cfg = *e.cfg;
  std::vector<std::string> notes;
  std::string peersDir = cfg.peers_dir.empty() ? executable_dir() + "/../lib" : cfg.peers_dir;
  // OpenMP peers' threads spin after a parallel region (libomp: 200 ms by
  // default) and would take the cores of whatever is timed next; 1 ms, which
  // the pause before each interleaved sample outlasts (unless set by the user).
  setenv("KMP_BLOCKTIME", "1", 0);
  setenv("GOMP_SPINCOUNT", "10000", 0); // libgomp (oneDNN's OpenMP): about as short
  e.peers = load_peers(peersDir, e.machine.isa_level, notes);
  // The peers just loaded libgomp/libomp; the ladder times our launches on
  // the runtime's own pool, as before the launch pool existed, unless
  // TRITON_EDGE_POOL asks otherwise (docs/runtime.md, "Launch pool").
  if (!std::getenv("TRITON_EDGE_POOL")) set_launch_pool(PoolChoice::Own);
  for (const std::string &f : cfg.extra_peer_files) {
    std::ifstream in(f);
    json j;
    try {
      in >> j;
      for (const json &p : j.value("peers", json::array())) e.extraPeers.push_back(p);
    } catch (const std::exception &ex) {
      notes.push_back("extra peers '" + f + "' not read: " + ex.what());
    }
  }
  return notes;
}

/// The progress bar's steps: bandwidth (2), each ladder kernel's rungs and
/// peers, each scaling sweep's sizes x (contexts, auto, peers).
void countSteps(Env &e) {
  const RunConfig &cfg = *e.cfg;
  e.progress.show = cfg.progress && isatty(2);
  e.progress.total =
      2 + (cfg.do_ladder ? static_cast<int>(e.m->ladder.size()) * (7 + e.peers.size()) : 0);
  if (cfg.do_scaling)
    for (size_t i = 0; i < e.m->scaling.size(); ++i) {
      int sizes = (cfg.log2_max - cfg.log2_min) / (cfg.quick ? 2 : 1) + 1;
      int maxc = cfg.max_contexts > 0 ? cfg.max_contexts : e.machine.logical_cpus;
      e.progress.total += sizes * (maxc + 1 + static_cast<int>(e.peers.size()));
    }
}

json machineJson(const Machine &mc) {
  json caches = json::array();
  for (const CacheLevel &c : mc.caches)
    caches.push_back({{"level", c.level}, {"type", c.type}, {"bytes", c.bytes}, {"shared_by", c.shared_by}});
  return {{"cpu_model", mc.cpu_model}, {"hostname", mc.hostname}, {"kernel", mc.kernel},
          {"logical_cpus", mc.logical_cpus}, {"online_cpus", mc.online_cpus},
          {"isa", mc.isa}, {"isa_level", mc.isa_level}, {"caches", caches},
          {"llc_bytes", mc.llc_bytes}, {"memory_bytes", mc.memory_bytes}};
}

/// What the results are of: command, machine, build, the cost model `auto`
/// decided with (calibrated here, or the fixed constants), settings.
json resultsHeader(const Env &e, const CostModel &model, bool fixedAuto) {
  const RunConfig &cfg = *e.cfg;
  json res;
  res["format"] = "triton-edge-bench-results-1";
  res["created"] = isoNow();
  res["command"] = cfg.command_line;
  res["quick"] = cfg.quick;
  res["machine"] = machineJson(e.machine);
  res["build"] = {{"git_revision", e.m->git_revision}, {"compiler", e.m->compiler},
                  {"manifest_created_on", e.m->created_on}};
  json overhead = json::array();
  for (size_t k = 1; k < model.overhead_ns.size(); ++k) overhead.push_back(model.overhead_ns[k]);
  res["cost_model"] = {{"dispatch_overhead_ns", overhead}, {"ops_per_ns", model.ops_per_ns},
                       {"bytes_per_ns", model.bytes_per_ns}, {"bytes_per_ns_all", model.bytes_per_ns_all},
                       {"source", fixedAuto ? "fixed constants (docs/runtime.md)" : "calibrated in this run"}};
  res["auto_mode"] = fixedAuto ? "deterministic" : "measured";
  res["settings"] = {{"contexts", e.contexts}, {"pinned", cfg.pin}, {"caller_pinned", e.pinned},
                     {"target", cfg.target.empty() ? "best for this CPU" : cfg.target},
                     {"launch_pool", launch_pool_report()}};
  return res;
}

/// Copy and triad bandwidth on 1 and on all contexts: same process, same pool.
json measureBandwidths(Env &e) {
  const bool quick = e.cfg->quick;
  const int64_t llc = e.machine.llc_bytes;
  MeasureOptions bo = measureOptions(quick, 2.0);
  e.progress.step("bandwidth, 1 context");
  Bandwidth b1 = measure_bandwidth(1, llc, bo, quick);
  e.progress.step("bandwidth, " + std::to_string(e.contexts) + " contexts");
  Bandwidth bN = measure_bandwidth(e.contexts, llc, bo, quick);
  e.bw1 = b1.copy_gbs;
  e.bwN = bN.copy_gbs;
  json out = json::array();
  for (const Bandwidth *b : {&b1, &bN})
    out.push_back({{"threads", b->threads}, {"bytes_per_array", b->bytes_per_array},
                   {"copy_gbs", b->copy_gbs}, {"triad_gbs", b->triad_gbs},
                   {"copy", statsJson(b->copy)}, {"triad", statsJson(b->triad)}});
  return out;
}

json peerList(const Env &e) {
  json peers = json::array();
  for (const Peer &p : e.peers)
    peers.push_back({{"name", p.name}, {"detail", p.detail}, {"threaded", p.api->threaded != 0}});
  for (const json &p : e.extraPeers)
    peers.push_back({{"name", p.value("name", "external")}, {"detail", p.value("detail", "")},
                     {"external", true}});
  return peers;
}

/// One kernel's run; an exception is that kernel's error, not the run's end.
template <typename Run>
json guarded(Env &e, const KernelEntry &k, Run run, bool withOk) {
  try {
    return run(e, k);
  } catch (const std::exception &ex) {
    json r = {{"label", k.label}, {"error", ex.what()}};
    if (withOk) r["ok"] = false;
    return r;
  }
}

/// The ladder of every kernel; false when one failed or disagreed.
bool runLadders(Env &e, json &res) {
  bool ok = true;
  res["ladder"] = json::array();
  if (!e.cfg->do_ladder) return ok;
  for (const KernelEntry &k : e.m->ladder) {
    json r = guarded(e, k, runLadderKernel, true);
    ok &= r.value("ok", false);
    res["ladder"].push_back(r);
  }
  return ok;
}

/// MT scaling of the GELU kernels (erf, tanh); the DB sweep of gelu_dyn and
/// the add. False when a scaling run failed or disagreed.
bool runSweeps(Env &e, json &res) {
  bool ok = true;
  res["scaling"] = json::array();
  res["db_sweep"] = json::array();
  if (!e.cfg->do_scaling) return ok;
  for (const KernelEntry &k : e.m->scaling) {
    if (k.label.rfind("gelu", 0) == 0) {
      json r = guarded(e, k, runScaling, true);
      ok &= r.value("ok", false);
      res["scaling"].push_back(r);
    }
    if (hasVariant(k, "vecdb") && k.label.find("tanh") == std::string::npos)
      res["db_sweep"].push_back(guarded(e, k, runDbSweep, false));
  }
  return ok;
}

} // namespace

int run_benchmarks(const Manifest &m, const RunConfig &cfg) {
  Env e;
  e.m = &m;
  e.cfg = &cfg;
  e.machine = describe_machine();
  if (!chooseAutoMode(cfg)) return 2;
  const bool fixedAuto = auto_mode() == AutoMode::Fixed;
  // Calibrates the global pool (and sizes it) before anything is pinned.
  const CostModel &measured = cost_model();
  const CostModel &model = fixedAuto ? fixed_cost_model() : measured;
  e.contexts = cfg.threads > 0 ? cfg.threads : e.machine.logical_cpus;
  if (cfg.pin) {
    ThreadPool::global().set_pinning(true);
    e.pinned = pin_calling_thread(true);
  }
  std::vector<std::string> notes = loadPeers(e);
  countSteps(e);

  json res = resultsHeader(e, model, fixedAuto);
  res["bandwidth"] = measureBandwidths(e);
  res["peers"] = peerList(e);
  res["notes"] = notes;
  bool ok = runLadders(e, res);
  ok &= runSweeps(e, res);
  e.progress.finish();
  if (e.pinned) pin_calling_thread(false);
  res["ok"] = ok;

  print_tables(res, stdout);
  write_reports(res, cfg.out_dir);
  std::printf("\nresults: %s/{results.json,results.csv,report.md,*.svg}\n", cfg.out_dir.c_str());
  // The peers stay loaded: OpenMP runtimes do not like being unloaded with
  // live threads.
  return ok ? 0 : 1;
}

} // namespace te::bench
