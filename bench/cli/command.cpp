// `triton-edge bench`: parse the command line -> plan the targets -> compile
// every rung's variant of the benchmark kernels into .so files with a
// manifest -> run them here (the harness of bench/lib, as te-bench does) or
// write a self-contained bundle. Modeled NPU targets go to the model's
// benchmarks (tools/triton-edge/Model.h) instead.
#include "triton-edge-bench/cli.h"
#include "internal.h"

#include "Model.h" // modelBench: --target=<modeled NPU>

#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <set>

#ifndef TRITON_EDGE_VERSION
#define TRITON_EDGE_VERSION "0.1.0"
#endif

namespace te::bench {

using namespace cli;

namespace {

const char *kLadderDefaults[] = {"gelu_1m__triton_poi_fused_gelu_0",
                                 "add2d_paper__triton_poi_fused_add_0"};
const char *kScalingDefault = "gelu_dyn__triton_poi_fused_gelu_0";
const char *kScalingTanh = "gelu_tanh_dyn__triton_poi_fused_gelu_0";
const char *kDbSweepAdd = "add2d_dyn__triton_poi_fused_add_0";

/// The exit code of a usage or setup error.
constexpr int kUsageError = 2;

void usage() {
  std::cout << "Usage:\n"
               "  triton-edge bench ladder  [--corpus DIR] [--bundle DIR] [options]\n"
               "  triton-edge bench scaling [--bundle DIR] [options]\n"
               "  triton-edge bench all     [--corpus DIR] [--bundle DIR] [options]\n"
               "  triton-edge bench bundle DIR [--corpus DIR]\n"
               "  triton-edge bench db-sweep --target=<modeled NPU> [--corpus DIR]\n\n"
               "ladder: Scalar -> +Vec -> +Vec+MT -> +Vec+MT+DB (--db=auto) on GELU 1,048,576 f32 and\n"
               "vector add 64x16384 f32 (and every case of --corpus), and DB forced with each DMA engine\n"
               "(sync, async, prefetch) against +Vec+MT; scaling: gelu_dyn and gelu_tanh_dyn over\n"
               "sizes and contexts. Peers (C++, OpenMP, oneDNN, ATen) on the same inputs.\n"
               "Method: docs/benchmarking.md.\n\n"
               "  --corpus DIR          also every case directory under DIR\n"
               "  --kernels-dir DIR     where the bundled kernels live (default: the source corpus)\n"
               "  --bundle DIR          write a self-contained benchmark to DIR instead of running\n"
               "  --target=NAME         compile for NAME (default host; bundles: x86-64-v4 and v3;\n"
               "                        an edge profile such as aarch64-neon: bundle only)\n\n"
            << run_flags_help();
}

/// "triton-edge bench: MESSAGE" on stderr; the usage error's exit code.
int fail(const std::string &message) {
  std::cerr << "triton-edge bench: " << message << "\n";
  return kUsageError;
}

// ---- parse the command line ----

/// The subcommand and the harness's flags; the rest into `rest`. A value:
/// exit with it (help, or an error already reported).
std::optional<int> parseRunFlags(const std::vector<std::string> &args, Request &r,
                                 std::vector<std::string> &rest) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    usage();
    return args.empty() ? kUsageError : 0;
  }
  r.sub = args[0];
  std::vector<std::string> flags(args.begin() + 1, args.end());
  r.run.command_line = "triton-edge bench " + r.sub;
  for (const std::string &a : flags) r.run.command_line += " " + a;
  std::string error;
  if (!parse_run_flags(flags, r.run, rest, error)) return fail(error);
  return std::nullopt;
}

/// The command's own flags (--corpus, --bundle, --kernels-dir, bundle's
/// DIR); everything else is for the compiler, into `compileFlags`.
std::optional<int> parseOwnFlags(const std::vector<std::string> &rest, Request &r,
                                 std::vector<std::string> &compileFlags) {
  std::string kernelsDir;
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string &a = rest[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (a.rfind(name + "=", 0) == 0) { out = a.substr(name.size() + 1); return true; }
      if (a == name && i + 1 < rest.size()) { out = rest[++i]; return true; }
      return false;
    };
    // Absolute: cases are resolved against the manifest's (temporary) folder.
    if (value("--corpus", r.corpus)) { r.corpus = fs::absolute(r.corpus).string(); continue; }
    if (value("--bundle", r.bundle)) continue;
    if (value("--kernels-dir", kernelsDir)) { r.kernelsDir = fs::absolute(kernelsDir); continue; }
    if (r.sub == "bundle" && r.bundle.empty() && a[0] != '-') { r.bundle = a; continue; }
    if (a == "--help" || a == "-h") { usage(); return 0; }
    compileFlags.push_back(a); // --target, --vector-bytes, --buffers, ...
  }
  return std::nullopt;
}

