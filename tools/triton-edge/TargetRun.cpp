// Running kernels compiled for another ISA, under the emulator the target
// profile names. The host never loads the target's code; it sends the case
// and reads back the tensors. Two kinds of runtime (run.runtime):
//  - sysroot (AArch64, RISC-V): te-run-case and libtriton_edge_rt.so
//    cross-built against the target's C library (cmake/CrossRuntime.cmake);
//    the kernel is a shared library, the runner reads the case directory and
//    writes out<i>.npy.
//  - freestanding (Hexagon): no C library exists, so the kernel's object is
//    linked statically with the repository's freestanding runtime and runner
//    (runtime/hexagon) into one binary per kernel; the host binds the case's
//    arguments to the kernel's here and hands them over in a launch file
//    (te-hexagon/launch_file.h), which comes back with the results.
#include "TargetRun.h"

#include "HexagonObject.h"

#include "te-hexagon/launch_file.h"
#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/npy.h"
#include "triton-edge/Conversion/KernelAbi.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

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

static std::string joined(const std::vector<std::string> &args) {
  std::string s;
  for (const std::string &a : args)
    s += (s.empty() ? "" : " ") + a;
  return s;
}

static std::string readText(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

/// Runs `args` with stdout and stderr to `log`; returns the exit status
/// (negative when it did not exit normally) and the log's text.
static int runLogged(const std::vector<std::string> &args, const std::string &log,
                     std::string &output, std::string &message) {
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, llvm::StringRef(log),
                                                llvm::StringRef(log)};
  int rc = llvm::sys::ExecuteAndWait(args[0], argv, std::nullopt, redirects, 0, 0, &message);
  output = readText(log);
  return rc;
}

/// The emulator command: its program from the cross runtime's bin/ (where
/// scripts/fetch-qemu-hexagon.sh puts one newer than Debian's) or the PATH.
static std::vector<std::string> emulatorPrefix(const mlir::triton_edge::TargetDescription &t,
                                               const Options &o, const std::string &crossDir) {
  std::vector<std::string> cmd = t.emulatorCommand(o.pipeline.vectorBytesOverride > 0
                                                       ? o.pipeline.vectorBytesOverride
                                                       : t.vectorBytes);
  if (cmd.empty())
    throw Error("target '" + t.name + "' names no emulator (field run.emulator in " + t.source +
                ") and this host is not " + t.arch());
  std::string local = crossDir + "/bin/" + cmd[0];
  if (llvm::sys::fs::can_execute(local)) {
    cmd[0] = local;
    return cmd;
  }
  if (t.freestandingRuntime)
    throw Error(cmd[0] + " not found at " + local + ": run scripts/install-deps.sh (it extracts " +
                "it from the " + (t.emulatorPackage.empty() ? std::string("qemu-user package")
                                                             : t.emulatorPackage) +
                "; docs/targets.md, \"Hexagon\")");
  auto path = llvm::sys::findProgramByName(cmd[0]);
  if (!path)
    throw Error(cmd[0] + " not found: install it (apt-get install " +
                (t.emulatorPackage.empty() ? std::string("qemu-user") : t.emulatorPackage) +
                ", or scripts/install-deps.sh)");
  cmd[0] = *path;
  return cmd;
}

/// The kernel's name in the case's kernel.json.
static std::string caseKernelName(const std::string &caseDir) {
  std::string text = readText(caseDir + "/kernel.json");
  auto value = llvm::json::parse(text);
  if (!value) {
    llvm::consumeError(value.takeError());
    throw Error(caseDir + "/kernel.json: malformed JSON");
  }
  const llvm::json::Object *obj = value->getAsObject();
  auto name = obj ? obj->getString("name") : std::nullopt;
  if (!name)
    throw Error(caseDir + "/kernel.json: no kernel \"name\"");
  return name->str();
}

