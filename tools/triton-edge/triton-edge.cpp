// triton-edge: compile Triton kernels (TTIR) for CPUs and edge devices, run
// them on Inductor kernel cases, check them against their oracles, benchmark.
#include "Driver.h"
#include "Model.h"
#include "Reference.h"
#include "TargetRun.h"

#include "triton-edge-bench/cli.h"
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

namespace {

constexpr int kMismatch = 1, kError = 2, kUnchecked = 3;

void usage() {
  std::cout
      << "triton-edge " TRITON_EDGE_VERSION " - Triton kernels for CPUs and edge devices\n\n"
         "Usage:\n"
         "  triton-edge compile KERNEL.ttir -o OUT [--emit=so|obj|asm|llvm|mlir|loops|packets] [flags]\n"
         "  triton-edge run CASE_DIR -o OUT_DIR [flags]      run a kernel case, write out<i>.npy\n"
         "  triton-edge check CASE_DIR [flags]                compare with the case's oracle\n"
         "  triton-edge bench ladder|scaling|... [flags]      benchmarks (triton-edge bench --help)\n"
         "  triton-edge targets [-v]                          list the target profiles\n"
         "  triton-edge options --json|--markdown=cli|python  the option table (below)\n"
         "  triton-edge --version | --help\n\n"
         "A case directory holds kernel.ttir, kernel.json and in<i>.npy/out<i>.npy\n"
         "(docs/case-format.md). check exits 0 on match, 1 on mismatch, 2 on an error, 3 when\n"
         "nothing was compared.\n\n"
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
                  : o.emit == "packets" ? EmitKind::Packets
                                      : EmitKind::SharedLibrary;
  mlir::triton_edge::Compiler compiler(o.pipeline);
  if (auto err = compiler.compileFile(o.positional[0], kind, o.output))
    throw Error(llvm::toString(std::move(err)));
  if (o.verbose)
    std::fprintf(stderr, "compiled in %.3f s\n", compiler.times().total());
  return 0;
}

/// Compiles a case's kernel (--db=auto is decided by the pipeline:
/// triton-edge-choose-double-buffering).
std::unique_ptr<CompiledCase> compileFor(const Options &o, const std::string &dir, const Case &c) {
  return CompiledCase::compile(kernelPath(dir), c.name, o);
}

/// Launches on the host, or on a modeled target: records, simulates and
/// prints the modeled time (and writes --trace).
LaunchResult launchFor(const Options &o, const KernelLibrary &lib, Case &c,
                       const LaunchOptions &lo) {
  if (!o.pipeline.target.npu)
    return launch_case(lib.programs(), lib.info(), c, lo);
  const te::npu::Profile &p = *o.pipeline.target.npu;
  ModeledLaunch m = launchModeled(lib, c, p, modeledContexts(o, lo.threads), !o.tracePath.empty());
  if (!m.launch.ok)
    return m.launch;
  std::printf("%s on %s, %d modeled context(s): %s", c.name.c_str(), p.name.c_str(),
              m.launch.threads_used, te::npu::summary(m.sim).c_str());
  std::printf("  host wall time of the recording run: %.3f ms (not device time)\n",
              m.record_s * 1e3);
  if (!o.tracePath.empty()) {
    te::npu::write_chrome_trace(o.tracePath, m.sim, c.name, p);
    std::printf("  trace: %s\n", o.tracePath.c_str());
  }
  return m.launch;
}

/// Generated integer inputs (cases without .npy files) take the index
/// ranges the kernel's own asserts state (docs/case-format.md).
void boundIndexInputs(const Options &o, const std::string &dir, Case &c) {
  bool any = false;
  for (const CaseArg &a : c.args)
    any |= a.is_tensor && a.generated && !dtype_is_float(a.dtype);
  if (!any)
    return;
  mlir::triton_edge::Compiler compiler(o.pipeline);
  auto bounds = compiler.indexBounds(kernelPath(dir), c.name);
  if (!bounds) {
    // Compiling the kernel reports the same error, with its location.
    llvm::consumeError(bounds.takeError());
    return;
  }
  bound_index_inputs(c, bounds->argNames, bounds->bounds);
}

/// What the generated index inputs were drawn from, for check's verdict.
std::string indexInputNote(const Case &c) {
  std::string note;
  for (const CaseArg &a : c.args)
    if (a.index_bound > 0)
      note += "; arg " + std::to_string(a.index) + " in [0, " + std::to_string(a.index_bound) +
              ") from the kernel's index assert";
  return note;
}

/// Loads a case, compiles its kernel, launches it once. Returns the case
/// after the launch.
Case runCase(const Options &o, const std::string &dir, LaunchResult &result) {
  Case c = load_case(dir);
  boundIndexInputs(o, dir, c);
  double seconds;
  if (!o.pipeline.target.runsOnHost()) {
    // Another ISA: run on the target (emulated), tensors read back into c.
    auto onTarget = TargetCase::compile(dir, o);
    result = onTarget->launch(c, o.launch);
    seconds = onTarget->compileSeconds();
  } else {
    auto compiled = compileFor(o, dir, c);
    result = launchFor(o, compiled->library(), c, o.launch);
    seconds = compiled->compileSeconds();
  }
  if (o.verbose)
    std::fprintf(stderr, "%s: compiled in %.3f s, %d context(s)\n", c.name.c_str(), seconds,
                 result.threads_used);
  return c;
}

std::optional<std::string> boundsPreRunFailure(const Options &o, const std::string &dir,
                                               const Case &c);

/// Where run may write: a directory the user named, never a case directory
/// (it would overwrite the oracle's out<i>.npy).
std::string runOutputDir(const Options &o) {
  if (o.output.empty())
    throw Error("run needs -o OUT_DIR (a directory for out<i>.npy; it never writes into "
                "the case)");
  namespace fs = llvm::sys::fs;
  llvm::SmallString<256> json(o.output);
  llvm::sys::path::append(json, "kernel.json");
  if (fs::exists(json))
    throw Error("-o " + o.output + " holds a kernel case (kernel.json); run does not write "
                "into a case directory, whose out<i>.npy are its oracle");
  if (std::error_code ec = fs::create_directories(o.output))
    throw Error("cannot create '" + o.output + "': " + ec.message());
  return o.output;
}

int runCommand(const Options &o) {
  if (o.positional.size() != 1)
    throw Error("run takes one CASE_DIR");
  std::string outDir = runOutputDir(o);
  if (o.boundsPreRun) {
    Case c = load_case(o.positional[0]);
    boundIndexInputs(o, o.positional[0], c);
    if (auto failure = boundsPreRunFailure(o, o.positional[0], c))
      throw Error("the bounds-checked reference run reported an error (nothing written; --check-bounds=off "
                  "skips it): " + *failure);
  }
  LaunchResult result;
  Case c = runCase(o, o.positional[0], result);
  if (!result.ok)
    throw Error("kernel failed: " + result.error);
  // Each file is written to a temporary name and renamed; if one fails,
  // those of this run already written are removed (no partial result).
  std::vector<std::string> written;
  try {
    for (const CaseArg &a : c.args) {
      if (!a.is_tensor)
        continue;
      std::string path = outDir + "/out" + std::to_string(a.index) + ".npy";
      write_npy(path, a.dtype, {a.storage_numel}, a.storage.data());
      written.push_back(path);
    }
  } catch (const std::exception &) {
    for (const std::string &p : written)
      llvm::sys::fs::remove(p);
    throw;
  }
  for (const std::string &p : written)
    std::printf("wrote %s\n", p.c_str());
  return 0;
}

/// The reference configuration of differential checks: Vec off, one
/// context, DB off.
Options referenceOptions(const Options &o) {
  Options r = o;
  // On the host: kernels for another ISA are held to a host evaluation.
  r.pipeline.target = mlir::triton_edge::TargetDescription::host();
  r.pipeline.vectorize = false;
  r.pipeline.llvmVectorizers = false;
  r.pipeline.doubleBuffer = r.pipeline.autoDoubleBuffer = false;
  r.pipeline.prefetchInPlace = false;
  r.launch.threads = 1;
  r.launch.dma = DmaKind::Sync;
  r.threadSweep = {1};
  return r;
}

/// The bounds pre-run of run and check (Options::boundsPreRun): the case's
/// kernel in the reference configuration with every access checked against
/// its argument's storage, on a copy of the case. Returns the failure, if
/// any: a grid larger than its data is reported here instead of corrupting
/// the heap in the unchecked run.
std::optional<std::string> boundsPreRunFailure(const Options &o, const std::string &dir,
                                               const Case &c) {
  Options ref = referenceOptions(o);
  setCheckBounds(ref, true);
  auto k = CompiledCase::compile(kernelPath(dir), c.name, ref);
  Case copy = c;
  LaunchResult r = launch_case(k->library().programs(), k->library().info(), copy, ref.launch);
  if (r.ok)
    return std::nullopt;
  return r.error;
}

bool isReference(const Options &o) {
  for (int t : o.threadSweep.empty() ? std::vector<int>{o.launch.threads} : o.threadSweep)
    if (t != 1)
      return false;
  return !o.pipeline.vectorize && !o.pipeline.doubleBuffer && !o.pipeline.autoDoubleBuffer;
}

/// Every tensor argument's storage of `c`, in the dtype of the same argument
/// of `like` (rounded when narrower).
std::map<int, NpyArray> storageOf(const Case &c, const Case &like) {
  std::map<int, NpyArray> out;
  for (const CaseArg &a : c.args) {
    if (!a.is_tensor)
      continue;
    const CaseArg &l = like.args.at(a.index);
    NpyArray n;
    n.dtype = l.dtype;
    n.descr = npy_dtype_to_descr(l.dtype);
    n.shape = {a.storage_numel};
    n.data = Buffer(static_cast<size_t>(a.storage_numel * dtype_size(l.dtype)));
    for (int64_t i = 0; i < a.storage_numel; ++i)
      store_from_double(n.data.data(), l.dtype, i, load_as_double(a.storage.data(), a.dtype, i));
    out[a.index] = std::move(n);
  }
  return out;
}

std::string firstLine(const std::string &s) { return s.substr(0, s.find('\n')); }

/// The float64 evaluation of the same kernel: every float promoted to f64,
/// reference configuration, the case's inputs widened. Null (with `note`
/// saying why) when there is none.
std::unique_ptr<Case> float64Evaluation(const Options &o, const std::string &dir, const Case &c,
                                        std::string &note) {
  try {
    if (!o.float64Eval)
      throw Error("--float64=off");
    Options f64 = referenceOptions(o);
    f64.pipeline.promoteF64 = true;
    auto k = CompiledCase::compile(kernelPath(dir), c.name, f64);
    auto p = std::make_unique<Case>(promoted_to_f64(c));
    LaunchResult r = launch_case(k->library().programs(), k->library().info(), *p, f64.launch);
    if (r.ok)
      return p;
    note = "float64 evaluation failed: " + r.error;
  } catch (const std::exception &e) {
    note = "no float64 evaluation: " + firstLine(e.what());
  }
  return nullptr;
}

/// What check compares with: the oracle, the project's reference, the
/// reference configuration's outputs (itself held to the float64
/// evaluation `truth`), or `truth` alone; `source` says which. Returns an
/// exit code when the reference configuration itself fails.
std::optional<int> expectedOutputs(const Options &o, const std::string &dir, Case &c,
                                   const Case *truth, std::map<int, NpyArray> &expected,
                                   std::string &source) {
  if (c.oracle) {
    expected = c.load_expected();
    source = "oracle";
  } else {
    std::string family;
    expected = reference_outputs(c, family);
    source = "no oracle; project reference (" + family + ")";
  }
  if (expected.empty() && !isReference(o)) {
    // Differential: the reference configuration on the same inputs, itself
    // held to the float64 evaluation.
    Options ref = referenceOptions(o);
    auto k = CompiledCase::compile(kernelPath(dir), c.name, ref);
    c.reset();
    LaunchResult r = launch_case(k->library().programs(), k->library().info(), c, ref.launch);
    if (!r.ok) {
      std::printf("FAIL: the reference configuration reported an error: %s\n", r.error.c_str());
      return kMismatch;
    }
    if (truth) {
      CaseComparison cmp = compare_with_truth(c, storageOf(*truth, c), nullptr, /*vsFloat64=*/true);
      std::printf("reference configuration (vec=off, 1 context, db=off) vs float64 evaluation:\n");
      for (const ArgComparison &a : cmp.args)
        std::printf("  %s\n", a.line.c_str());
      if (!cmp.ok) {
        std::printf("FAIL: the reference configuration disagrees with the float64 evaluation\n");
        return kMismatch;
      }
    }
    expected = storageOf(c, c);
    source = "no oracle; differential against the reference configuration (vec=off, 1 "
             "context, db=off) on generated inputs" + indexInputNote(c);
  } else if (expected.empty() && truth) {
    // This is the reference configuration: the float64 evaluation is all
    // there is to compare with, rounded to each argument's dtype.
    expected = storageOf(*truth, c);
    source = "no oracle; float64 evaluation of the kernel on generated inputs" + indexInputNote(c);
  }
  return std::nullopt;
}

int checkCommand(const Options &o) {
  if (o.positional.size() != 1)
    throw Error("check takes one CASE_DIR");
  const std::string &dir = o.positional[0];
  Case c = load_case(dir);
  boundIndexInputs(o, dir, c);
  if (o.pipeline.checkBounds) {
    std::printf("bounds-checked: every access of the configuration is checked\n");
  } else if (o.boundsPreRun) {
    if (auto failure = boundsPreRunFailure(o, dir, c)) {
      std::printf("FAIL: the bounds-checked reference run reported an error (--check-bounds=off skips "
                  "it): %s\n", failure->c_str());
      return kMismatch;
    }
    std::printf("bounds-checked reference run: every access within its storage\n");
  } else {
    std::printf("bounds checks off (--check-bounds=off)\n");
  }
  // Kernels for another ISA run on the target (emulated); see TargetRun.h.
  std::unique_ptr<CompiledCase> compiled;
  std::unique_ptr<TargetCase> onTarget;
  if (o.pipeline.target.runsOnHost())
    compiled = compileFor(o, dir, c);
  else
    onTarget = TargetCase::compile(dir, o);
  if (onTarget && !onTarget->skipReason().empty()) {
    std::printf("SKIPPED: %s\n", onTarget->skipReason().c_str());
    return kUnchecked;
  }

  std::string truthNote;
  std::unique_ptr<Case> truth = float64Evaluation(o, dir, c, truthNote);
  if (!truth)
    std::printf("%s\n", truthNote.c_str());

  std::map<int, NpyArray> expected;
  std::string source;
  if (std::optional<int> failed = expectedOutputs(o, dir, c, truth.get(), expected, source))
    return *failed;

  std::vector<int> sweep = o.threadSweep.empty() ? std::vector<int>{o.launch.threads}
                                                 : o.threadSweep;
  bool allOk = true, compared = false;
  for (int threads : sweep) {
    Options run = o;
    run.launch.threads = threads;
    c.reset();
    LaunchResult result = onTarget ? onTarget->launch(c, run.launch)
                                   : launchFor(run, compiled->library(), c, run.launch);
    std::printf("%s (%s) [%s, %d context(s)]\n", c.case_name.c_str(), c.name.c_str(),
                describe(run).c_str(), result.threads_used);
    if (!result.ok) {
      std::printf("FAIL: kernel reported an error: %s\n", result.error.c_str());
      allOk = false;
      continue;
    }
    if (expected.empty()) {
      std::printf("UNCHECKED: no oracle, no reference, no float64 evaluation: "
                  "nothing compared\n");
      continue;
    }
    bool vsTruth = source.rfind("no oracle; float64", 0) == 0;
    CaseComparison cmp = vsTruth ? compare_with_truth(c, expected, nullptr, /*vsFloat64=*/true)
                                 : compare_with_truth(c, expected, truth.get(), false,
                                                      source.rfind("no oracle; differential", 0) == 0);
    for (const ArgComparison &a : cmp.args)
      std::printf("  %s\n", a.line.c_str());
    std::printf("%s: %s\n", cmp.ok ? "PASS" : "FAIL", source.c_str());
    allOk &= cmp.ok;
    compared = true;
  }
  if (!allOk)
    return kMismatch;
  return compared ? 0 : kUnchecked;
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
    std::printf("%-16s %-28s %-14s %3lldB%s%s\n", n.c_str(), t->triple.c_str(), t->cpu.c_str(),
                (long long)t->vectorBytes, range.c_str(),
                t->npu ? "  [modeled NPU: runs here, reports modeled time]"
                : t->runsOnHost()    ? ""
                : t->emulator.empty() ? "  [compile only]"
                                      : "  [runs under emulation]");
    if (o.verbose)
      std::printf("                 %s\n                 %s\n", t->description.c_str(),
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
    return te::bench::bench_command(argc - 1, argv + 1);
  if (command == "options")
    return optionsCommand(argc, argv);
  Options o;
  std::string error;
  if (command != "compile" && command != "run" && command != "check" && command != "targets") {
    std::cerr << "triton-edge: unknown command '" << command << "' (see triton-edge --help)\n";
    return kError;
  }
  bool parsed = command == "run" || command == "check"
                    ? parseRunCheckOptions(argc, argv, 2, o, error)
                    : parseOptions(argc, argv, 2, o, error);
  if (!parsed) {
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