/// The compiler's flags, parsed as `compile` parses them.
std::optional<int> parseCompileFlags(const char *argv0, std::vector<std::string> &compileFlags,
                                     Request &r) {
  std::vector<char *> cargv{const_cast<char *>(argv0)};
  for (std::string &f : compileFlags) cargv.push_back(f.data());
  std::string error;
  if (!parseOptions(static_cast<int>(cargv.size()), cargv.data(), 1, r.compile, error))
    return fail(error);
  for (const std::string &f : compileFlags)
    if (f.rfind("--target", 0) == 0) r.targetFlag = f.substr(f.find('=') + 1);
  if (!r.compile.positional.empty())
    return fail("unexpected argument '" + r.compile.positional[0] + "'");
  return std::nullopt;
}

std::optional<int> parseRequest(int argc, char **argv, Request &r) {
  r.kernelsDir = sourceDir() / "test" / "corpus" / "inductor";
  std::vector<std::string> args(argv + 1, argv + argc), rest, compileFlags;
  if (auto exit = parseRunFlags(args, r, rest)) return exit;
  if (auto exit = parseOwnFlags(rest, r, compileFlags)) return exit;
  if (r.sub != "ladder" && r.sub != "scaling" && r.sub != "all" && r.sub != "bundle" &&
      r.sub != "db-sweep")
    return fail("unknown benchmark '" + r.sub + "' (ladder, scaling, all, bundle)");
  if (r.sub == "bundle" && r.bundle.empty()) {
    std::cerr << "triton-edge bench bundle: needs a DIR\n";
    return kUsageError;
  }
  if (r.sub == "ladder") r.run.do_scaling = false;
  if (r.sub == "scaling") r.run.do_ladder = false;
  return parseCompileFlags(argv[0], compileFlags, r);
}

// ---- plan the targets ----

/// The targets to compile for: --target, else x86-64-v4 and v3 for a
/// bundle, else this host. A target of another ISA (edge boards): its
/// kernels can only be bundled, with the harness and runtime cross-built for
/// it (build/cross/<arch>).
std::optional<int> planTargets(const Request &r, TargetPlan &plan) {
  if (!r.targetFlag.empty()) plan.targets = {r.targetFlag};
  else if (r.bundling()) plan.targets = {"x86-64-v4", "x86-64-v3"};
  else plan.targets = {"host"};
  if (plan.targets.size() != 1 || plan.targets[0] == "host") return std::nullopt;
  const std::string &name = plan.targets[0];
  auto t = mlir::triton_edge::TargetDescription::get(name);
  if (!t) return fail(llvm::toString(t.takeError()));
  plan.arch = t->arch();
  if (t->runsOnHost()) return std::nullopt;
  if (!r.bundling())
    return fail(r.sub + " runs on this machine; kernels for " + name + " (" + plan.arch +
                ") run on the board: build a bundle (triton-edge bench bundle DIR --target=" +
                name + ") and run DIR/run.sh there");
  plan.cross = true;
  int64_t vectorBytes = r.compile.pipeline.vectorBytesOverride > 0
                            ? r.compile.pipeline.vectorBytesOverride
                            : t->vectorBytes;
  for (const std::string &a : t->emulatorCommand(vectorBytes))
    plan.emulatorHint += (plan.emulatorHint.empty() ? "" : " ") + a;
  return std::nullopt;
}

// ---- compile the kernels ----

std::string gitRevision() {
  std::string src = sourceDir().string();
  std::string rev = shell("git -C '" + src + "' rev-parse --short=12 HEAD 2>/dev/null");
  if (rev.empty()) return "unknown";
  if (!shell("git -C '" + src + "' status --porcelain --untracked-files=no 2>/dev/null").empty())
    rev += "-dirty";
  return rev;
}

bool isCaseDir(const fs::path &p) {
  return fs::exists(p / "kernel.ttir") && fs::exists(p / "kernel.json");
}

std::string label(const fs::path &caseDir) {
  // "<case>__<kernel>" -> "<case>" (a second kernel of the same case keeps
  // its full name, see compileLadder).
  std::string n = caseDir.filename().string();
  return n.substr(0, n.find("__"));
}

/// A manifest with nothing compiled yet: where the kernels come from.
Manifest manifestHeader(const TargetPlan &plan, const fs::path &root) {
  Manifest m;
  m.git_revision = gitRevision();
  std::string targets;
  for (const std::string &t : plan.targets) targets += (targets.empty() ? "" : ", ") + t;
  m.compiler = std::string("triton-edge ") + TRITON_EDGE_VERSION + ", kernels for " + targets;
  m.created_on = describe_machine().cpu_model;
  m.base_dir = root.string();
  return m;
}

