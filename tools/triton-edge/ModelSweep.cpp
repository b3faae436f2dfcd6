// `triton-edge bench db-sweep --target=<modeled>`: DB speedup against
// arithmetic intensity on the model, next to the closed-form predictor
// (docs/npu-model.md), over a synthetic kernel family and any corpus. Two
// ratios: T(staged, one buffer)/T(DB), the gain of overlapping transfers
// with compute, and T(direct)/T(DB), which also counts what staging itself
// changes (DMA's whole-line writes against direct stores).
#include "Model.h"

#include "triton-edge-bench/svg.h"

#include "triton-edge-model/predict.h"
#include "triton-edge-rt/safe_write.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace te {
namespace {

// Every file (results and the temporary cases) through the checked atomic
// writer: a full disk or a refused path fails the command, never leaves a
// truncated csv behind.
void writeChecked(const fs::path &path, const std::string &text) {
  std::string e = write_file_checked(path.string(), {{text.data(), text.size()}});
  if (!e.empty()) throw Error(e);
}

constexpr int64_t kSweepElements = 262144, kSweepBlock = 1024;

// A pointwise kernel over kSweepElements f32: one load, `k` multiply-adds
// per element, one store. Bytes are fixed; operations per byte grow with k.
std::string synthTtir(int k) {
  std::ostringstream os;
  os << "module {\n  tt.func public @synth(%in_ptr0: !tt.ptr<f32> {tt.divisibility = 16 : i32}, "
        "%out_ptr0: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %xnumel: i32) {\n"
     << "    %cb = arith.constant " << kSweepBlock << " : i32\n"
     << "    %pid = tt.get_program_id x : i32\n    %off = arith.muli %pid, %cb : i32\n"
     << "    %r = tt.make_range {end = " << kSweepBlock << " : i32, start = 0 : i32} : tensor<"
     << kSweepBlock << "xi32>\n";
  std::string T = "tensor<" + std::to_string(kSweepBlock);
  os << "    %s = tt.splat %off : i32 -> " << T << "xi32>\n"
     << "    %idx = arith.addi %s, %r : " << T << "xi32>\n"
     << "    %p = tt.splat %in_ptr0 : !tt.ptr<f32> -> " << T << "x!tt.ptr<f32>>\n"
     << "    %pp = tt.addptr %p, %idx : " << T << "x!tt.ptr<f32>>, " << T << "xi32>\n"
     << "    %x0 = tt.load %pp : " << T << "x!tt.ptr<f32>>\n"
     << "    %a = arith.constant dense<0.999> : " << T << "xf32>\n"
     << "    %b = arith.constant dense<0.001> : " << T << "xf32>\n";
  for (int i = 1; i <= k; ++i)
    os << "    %m" << i << " = arith.mulf %x" << i - 1 << ", %a : " << T << "xf32>\n"
       << "    %x" << i << " = arith.addf %m" << i << ", %b : " << T << "xf32>\n";
  os << "    %q = tt.splat %out_ptr0 : !tt.ptr<f32> -> " << T << "x!tt.ptr<f32>>\n"
     << "    %qq = tt.addptr %q, %idx : " << T << "x!tt.ptr<f32>>, " << T << "xi32>\n"
     << "    tt.store %qq, %x" << k << " : " << T << "x!tt.ptr<f32>>\n    tt.return\n  }\n}\n";
  return os.str();
}

void writeSynthCase(const fs::path &dir, int k) {
  fs::create_directories(dir);
  writeChecked(dir / "kernel.ttir", synthTtir(k));
  std::ostringstream json;
  json << "{\"case\": \"synth_k" << k << "\", \"name\": \"synth\", \"grid\": ["
      << kSweepElements / kSweepBlock << ", 1, 1], \"args\": ["
      << "{\"dtype\": \"float32\", \"shape\": [" << kSweepElements << "], \"stride\": [1], "
      << "\"storage_offset\": 0}, {\"dtype\": \"float32\", \"shape\": [" << kSweepElements
      << "], \"stride\": [1], \"storage_offset\": 0}, {\"scalar\": " << kSweepElements
      << "}], \"oracle\": false}\n";
  writeChecked(dir / "kernel.json", json.str());
}

// Tiles a compiled variant runs: programs, times the MT split.
int64_t tilesOf(const KernelLibrary &lib, const Case &c) {
  const te_kernel_info *info = lib.info();
  return c.programs() * (info && info->program_split > 1 ? info->program_split : 1);
}

// One tile of a compiled variant: the tiles recorded one per context.
npu::TileCost oneTile(const KernelLibrary &lib, Case &c) {
  ModelTrace trace;
  LaunchOptions lo;
  lo.threads = static_cast<int>(std::min<int64_t>(tilesOf(lib, c), 1 << 16));
  lo.record = &trace;
  LaunchResult r = launch_case(lib.programs(), lib.info(), c, lo);
  if (!r.ok) throw Error(c.case_name + ": " + r.error);
  return npu::tile_cost(trace.contexts.at(0));
}

} // namespace