std::unique_ptr<TargetCase> TargetCase::compile(const std::string &caseDir, const Options &o) {
  const mlir::triton_edge::TargetDescription &t = o.pipeline.target;
  std::unique_ptr<TargetCase> tc(new TargetCase());
  tc->caseDir = caseDir;
  std::string arch = t.arch();
  tc->archName = arch;
  std::string crossDir = crossRuntimeDir(arch);
  if (t.freestandingRuntime)
    return compileFreestanding(std::move(tc), o, crossDir);
  tc->runner = crossDir + "/bin/te-run-case";
  if (!llvm::sys::fs::can_execute(tc->runner)) {
    if (t.crossPackages.empty())
      throw Error("target '" + t.name + "' (" + arch + ") has no runtime to run kernels with: "
                  "it compiles (--emit=obj|asm) but cannot run here (docs/targets.md)");
    throw Error("no " + arch + " runtime at " + crossDir + ": install the cross sysroot (apt-get "
                "install " + packageList(t.crossPackages) + ", or scripts/install-deps.sh) and "
                "rebuild (./scripts/build.sh)");
  }
  if (!t.runsOnHost())
    tc->prefix = emulatorPrefix(t, o, crossDir);

  tc->dir = makeTempDir(arch);
  tc->kernel = tc->dir + "/kernel.so";
  mlir::triton_edge::Compiler compiler(o.pipeline);
  if (auto err = compiler.compileFile(caseDir + "/kernel.ttir",
                                      mlir::triton_edge::EmitKind::SharedLibrary, tc->kernel))
    throw Error(llvm::toString(std::move(err)));
  tc->seconds = compiler.times().total();
  return tc;
}

std::string TargetCase::makeTempDir(const std::string &arch) {
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge-" + arch, tmp))
    throw Error("cannot create a temporary directory: " + ec.message());
  return std::string(tmp.str());
}

