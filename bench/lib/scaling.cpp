// The sweeps over sizes (docs/benchmarking.md). MT scaling of one kernel:
// for each size, build the workload -> launch and check ours at every
// context count, `auto` and the peers -> time them interleaved -> summarise
// (paired speedups over one context, auto's regret, peers against ours at
// their thread count); then the crossover sizes. The DB sweep: direct,
// staged and double-buffered access side by side at each size.
#include "runner.h"

#include "triton-edge-rt/case.h"

#include <algorithm>
#include <map>
#include <memory>

namespace te::bench {

using nlohmann::json;

namespace {

/// What every size of an MT sweep shares.
struct Sweep {
  const KernelEntry &k;
  const Case &c;
  const KernelLibrary &lib;
  int64_t block;           // XBLOCK: programs of `block` elements
  std::vector<int> counts; // context counts, 1 first
  int maxc;                // the most contexts (auto's limit)
};

/// --contexts, else 1..--max-contexts (default: the logical CPUs).
std::vector<int> contextCounts(const Env &e, int &maxc) {
  maxc = e.cfg->max_contexts > 0 ? e.cfg->max_contexts : e.machine.logical_cpus;
  std::vector<int> counts = e.cfg->contexts;
  if (counts.empty())
    for (int t = 1; t <= maxc; ++t) counts.push_back(t);
  else
    maxc = *std::max_element(counts.begin(), counts.end());
  return counts;
}

/// The family on the size-n view (gelu_dyn: in_ptr0 -> out_ptr0): a GELU to
/// check against its formula and to run the peers on, or none (op "").
Family scalingFamily(const Case &c, const te_kernel_info *info, int64_t n) {
  Family f;
  for (int i = 0; i < info->num_args; ++i) {
    std::string name = info->args[i].name ? info->args[i].name : "";
    if (name == "in_ptr0") f.in0 = i;
    if (name == "in_ptr1") f.in1 = i;
    if (name == "out_ptr0") f.out = i;
  }
  bool isGelu = c.name == "triton_poi_fused_gelu_0" && f.in1 < 0 && f.in0 >= 0 && f.out >= 0 &&
                c.args.size() == 3;
  if (isGelu) {
    f.op = c.case_name.find("tanh") == std::string::npos ? "gelu" : "gelu_tanh";
    f.formula = true;
    f.n = n;
  }
  return f;
}

/// One size of an MT sweep: the workload and what is timed on it.
struct Point {
  int lg = 0;
  Workload w;
  Family f;
  Calls calls;
  std::vector<json> runs;   // ours, one per context count
  std::vector<int> runCall; // calls[] index of runs[i], -1 when it failed
  int chosen = 0;           // auto's choice before its first launch
  LaunchResult autoFirst;   // auto's checked launch
  json autoCheck;
  int autoCall = -1;
  std::vector<PeerRun> peers;
  bool ok = true;
  std::string step(const KernelEntry &k) const { return k.label + " n=2^" + std::to_string(lg); }
  /// The output on set 0 against the formula; a failed check fails the sweep.
  json check() {
    json chk = checkOutput(f, w);
    ok &= chk["ok"].get<bool>();
    return chk;
  }
};

/// Ours at each context count, launched once (checked at 1 context and at
/// the MT rung's count: the check costs more than the launches).
void prepareContextRuns(Env &e, const Sweep &s, Point &p) {
  for (int t : s.counts) {
    e.progress.step(p.step(s.k) + " ctx=" + std::to_string(t));
    LaunchOptions lo = launchOpts(e, t, DmaKind::Sync);
    poison(p.w, p.f.out);
    LaunchResult lr = launchOn(s.lib, p.w, lo, 0);
    json r = {{"threads", t}};
    if (!lr.ok) {
      r["error"] = lr.error;
      p.ok = false;
      p.runs.push_back(r);
      p.runCall.push_back(-1);
      continue;
    }
    if (p.f.op.size() && (t == 1 || t == e.contexts)) r["check"] = p.check();
    p.runs.push_back(r);
    p.runCall.push_back(static_cast<int>(p.calls.size()));
    p.calls.push_back([&w = p.w, &lib = s.lib, lo](int64_t i) { launchOn(lib, w, lo, i); });
  }
}

/// The cost model's choice (threads = 0: decided per launch), launched once.
void prepareAuto(Env &e, const Sweep &s, Point &p) {
  p.chosen = choose_threads(s.lib.info(), modelPrograms(s.lib.info(), p.w.grid[0]), s.maxc);
  e.progress.step(p.step(s.k) + " auto");
  LaunchOptions autoLo = launchOpts(e, 0, DmaKind::Sync);
  poison(p.w, p.f.out);
  p.autoFirst = launchOn(s.lib, p.w, autoLo, 0);
  p.autoCheck = p.f.op.size() ? p.check() : json();
  p.autoCall = static_cast<int>(p.calls.size());
  p.calls.push_back([&w = p.w, &lib = s.lib, autoLo](int64_t i) { launchOn(lib, w, autoLo, i); });
}

/// Our rows with their speedup over one context (paired); the fastest
/// count's threads and call.
json summariseRuns(const Point &p, const Interleaved &m, int &bestT, int &bestCall) {
  int oneCall = p.runCall.empty() ? -1 : p.runCall[0];
  json rows = json::array();
  double best = 0;
  for (size_t i = 0; i < p.runs.size(); ++i) {
    json r = p.runs[i];
    int call = p.runCall[i];
    if (call >= 0) {
      const Stats &s = m.stats[call];
      Ratio q = oneCall >= 0 ? paired_ratio(m.samples[oneCall], m.samples[call]) : Ratio{};
      r["stats"] = statsJson(s);
      r["speedup"] = q.median;
      r["speedup_ci95"] = {q.lo, q.hi};
      r["gbs"] = p.w.bytes / s.median * 1e-9;
      if (best == 0 || s.median < best) { best = s.median; bestT = r["threads"].get<int>(); bestCall = call; }
    }
    rows.push_back(r);
  }
  return rows;
}

/// auto's row: its choice, what its first launch ran with, its speedup over
/// one context and its regret (time relative to the fastest count).
json autoRow(const Point &p, const Interleaved &m, int bestCall) {
  int oneCall = p.runCall.empty() ? -1 : p.runCall[0];
  Ratio qa = oneCall >= 0 ? paired_ratio(m.samples[oneCall], m.samples[p.autoCall]) : Ratio{};
  // threads: choose_threads just before; threads_first_launch: what the
  // checked auto launch ran (measured mode may learn and change it later).
  json a = {{"threads", p.chosen}, {"threads_first_launch", p.autoFirst.threads_used},
            {"stats", statsJson(m.stats[p.autoCall])}, {"speedup", qa.median},
            {"speedup_ci95", {qa.lo, qa.hi}}};
  if (!p.autoFirst.ok) a["error"] = p.autoFirst.error;
  if (p.f.op.size()) a["check"] = p.autoCheck;
  a["regret"] = bestCall >= 0 ? paired_ratio(m.samples[p.autoCall], m.samples[bestCall]).median : 0.0;
  return a;
}

/// Peers against ours at the same number of threads: paired for those timed
/// with us, ratios of medians for torch_peers.py's.
json pointPeers(const Env &e, const Point &p, const Interleaved &m, int64_t n) {
  auto oursAt = [&](int threads) -> int {
    for (size_t i = 0; i < p.runs.size(); ++i)
      if (p.runs[i]["threads"].get<int>() == threads) return p.runCall[i];
    return -1;
  };
  json peers = json::array();
  for (const PeerRun &pr : p.peers) {
    const Stats &s = m.stats[pr.call];
    int ours = oursAt(pr.threads);
    Ratio q = ours >= 0 ? paired_ratio(m.samples[pr.call], m.samples[ours]) : Ratio{};
    peers.push_back({{"name", pr.p->name}, {"threads", pr.threads}, {"stats", statsJson(s)},
                     {"gbs", p.w.bytes / s.median * 1e-9}, {"ratio_to_ours", q.median},
                     {"ratio_ci95", {q.lo, q.hi}}, {"interleaved", true}, {"check", pr.check}});
  }
  if (p.f.op.empty()) return peers;
  for (json x : extraPeerResults(e, p.f.op, n)) {
    double med = x["stats"]["median_s"].get<double>();
    int ours = oursAt(x["threads"].get<int>());
    x["gbs"] = p.w.bytes / med * 1e-9;
    x["ratio_to_ours"] = ours >= 0 ? med / m.stats[ours].median : 0.0;
    peers.push_back(x);
  }
  return peers;
}

/// One size: every context count, `auto` and the peers, timed interleaved.
json scalingPoint(Env &e, const Sweep &s, int lg, bool &allOk) {
  int64_t n = int64_t(1) << lg;
  Point p;
  p.lg = lg;
  buildDynamic(p.w, s.c, s.lib.info(), n, s.block, e.machine.llc_bytes);
  p.f = scalingFamily(s.c, s.lib.info(), n);
  json pt = {{"n", n}, {"log2_n", lg}, {"bytes_per_call", p.w.bytes}, {"rotation_sets", p.w.sets},
             {"programs", p.w.grid[0]}};
  prepareContextRuns(e, s, p);
  prepareAuto(e, s, p);
  p.peers = preparePeers(e, p.step(s.k) + " ", p.f, p.w, p.calls);
  for (const PeerRun &pr : p.peers) p.ok &= pr.check["ok"].get<bool>();
  Interleaved m = measure_interleaved(p.calls, interleavedOptions(e.cfg->quick, e.cfg->quick ? 0.05 : 1.0));
  releasePeers(p.peers);
  int bestT = 1, bestCall = -1;
  pt["runs"] = summariseRuns(p, m, bestT, bestCall);
  pt["auto"] = autoRow(p, m, bestCall);
  pt["best_threads"] = bestT;
  pt["peers"] = pointPeers(e, p, m, n);
  pt["bandwidth_limit_s"] = p.w.bytes / (e.bwN * 1e9);
  allOk &= p.ok && p.autoFirst.ok;
  return pt;
}

/// Crossover per context count: the smallest size from which on every
/// larger size runs faster than one context with non-overlapping 95% CIs.
json crossovers(const json &points, const std::vector<int> &counts) {
  json cross = json::object();
  for (int t : counts) {
    if (t == 1) continue;
    json at = nullptr;
    for (auto it = points.rbegin(); it != points.rend(); ++it) {
      const json *r1 = nullptr, *rt = nullptr;
      for (const json &r : (*it)["runs"]) {
        if (!r.contains("stats")) continue;
        if (r["threads"] == 1) r1 = &r;
        if (r["threads"] == t) rt = &r;
      }
      if (!r1 || !rt) break;
      if ((*rt)["stats"]["ci95_hi_s"].get<double>() < (*r1)["stats"]["ci95_lo_s"].get<double>())
        at = (*it)["n"];
      else
        break;
    }
    cross[std::to_string(t)] = at;
  }
  return cross;
}

} // namespace

json runScaling(Env &e, const KernelEntry &k) {
  json out = {{"label", k.label}, {"kernel", k.kernel}};
  const Variant *v = pickVariant(k, "vec", e.cfg->target, e.machine.isa_level);
  if (!v) {
    out["error"] = "no vectorized variant for this CPU";
    return out;
  }
  Case c = load_case(e.m->resolve(k.case_dir));
  KernelLibrary lib = KernelLibrary::open(e.m->resolve(v->so), k.kernel);
  out["compile"] = {{"seconds", v->compile_s}, {"flags", v->flags}, {"target", v->target}};
  Sweep s{k, c, lib, xblockOf(c), {}, 0};
  s.counts = contextCounts(e, s.maxc);
  out["xblock"] = s.block;
  out["contexts"] = s.counts;
  out["points"] = json::array();
  bool allOk = true;
  for (int lg = e.cfg->log2_min; lg <= e.cfg->log2_max; lg += e.cfg->quick ? 2 : 1)
    out["points"].push_back(scalingPoint(e, s, lg, allOk));
  out["crossover_n"] = crossovers(out["points"], s.counts);
  out["ok"] = allOk;
  return out;
}

/// DB across sizes, side by side in one run: direct access (no staging),
/// staged through scratchpad tiles with the sync engine (the data flow of DB
/// without overlap), DB with the async engine, and DB as in-place prefetching;
/// all at the MT rung's context count.
json runDbSweep(Env &e, const KernelEntry &k) {
  json out = {{"label", k.label}, {"kernel", k.kernel}};
  struct Mode { const char *name, *variant; DmaKind dma; };
  const Mode modes[] = {{"direct", "vec", DmaKind::Sync},
                        {"staged (sync)", "vecdb", DmaKind::Sync},
                        {"DB async", "vecdb", DmaKind::Async},
                        {"DB prefetch", "vecpf", DmaKind::Prefetch}};
  Case c = load_case(e.m->resolve(k.case_dir));
  std::map<std::string, std::unique_ptr<KernelLibrary>> libs;
  for (const Mode &md : modes) {
    if (libs.count(md.variant)) continue;
    const Variant *v = pickVariant(k, md.variant, e.cfg->target, e.machine.isa_level);
    if (!v) {
      out["error"] = std::string("no ") + md.variant + " variant for this CPU";
      return out;
    }
    libs[md.variant] = std::make_unique<KernelLibrary>(KernelLibrary::open(e.m->resolve(v->so), k.kernel));
  }
  int64_t block = xblockOf(c);
  out["contexts"] = e.contexts;
  out["points"] = json::array();
  int step = e.cfg->quick ? 4 : 2;
  for (int lg = std::max(e.cfg->log2_min, 12); lg <= e.cfg->log2_max; lg += step) {
    int64_t n = int64_t(1) << lg;
    Workload w;
    buildDynamic(w, c, libs["vec"]->info(), n, block, e.machine.llc_bytes);
    json pt = {{"n", n}, {"log2_n", lg}, {"bytes_per_call", w.bytes}};
    pt["modes"] = json::array();
    double direct = 0;
    for (const Mode &md : modes) {
      e.progress.step(k.label + " DB n=2^" + std::to_string(lg) + " " + md.name);
      std::string err;
      const KernelLibrary &lib = *libs[md.variant];
      Stats s = timeKernel(e, lib, w, launchOpts(e, e.contexts, md.dma), e.cfg->quick ? 0.05 : 0.5, err);
      json r = {{"mode", md.name}, {"double_buffered", lib.info()->double_buffered}};
      if (!err.empty()) { r["error"] = err; pt["modes"].push_back(r); continue; }
      if (direct == 0) direct = s.median;
      r["stats"] = statsJson(s);
      r["vs_direct"] = s.median > 0 ? direct / s.median : 0.0;
      r["gbs"] = w.bytes / s.median * 1e-9;
      pt["modes"].push_back(r);
    }
    out["points"].push_back(pt);
  }
  return out;
}

} // namespace te::bench