DbChoice predictDb(const Options &base, const std::string &caseDir, int contexts) {
  const npu::Profile &p = *base.pipeline.target.npu;
  Case c = load_case(caseDir);
  Options o = base;
  o.pipeline.doubleBuffer = o.pipeline.autoDoubleBuffer = false;
  DbChoice d;
  d.direct = CompiledCase::compile(caseDir + "/kernel.ttir", c.name, o);
  o.pipeline.doubleBuffer = true;
  d.staged = CompiledCase::compile(caseDir + "/kernel.ttir", c.name, o);
  d.applied = d.staged->library().info() && d.staged->library().info()->double_buffered == 1;
  npu::TileCost td = oneTile(d.direct->library(), c);
  c.reset();
  npu::TileCost ts = d.applied ? oneTile(d.staged->library(), c) : td;
  c.reset();
  d.prediction = npu::predict(p, td, ts, tilesOf(d.direct->library(), c),
                              tilesOf(d.staged->library(), c), contexts);
  if (!d.applied) d.prediction.db_ns = d.prediction.staged_ns = d.prediction.direct_ns;
  // Without DMA engines there is nothing to overlap: direct access.
  d.useDb = d.applied && p.dma_engines > 0 && d.prediction.db_ns < d.prediction.direct_ns;
  return d;
}

namespace {

// The sweep's kernels: the synthetic intensity family, then the corpus's.
std::vector<std::pair<std::string, fs::path>> sweepCases(const fs::path &tmp,
                                                         const std::string &corpus, bool quick) {
  std::vector<std::pair<std::string, fs::path>> cases;
  std::vector<int> ks = quick ? std::vector<int>{0, 8, 64}
                              : std::vector<int>{0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128, 256};
  for (int k : ks) {
    writeSynthCase(tmp / ("k" + std::to_string(k)), k);
    cases.push_back({"synth_k" + std::to_string(k), tmp / ("k" + std::to_string(k))});
  }
  if (!corpus.empty()) {
    std::vector<fs::path> dirs;
    for (const auto &d : fs::directory_iterator(corpus))
      if (fs::exists(d.path() / "kernel.ttir")) dirs.push_back(d.path());
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path &d : dirs) cases.push_back({d.filename().string(), d});
  }
  return cases;
}

// The synthetic family's curves on one context count, for the chart.
struct Curves {
  std::vector<double> x, overlapModel, overlapPred, speedupModel, speedupPred;
};

void writeSweepChart(const std::string &outDir, const npu::Profile &p,
                     std::map<int, Curves> &chart) {
  // Log x: the pure copy (0 flop/B) is drawn at half the smallest intensity.
  double smallest = 1;
  for (auto &[k, cv] : chart)
    for (double x : cv.x)
      if (x > 0) smallest = std::min(smallest, x);
  namespace svg = bench::svg;
  std::vector<svg::Series> series;
  int colorIndex = 0;
  for (auto &[k, cv] : chart) {
    for (double &x : cv.x)
      if (x <= 0) x = smallest / 2;
    std::string on = ", " + std::to_string(k) + " ctx";
    series.push_back({"staged/DB, model" + on, svg::color(colorIndex), cv.x, cv.overlapModel,
                      false});
    series.push_back({"staged/DB, predicted" + on, svg::color(colorIndex), cv.x,
                      cv.overlapPred, true});
    series.push_back({"direct/DB, model" + on, svg::color(colorIndex + 1), cv.x,
                      cv.speedupModel, false});
    series.push_back({"direct/DB, predicted" + on, svg::color(colorIndex + 1), cv.x,
                      cv.speedupPred, true});
    colorIndex += 2;
  }
  char copyAt[32];
  std::snprintf(copyAt, sizeof(copyAt), "%g", smallest / 2);
  writeChecked(outDir + "/dbsweep.svg",
               svg::lineChart(
                   "DB gain vs arithmetic intensity on " + p.name + " (modeled)",
                   {std::string("flop per byte (log; the pure copy drawn at ") + copyAt + ")",
                    true, false},
                   {"T(staged, 1 buffer) / T(DB) and T(direct) / T(DB)", false, false},
                   series));
}

