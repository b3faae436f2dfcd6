// The ladder of one kernel (docs/benchmarking.md): open its variants -> build
// the workload -> launch and check every rung once -> the peers on the same
// inputs -> time all of them interleaved -> summarise (paired speedups, the
// share of the copy bandwidth, peers against our best rung).
#include "runner.h"

#include "triton-edge-rt/case.h"
#include "triton-edge-rt/compare.h"

#include <map>
#include <memory>

namespace te::bench {

using nlohmann::json;

namespace {

/// A rung of the ladder (cumulative), or a DB engine forced: compared with
/// +Vec+MT, not part of the ladder.
struct RungSpec {
  const char *name, *variant;
  int threads;
  DmaKind dma;
  bool forced;
};

// The +DB rung compiles with --db=auto: DB only where the compiler predicts
// it pays.
std::vector<RungSpec> ladderRungs(int contexts) {
  return {{"Scalar", "scalar", 1, DmaKind::Sync, false},
          {"+Vec", "vec", 1, DmaKind::Sync, false},
          {"+Vec+MT", "vec", contexts, DmaKind::Sync, false},
          {"+Vec+MT+DB", "auto", contexts, DmaKind::Sync, false},
          {"DB forced, sync engine (staged)", "vecdb", contexts, DmaKind::Sync, true},
          {"DB forced, async", "vecdb", contexts, DmaKind::Async, true},
          {"DB forced, prefetch", "vecpf", contexts, DmaKind::Prefetch, true}};
}

using Libraries = std::map<std::string, std::unique_ptr<KernelLibrary>>;

/// Every variant of the kernel this CPU runs; out["compile"] says how each
/// was compiled.
Libraries openVariants(const Env &e, const KernelEntry &k, json &out) {
  Libraries libs;
  json compile = json::object();
  for (const char *id : {"scalar", "vec", "auto", "vecdb", "vecpf"}) {
    const Variant *v = pickVariant(k, id, e.cfg->target, e.machine.isa_level);
    if (!v) continue;
    libs[id] = std::make_unique<KernelLibrary>(KernelLibrary::open(e.m->resolve(v->so), k.kernel));
    compile[id] = {{"seconds", v->compile_s}, {"flags", v->flags}, {"target", v->target}};
  }
  out["compile"] = compile;
  return libs;
}

/// The rungs' rows, and the calls of those that ran (timed interleaved).
struct RungRuns {
  std::vector<json> rows;
  Calls calls;
  std::vector<size_t> callRow; // rows[] index of each call
  bool allOk = true;
};

/// The DMA engine of a rung, and the note its row gets, from what its
/// variant compiled.
DmaKind rungEngine(const RungSpec &r, const te_kernel_info *ri, json &row) {
  DmaKind dma = r.dma;
  if (std::string(r.variant) == "auto") {
    // The engine follows what auto compiled: staged DB overlaps with the
    // async engine, prefetching DB with the prefetch one.
    dma = ri->double_buffered == 2 ? DmaKind::Prefetch
          : ri->double_buffered   ? DmaKind::Async
                                  : DmaKind::Sync;
    row["dma"] = dma_kind_name(dma);
    row["note"] = ri->double_buffered ? "auto: DB applied (predicted to pay)"
                                      : "auto: DB not applied (predicted not to pay)";
  } else if (r.forced && !ri->double_buffered) {
    row["note"] = "DB not applied (kernel compiled with --db=on reports double_buffered=0)";
  } else if (ri->double_buffered == 2) {
    row["note"] = "DB as in-place prefetching";
  }
  return dma;
}

/// A rung's output after its first launch: against the GELU/add formula,
/// else the case's oracle (launched again on the case's own buffers).
json checkRung(const Family &fam, Workload &w, Case &c, const KernelLibrary &lib,
               const LaunchOptions &lo) {
  if (fam.formula) return checkOutput(fam, w);
  if (!c.oracle) return {{"ok", true}, {"against", "unchecked (no oracle, no reference)"}};
  c.reset();
  LaunchResult cr = launch_case(lib.programs(), lib.info(), c, lo);
  CaseComparison cmp = compare(c, c.load_expected());
  return {{"ok", cr.ok && cmp.ok}, {"against", "oracle"}};
}

/// Launches a rung once and checks it; a rung that ran gets a call.
void prepareRung(Env &e, const KernelEntry &k, const RungSpec &r, const Libraries &libs, Case &c,
                 const Family &fam, Workload &w, RungRuns &runs) {
  json row = {{"rung", r.name}, {"variant", r.variant}, {"threads", r.threads},
              {"dma", dma_kind_name(r.dma)}, {"forced_db", r.forced}};
  e.progress.step(k.label + " " + r.name);
  auto it = libs.find(r.variant);
  if (it == libs.end()) {
    row["error"] = std::string("variant '") + r.variant + "' missing from the manifest";
    runs.rows.push_back(row);
    runs.allOk = false;
    return;
  }
  const KernelLibrary *lib = it->second.get();
  row["vector_bytes"] = lib->info()->vector_bytes;
  row["double_buffered"] = lib->info()->double_buffered;
  LaunchOptions lo = launchOpts(e, r.threads, rungEngine(r, lib->info(), row));
  poison(w, fam.out);
  LaunchResult lr = launchOn(*lib, w, lo, 0);
  if (!lr.ok) {
    row["error"] = lr.error;
    runs.rows.push_back(row);
    runs.allOk = false;
    return;
  }
  row["check"] = checkRung(fam, w, c, *lib, lo);
  runs.allOk &= row["check"]["ok"].get<bool>();
  runs.rows.push_back(row);
  runs.calls.push_back([&w, lib, lo](int64_t i) { launchOn(*lib, w, lo, i); });
  runs.callRow.push_back(runs.rows.size() - 1);
}

/// Our fastest ladder rungs on one context and on several: what the peers
/// are compared with.
struct BestRungs {
  const std::vector<double> *one = nullptr, *mt = nullptr; // their samples
  double oneMedian = 0, mtMedian = 0;
};

/// A timed row's median, GB/s, share of the copy bandwidth and, for the
/// variants past +Vec, its ratio to +Vec+MT (`mt`: those samples).
void rowMeasures(const Env &e, const Workload &w, const Stats &s, const std::vector<double> &smp,
                 const std::vector<double> *mt, json &row) {
  row["stats"] = statsJson(s);
  row["gbs"] = w.bytes / s.median * 1e-9;
  // %BW only where one call's data exceed the last-level cache: the copy
  // bandwidth is measured beyond it, and an in-cache kernel is not bound by
  // it. (Rotated sets larger than it are not enough: on the 16-core Xeon,
  // add at 2^24 over five rotated sets of 192 MiB ran at 149% of the copy
  // bandwidth, docs/results.md.)
  if (w.bytes >= e.machine.llc_bytes)
    row["pct_bw"] = 100.0 * row["gbs"].get<double>() / bwFor(e, row["threads"].get<int>());
  else
    row["in_cache"] = true;
  if (mt && row["variant"] != "vec" && row["variant"] != "scalar") {
    Ratio q = paired_ratio(*mt, smp); // > 1: faster than +Vec+MT
    row["vs_mt"] = q.median;
    row["vs_mt_ci95"] = {q.lo, q.hi};
  }
}

/// Every timed rung's measures, and the ladder's paired speedups: over the
/// rung before (step) and over Scalar (cumulative).
BestRungs summariseRungs(const Env &e, const Workload &w, const Interleaved &m, RungRuns &runs) {
  const std::vector<double> *mtS = nullptr; // +Vec+MT: what DB is compared with
  for (size_t j = 0; j < runs.callRow.size(); ++j)
    if (runs.rows[runs.callRow[j]]["rung"] == "+Vec+MT") mtS = &m.samples[j];
  const std::vector<double> *firstS = nullptr, *prevS = nullptr;
  BestRungs best;
  for (size_t j = 0; j < runs.callRow.size(); ++j) {
    json &row = runs.rows[runs.callRow[j]];
    const std::vector<double> &smp = m.samples[j];
    double t = m.stats[j].median;
    rowMeasures(e, w, m.stats[j], smp, mtS, row);
    if (row["forced_db"].get<bool>()) continue; // not a rung of the ladder
    if (!firstS) firstS = &smp;
    Ratio step = prevS ? paired_ratio(*prevS, smp) : Ratio{1, 1, 1};
    Ratio cum = paired_ratio(*firstS, smp);
    row["speedup_step"] = step.median;
    row["speedup_step_ci95"] = {step.lo, step.hi};
    row["speedup_cum"] = cum.median;
    row["speedup_cum_ci95"] = {cum.lo, cum.hi};
    prevS = &smp;
    int threads = row["threads"].get<int>();
    if (threads == 1 && (best.oneMedian == 0 || t < best.oneMedian)) { best.oneMedian = t; best.one = &smp; }
    if (threads != 1 && (best.mtMedian == 0 || t < best.mtMedian)) { best.mtMedian = t; best.mt = &smp; }
  }
  return best;
}

/// The peers timed with us (paired ratios to our best rung at their thread
/// count), then torch_peers.py's (ratios of medians from another run).
json peerRows(const Env &e, const Family &fam, const Workload &w, const Interleaved &m,
              const std::vector<PeerRun> &peerRuns, const BestRungs &best) {
  json peers = json::array();
  for (const PeerRun &pr : peerRuns) {
    const Stats &s = m.stats[pr.call];
    const std::vector<double> *ours = pr.threads == 1 ? best.one : best.mt;
    Ratio q = ours ? paired_ratio(m.samples[pr.call], *ours) : Ratio{};
    peers.push_back({{"name", pr.p->name}, {"detail", pr.p->detail}, {"threads", pr.threads},
                     {"stats", statsJson(s)}, {"gbs", w.bytes / s.median * 1e-9},
                     {"ratio_to_ours", q.median}, {"ratio_ci95", {q.lo, q.hi}},
                     {"interleaved", true}, {"check", pr.check}});
  }
  if (fam.op.empty()) return peers;
  for (json p : extraPeerResults(e, fam.op, fam.n)) {
    double ours = p["threads"].get<int>() == 1 ? best.oneMedian : best.mtMedian;
    double med = p["stats"]["median_s"].get<double>();
    p["gbs"] = w.bytes / med * 1e-9;
    p["ratio_to_ours"] = ours > 0 ? med / ours : 0.0;
    peers.push_back(p);
  }
  return peers;
}

} // namespace

json runLadderKernel(Env &e, const KernelEntry &k) {
  json out = {{"label", k.label}, {"kernel", k.kernel}, {"case_dir", k.case_dir}};
  const std::vector<RungSpec> rungs = ladderRungs(e.contexts);
  Case c = load_case(e.m->resolve(k.case_dir));
  out["case"] = c.case_name;
  Libraries libs = openVariants(e, k, out);
  if (!libs.count("vec")) {
    out["error"] = "no vectorized variant for this CPU (" + e.machine.isa_level + ")";
    e.progress.done += static_cast<int>(rungs.size());
    return out;
  }
  const te_kernel_info *info = libs["vec"]->info();
  Workload w;
  buildFromCase(w, c, info, e.machine.llc_bytes);
  int64_t programs = int64_t(w.grid[0]) * w.grid[1] * w.grid[2];
  out["bytes_per_call"] = w.bytes;
  out["rotation_sets"] = w.sets;
  out["programs"] = programs;
  out["auto_threads"] = choose_threads(info, modelPrograms(info, programs), e.contexts);
  Family fam = detectFamily(c, info);
  out["op"] = fam.op;
  // Each rung is launched once and its output checked; then all rungs and
  // the peers are timed interleaved, sample by sample.
  RungRuns runs;
  for (const RungSpec &r : rungs) prepareRung(e, k, r, libs, c, fam, w, runs);
  std::vector<PeerRun> peerRuns = preparePeers(e, k.label + " peer ", fam, w, runs.calls);
  Interleaved m = measure_interleaved(runs.calls, interleavedOptions(e.cfg->quick, 2.0));
  releasePeers(peerRuns);
  BestRungs best = summariseRungs(e, w, m, runs);
  out["rungs"] = json::array();
  out["db_forced"] = json::array();
  for (json &r : runs.rows)
    out[r["forced_db"].get<bool>() ? "db_forced" : "rungs"].push_back(std::move(r));
  out["peers"] = peerRows(e, fam, w, m, peerRuns, best);
  out["bandwidth_limit_s"] = w.bytes / (e.bwN * 1e9);
  out["ok"] = runs.allOk;
  return out;
}

} // namespace te::bench
