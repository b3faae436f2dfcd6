// The ladder and scaling runs (method: docs/benchmarking.md). Results are
// collected as JSON; report.cpp turns them into the table, CSV, Markdown, SVG.
#include "triton-edge-bench/bench.h"
#include "internal.h"
#include "workload.h"

#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/case.h"
#include "triton-edge-rt/compare.h"
#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/kernel_library.h"
#include "triton-edge-rt/thread_pool.h"
#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

#include <sys/stat.h>
#include <unistd.h>

namespace te::bench {

using nlohmann::json;

namespace {

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

// --------------------------------------------------------------- progress

struct Progress {
  int total = 0, done = 0;
  bool show = false;
  void step(const std::string &what) {
    ++done;
    if (!show) return;
    int width = 30, filled = total ? std::min(width, done * width / total) : width;
    std::fprintf(stderr, "\r[%s%s] %3d/%-3d %-48.48s", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total, what.c_str());
    std::fflush(stderr);
  }
  void finish() {
    if (show) std::fprintf(stderr, "\r%100s\r", "");
  }
};

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

struct Env {
  const Manifest *m;
  const RunConfig *cfg;
  Machine machine;
  int contexts = 1;   // MT rung / peers' threads
  double bw1 = 0, bwN = 0;
  std::vector<Peer> peers;
  json extraPeers = json::array(); // from torch_peers.py
  Progress progress;
  bool pinned = false;
};

double bwFor(const Env &e, int threads) { return threads <= 1 ? e.bw1 : e.bwN; }

LaunchOptions launchOpts(const Env &e, int threads, DmaKind dma) {
  LaunchOptions o;
  o.threads = threads;
  o.dma = dma;
  o.pin = e.cfg->pin;
  return o;
}

Stats timeKernel(const Env &e, const KernelLibrary &lib, Workload &w, const LaunchOptions &lo,
                 double cap, std::string &error) {
  // One checked launch first: a failing kernel is reported, not timed.
  LaunchResult r = launch(lib.programs(), lib.info(), w.ptrs[0].data(), w.numel.data(), w.grid, lo);
  if (!r.ok) {
    error = r.error;
    return Stats();
  }
  return measure([&](int64_t i) {
    launch(lib.programs(), lib.info(), w.ptrs[i % w.sets].data(), w.numel.data(), w.grid, lo);
  }, measureOptions(e.cfg->quick, cap));
}

void peerCall(const Peer &p, void *st, const Family &f, Workload &w, int64_t i) {
  int s = static_cast<int>(i % w.sets);
  auto ptr = [&](int arg) -> const float * {
    return arg < 0 ? nullptr : static_cast<const float *>(w.ptrs[s][arg]);
  };
  p.api->run(st, ptr(f.in0), ptr(f.in1), static_cast<float *>(w.ptrs[s][f.out]));
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

// ------------------------------------------------------------------- ladder

// The program count launch(threads = 0) decides with: kernels that split
// programs into virtual ones are counted at their largest split.
int64_t modelPrograms(const te_kernel_info *info, int64_t programs) {
  return programs * (info && info->program_split > 1 ? info->program_split : 1);
}

bool hasVariant(const KernelEntry &k, const std::string &id) {
  for (const Variant &v : k.variants)
    if (v.id == id)
      return true;
  return false;
}

json runLadderKernel(Env &e, const KernelEntry &k) {
  json out = {{"label", k.label}, {"kernel", k.kernel}, {"case_dir", k.case_dir}};
  const std::string isa = e.machine.isa_level;
  // The ladder's rungs (cumulative), then the DB engines forced, each
  // against +Vec+MT (not part of the ladder). The +DB rung compiles with
  // --db=auto: DB only where the compiler predicts it pays.
  struct RungSpec { const char *name, *variant; int threads; DmaKind dma; bool forced; };
  const RungSpec rungs[] = {{"Scalar", "scalar", 1, DmaKind::Sync, false},
                            {"+Vec", "vec", 1, DmaKind::Sync, false},
                            {"+Vec+MT", "vec", e.contexts, DmaKind::Sync, false},
                            {"+Vec+MT+DB", "auto", e.contexts, DmaKind::Sync, false},
                            {"DB forced, sync engine (staged)", "vecdb", e.contexts, DmaKind::Sync, true},
                            {"DB forced, async", "vecdb", e.contexts, DmaKind::Async, true},
                            {"DB forced, prefetch", "vecpf", e.contexts, DmaKind::Prefetch, true}};
  Case c = load_case(e.m->resolve(k.case_dir));
  out["case"] = c.case_name;
  std::map<std::string, std::unique_ptr<KernelLibrary>> libs;
  json compile = json::object();
  for (const char *id : {"scalar", "vec", "auto", "vecdb", "vecpf"}) {
    const Variant *v = pickVariant(k, id, e.cfg->target, isa);
    if (!v) continue;
    libs[id] = std::make_unique<KernelLibrary>(KernelLibrary::open(e.m->resolve(v->so), k.kernel));
    compile[id] = {{"seconds", v->compile_s}, {"flags", v->flags}, {"target", v->target}};
  }
  out["compile"] = compile;
  if (!libs.count("vec")) {
    out["error"] = "no vectorized variant for this CPU (" + isa + ")";
    e.progress.done += static_cast<int>(std::size(rungs));
    return out;
  }
  const te_kernel_info *info = libs["vec"]->info();
  Workload w;
  buildFromCase(w, c, info, e.machine.llc_bytes);
  out["bytes_per_call"] = w.bytes;
  out["rotation_sets"] = w.sets;
  out["programs"] = int64_t(w.grid[0]) * w.grid[1] * w.grid[2];
  out["auto_threads"] = choose_threads(info, modelPrograms(info, int64_t(w.grid[0]) * w.grid[1] * w.grid[2]),
                                       e.contexts);
  Family fam = detectFamily(c, info);
  out["op"] = fam.op;
  // Each rung is launched once and its output checked (the GELU/add formula,
  // else the case's oracle); then all rungs and the peers are timed
  // interleaved, sample by sample (measure_interleaved).
  std::vector<json> rows;
  std::vector<std::function<void(int64_t)>> calls;
  std::vector<size_t> callRow; // rows[] index of each rung call
  bool allOk = true;
  for (const RungSpec &r : rungs) {
    json row = {{"rung", r.name}, {"variant", r.variant}, {"threads", r.threads},
                {"dma", dma_kind_name(r.dma)}, {"forced_db", r.forced}};
    e.progress.step(k.label + " " + r.name);
    auto it = libs.find(r.variant);
    if (it == libs.end()) {
      row["error"] = std::string("variant '") + r.variant + "' missing from the manifest";
      rows.push_back(row);
      allOk = false;
      continue;
    }
    const KernelLibrary *lib = it->second.get();
    const te_kernel_info *ri = lib->info();
    row["vector_bytes"] = ri->vector_bytes;
    row["double_buffered"] = ri->double_buffered;
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
    LaunchOptions lo = launchOpts(e, r.threads, dma);
    poison(w, fam.out);
    LaunchResult lr = launch(lib->programs(), ri, w.ptrs[0].data(), w.numel.data(), w.grid, lo);
    if (!lr.ok) {
      row["error"] = lr.error;
      rows.push_back(row);
      allOk = false;
      continue;
    }
    if (fam.formula) {
      row["check"] = checkFamily(fam, static_cast<const float *>(w.ptrs[0][fam.in0]),
                                 fam.in1 >= 0 ? static_cast<const float *>(w.ptrs[0][fam.in1]) : nullptr,
                                 static_cast<const float *>(w.ptrs[0][fam.out]));
    } else if (c.oracle) {
      c.reset();
      LaunchResult cr = launch_case(lib->programs(), ri, c, lo);
      CaseComparison cmp = compare(c, c.load_expected());
      row["check"] = {{"ok", cr.ok && cmp.ok}, {"against", "oracle"}};
    } else {
      row["check"] = {{"ok", true}, {"against", "unchecked (no oracle, no reference)"}};
    }
    allOk &= row["check"]["ok"].get<bool>();
    rows.push_back(row);
    calls.push_back([&w, lib, lo](int64_t i) {
      launch(lib->programs(), lib->info(), w.ptrs[i % w.sets].data(), w.numel.data(), w.grid, lo);
    });
    callRow.push_back(rows.size() - 1);
  }
  // Peers on the same inputs (same rotation sets). Their runtimes create
  // their threads from this thread on the first call: unpinned, so the
  // threads inherit the whole process mask.
  struct PeerRun { const Peer *p; void *st; int threads; json check; };
  std::vector<PeerRun> peerRuns;
  if (fam.formula) {
    if (e.pinned) pin_calling_thread(false);
    for (const Peer &p : e.peers) {
      e.progress.step(k.label + " peer " + p.name);
      int threads = p.api->threaded ? e.contexts : 1;
      void *st = p.api->prepare(fam.op.c_str(), fam.n, threads);
      if (!st) continue;
      poison(w, fam.out);
      peerCall(p, st, fam, w, 0);
      json check = checkFamily(fam, static_cast<const float *>(w.ptrs[0][fam.in0]),
                               fam.in1 >= 0 ? static_cast<const float *>(w.ptrs[0][fam.in1]) : nullptr,
                               static_cast<const float *>(w.ptrs[0][fam.out]));
      peerRuns.push_back({&p, st, threads, check});
      calls.push_back([&w, &fam, pp = &p, st](int64_t i) { peerCall(*pp, st, fam, w, i); });
    }
    if (e.pinned) pin_calling_thread(true);
  } else {
    e.progress.done += static_cast<int>(e.peers.size());
  }
  Interleaved m = measure_interleaved(calls, interleavedOptions(e.cfg->quick, 2.0));
  for (PeerRun &pr : peerRuns) pr.p->api->release(pr.st);
  const std::vector<double> *firstS = nullptr, *prevS = nullptr, *best1S = nullptr, *bestMTS = nullptr;
  double first = 0, best1 = 0, bestMT = 0;
  // Only where one call's data exceed the LLC. (Rotated sets larger than it
  // are not enough: on the 16-core Xeon, add at 2^24 over five rotated sets
  // of 192 MiB ran at 149% of the copy bandwidth, docs/results.md.)
  bool beyondLLC = w.bytes >= e.machine.llc_bytes;
  const std::vector<double> *mtS = nullptr; // +Vec+MT: what DB is compared with
  for (size_t j = 0; j < callRow.size(); ++j)
    if (rows[callRow[j]]["rung"] == "+Vec+MT") mtS = &m.samples[j];
  for (size_t j = 0; j < callRow.size(); ++j) {
    json &row = rows[callRow[j]];
    const Stats &s = m.stats[j];
    const std::vector<double> &smp = m.samples[j];
    double t = s.median;
    row["stats"] = statsJson(s);
    row["gbs"] = w.bytes / t * 1e-9;
    // %BW only where one call's data exceed the last-level cache: the copy
    // bandwidth is measured beyond it, and an in-cache kernel is not bound by it.
    if (beyondLLC) row["pct_bw"] = 100.0 * row["gbs"].get<double>() / bwFor(e, row["threads"].get<int>());
    else row["in_cache"] = true;
    if (mtS && row["variant"] != "vec" && row["variant"] != "scalar") {
      Ratio q = paired_ratio(*mtS, smp); // > 1: faster than +Vec+MT
      row["vs_mt"] = q.median;
      row["vs_mt_ci95"] = {q.lo, q.hi};
    }
    if (row["forced_db"].get<bool>()) continue; // not a rung of the ladder
    if (!firstS) { firstS = &smp; first = t; }
    Ratio step = prevS ? paired_ratio(*prevS, smp) : Ratio{1, 1, 1};
    Ratio cum = paired_ratio(*firstS, smp);
    row["speedup_step"] = step.median;
    row["speedup_step_ci95"] = {step.lo, step.hi};
    row["speedup_cum"] = cum.median;
    row["speedup_cum_ci95"] = {cum.lo, cum.hi};
    prevS = &smp;
    int threads = row["threads"].get<int>();
    if (threads == 1 && (best1 == 0 || t < best1)) { best1 = t; best1S = &smp; }
    if (threads != 1 && (bestMT == 0 || t < bestMT)) { bestMT = t; bestMTS = &smp; }
  }
  (void)first;
  out["rungs"] = json::array();
  out["db_forced"] = json::array();
  for (json &r : rows) out[r["forced_db"].get<bool>() ? "db_forced" : "rungs"].push_back(std::move(r));
  out["peers"] = json::array();
  for (size_t j = 0; j < peerRuns.size(); ++j) {
    const PeerRun &pr = peerRuns[j];
    const Stats &s = m.stats[callRow.size() + j];
    const std::vector<double> *ours = pr.threads == 1 ? best1S : bestMTS;
    Ratio q = ours ? paired_ratio(m.samples[callRow.size() + j], *ours) : Ratio{};
    out["peers"].push_back({{"name", pr.p->name}, {"detail", pr.p->detail}, {"threads", pr.threads},
                            {"stats", statsJson(s)}, {"gbs", w.bytes / s.median * 1e-9},
                            {"ratio_to_ours", q.median}, {"ratio_ci95", {q.lo, q.hi}},
                            {"interleaved", true}, {"check", pr.check}});
  }
  if (fam.op.size())
    for (json p : extraPeerResults(e, fam.op, fam.n)) {
      int threads = p["threads"].get<int>();
      double ours = threads == 1 ? best1 : bestMT;
      double med = p["stats"]["median_s"].get<double>();
      p["gbs"] = w.bytes / med * 1e-9;
      p["ratio_to_ours"] = ours > 0 ? med / ours : 0.0;
      out["peers"].push_back(p);
    }
  out["bandwidth_limit_s"] = w.bytes / (e.bwN * 1e9);
  out["ok"] = allOk;
  return out;
}

// ------------------------------------------------------------------ scaling

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
  int64_t block = 1024;
  for (const auto &kv : c.config)
    if (kv.first == "XBLOCK") block = kv.second;
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

json runScaling(Env &e, const KernelEntry &k) {
  json out = {{"label", k.label}, {"kernel", k.kernel}};
  const Variant *v = pickVariant(k, "vec", e.cfg->target, e.machine.isa_level);
  if (!v) {
    out["error"] = "no vectorized variant for this CPU";
    return out;
  }
  Case c = load_case(e.m->resolve(k.case_dir));
  KernelLibrary lib = KernelLibrary::open(e.m->resolve(v->so), k.kernel);
  const te_kernel_info *info = lib.info();
  out["compile"] = {{"seconds", v->compile_s}, {"flags", v->flags}, {"target", v->target}};
  int64_t block = 1024;
  for (const auto &kv : c.config)
    if (kv.first == "XBLOCK") block = kv.second;
  out["xblock"] = block;
  int maxc = e.cfg->max_contexts > 0 ? e.cfg->max_contexts : e.machine.logical_cpus;
  std::vector<int> counts = e.cfg->contexts;
  if (counts.empty())
    for (int t = 1; t <= maxc; ++t) counts.push_back(t);
  else
    maxc = *std::max_element(counts.begin(), counts.end());
  out["contexts"] = counts;
  out["points"] = json::array();
  bool allOk = true;
  int step = e.cfg->quick ? 2 : 1;
  for (int lg = e.cfg->log2_min; lg <= e.cfg->log2_max; lg += step) {
    int64_t n = int64_t(1) << lg;
    Workload w;
    buildDynamic(w, c, info, n, block, e.machine.llc_bytes);
    // Family on the size-n view (gelu_dyn: in_ptr0 -> out_ptr0).
    Family f;
    for (int i = 0; i < info->num_args; ++i) {
      std::string name = info->args[i].name ? info->args[i].name : "";
      if (name == "in_ptr0") f.in0 = i;
      if (name == "in_ptr1") f.in1 = i;
      if (name == "out_ptr0") f.out = i;
    }
    bool isGelu = c.name == "triton_poi_fused_gelu_0" && f.in1 < 0 && f.in0 >= 0 &&
                  f.out >= 0 && c.args.size() == 3;
    if (isGelu) {
      f.op = c.case_name.find("tanh") == std::string::npos ? "gelu" : "gelu_tanh";
      f.formula = true;
      f.n = n;
    }
    json pt = {{"n", n}, {"log2_n", lg}, {"bytes_per_call", w.bytes}, {"rotation_sets", w.sets},
               {"programs", w.grid[0]}};
    pt["runs"] = json::array();
    double cap = e.cfg->quick ? 0.05 : 1.0;
    // Every context count, `auto` and the peers, timed interleaved; each is
    // launched once first and its output checked (at 1 context, at the MT
    // rung's count and for auto: the check costs more than the launches).
    auto check = [&]() {
      json chk = checkFamily(f, static_cast<const float *>(w.ptrs[0][f.in0]), nullptr,
                             static_cast<const float *>(w.ptrs[0][f.out]));
      allOk &= chk["ok"].get<bool>();
      return chk;
    };
    std::vector<std::function<void(int64_t)>> calls;
    std::vector<json> runs;
    std::vector<int> runCall; // calls[] index of runs[i], -1 when it failed
    for (int t : counts) {
      e.progress.step(k.label + " n=2^" + std::to_string(lg) + " ctx=" + std::to_string(t));
      LaunchOptions lo = launchOpts(e, t, DmaKind::Sync);
      poison(w, f.out);
      LaunchResult lr = launch(lib.programs(), info, w.ptrs[0].data(), w.numel.data(), w.grid, lo);
      json r = {{"threads", t}};
      if (!lr.ok) { r["error"] = lr.error; allOk = false; runs.push_back(r); runCall.push_back(-1); continue; }
      if (f.op.size() && (t == 1 || t == e.contexts)) r["check"] = check();
      runs.push_back(r);
      runCall.push_back(static_cast<int>(calls.size()));
      calls.push_back([&w, &lib, info, lo](int64_t i) {
        launch(lib.programs(), info, w.ptrs[i % w.sets].data(), w.numel.data(), w.grid, lo);
      });
    }
    // The cost model's choice (threads = 0: decided per launch).
    int chosen = choose_threads(info, modelPrograms(info, w.grid[0]), maxc);
    e.progress.step(k.label + " n=2^" + std::to_string(lg) + " auto");
    LaunchOptions autoLo = launchOpts(e, 0, DmaKind::Sync);
    poison(w, f.out);
    LaunchResult autoFirst = launch(lib.programs(), info, w.ptrs[0].data(), w.numel.data(), w.grid, autoLo);
    json autoCheck = f.op.size() ? check() : json();
    int autoCall = static_cast<int>(calls.size());
    calls.push_back([&w, &lib, info, autoLo](int64_t i) {
      launch(lib.programs(), info, w.ptrs[i % w.sets].data(), w.numel.data(), w.grid, autoLo);
    });
    struct PeerRun { const Peer *p; void *st; int threads; json check; int call; };
    std::vector<PeerRun> peerRuns;
    if (f.op.size()) {
      if (e.pinned) pin_calling_thread(false);
      for (const Peer &p : e.peers) {
        e.progress.step(k.label + " n=2^" + std::to_string(lg) + " " + p.name);
        int threads = p.api->threaded ? e.contexts : 1;
        void *st = p.api->prepare(f.op.c_str(), f.n, threads);
        if (!st) continue;
        poison(w, f.out);
        peerCall(p, st, f, w, 0);
        peerRuns.push_back({&p, st, threads, check(), static_cast<int>(calls.size())});
        calls.push_back([&w, &f, pp = &p, st](int64_t i) { peerCall(*pp, st, f, w, i); });
      }
      if (e.pinned) pin_calling_thread(true);
    } else {
      e.progress.done += static_cast<int>(e.peers.size());
    }
    Interleaved m = measure_interleaved(calls, interleavedOptions(e.cfg->quick, cap));
    for (PeerRun &pr : peerRuns) pr.p->api->release(pr.st);
    int oneCall = runCall.empty() ? -1 : runCall[0];
    auto speedup = [&](int c) {
      return oneCall >= 0 ? paired_ratio(m.samples[oneCall], m.samples[c]) : Ratio{};
    };
    double best = 0;
    int bestT = 1, bestCall = -1;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (runCall[i] < 0) { pt["runs"].push_back(runs[i]); continue; }
      const Stats &s = m.stats[runCall[i]];
      Ratio q = speedup(runCall[i]);
      runs[i]["stats"] = statsJson(s);
      runs[i]["speedup"] = q.median;
      runs[i]["speedup_ci95"] = {q.lo, q.hi};
      runs[i]["gbs"] = w.bytes / s.median * 1e-9;
      if (best == 0 || s.median < best) { best = s.median; bestT = runs[i]["threads"].get<int>(); bestCall = runCall[i]; }
      pt["runs"].push_back(runs[i]);
    }
    const Stats &sa = m.stats[autoCall];
    Ratio qa = speedup(autoCall);
    // threads: choose_threads just before; threads_first_launch: what the
    // checked auto launch ran (measured mode may learn and change it later).
    pt["auto"] = {{"threads", chosen}, {"threads_first_launch", autoFirst.threads_used},
                  {"stats", statsJson(sa)}, {"speedup", qa.median}, {"speedup_ci95", {qa.lo, qa.hi}}};
    if (!autoFirst.ok) { pt["auto"]["error"] = autoFirst.error; allOk = false; }
    if (f.op.size()) pt["auto"]["check"] = autoCheck;
    pt["best_threads"] = bestT;
    pt["auto"]["regret"] = bestCall >= 0 ? paired_ratio(m.samples[autoCall], m.samples[bestCall]).median : 0.0;
    // Peers against ours at the same number of threads.
    auto oursAt = [&](int threads) -> int {
      for (size_t i = 0; i < runs.size(); ++i)
        if (runs[i]["threads"].get<int>() == threads) return runCall[i];
      return -1;
    };
    pt["peers"] = json::array();
    for (const PeerRun &pr : peerRuns) {
      const Stats &s = m.stats[pr.call];
      int ours = oursAt(pr.threads);
      Ratio q = ours >= 0 ? paired_ratio(m.samples[pr.call], m.samples[ours]) : Ratio{};
      pt["peers"].push_back({{"name", pr.p->name}, {"threads", pr.threads}, {"stats", statsJson(s)},
                             {"gbs", w.bytes / s.median * 1e-9}, {"ratio_to_ours", q.median},
                             {"ratio_ci95", {q.lo, q.hi}}, {"interleaved", true},
                             {"check", pr.check}});
    }
    if (f.op.size())
      for (json p : extraPeerResults(e, f.op, n)) {
        double med = p["stats"]["median_s"].get<double>();
        int ours = oursAt(p["threads"].get<int>());
        p["gbs"] = w.bytes / med * 1e-9;
        p["ratio_to_ours"] = ours >= 0 ? med / m.stats[ours].median : 0.0;
        pt["peers"].push_back(p);
      }
    pt["bandwidth_limit_s"] = w.bytes / (e.bwN * 1e9);
    out["points"].push_back(pt);
  }
  // Crossover per context count: the smallest size from which on every
  // larger size runs faster than one context with non-overlapping 95% CIs.
  json cross = json::object();
  for (int t : counts) {
    if (t == 1) continue;
    json at = nullptr;
    for (auto it = out["points"].rbegin(); it != out["points"].rend(); ++it) {
      const json &runs = (*it)["runs"];
      const json *r1 = nullptr, *rt = nullptr;
      for (const json &r : runs) {
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
  out["crossover_n"] = cross;
  out["ok"] = allOk;
  return out;
}

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

} // namespace

int run_benchmarks(const Manifest &m, const RunConfig &cfg) {
  Env e;
  e.m = &m;
  e.cfg = &cfg;
  e.machine = describe_machine();
  // How --threads=auto decides: the flag, else TRITON_EDGE_AUTO (a value it
  // does not know is an error here, before anything is measured).
  if (!cfg.auto_mode.empty()) {
    AutoMode mode = AutoMode::Measured;
    parse_auto_mode(cfg.auto_mode, mode); // checked by parse_run_flags
    set_auto_mode(mode);
  } else if (std::string err = auto_mode_env_error(); !err.empty()) {
    std::fprintf(stderr, "error: %s\n", err.c_str());
    return 2;
  }
  const bool fixedAuto = auto_mode() == AutoMode::Fixed;
  // Calibrates the global pool (and sizes it) before anything is pinned.
  const CostModel &measured = cost_model();
  const CostModel &model = fixedAuto ? fixed_cost_model() : measured;
  e.contexts = cfg.threads > 0 ? cfg.threads : e.machine.logical_cpus;
  if (cfg.pin) {
    ThreadPool::global().set_pinning(true);
    e.pinned = pin_calling_thread(true);
  }
  std::vector<std::string> notes;
  std::string peersDir = cfg.peers_dir.empty() ? executable_dir() + "/../lib" : cfg.peers_dir;
  // OpenMP peers' threads spin after a parallel region (libomp: 200 ms by
  // default) and would take the cores of whatever is timed next; 1 ms, which
  // the pause before each interleaved sample outlasts (unless set by the user).
  setenv("KMP_BLOCKTIME", "1", 0);
  setenv("GOMP_SPINCOUNT", "10000", 0); // libgomp (oneDNN's OpenMP): about as short
  e.peers = load_peers(peersDir, e.machine.isa_level, notes);
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
  e.progress.show = cfg.progress && isatty(2);
  e.progress.total = 2 + (cfg.do_ladder ? static_cast<int>(m.ladder.size()) * (7 + e.peers.size()) : 0);
  if (cfg.do_scaling)
    for (size_t i = 0; i < m.scaling.size(); ++i) {
      int sizes = (cfg.log2_max - cfg.log2_min) / (cfg.quick ? 2 : 1) + 1;
      int maxc = cfg.max_contexts > 0 ? cfg.max_contexts : e.machine.logical_cpus;
      e.progress.total += sizes * (maxc + 1 + static_cast<int>(e.peers.size()));
    }

  json res;
  res["format"] = "triton-edge-bench-results-1";
  res["created"] = isoNow();
  res["command"] = cfg.command_line;
  res["quick"] = cfg.quick;
  const Machine &mc = e.machine;
  json caches = json::array();
  for (const CacheLevel &c : mc.caches)
    caches.push_back({{"level", c.level}, {"type", c.type}, {"bytes", c.bytes}, {"shared_by", c.shared_by}});
  res["machine"] = {{"cpu_model", mc.cpu_model}, {"hostname", mc.hostname}, {"kernel", mc.kernel},
                    {"logical_cpus", mc.logical_cpus}, {"online_cpus", mc.online_cpus},
                    {"isa", mc.isa}, {"isa_level", mc.isa_level}, {"caches", caches},
                    {"llc_bytes", mc.llc_bytes}, {"memory_bytes", mc.memory_bytes}};
  res["build"] = {{"git_revision", m.git_revision}, {"compiler", m.compiler},
                  {"manifest_created_on", m.created_on}};
  json overhead = json::array();
  for (size_t k = 1; k < model.overhead_ns.size(); ++k) overhead.push_back(model.overhead_ns[k]);
  // The model auto decided with: calibrated here, or the fixed constants.
  res["cost_model"] = {{"dispatch_overhead_ns", overhead}, {"ops_per_ns", model.ops_per_ns},
                       {"bytes_per_ns", model.bytes_per_ns}, {"bytes_per_ns_all", model.bytes_per_ns_all},
                       {"source", fixedAuto ? "fixed constants (docs/runtime.md)" : "calibrated in this run"}};
  res["auto_mode"] = fixedAuto ? "deterministic" : "measured";
  res["settings"] = {{"contexts", e.contexts}, {"pinned", cfg.pin}, {"caller_pinned", e.pinned},
                     {"target", cfg.target.empty() ? "best for this CPU" : cfg.target}};
  // Bandwidth, same process, same pool.
  MeasureOptions bo = measureOptions(cfg.quick, 2.0);
  e.progress.step("bandwidth, 1 context");
  Bandwidth b1 = measure_bandwidth(1, mc.llc_bytes, bo, cfg.quick);
  e.progress.step("bandwidth, " + std::to_string(e.contexts) + " contexts");
  Bandwidth bN = measure_bandwidth(e.contexts, mc.llc_bytes, bo, cfg.quick);
  e.bw1 = b1.copy_gbs;
  e.bwN = bN.copy_gbs;
  res["bandwidth"] = json::array();
  for (const Bandwidth *b : {&b1, &bN})
    res["bandwidth"].push_back({{"threads", b->threads}, {"bytes_per_array", b->bytes_per_array},
                                {"copy_gbs", b->copy_gbs}, {"triad_gbs", b->triad_gbs},
                                {"copy", statsJson(b->copy)}, {"triad", statsJson(b->triad)}});
  json peers = json::array();
  for (const Peer &p : e.peers) peers.push_back({{"name", p.name}, {"detail", p.detail},
                                                 {"threaded", p.api->threaded != 0}});
  for (const json &p : e.extraPeers)
    peers.push_back({{"name", p.value("name", "external")}, {"detail", p.value("detail", "")},
                     {"external", true}});
  res["peers"] = peers;
  res["notes"] = notes;

  bool ok = true;
  res["ladder"] = json::array();
  if (cfg.do_ladder)
    for (const KernelEntry &k : m.ladder) {
      json r;
      try {
        r = runLadderKernel(e, k);
      } catch (const std::exception &ex) {
        r = {{"label", k.label}, {"error", ex.what()}, {"ok", false}};
      }
      ok &= r.value("ok", false);
      res["ladder"].push_back(r);
    }
  res["scaling"] = json::array();
  res["db_sweep"] = json::array();
  if (cfg.do_scaling)
    for (size_t i = 0; i < m.scaling.size(); ++i) {
      const KernelEntry &k = m.scaling[i];
      json r;
      if (k.label.rfind("gelu", 0) == 0) { // the MT sweeps: the GELU kernels (erf, tanh)
        try {
          r = runScaling(e, k);
        } catch (const std::exception &ex) {
          r = {{"label", k.label}, {"error", ex.what()}, {"ok", false}};
        }
        ok &= r.value("ok", false);
        res["scaling"].push_back(r);
      }
      if (!hasVariant(k, "vecdb") || k.label.find("tanh") != std::string::npos)
        continue; // the DB sweep: gelu_dyn and the add
      try {
        res["db_sweep"].push_back(runDbSweep(e, k));
      } catch (const std::exception &ex) {
        res["db_sweep"].push_back({{"label", k.label}, {"error", ex.what()}});
      }
    }
  e.progress.finish();
  if (e.pinned) pin_calling_thread(false);
  res["ok"] = ok;

  print_tables(res, stdout);
  write_reports(res, cfg.out_dir);
  std::printf("\nresults: %s/{results.json,results.csv,report.md,*.svg}\n", cfg.out_dir.c_str());
  for (Peer &p : e.peers)
    if (p.handle) {
      // Left loaded: OpenMP runtimes do not like being unloaded with live threads.
    }
  return ok ? 0 : 1;
}

} // namespace te::bench