// What the sweep keeps across its points.
struct SweepTotals {
  double worstErr = 0, worstRegret = 0, worstStaticRegret = 0;
  int points = 0, staticAgrees = 0;
  std::map<int, Curves> chart;
};

// One kernel's compiled variants: the staged one without overlap (DB's
// staging, one buffer) and the pipeline's own --db=auto choice.
struct SweepVariants {
  std::unique_ptr<CompiledCase> stagedOne, autoChoice;
  bool staticDb = false; // the pipeline's static choice double-buffered it
};

SweepVariants compileSweepVariants(const Options &base, const fs::path &dir, const Case &c) {
  SweepVariants v;
  Options one = base;
  one.pipeline.doubleBuffer = true;
  one.pipeline.autoDoubleBuffer = false;
  one.pipeline.buffers = 1;
  v.stagedOne = CompiledCase::compile((dir / "kernel.ttir").string(), c.name, one);
  Options chosen = base;
  chosen.pipeline.doubleBuffer = false;
  chosen.pipeline.autoDoubleBuffer = true;
  v.autoChoice = CompiledCase::compile((dir / "kernel.ttir").string(), c.name, chosen);
  const te_kernel_info *info = v.autoChoice->library().info();
  v.staticDb = info && info->double_buffered != 0;
  return v;
}

// One (kernel, contexts) point: the model's three times, the measured
// predictor's, and the static choice; a csv row and a printed line.
void sweepPoint(const Options &base, const std::string &name, const fs::path &dir, Case &c,
                const SweepVariants &v, int k, std::ostringstream &csv, SweepTotals &totals) {
  const npu::Profile &p = *base.pipeline.target.npu;
  DbChoice d = predictDb(base, dir.string(), k);
  ModeledLaunch md = launchModeled(d.direct->library(), c, p, k, false);
  c.reset();
  ModeledLaunch ms = launchModeled(d.staged->library(), c, p, k, false);
  c.reset();
  ModeledLaunch m1 = launchModeled(v.stagedOne->library(), c, p, k, false);
  c.reset();
  if (!md.launch.ok || !ms.launch.ok || !m1.launch.ok)
    throw Error(name + ": the kernel failed on the model");
  double mD = md.sim.total_ns, mS = d.applied ? ms.sim.total_ns : mD;
  double m1s = d.applied ? m1.sim.total_ns : mD;
  const npu::Prediction &pr = d.prediction;
  double flops = 0;
  if (name.rfind("synth_k", 0) == 0) flops = 2.0 * std::stoi(name.substr(7)) / 8.0;
  auto rel = [](double a, double b) { return b > 0 ? std::fabs(a - b) / b : 0.0; };
  double predOverlap = pr.db_ns > 0 ? pr.staged_ns / pr.db_ns : 1.0;
  double eD = rel(pr.direct_ns, mD), eS = rel(pr.db_ns, mS), e1 = rel(pr.staged_ns, m1s);
  double eX = rel(pr.speedup(), mD / mS), eO = rel(predOverlap, m1s / mS);
  double best = std::min(mD, mS);
  double regret = (d.useDb ? mS : mD) / best - 1;
  double staticRegret = (v.staticDb && d.applied ? mS : mD) / best - 1;
  totals.worstErr = std::max({totals.worstErr, eD, eS, e1});
  totals.worstRegret = std::max(totals.worstRegret, regret);
  totals.worstStaticRegret = std::max(totals.worstStaticRegret, staticRegret);
  totals.points += 1;
  totals.staticAgrees += v.staticDb == d.useDb ? 1 : 0;
  char line[700];
  std::snprintf(line, sizeof(line),
                "%s,%d,%.4g,%d,%.9g,%.9g,%.9g,%.4f,%.4f,%.9g,%.9g,%.9g,%.4f,%.4f,%.9g,%.9g,"
                "%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.4f,%d,%.4f\n",
                name.c_str(), k, flops, d.applied ? 1 : 0, mD * 1e-9, m1s * 1e-9, mS * 1e-9,
                m1s / mS, mD / mS, pr.direct_ns * 1e-9, pr.staged_ns * 1e-9, pr.db_ns * 1e-9,
                predOverlap, pr.speedup(), pr.compute_ns * 1e-9, pr.transfer_ns * 1e-9, eD, e1,
                eS, eO, eX, d.useDb ? 1 : 0, regret, v.staticDb ? 1 : 0, staticRegret);
  csv << line;
  std::printf("%-30.30s %3d %6.3g %8.1f us %8.1f us %8.1f us %8.2fx %8.2fx %6.2fx %6.2fx "
              "%5.1f%% %s/%s%s\n",
              name.c_str(), k, flops, mD / 1e3, m1s / 1e3, mS / 1e3, m1s / mS, predOverlap,
              mD / mS, pr.speedup(), 100 * std::max({eD, eS, e1}), d.useDb ? "DB" : "direct",
              v.staticDb ? "DB" : "direct", d.applied ? "" : "  (DB not applied)");
  if (name.rfind("synth_k", 0) == 0) {
    Curves &cv = totals.chart[k];
    cv.x.push_back(flops);
    cv.overlapModel.push_back(m1s / mS);
    cv.overlapPred.push_back(predOverlap);
    cv.speedupModel.push_back(mD / mS);
    cv.speedupPred.push_back(pr.speedup());
  }
}

} // namespace

