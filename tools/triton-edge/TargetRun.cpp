// Running kernels compiled for another ISA: te-run-case cross-built for the
// target (cmake/CrossRuntime.cmake) under the emulator the target profile
// names. The host never loads the target's code; it sends the case directory
// and reads back out<i>.npy.
#include "TargetRun.h"

#include "triton-edge-rt/npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstring>

namespace te {

std::string crossRuntimeDir(const std::string &arch) {
  if (const char *env = std::getenv("TRITON_EDGE_CROSS_DIR"))
    return std::string(env) + "/" + arch;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(dir, "cross", arch);
  return std::string(dir.str());
}

static std::string packageList(const std::vector<std::string> &packages) {
  std::string s;
  for (const std::string &p : packages)
    s += (s.empty() ? "" : " ") + p;
  return s;
}

std::unique_ptr<TargetCase> TargetCase::compile(const std::string &caseDir, const Options &o) {
  const mlir::triton_edge::TargetDescription &t = o.pipeline.target;
  std::unique_ptr<TargetCase> tc(new TargetCase());
  tc->caseDir = caseDir;
  std::string arch = t.arch();
  std::string crossDir = crossRuntimeDir(arch);
  tc->runner = crossDir + "/bin/te-run-case";
  if (!llvm::sys::fs::can_execute(tc->runner)) {
    if (t.crossPackages.empty())
      throw Error("target '" + t.name + "' (" + arch + ") has no runtime to run kernels with: "
                  "it compiles (--emit=obj|asm) but cannot run here (docs/targets.md)");
    throw Error("no " + arch + " runtime at " + crossDir + ": install the cross sysroot (apt-get "
                "install " + packageList(t.crossPackages) + ", or scripts/install-deps.sh) and "
                "rebuild (./scripts/build.sh)");
  }
  if (!t.runsOnHost()) {
    std::vector<std::string> cmd = t.emulatorCommand(o.pipeline.vectorBytesOverride > 0
                                                         ? o.pipeline.vectorBytesOverride
                                                         : t.vectorBytes);
    if (cmd.empty())
      throw Error("target '" + t.name + "' names no emulator (field run.emulator in " + t.source +
                  ") and this host is not " + arch);
    auto path = llvm::sys::findProgramByName(cmd[0]);
    if (!path)
      throw Error(cmd[0] + " not found: install it (apt-get install " +
                  (t.emulatorPackage.empty() ? std::string("qemu-user") : t.emulatorPackage) +
                  ", or scripts/install-deps.sh)");
    cmd[0] = *path;
    tc->prefix = cmd;
  }

  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge-" + arch, tmp))
    throw Error("cannot create a temporary directory: " + ec.message());
  tc->dir = std::string(tmp.str());
  tc->kernel = tc->dir + "/kernel.so";
  mlir::triton_edge::Compiler compiler(o.pipeline);
  if (auto err = compiler.compileFile(caseDir + "/kernel.ttir",
                                      mlir::triton_edge::EmitKind::SharedLibrary, tc->kernel))
    throw Error(llvm::toString(std::move(err)));
  tc->seconds = compiler.times().total();
  return tc;
}

TargetCase::~TargetCase() {
  if (!dir.empty())
    llvm::sys::fs::remove_directories(dir);
}

LaunchResult TargetCase::launch(Case &c, const LaunchOptions &launch) {
  std::string outDir = dir + "/out";
  llvm::sys::fs::remove_directories(outDir);
  llvm::sys::fs::create_directories(outDir);
  std::vector<std::string> args = prefix;
  args.push_back(runner);
  args.push_back(kernel);
  args.push_back(caseDir);
  args.push_back("--threads=" + std::to_string(launch.threads));
  args.push_back(std::string("--dma=") + dma_kind_name(launch.dma));
  args.push_back("--chaos-seed=" + std::to_string(launch.chaos_seed));
  args.push_back("--out=" + outDir);
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  std::string log = dir + "/run.log";
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log),
                                                llvm::StringRef(log)};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(args[0], argv, std::nullopt, redirects, 0, 0, &message);
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().str();
  LaunchResult result;
  if (rc != 0) {
    result.ok = false;
    std::string cmd;
    for (const std::string &a : args)
      cmd += (cmd.empty() ? "" : " ") + a;
    result.error = "the target run failed (exit " + std::to_string(rc) + (message.empty() ? "" : ", " + message) +
                   "): " + cmd + "\n" + output;
    return result;
  }
  size_t at = output.find("contexts_used=");
  result.threads_used = at == std::string::npos ? 0 : std::atoi(output.c_str() + at + 14);
  // The target's results replace the tensors' storage, so the host compares
  // them with the same code as host launches.
  for (CaseArg &a : c.args) {
    if (!a.is_tensor)
      continue;
    NpyArray out = read_npy(outDir + "/out" + std::to_string(a.index) + ".npy");
    if (out.data.size() != a.storage.size())
      throw Error("target output for argument " + std::to_string(a.index) + " has " +
                  std::to_string(out.data.size()) + " bytes, expected " +
                  std::to_string(a.storage.size()));
    std::memcpy(a.storage.data(), out.data.data(), out.data.size());
  }
  return result;
}

} // namespace te