std::unique_ptr<TargetCase> TargetCase::compileFreestanding(std::unique_ptr<TargetCase> tc,
                                                            const Options &o,
                                                            const std::string &crossDir) {
  const mlir::triton_edge::TargetDescription &t = o.pipeline.target;
  tc->freestanding = true;
  std::string runtimeLib = crossDir + "/lib/libte_hexagon_rt.a";
  std::string runnerLib = crossDir + "/lib/libte_run_case.a";
  if (!llvm::sys::fs::exists(runtimeLib) || !llvm::sys::fs::exists(runnerLib))
    throw Error("no " + t.arch() + " runtime at " + crossDir + "/lib (libte_hexagon_rt.a, "
                "libte_run_case.a): rebuild (./scripts/build.sh); it needs only clang-22 and lld-22");
  tc->prefix = emulatorPrefix(t, o, crossDir);

  // The kernel's arguments as its te_kernel_info will state them, so the
  // case binds to them exactly as for a host launch (Case::launch_args).
  std::string kernelName = caseKernelName(tc->caseDir);
  std::string ttir = tc->caseDir + "/kernel.ttir";
  mlir::triton_edge::Compiler compiler(o.pipeline);
  {
    auto module = compiler.parse(ttir);
    if (!module)
      throw Error(llvm::toString(module.takeError()));
    mlir::triton::FuncOp fn;
    for (auto f : (**module).getOps<mlir::triton::FuncOp>())
      if (!f.isExternal() && f.getName() == kernelName)
        fn = f;
    if (!fn)
      throw Error(ttir + ": no kernel '" + kernelName + "' (kernel.json's name)");
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      mlir::Type type = fn.getArgument(i).getType();
      auto ptr = llvm::dyn_cast<mlir::triton::PointerType>(type);
      std::string name = "arg" + std::to_string(i);
      if (auto nameLoc = llvm::dyn_cast<mlir::NameLoc>(fn.getArgument(i).getLoc()))
        name = nameLoc.getName().str();
      tc->argNames.push_back(name);
      tc->argInfo.push_back(te_arg_info{ptr ? 1 : 0,
                                        mlir::triton_edge::abiDtypeCode(ptr ? ptr.getPointeeType() : type),
                                        nullptr});
    }
    for (size_t i = 0; i < tc->argInfo.size(); ++i)
      tc->argInfo[i].name = tc->argNames[i].c_str();
    tc->info = te_kernel_info{};
    tc->info.abi_version = TE_ABI_VERSION;
    tc->info.num_args = static_cast<int32_t>(tc->argInfo.size());
    tc->info.args = tc->argInfo.data();
    tc->kernelName = kernelName;
    tc->info.name = tc->kernelName.c_str();
  }

  tc->dir = makeTempDir(t.arch());
  std::string object = tc->dir + "/kernel.o";
  if (auto err = compiler.compileFile(ttir, mlir::triton_edge::EmitKind::Object, object))
    throw Error(llvm::toString(std::move(err)));
  tc->seconds = compiler.times().total();

  // One static binary: the kernel, the runner's main, the runtime.
  tc->runner = tc->dir + "/kernel.elf";
  std::vector<std::string> link = {mlir::triton_edge::linkerPath(), "-static", "-e", "_start",
                                   "-u", "_start",
                                   "--defsym=te_kernel_programs=" + kernelName + "_programs",
                                   "--defsym=te_kernel_info_symbol=" + kernelName + "_info",
                                   object, runnerLib, runtimeLib, "-o", tc->runner};
  std::string output, message;
  int rc = runLogged(link, tc->dir + "/link.log", output, message);
  if (rc != 0)
    throw Error("linking the " + t.arch() + " kernel with the freestanding runtime failed (" +
                (message.empty() ? "exit " + std::to_string(rc) : message) + "): " + joined(link) +
                "\n" + output);

  // HVX floating point: run only where the emulator executes it (a probe
  // of the kernel's float mode), otherwise say why the case is skipped.
  auto use = scanHvxFloat(object, t);
  if (!use)
    throw Error(llvm::toString(use.takeError()));
  bool ieee = llvm::StringRef(t.features).contains("+hvx-ieee-fp");
  std::string probe = crossDir + "/bin/te-hvx-float-probe-" + (ieee ? "ieee" : "qf32");
  std::vector<std::string> probeCmd = tc->prefix;
  probeCmd.push_back(probe);
  rc = runLogged(probeCmd, tc->dir + "/probe.log", output, message);
  if (output.find("hexagon: ok") == std::string::npos)
    throw Error("the emulator runs no " + t.arch() + " binary for " + t.cpu + ": " +
                joined(probeCmd) + " printed:\n" + output +
                "(Debian 12's qemu-hexagon 7.2 emulates only v67: run scripts/install-deps.sh)");
  bool emulatorHasHvxFloat = rc == 0 && output.find("hvx-float: ok") != std::string::npos;
  if (use->packets > 0 && !emulatorHasHvxFloat) {
    std::vector<std::string> version = {tc->prefix[0], "--version"};
    std::string versionText, ignored;
    runLogged(version, tc->dir + "/version.log", versionText, ignored);
    tc->skip = "the kernel uses HVX floating point (" + std::to_string(use->packets) + " of " +
               std::to_string(use->totalPackets) + " packets, e.g. `" + use->example +
               "`) and this emulator cannot execute it (" +
               llvm::StringRef(versionText).split('\n').first.str() + "; probe " + probe +
               " did not finish). It runs, with no change, on an emulator whose probe passes";
  }
  return tc;
}

TargetCase::~TargetCase() {
  if (!dir.empty())
    llvm::sys::fs::remove_directories(dir);
}