int modelDbSweep(const Options &base, const std::string &outDir, const std::string &corpus,
                 bool quick) {
  const npu::Profile &p = *base.pipeline.target.npu;
  fs::path tmp = fs::temp_directory_path() / ("triton-edge-dbsweep-" + std::to_string(getpid()));
  std::vector<std::pair<std::string, fs::path>> cases = sweepCases(tmp, corpus, quick);
  fs::create_directories(outDir);
  std::ostringstream csv;
  csv << "kernel,contexts,flops_per_byte,db_applied,model_direct_s,model_staged_s,model_db_s,"
         "model_overlap_x,model_speedup,pred_direct_s,pred_staged_s,pred_db_s,pred_overlap_x,"
         "pred_speedup,pred_compute_s,pred_transfer_s,err_direct,err_staged,err_db,err_overlap,"
         "err_speedup,auto_picks_db,auto_regret,static_picks_db,static_regret\n";
  // The header alone first: an unwritable output fails before the sweep.
  writeChecked(outDir + "/dbsweep.csv", csv.str());
  std::printf("DB sweep on %s (MODELED device time; predictor = closed form from one tile)\n"
              "overlap x = T(staged, 1 buffer) / T(DB); DB x = T(direct) / T(DB); choice = "
              "measured predictor / the pipeline's static --db=auto\n",
              p.name.c_str());
  std::printf("%-30s %3s %6s %11s %11s %11s %9s %9s %7s %7s %6s %s\n", "kernel", "ctx", "flop/B",
              "direct", "staged", "DB", "overlap x", "(pred)", "DB x", "(pred)", "err", "choice");
  SweepTotals totals;
  for (const auto &[name, dir] : cases) {
    Case c = load_case(dir.string());
    SweepVariants v = compileSweepVariants(base, dir, c);
    for (int k : {1, static_cast<int>(p.contexts)})
      sweepPoint(base, name, dir, c, v, k, csv, totals);
  }
  fs::remove_all(tmp);
  writeChecked(outDir + "/dbsweep.csv", csv.str());
  if (!totals.chart.empty()) writeSweepChart(outDir, p, totals.chart);
  std::printf("\nworst predictor error (direct, staged or DB time): %.1f%%; worst measured "
              "choice regret: %.1f%%\nstatic --db=auto (the pipeline's choice): agrees with the "
              "measured choice at %d of %d points, worst regret on the model %.1f%%\n"
              "results: %s/dbsweep.csv, %s/dbsweep.svg\n",
              100 * totals.worstErr, 100 * totals.worstRegret, totals.staticAgrees, totals.points,
              100 * totals.worstStaticRegret, outDir.c_str(), outDir.c_str());
  return 0;
}

} // namespace te

