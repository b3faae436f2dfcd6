// triton-edge: compile Triton kernels (TTIR) for CPUs and edge devices, run
// them on Inductor kernel cases, check them against their oracles, benchmark.
#include "Driver.h"
#include "Reference.h"
#include "TargetRun.h"

#include "triton-edge-rt/compare.h"
#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdio>
#include <iostream>

using namespace te;

#ifndef TRITON_EDGE_VERSION
#define TRITON_EDGE_VERSION "0.1.0"
#endif

int benchMain(int argc, char **argv); // bench/, when built in

namespace {

constexpr int kMismatch = 1, kError = 2;

void usage() {
  std::cout
      << "triton-edge " TRITON_EDGE_VERSION " - Triton kernels for CPUs and edge devices\n\n"
         "Usage:\n"
         "  triton-edge compile KERNEL.ttir -o OUT [--emit=so|obj|asm|llvm|mlir|loops] [flags]\n"
         "  triton-edge run CASE_DIR [-o OUT_DIR] [flags]     run a kernel case, write out<i>.npy\n"
         "  triton-edge check CASE_DIR [flags]                compare with the case's oracle\n"
         "  triton-edge bench ladder|scaling|... [flags]      benchmarks (triton-edge bench --help)\n"
         "  triton-edge targets [-v]                          list the target profiles\n"
         "  triton-edge --version | --help\n\n"
         "A case directory holds kernel.ttir, kernel.json and in<i>.npy/out<i>.npy\n"
         "(docs/case-format.md). check exits 0 on match, 1 on mismatch, 2 on an error.\n\n"
      << optionsHelp();
}

std::string kernelPath(const std::string &caseDir) {
  llvm::SmallString<256> p(caseDir);
  llvm::sys::path::append(p, "kernel.ttir");
  return std::string(p.str());
}

int compileCommand(const Options &o) {
  if (o.positional.size() != 1)
    throw Error("compile takes one KERNEL.ttir (got " + std::to_string(o.positional.size()) + ")");
  if (o.output.empty())
    throw Error("compile needs -o OUT");
  using mlir::triton_edge::EmitKind;
  EmitKind kind = o.emit == "obj"     ? EmitKind::Object
                  : o.emit == "asm"   ? EmitKind::Assembly
                  : o.emit == "llvm"  ? EmitKind::LLVMIR
                  : o.emit == "mlir"  ? EmitKind::LLVMDialect
                  : o.emit == "loops" ? EmitKind::Loops
                                      : EmitKind::SharedLibrary;
  mlir::triton_edge::Compiler compiler(o.pipeline);
  if (auto err = compiler.compileFile(o.positional[0], kind, o.output))
    throw Error(llvm::toString(std::move(err)));
  if (o.verbose)
    std::fprintf(stderr, "compiled in %.3f s\n", compiler.times().total());
  return 0;
}

/// Loads a case, compiles its kernel, launches it once. Returns the case
/// after the launch.
Case runCase(const Options &o, const std::string &dir, LaunchResult &result) {
  Case c = load_case(dir);
  double seconds;
  if (!o.pipeline.target.runsOnHost()) {
    // Another ISA: run on the target (emulated), tensors read back into c.
    auto onTarget = TargetCase::compile(dir, o);
    result = onTarget->launch(c, o.launch);
    seconds = onTarget->compileSeconds();
  } else {
    auto compiled = CompiledCase::compile(kernelPath(dir), c.name, o);
    result = launch_case(compiled->library().programs(), compiled->library().info(), c, o.launch);
    seconds = compiled->compileSeconds();
  }
  if (o.verbose)
    std::fprintf(stderr, "%s: compiled in %.3f s, %d context(s)\n", c.name.c_str(), seconds,
                 result.threads_used);
  return c;
}

int runCommand(const Options &o) {
  if (o.positional.size() != 1)
    throw Error("run takes one CASE_DIR");
  LaunchResult result;
  Case c = runCase(o, o.positional[0], result);
  if (!result.ok)
    throw Error("kernel failed: " + result.error);
  std::string outDir = o.output.empty() ? "." : o.output;
  if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
    throw Error("cannot create '" + outDir + "': " + ec.message());
  for (const CaseArg &a : c.args) {
    if (!a.is_tensor)
      continue;
    std::string path = outDir + "/out" + std::to_string(a.index) + ".npy";
    write_npy(path, a.dtype, {a.storage_numel}, a.storage.data());
    std::printf("wrote %s\n", path.c_str());
  }
  return 0;
}

int checkCommand(const Options &o) {
  if (o.positional.size() != 1)
    throw Error("check takes one CASE_DIR");
  const std::string &dir = o.positional[0];
  Case c = load_case(dir);
  // Kernels for another ISA run on the target (emulated); see TargetRun.h.
  std::unique_ptr<CompiledCase> compiled;
  std::unique_ptr<TargetCase> onTarget;
  if (o.pipeline.target.runsOnHost())
    compiled = CompiledCase::compile(kernelPath(dir), c.name, o);
  else
    onTarget = TargetCase::compile(dir, o);
  std::map<int, NpyArray> expected;
  std::string source;
  if (c.oracle) {
    expected = c.load_expected();
    source = "oracle";
  } else {
    std::string family;
    expected = reference_outputs(c, family);
    source = expected.empty() ? "no oracle, no reference (" + family + ")"
                              : "no oracle; project reference (" + family + ")";
  }
  std::vector<int> sweep = o.threadSweep.empty() ? std::vector<int>{o.launch.threads}
                                                 : o.threadSweep;
  bool allOk = true;
  for (int threads : sweep) {
    Options run = o;
    run.launch.threads = threads;
    c.reset();
    LaunchResult result = onTarget ? onTarget->launch(c, run.launch)
                                   : launch_case(compiled->library().programs(),
                                                 compiled->library().info(), c, run.launch);
    std::printf("%s (%s) [%s, %d context(s)]\n", c.case_name.c_str(), c.name.c_str(),
                describe(run).c_str(), result.threads_used);
    if (!result.ok) {
      std::printf("FAIL: kernel reported an error: %s\n", result.error.c_str());
      allOk = false;
      continue;
    }
    if (expected.empty()) {
      std::printf("%s: ran without error, results unchecked\n", source.c_str());
      continue;
    }
    CaseComparison cmp = compare(c, expected);
    for (const ArgComparison &a : cmp.args)
      std::printf("  %s\n", a.line.c_str());
    std::printf("%s: %s\n", cmp.ok ? "PASS" : "FAIL", source.c_str());
    allOk &= cmp.ok;
  }
  return allOk ? 0 : kMismatch;
}

/// Lists the built-in target profiles (docs/targets.md).
int targetsCommand(const Options &o) {
  std::vector<std::string> names = {"host"};
  for (const std::string &n : mlir::triton_edge::TargetDescription::builtinNames())
    names.push_back(n);
  for (const std::string &n : names) {
    auto t = mlir::triton_edge::TargetDescription::get(n);
    if (!t)
      throw Error(llvm::toString(t.takeError()));
    std::string range = t->minVectorBytes ? " (--vector-bytes " + std::to_string(t->minVectorBytes) +
                                                "-" + std::to_string(t->maxVectorBytes) + ")"
                                          : "";
    std::printf("%-14s %-28s %-14s %3lldB%s%s\n", n.c_str(), t->triple.c_str(), t->cpu.c_str(),
                (long long)t->vectorBytes, range.c_str(),
                t->runsOnHost() ? "" : t->emulator.empty() ? "  [compile only]" : "  [runs under emulation]");
    if (o.verbose)
      std::printf("               %s\n               %s\n", t->description.c_str(),
                  t->summary().c_str());
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    usage();
    return kError;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    usage();
    return 0;
  }
  if (command == "--version") {
    std::cout << "triton-edge " TRITON_EDGE_VERSION "\n";
    return 0;
  }
  if (command == "bench")
    return benchMain(argc - 1, argv + 1);
  Options o;
  std::string error;
  if (command != "compile" && command != "run" && command != "check" && command != "targets") {
    std::cerr << "triton-edge: unknown command '" << command << "' (see triton-edge --help)\n";
    return kError;
  }
  if (!parseOptions(argc, argv, 2, o, error)) {
    std::cerr << "triton-edge " << command << ": " << error << "\n";
    return kError;
  }
  try {
    if (command == "compile")
      return compileCommand(o);
    if (command == "run")
      return runCommand(o);
    if (command == "targets")
      return targetsCommand(o);
    return checkCommand(o);
  } catch (const std::exception &e) {
    std::cerr << "triton-edge " << command << ": error: " << e.what() << "\n";
    return kError;
  }
}
