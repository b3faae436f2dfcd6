#ifndef TRITON_EDGE_TOOLS_DRIVER_H
#define TRITON_EDGE_TOOLS_DRIVER_H

#include "triton-edge/Target/Compiler.h"
#include "triton-edge-rt/case.h"
#include "triton-edge-rt/kernel_library.h"
#include "triton-edge-rt/launch.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace te {

/// Everything the user can switch: the mechanisms of the ladder and where
/// the kernel runs.
struct Options {
  mlir::triton_edge::PipelineOptions pipeline;
  LaunchOptions launch;      // threads (0 = auto), dma, chaos seed
  std::vector<int> threadSweep; // check: every count of --threads=1,2,4
  std::string emit = "so";   // compile: so|obj|asm|llvm|mlir|loops
  std::string output;        // compile -o / run -o
  std::vector<std::string> positional;
  bool verbose = false;
  bool float64Eval = true;   // check: the float64 evaluation (--float64=off skips it)
  std::string targetName;    // --target as given
  std::vector<std::string> profileSets; // --profile-set FIELD=VALUE (modeled targets)
  std::string tracePath;     // --trace=FILE: Chrome trace of a modeled run
  bool dbAuto = true;        // --db=auto (default): DB where the predictor says it pays
  std::optional<bool> checkBounds; // --check-bounds[=on|off] as given
  /// run and check without --check-bounds: the case first runs once in the
  /// reference configuration with every access checked, then the
  /// configuration asked for runs as compiled for users (unchecked).
  bool boundsPreRun = false;
};

/// Parses the mechanism and launch flags shared by compile/run/check/bench.
/// Unknown flags are an error (message in `error`).
bool parseOptions(int argc, char **argv, int first, Options &o, std::string &error);
/// parseOptions for run and check: a bounds-checked pre-run unless
/// --check-bounds=on (the configuration itself checked) or =off.
bool parseRunCheckOptions(int argc, char **argv, int first, Options &o, std::string &error);
void setCheckBounds(Options &o, bool on);
/// The option list of --help (OptionsCommand.cpp, from Options.def).
std::string optionsHelp();
/// `triton-edge options --json|--markdown=cli|--markdown=python`.
int optionsCommand(int argc, char **argv);
/// One line naming the configuration (for reports).
std::string describe(const Options &o);

/// A kernel compiled into a temporary shared library and loaded.
class CompiledCase {
public:
  /// Compiles `ttir` with `options` (throws te::Error with the compiler's
  /// diagnostics on failure).
  static std::unique_ptr<CompiledCase> compile(const std::string &ttir,
                                               const std::string &kernelName,
                                               const Options &options);
  ~CompiledCase();
  const KernelLibrary &library() const { return *lib; }
  double compileSeconds() const { return seconds; }

private:
  CompiledCase() = default;
  std::string dir;
  std::unique_ptr<KernelLibrary> lib;
  double seconds = 0;
};

} // namespace te

#endif
