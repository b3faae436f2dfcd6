// te-bench: the standalone benchmark harness of a bundle. Runs the ladder and
// the scaling sweep from a manifest of AOT-compiled kernels (.so); needs only
// the runtime library, no MLIR/LLVM.
#include "triton-edge-bench/bench.h"

#include <cstdio>
#include <exception>

int main(int argc, char **argv) {
  using namespace te::bench;
  RunConfig cfg;
  std::vector<std::string> args(argv + 1, argv + argc), rest;
  std::string error;
  if (!parse_run_flags(args, cfg, rest, error)) {
    std::fprintf(stderr, "te-bench: %s\n", error.c_str());
    return 2;
  }
  std::string manifest = executable_dir() + "/../manifest.json";
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string &a = rest[i];
    if (a == "--help" || a == "-h") {
      std::printf("Usage: te-bench [ladder|scaling|all] [--manifest=FILE] [options]\n\n%s",
                  run_flags_help().c_str());
      return 0;
    } else if (a.rfind("--manifest=", 0) == 0) {
      manifest = a.substr(11);
    } else if (a == "ladder") {
      cfg.do_scaling = false;
    } else if (a == "scaling") {
      cfg.do_ladder = false;
    } else if (a != "all") {
      std::fprintf(stderr, "te-bench: unknown argument '%s' (see --help)\n", a.c_str());
      return 2;
    }
  }
  cfg.command_line = "te-bench";
  for (int i = 1; i < argc; ++i) cfg.command_line += std::string(" ") + argv[i];
  try {
    Manifest m = Manifest::read(manifest);
    return run_benchmarks(m, cfg);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "te-bench: error: %s\n", e.what());
    return 2;
  }
}
