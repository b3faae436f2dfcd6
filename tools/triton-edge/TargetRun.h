#ifndef TRITON_EDGE_TOOLS_TARGETRUN_H
#define TRITON_EDGE_TOOLS_TARGETRUN_H

#include "Driver.h"

#include <memory>
#include <string>
#include <vector>

namespace te {

/// Where the cross-built runtime and runners of an architecture live
/// (build/cross/<arch>, next to the compiler's bin/).
std::string crossRuntimeDir(const std::string &arch);

/// A case's kernel compiled for a target whose binaries do not run in this
/// process (another ISA): each launch runs te-run-case built for that ISA
/// under the profile's emulator (qemu-user), or directly when the host has
/// that ISA, and reads the tensors back into the Case, so run and check
/// compare exactly as for host kernels. With a freestanding runtime
/// (Hexagon) the runner is linked with the kernel into one binary and the
/// case's arguments travel in a launch file (TargetRun.cpp).
class TargetCase {
public:
  /// Compiles the case's kernel for o.pipeline.target; checks that the
  /// runner and the emulator exist (errors name the Debian package).
  /// Throws te::Error.
  static std::unique_ptr<TargetCase> compile(const std::string &caseDir, const Options &o);
  ~TargetCase();
  /// One launch with `launch` options; the tensors of `c` hold the results.
  LaunchResult launch(Case &c, const LaunchOptions &launch);
  double compileSeconds() const { return seconds; }
  /// The command prefix that runs a binary of the target ("" entries none).
  const std::vector<std::string> &runPrefix() const { return prefix; }
  /// Why this kernel cannot run on this emulator (empty: it can): a
  /// Hexagon kernel with HVX floating point on a qemu-hexagon without it.
  /// check reports the case as skipped; launch() throws it.
  const std::string &skipReason() const { return skip; }

private:
  TargetCase() = default;
  static std::string makeTempDir(const std::string &arch);
  static std::unique_ptr<TargetCase> compileFreestanding(std::unique_ptr<TargetCase> tc,
                                                         const Options &o,
                                                         const std::string &crossDir);
  LaunchResult launchFreestanding(Case &c, const LaunchOptions &launch);
  std::string dir, caseDir, kernel, runner, archName;
  std::vector<std::string> prefix;
  double seconds = 0;
  // Freestanding runtime: the kernel's arguments as its te_kernel_info
  // states them (read from the TTIR), for Case::launch_args.
  bool freestanding = false;
  std::string kernelName, skip;
  std::vector<std::string> argNames;
  std::vector<te_arg_info> argInfo;
  te_kernel_info info{};
};

} // namespace te

#endif
