#include "Model.h"
#include "Reference.h"

#include "triton-edge-rt/compare.h"
#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace fs = std::filesystem;

namespace te {

ModeledLaunch launchModeled(const KernelLibrary &lib, Case &c, const npu::Profile &profile,
                            int contexts, bool keepSpans) {
  ModeledLaunch m;
  ModelTrace trace;
  LaunchOptions lo;
  lo.threads = std::max(1, contexts);
  lo.record = &trace;
  int64_t t0 = now_ns();
  m.launch = launch_case(lib.programs(), lib.info(), c, lo);
  m.record_s = (now_ns() - t0) * 1e-9;
  if (m.launch.ok) m.sim = npu::simulate(profile, trace, keepSpans);
  return m;
}

int modeledContexts(const Options &o, int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(o.pipeline.target.npu ? o.pipeline.target.npu->contexts : 1);
}

namespace {

struct Rung { const char *name; bool vec, db, mt; };
const Rung kRungs[] = {{"Scalar", false, false, false},
                       {"+Vec", true, false, false},
                       {"+Vec+MT", true, false, true},
                       {"+Vec+MT+DB", true, true, true}};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int modelBench(const std::string &sub, const Options &base, const std::string &outDir,
               const std::string &corpus, const std::string &kernelsDir, bool quick) {
  if (sub == "db-sweep")
    return modelDbSweep(base, outDir, corpus, quick);
  if (sub == "scaling")
    return modelScaling(base, outDir, kernelsDir, quick);
  if (sub != "ladder") {
    std::cerr << "triton-edge bench " << sub << ": on a modeled target only `ladder`, "
              << "`scaling` and `db-sweep` are available (docs/npu-model.md)\n";
    return 2;
  }
  const npu::Profile &profile = *base.pipeline.target.npu;
  std::vector<fs::path> cases = {fs::path(kernelsDir) / "gelu_1m__triton_poi_fused_gelu_0",
                                 fs::path(kernelsDir) / "add2d_paper__triton_poi_fused_add_0"};
  if (!corpus.empty())
    for (const auto &d : fs::directory_iterator(corpus))
      if (fs::exists(d.path() / "kernel.ttir") &&
          std::find(cases.begin(), cases.end(), d.path()) == cases.end() &&
          d.path().filename() != cases[0].filename() && d.path().filename() != cases[1].filename())
        cases.push_back(d.path());
  std::sort(cases.begin() + 2, cases.end());
  fs::create_directories(outDir);
  std::ofstream csv(outDir + "/results.csv");
  if (!csv) throw Error(outDir + "/results.csv: cannot write");
  csv << "section,kernel,what,n,threads,median_s,q1_s,q3_s,ci95_lo_s,ci95_hi_s,samples,"
         "speedup_step,speedup_cum,gbs,pct_bw,ratio_to_ours,double_buffered,check_ok,"
         "time_kind,host_median_s,bound\n";
  std::printf("ladder on %s: median = MODELED device time (SystemC model, %s); host = wall "
              "time of the same code on this machine\n",
              profile.name.c_str(), profile.source.c_str());
  std::printf("%-28s %-12s %4s %14s %9s %9s %14s  %s\n", "kernel", "rung", "ctx", "modeled",
              "step", "cum", "host wall", "bound");
  bool allOk = true;
  std::set<std::string> usedLabels;
  int hostReps = quick ? 1 : 5;
  for (const fs::path &dir : cases) {
    // "<case>__<kernel>" -> "<case>"; a second kernel of a case keeps its full name.
    std::string label = dir.filename().string();
    if (!usedLabels.insert(label.substr(0, label.find("__"))).second)
      usedLabels.insert(label);
    else
      label = label.substr(0, label.find("__"));
    Case c = load_case(dir.string());
    std::string family;
    std::map<int, NpyArray> expected;
    if (c.oracle) expected = c.load_expected();
    else expected = reference_outputs(c, family);
    double prev = 0, first = 0;
    for (const Rung &r : kRungs) {
      Options o = base;
      o.pipeline.vectorize = r.vec;
      o.pipeline.doubleBuffer = r.db;
      o.pipeline.autoDoubleBuffer = false;
      o.pipeline.prefetchInPlace = false;
      int ctx = r.mt ? static_cast<int>(profile.contexts) : 1;
      auto compiled = CompiledCase::compile((dir / "kernel.ttir").string(), c.name, o);
      const KernelLibrary &lib = compiled->library();
      c.reset();
      ModeledLaunch m = launchModeled(lib, c, profile, ctx, false);
      bool ok = m.launch.ok;
      if (ok && !expected.empty()) ok = compare(c, expected).ok;
      allOk &= ok;
      std::vector<double> host;
      for (int i = 0; i < hostReps && m.launch.ok; ++i) {
        LaunchOptions lo;
        lo.threads = ctx;
        int64_t t0 = now_ns();
        launch_case(lib.programs(), lib.info(), c, lo);
        host.push_back((now_ns() - t0) * 1e-9);
      }
      double t = m.sim.total_ns * 1e-9;
      if (first == 0) first = t;
      double step = prev > 0 && t > 0 ? prev / t : 1.0, cum = t > 0 ? first / t : 0;
      prev = t;
      std::string bound = m.launch.ok ? npu::bound_kind(m.sim) : "failed";
      int db = lib.info() ? lib.info()->double_buffered : 0;
      char line[512];
      std::snprintf(line, sizeof(line),
                    "ladder,%s,%s,0,%d,%.9g,%.9g,%.9g,%.9g,%.9g,1,%.6g,%.6g,0,0,0,%d,%d,modeled,"
                    "%.9g,%s\n",
                    label.c_str(), r.name, ctx, t, t, t, t, t, step, cum, db, ok ? 1 : 0,
                    median(host), bound.c_str());
      csv << line;
      std::printf("%-28s %-12s %4d %11.1f us %8.2fx %8.2fx %11.1f us  %s%s\n", label.c_str(),
                  r.name, ctx, t * 1e6, step, cum, median(host) * 1e6, bound.c_str(),
                  ok ? "" : "  (FAILED check)");
    }
  }
  // The stream's failure state is sticky: this covers every write above.
  csv.close();
  if (csv.fail()) throw Error(outDir + "/results.csv: write failed");
  std::printf("\nresults: %s/results.csv (median_s = modeled device time)\n", outDir.c_str());
  return allOk ? 0 : 1;
}

} // namespace te