namespace te {

int modelScaling(const Options &base, const std::string &outDir, const std::string &kernelsDir,
                 bool quick) {
  const npu::Profile &p = *base.pipeline.target.npu;
  std::string src = kernelsDir + "/gelu_dyn__triton_poi_fused_gelu_0";
  Case proto = load_case(src);
  int64_t block = proto.config.count("XBLOCK") ? proto.config.at("XBLOCK") : 1024;
  fs::path tmp = fs::temp_directory_path() / ("triton-edge-scaling-" + std::to_string(getpid()));
  fs::create_directories(outDir);
  std::ostringstream csv;
  csv << "kernel,n,contexts,scalar_1ctx_s,vec_1ctx_s,vec_nctx_s,vec_speedup,mt_speedup,time_kind\n";
  writeChecked(outDir + "/scaling.csv", csv.str());
  int ctx = static_cast<int>(p.contexts);
  std::printf("MT scaling of gelu_dyn on %s (MODELED device time), 1 vs %d contexts\n",
              p.name.c_str(), ctx);
  std::printf("%10s %14s %14s %14s %8s %8s\n", "n", "Scalar 1 ctx", "+Vec 1 ctx", "+Vec N ctx",
              "Vec", "MT");
  Options scalar = base, vec = base;
  scalar.pipeline.vectorize = false;
  scalar.pipeline.doubleBuffer = vec.pipeline.doubleBuffer = false;
  scalar.pipeline.autoDoubleBuffer = vec.pipeline.autoDoubleBuffer = false;
  auto cs = CompiledCase::compile(src + "/kernel.ttir", proto.name, scalar);
  auto cv = CompiledCase::compile(src + "/kernel.ttir", proto.name, vec);
  for (int lg = 10; lg <= (quick ? 14 : 20); lg += quick ? 2 : 1) {
    int64_t n = int64_t(1) << lg;
    fs::path dir = tmp / ("n" + std::to_string(n));
    fs::create_directories(dir);
    fs::copy_file(src + "/kernel.ttir", dir / "kernel.ttir", fs::copy_options::overwrite_existing);
    std::ostringstream json;
    json << "{\"case\": \"gelu_dyn_" << n << "\", \"name\": \"" << proto.name << "\", \"grid\": ["
        << (n + block - 1) / block << ", 1, 1], \"args\": [{\"dtype\": \"float32\", \"shape\": ["
        << n << "], \"stride\": [1], \"storage_offset\": 0}, {\"dtype\": \"float32\", \"shape\": ["
        << n << "], \"stride\": [1], \"storage_offset\": 0}, {\"scalar\": " << n
        << "}], \"oracle\": false}\n";
    writeChecked(dir / "kernel.json", json.str());
    Case c = load_case(dir.string());
    double ts = launchModeled(cs->library(), c, p, 1, false).sim.total_ns;
    c.reset();
    double t1 = launchModeled(cv->library(), c, p, 1, false).sim.total_ns;
    c.reset();
    double tn = launchModeled(cv->library(), c, p, ctx, false).sim.total_ns;
    char line[256];
    std::snprintf(line, sizeof(line), "gelu_dyn,%lld,%d,%.9g,%.9g,%.9g,%.4f,%.4f,modeled\n",
                  static_cast<long long>(n), ctx, ts * 1e-9, t1 * 1e-9, tn * 1e-9, ts / t1,
                  t1 / tn);
    csv << line;
    std::printf("%10lld %11.1f us %11.1f us %11.1f us %7.2fx %7.2fx\n", static_cast<long long>(n),
                ts / 1e3, t1 / 1e3, tn / 1e3, ts / t1, t1 / tn);
  }
  fs::remove_all(tmp);
  writeChecked(outDir + "/scaling.csv", csv.str());
  std::printf("\nresults: %s/scaling.csv\n", outDir.c_str());
  return 0;
}

} // namespace te
