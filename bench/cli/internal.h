// Between the steps of `triton-edge bench` (not installed): the request the
// command line makes, the targets it compiles for, and the two halves that
// compile the kernels and write a bundle.
#ifndef TRITON_EDGE_BENCH_CLI_INTERNAL_H
#define TRITON_EDGE_BENCH_CLI_INTERNAL_H

// The compile options and their parser are the driver's (tools/triton-edge),
// so that `bench --vec=off` means what `compile --vec=off` means.
#include "Driver.h"

#include "triton-edge-bench/bench.h"

#include <filesystem>
#include <string>
#include <vector>

namespace te::bench::cli {

namespace fs = std::filesystem;

/// What the command line asks for.
struct Request {
  std::string sub;            // ladder | scaling | all | bundle | db-sweep
  RunConfig run;              // the harness's flags (parse_run_flags)
  te::Options compile;        // the compiler's flags (parseOptions)
  std::string targetFlag;     // --target as given ("" = default)
  std::string corpus;         // --corpus DIR, absolute
  std::string bundle;         // --bundle DIR, or bundle's DIR ("" = run here)
  fs::path kernelsDir;        // --kernels-dir (default: the source corpus)
  bool bundling() const { return !bundle.empty(); }
};

/// The targets the kernels are compiled for, and where a bundle of them runs.
struct TargetPlan {
  std::vector<std::string> targets;
  std::string arch = "x86_64"; // the bundle's ISA (run.sh checks it)
  std::string emulatorHint;    // run.sh's TE_EMULATOR suggestion (another ISA)
  bool cross = false;          // harness and runtime from build/cross/<arch>
};

/// Compiles the variants `ids` (scalar, vec, auto, vecdb, vecpf) of one case
/// for every target into `kernelsDir`; the entry's .so paths are relative to
/// `manifestDir`. Throws te::Error naming the case, variant and target.
KernelEntry compileCase(const fs::path &caseDir, const std::string &label,
                        const std::vector<std::string> &ids,
                        const std::vector<std::string> &targets, const te::Options &base,
                        const fs::path &kernelsDir, const fs::path &manifestDir);

/// Copies kernel.json and the inputs of a case into bundle/cases; returns the
/// copy's path relative to the bundle.
std::string copyCase(const fs::path &from, const fs::path &bundle);

/// Completes the bundle in `root` around the kernels compiled there: the
/// harness, runtime and peer plugins (with the OpenMP/oneDNN runtimes they
/// need), the PyTorch side-by-side scripts, manifest.json and run.sh.
void writeBundle(Manifest &m, const fs::path &root, const TargetPlan &plan);

/// The standard output of `cmd` (a shell command), trailing blanks removed.
std::string shell(const std::string &cmd);

/// The source tree this triton-edge was built from (bundled kernels, scripts).
fs::path sourceDir();

} // namespace te::bench::cli

#endif