/// Ladder kernels: the paper's two, then the corpus (sorted).
std::vector<fs::path> ladderCases(const Request &r) {
  std::vector<fs::path> cases;
  for (const char *d : kLadderDefaults) cases.push_back(r.kernelsDir / d);
  if (r.corpus.empty()) return cases;
  std::vector<fs::path> more;
  for (const auto &e : fs::directory_iterator(r.corpus))
    if (e.is_directory() && isCaseDir(e.path())) more.push_back(e.path());
  std::sort(more.begin(), more.end());
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

/// Every variant of each ladder case (each case once); a case that does not
/// compile is skipped with a message and counted in `failed`.
void compileLadder(const Request &r, const TargetPlan &plan, const fs::path &root, Manifest &m,
                   int &failed) {
  std::set<std::string> seen, labels;
  for (const fs::path &c : ladderCases(r)) {
    if (!seen.insert(c.filename().string()).second) continue;
    std::string lbl = label(c);
    if (labels.count(lbl)) lbl = c.filename().string(); // two kernels of one case
    labels.insert(lbl);
    try {
      std::fprintf(stderr, "compiling %s\n", lbl.c_str());
      KernelEntry k = compileCase(c, lbl, {"scalar", "vec", "auto", "vecdb", "vecpf"},
                                  plan.targets, r.compile, root / "kernels", root);
      if (r.bundling()) k.case_dir = copyCase(c, root);
      m.ladder.push_back(k);
    } catch (const std::exception &e) {
      std::fprintf(stderr, "triton-edge bench: skipping %s: %s\n", lbl.c_str(), e.what());
      ++failed;
    }
  }
}

/// gelu_dyn and gelu_tanh_dyn for MT scaling; the first and add2d_dyn (2-D
/// vector add) for the DB sweep, which needs the staged and prefetching
/// variants too.
void compileScaling(const Request &r, const TargetPlan &plan, const fs::path &root, Manifest &m) {
  for (const char *name : {kScalingDefault, kScalingTanh, kDbSweepAdd}) {
    fs::path c = r.kernelsDir / name;
    if (!fs::exists(c)) continue;
    std::fprintf(stderr, "compiling %s\n", label(c).c_str());
    KernelEntry k = compileCase(c, label(c), {"vec", "vecdb", "vecpf"}, plan.targets, r.compile,
                                root / "kernels", root);
    if (r.bundling()) k.case_dir = copyCase(c, root);
    m.scaling.push_back(k);
  }
}

/// The manifest of every kernel the request needs, compiled into root/kernels.
Manifest compileManifest(const Request &r, const TargetPlan &plan, const fs::path &root,
                         int &failed) {
  fs::create_directories(root / "kernels");
  Manifest m = manifestHeader(plan, root);
  if (r.run.do_ladder || r.sub == "bundle") compileLadder(r, plan, root, m, failed);
  if (r.run.do_scaling || r.sub == "bundle") compileScaling(r, plan, root, m);
  return m;
}

// ---- run here, or write the bundle ----

/// Compiles into a temporary folder, runs the harness, removes the folder.
int runHere(const Request &r, const TargetPlan &plan) {
  llvm::SmallString<128> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge-bench", tmp))
    throw Error("cannot create a temporary directory: " + ec.message());
  fs::path root = std::string(tmp.str());
  int failed = 0;
  Manifest m = compileManifest(r, plan, root, failed);
  m.write((root / "manifest.json").string());
  RunConfig cfg = r.run;
  cfg.peers_dir = executable_dir() + "/../lib";
  int rc = run_benchmarks(m, cfg);
  fs::remove_all(root);
  return rc != 0 ? rc : (failed ? 1 : 0);
}

/// The harness, runtime, plugins and kernels in DIR (bundle.cpp).
int bundleHere(const Request &r, const TargetPlan &plan) {
  fs::path root = fs::absolute(r.bundle);
  int failed = 0;
  Manifest m = compileManifest(r, plan, root, failed);
  writeBundle(m, root, plan);
  std::printf("bundle written to %s: %zu ladder kernel(s), %zu scaling kernel(s), targets:",
              root.c_str(), m.ladder.size(), m.scaling.size());
  for (const std::string &t : plan.targets) std::printf(" %s", t.c_str());
  std::printf("\nrun it with: %s/run.sh [--quick]\n", root.c_str());
  return failed ? 1 : 0;
}

/// A modeled NPU: the ladder, scaling or DB sweep on the model (Model.cpp).
int benchModeled(const Request &r) {
  try {
    return modelBench(r.sub, r.compile, r.run.out_dir, r.corpus, r.kernelsDir.string(),
                      r.run.quick);
  } catch (const std::exception &e) {
    return fail(std::string("error: ") + e.what());
  }
}

} // namespace

int bench_command(int argc, char **argv) {
  Request r;
  if (std::optional<int> exit = parseRequest(argc, argv, r)) return *exit;
  if (r.compile.pipeline.target.npu) return benchModeled(r);
  TargetPlan plan;
  if (std::optional<int> exit = planTargets(r, plan)) return *exit;
  try {
    return r.bundling() ? bundleHere(r, plan) : runHere(r, plan);
  } catch (const std::exception &e) {
    return fail(std::string("error: ") + e.what());
  }
}

} // namespace te::bench
