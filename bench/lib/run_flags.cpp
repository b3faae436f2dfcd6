// The harness's flags, shared by `triton-edge bench` (bench/cli) and te-bench.
#include "triton-edge-bench/bench.h"

#include <cstdlib>

namespace te::bench {

bool parse_run_flags(const std::vector<std::string> &args, RunConfig &cfg,
                     std::vector<std::string> &rest, std::string &error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (a.rfind(name + "=", 0) == 0) { out = a.substr(name.size() + 1); return true; }
      if (a == name && i + 1 < args.size()) { out = args[++i]; return true; }
      return false;
    };
    auto toInt = [&](const std::string &v, int lo, int hi, int &out, const char *what) {
      char *end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end || n < lo || n > hi) {
        error = std::string(what) + " takes a number from " + std::to_string(lo) + " to " +
                std::to_string(hi) + ", got '" + v + "'";
        return false;
      }
      out = static_cast<int>(n);
      return true;
    };
    std::string v;
    if (a == "--quick") {
      cfg.quick = true;
      if (cfg.log2_max == 24) cfg.log2_max = 16;
    } else if (a == "--no-pin") cfg.pin = false;
    else if (a == "--no-progress") cfg.progress = false;
    else if (a == "--no-scaling") cfg.do_scaling = false;
    else if (a == "--no-ladder") cfg.do_ladder = false;
    else if (value("--threads", v)) { if (!toInt(v, 1, 256, cfg.threads, "--threads")) return false; }
    else if (value("--max-contexts", v)) { if (!toInt(v, 1, 256, cfg.max_contexts, "--max-contexts")) return false; }
    else if (value("--contexts", v)) { // comma-separated counts, 1 first
      cfg.contexts.clear();
      for (size_t p = 0; p <= v.size();) {
        size_t q = v.find(',', p);
        if (q == std::string::npos) q = v.size();
        int c = 0;
        if (!toInt(v.substr(p, q - p), 1, 256, c, "--contexts")) return false;
        cfg.contexts.push_back(c);
        p = q + 1;
      }
      if (cfg.contexts.empty() || cfg.contexts[0] != 1) { error = "--contexts starts with 1 (the speedups are over one context)"; return false; }
    }
    else if (value("--sizes", v)) { // A..B as log2 exponents
      auto dots = v.find("..");
      if (dots == std::string::npos) { error = "--sizes takes LO..HI (log2 of the element count)"; return false; }
      if (!toInt(v.substr(0, dots), 4, 30, cfg.log2_min, "--sizes LO") ||
          !toInt(v.substr(dots + 2), cfg.log2_min, 30, cfg.log2_max, "--sizes HI"))
        return false;
    } else if (value("--out", v) || value("-o", v)) cfg.out_dir = v;
    else if (value("--peers-dir", v)) cfg.peers_dir = v;
    else if (value("--db-dma", v)) {
      error = "--db-dma is gone: the +DB rung uses --db=auto and every DB engine has its own "
              "row ('DB forced, ...') in each run";
      return false;
    } else if (value("--auto", v)) {
      te::AutoMode mode;
      if (!te::parse_auto_mode(v, mode)) {
        error = "--auto takes measured or deterministic, got '" + v + "'";
        return false;
      }
      cfg.auto_mode = v;
    }
    else if (value("--extra-peers", v)) cfg.extra_peer_files.push_back(v);
    else if (value("--run-target", v)) cfg.target = v;
    else rest.push_back(a);
  }
  return true;
}

std::string run_flags_help() {
  return "Run options:\n"
         "  --quick               smoke run (few samples, sizes 2^10..2^16 step 4x): seconds, not numbers\n"
         "  --threads=N           contexts of the MT rungs and of threaded peers (default: all CPUs)\n"
         "  --max-contexts=N      scaling: contexts 1..N (default: all CPUs; more oversubscribes)\n"
         "  --contexts=1,2,4,...  scaling: only these context counts (starting with 1)\n"
         "  --sizes=LO..HI        scaling: sizes 2^LO..2^HI (default 10..24)\n"
         "  --no-ladder, --no-scaling  skip a part\n"
         "  --auto=MODE           how --threads=auto decides: measured (calibrated at run time;\n"
         "                        default, or TRITON_EDGE_AUTO) or deterministic (fixed model)\n"
         "  --no-pin              do not pin contexts to CPUs\n"
         "  --out=DIR             results folder (default bench-results)\n"
         "  --peers-dir=DIR       where libte_peer_*.so are (default: EXE/../lib)\n"
         "  --extra-peers=FILE    merge peer timings from torch_peers.py (JSON)\n"
         "  --run-target=T        use the kernels compiled for T (default: best for this CPU)\n"
         "  --no-progress         no progress bar\n";
}

} // namespace te::bench