LaunchResult TargetCase::launch(Case &c, const LaunchOptions &launch) {
  if (freestanding)
    return launchFreestanding(c, launch);
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
  std::string output, message;
  int rc = runLogged(args, dir + "/run.log", output, message);
  LaunchResult result;
  if (rc != 0) {
    result.ok = false;
    result.error = "the target run failed (exit " + std::to_string(rc) +
                   (message.empty() ? "" : ", " + message) + "): " + joined(args) + "\n" + output;
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

LaunchResult TargetCase::launchFreestanding(Case &c, const LaunchOptions &launch) {
  if (!skip.empty())
    throw Error(skip);
  LaunchArgs la = c.launch_args(&info);
  const size_t n = argInfo.size();
  auto align = [](uint64_t v) {
    return (v + TE_HEXAGON_LAUNCH_ALIGN - 1) / TE_HEXAGON_LAUNCH_ALIGN * TE_HEXAGON_LAUNCH_ALIGN;
  };
  std::vector<te_hexagon_launch_arg> table(n);
  uint64_t end = align(sizeof(te_hexagon_launch_header) + n * sizeof(te_hexagon_launch_arg));
  for (size_t i = 0; i < n; ++i) {
    te_hexagon_launch_arg &a = table[i];
    a.is_tensor = argInfo[i].is_pointer ? 1 : 0;
    a.dtype = argInfo[i].dtype;
    a.numel = a.is_tensor ? la.numel[i] : 0;
    a.bytes = a.is_tensor ? static_cast<uint64_t>(la.numel[i]) *
                                dtype_size(static_cast<te_dtype>(argInfo[i].dtype))
                          : 8;
    a.offset = end;
    end = align(end + a.bytes);
  }
  te_hexagon_launch_header h{};
  std::memcpy(h.magic, TE_HEXAGON_LAUNCH_MAGIC, 8);
  h.version = TE_HEXAGON_LAUNCH_VERSION;
  h.num_args = static_cast<uint32_t>(n);
  std::memcpy(h.grid, c.grid, sizeof h.grid);
  // One hardware thread under emulation: the contexts' ranges run in turn;
  // auto (0) is one context.
  h.contexts = launch.threads > 0 ? launch.threads : 1;
  h.total_bytes = end;
  std::vector<char> file(end, 0);
  std::memcpy(file.data(), &h, sizeof h);
  std::memcpy(file.data() + sizeof h, table.data(), n * sizeof(te_hexagon_launch_arg));
  for (size_t i = 0; i < n; ++i)
    std::memcpy(file.data() + table[i].offset, la.ptrs[i], table[i].bytes);

  std::string in = dir + "/launch.in", out = dir + "/launch.out";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(in, ec);
    if (ec)
      throw Error("cannot write " + in + ": " + ec.message());
    os.write(file.data(), file.size());
  }
  llvm::sys::fs::remove(out);
  std::vector<std::string> args = prefix;
  args.insert(args.end(), {runner, in, out});
  std::string output, message;
  int rc = runLogged(args, dir + "/run.log", output, message);
  LaunchResult result;
  if (rc == 1) { // the kernel reported an error (assert, bounds), as a host launch would
    result.ok = false;
    result.error = output;
    while (!result.error.empty() && result.error.back() == '\n')
      result.error.pop_back();
    return result;
  }
  if (rc != 0)
    throw Error("the " + archName + " run failed (" +
                (message.empty() ? "exit " + std::to_string(rc) : message) + "): " +
                joined(args) + "\n" + output);
  auto back = llvm::MemoryBuffer::getFile(out, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!back || (*back)->getBufferSize() != file.size() ||
      std::memcmp((*back)->getBufferStart(), file.data(), sizeof h) != 0)
    throw Error("the " + archName + " run wrote no launch file like the one it was given: " + out);
  const char *data = (*back)->getBufferStart();
  for (size_t i = 0; i < n; ++i)
    if (table[i].is_tensor)
      std::memcpy(la.ptrs[i], data + table[i].offset, table[i].bytes);
  size_t at = output.find("contexts_used=");
  result.threads_used = at == std::string::npos ? 0 : std::atoi(output.c_str() + at + 14);
  return result;
}

} // namespace te
