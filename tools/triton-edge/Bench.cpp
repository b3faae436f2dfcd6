// `triton-edge bench`: compiles every rung's variant of the benchmark kernels
// into .so files with a manifest, then either runs them here (the same code as
// the standalone harness, bench/lib) or writes a self-contained bundle.
#include "Driver.h"
#include "Model.h"
#include "TargetRun.h"

#include "triton-edge-bench/bench.h"
#include "triton-edge-rt/case.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

namespace fs = std::filesystem;
using namespace te;
using namespace te::bench;

#ifndef TRITON_EDGE_VERSION
#define TRITON_EDGE_VERSION "0.1.0"
#endif
#ifndef TRITON_EDGE_SOURCE_DIR
#define TRITON_EDGE_SOURCE_DIR "."
#endif

namespace {

const char *kLadderDefaults[] = {"gelu_1m__triton_poi_fused_gelu_0",
                                 "add2d_paper__triton_poi_fused_add_0"};
const char *kScalingDefault = "gelu_dyn__triton_poi_fused_gelu_0";
const char *kScalingTanh = "gelu_tanh_dyn__triton_poi_fused_gelu_0";
const char *kDbSweepAdd = "add2d_dyn__triton_poi_fused_add_0";

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

std::string shell(const std::string &cmd) {
  std::string out;
  if (FILE *p = popen(cmd.c_str(), "r")) {
    char buf[512];
    while (fgets(buf, sizeof(buf), p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string gitRevision() {
  std::string src = TRITON_EDGE_SOURCE_DIR;
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
  // its full name, see the caller).
  std::string n = caseDir.filename().string();
  return n.substr(0, n.find("__"));
}

struct VariantSpec { const char *id; bool vec, db, prefetch, dbAuto; };
// auto: --db=auto, the +DB rung (DB where the compiler predicts it pays);
// vecdb and vecpf: DB forced, staged and as in-place prefetching (the rows
// that compare the DB engines with +Vec+MT).
const VariantSpec kVariants[] = {{"scalar", false, false, false, false},
                                 {"vec", true, false, false, false},
                                 {"auto", true, false, false, true},
                                 {"vecdb", true, true, false, false},
                                 {"vecpf", true, true, true, false}};

// Compiles the variants of one case into `kernelsDir`; returns the entry with
// .so paths relative to `base`.
KernelEntry compileCase(const fs::path &caseDir, const std::string &lbl,
                        const std::vector<std::string> &ids, const std::vector<std::string> &targets,
                        const Options &base, const fs::path &kernelsDir, const fs::path &manifestDir) {
  KernelEntry k;
  k.label = lbl;
  Case c = load_case(caseDir.string());
  k.kernel = c.name;
  k.case_dir = caseDir.string();
  for (const std::string &target : targets)
    for (const VariantSpec &v : kVariants) {
      if (std::find(ids.begin(), ids.end(), v.id) == ids.end()) continue;
      Options o = base;
      o.pipeline.vectorize = v.vec;
      // The Scalar rung is scalar: LLVM's vectorizers go off with Vec.
      o.pipeline.llvmVectorizers = v.vec;
      o.pipeline.doubleBuffer = v.db;
      o.pipeline.prefetchInPlace = v.prefetch;
      o.dbAuto = v.dbAuto;
      if (target != "host") {
        auto t = mlir::triton_edge::TargetDescription::get(target);
        if (!t) throw Error(llvm::toString(t.takeError()));
        o.pipeline.target = *t;
      }
      // --db=auto predicts DB on modeled NPUs only (compileFor); the CPU
      // targets compiled here keep direct access, as `compile --db=auto` does.
      if (v.dbAuto && o.pipeline.target.npu)
        throw Error("--db=auto variants are compiled for CPU targets only here");
      fs::path tmp = kernelsDir / (".tmp-" + lbl + "-" + v.id + "-" + target);
      fs::create_directories(tmp);
      mlir::triton_edge::Compiler compiler(o.pipeline);
      auto so = compiler.compileToSharedLibrary((caseDir / "kernel.ttir").string(), tmp.string());
      if (!so) {
        fs::remove_all(tmp);
        throw Error(lbl + " (" + v.id + ", " + target + "): " + llvm::toString(so.takeError()));
      }
      fs::path dest = kernelsDir / (lbl + "." + v.id + "." + target + ".so");
      fs::rename(*so, dest);
      fs::remove_all(tmp);
      Variant var;
      var.id = v.id;
      var.target = target;
      var.so = fs::relative(dest, manifestDir).string();
      var.flags = std::string("--vec=") + (v.vec ? "on" : "off") +
                  " --db=" + (v.dbAuto ? "auto" : v.db ? "on" : "off") +
                  " --target=" + target + " [" + describe(o) + "]";
      var.compile_s = compiler.times().total();
      k.variants.push_back(var);
    }
  return k;
}

// Copies kernel.json and the inputs of a case (the harness does not need the
// TTIR or the oracle outputs).
std::string copyCase(const fs::path &from, const fs::path &bundle) {
  fs::path to = bundle / "cases" / from.filename();
  fs::create_directories(to);
  for (const auto &e : fs::directory_iterator(from)) {
    std::string n = e.path().filename().string();
    if (n == "kernel.json" || (n.rfind("in", 0) == 0 && e.path().extension() == ".npy"))
      fs::copy_file(e.path(), to / n, fs::copy_options::overwrite_existing);
  }
  return fs::relative(to, bundle).string();
}

void copyExecutable(const fs::path &from, const fs::path &to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                          fs::perms::others_read | fs::perms::others_exec);
}

// Libraries of a plugin that a bare machine may lack (OpenMP and oneDNN
// runtimes); glibc, libstdc++ and friends are expected there.
void copyPluginDeps(const fs::path &plugin, const fs::path &libDir, std::set<std::string> &copied) {
  std::string out = shell("ldd '" + plugin.string() + "' 2>/dev/null");
  std::stringstream ss(out);
  for (std::string line; std::getline(ss, line);) {
    auto arrow = line.find("=> ");
    if (arrow == std::string::npos) continue;
    std::string path = line.substr(arrow + 3);
    path = path.substr(0, path.find(' '));
    std::string name = fs::path(path).filename().string();
    bool wanted = false;
    for (const char *k : {"libomp", "libgomp", "libdnnl", "libtorch", "libc10", "libOpenCL"})
      wanted |= name.rfind(k, 0) == 0;
    if (!wanted || copied.count(name) || !fs::exists(path)) continue;
    fs::copy_file(fs::canonical(path), libDir / name, fs::copy_options::overwrite_existing);
    copied.insert(name);
  }
}

/// run.sh: checks the machine's architecture (a bundle for another ISA is a
/// clear error, exit 2, unless TE_EMULATOR names an emulator to run it
/// under), runs the PyTorch peers where they exist, then te-bench.
void writeRunScript(const fs::path &bundle, const std::string &arch,
                    const std::string &emulatorHint) {
  std::ofstream f(bundle / "run.sh");
  f << "#!/bin/sh\n"
       "# Runs the bundled triton-edge benchmark on this machine (" << arch << " Linux; no LLVM needed).\n"
       "# Usage: ./run.sh [te-bench options, e.g. --quick --out=DIR]; results in ./results by default.\n"
       "# TE_EMULATOR='qemu-... -L ...' ./run.sh runs it under an emulator (correctness only:\n"
       "# emulated timings mean nothing).\n"
       "set -e\n"
       "HERE=$(cd \"$(dirname \"$0\")\" && pwd)\n"
       "ARCH=" << arch << "\n"
       "if [ -z \"$TE_EMULATOR\" ] && [ \"$(uname -m)\" != \"$ARCH\" ]; then\n"
       "  echo \"run.sh: this bundle is for $ARCH Linux, this machine is $(uname -m): run it on a $ARCH machine"
    << (emulatorHint.empty() ? "" : " (or under emulation: TE_EMULATOR='" + emulatorHint + "' $0)") << "\" >&2\n"
       "  exit 2\n"
       "fi\n"
       "OUT=\"$HERE/results\"\n"
       "QUICK=\"\"\n"
       "for a in \"$@\"; do\n"
       "  case \"$a\" in --out=*) OUT=\"${a#--out=}\" ;; --quick) QUICK=--quick ;; esac\n"
       "done\n"
       "mkdir -p \"$OUT\"\n"
       "EXTRA=\"\"\n"
       "# Ours side by side with PyTorch eager and torch.compile, where PyTorch 2.x is\n"
       "# installed (not under an emulator: it would measure the host's PyTorch).\n"
       "# TE_TORCH_PEERS=FILE: use the side-by-side results of an earlier torch_peers.py run.\n"
       "if [ -n \"$TE_TORCH_PEERS\" ]; then\n"
       "  EXTRA=\"--extra-peers=$TE_TORCH_PEERS\"\n"
       "elif [ -z \"$TE_EMULATOR\" ] && command -v python3 >/dev/null 2>&1 && python3 -c 'import torch' >/dev/null 2>&1; then\n"
       "  # Exit 3: an output failed its check (torch_peers.md says which); the timings stand.\n"
       "  rc=0; python3 \"$HERE/torch_peers.py\" --manifest \"$HERE/manifest.json\" --out \"$OUT/torch_peers.json\" $QUICK || rc=$?\n"
       "  if [ $rc -eq 0 ] || [ $rc -eq 3 ]; then\n"
       "    EXTRA=\"--extra-peers=$OUT/torch_peers.json\"\n"
       "    [ $rc -eq 3 ] && echo 'run.sh: torch_peers.py: an output FAILED its check (see torch_peers.md)' >&2\n"
       "  else\n"
       "    echo 'run.sh: torch_peers.py failed; continuing without PyTorch peers' >&2\n"
       "  fi\n"
       "else\n"
       "  echo 'run.sh: no PyTorch here (or emulated); PyTorch peers skipped' >&2\n"
       "fi\n"
       "exec $TE_EMULATOR \"$HERE/bin/te-bench\" --manifest=\"$HERE/manifest.json\" --peers-dir=\"$HERE/lib\" --out=\"$OUT\" $EXTRA \"$@\"\n";
  f.close();
  fs::permissions(bundle / "run.sh", fs::perms::owner_all | fs::perms::group_read |
                                         fs::perms::group_exec | fs::perms::others_read |
                                         fs::perms::others_exec);
}

} // namespace

int benchMain(int argc, char **argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    usage();
    return args.empty() ? 2 : 0;
  }
  std::string sub = args[0];
  args.erase(args.begin());
  RunConfig cfg;
  cfg.command_line = "triton-edge bench " + sub;
  for (const std::string &a : args) cfg.command_line += " " + a;
  std::vector<std::string> rest;
  std::string error;
  if (!parse_run_flags(args, cfg, rest, error)) {
    std::cerr << "triton-edge bench: " << error << "\n";
    return 2;
  }
  std::string corpus, bundle, targetFlag;
  fs::path kernelsDir = fs::path(TRITON_EDGE_SOURCE_DIR) / "test" / "corpus" / "inductor";
  std::vector<std::string> compileFlags;
  for (size_t i = 0; i < rest.size(); ++i) {
    const std::string &a = rest[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (a.rfind(name + "=", 0) == 0) { out = a.substr(name.size() + 1); return true; }
      if (a == name && i + 1 < rest.size()) { out = rest[++i]; return true; }
      return false;
    };
    std::string v;
    // Absolute: cases are resolved against the manifest's (temporary) folder.
    if (value("--corpus", corpus)) { corpus = fs::absolute(corpus).string(); continue; }
    if (value("--bundle", bundle)) continue;
    if (value("--kernels-dir", v)) { kernelsDir = fs::absolute(v); continue; }
    if (sub == "bundle" && bundle.empty() && a[0] != '-') { bundle = a; continue; }
    if (a == "--help" || a == "-h") { usage(); return 0; }
    compileFlags.push_back(a); // --target, --vector-bytes, --buffers, ...
  }
  if (sub != "ladder" && sub != "scaling" && sub != "all" && sub != "bundle" &&
      sub != "db-sweep") {
    std::cerr << "triton-edge bench: unknown benchmark '" << sub << "' (ladder, scaling, all, bundle)\n";
    return 2;
  }
  if (sub == "bundle" && bundle.empty()) {
    std::cerr << "triton-edge bench bundle: needs a DIR\n";
    return 2;
  }
  if (sub == "ladder") cfg.do_scaling = false;
  if (sub == "scaling") cfg.do_ladder = false;
  Options base;
  {
    std::vector<char *> cargv{argv[0]};
    for (std::string &f : compileFlags) cargv.push_back(f.data());
    if (!parseOptions(static_cast<int>(cargv.size()), cargv.data(), 1, base, error)) {
      std::cerr << "triton-edge bench: " << error << "\n";
      return 2;
    }
    for (const std::string &f : compileFlags)
      if (f.rfind("--target", 0) == 0) targetFlag = f.substr(f.find('=') + 1);
    if (!base.positional.empty()) {
      std::cerr << "triton-edge bench: unexpected argument '" << base.positional[0] << "'\n";
      return 2;
    }
  }
  if (base.pipeline.target.npu) {
    try {
      return modelBench(sub, base, cfg.out_dir, corpus, kernelsDir.string(), cfg.quick);
    } catch (const std::exception &e) {
      std::cerr << "triton-edge bench: error: " << e.what() << "\n";
      return 2;
    }
  }
  bool bundling = !bundle.empty();
  std::vector<std::string> targets;
  if (!targetFlag.empty()) targets = {targetFlag};
  else if (bundling) targets = {"x86-64-v4", "x86-64-v3"};
  else targets = {"host"};
  // A target of another ISA (edge boards): its kernels can only be bundled,
  // with the harness and runtime cross-built for it (build/cross/<arch>).
  std::string bundleArch = "x86_64", emulatorHint;
  bool crossBundle = false;
  if (targets.size() == 1 && targets[0] != "host") {
    auto t = mlir::triton_edge::TargetDescription::get(targets[0]);
    if (!t) {
      std::cerr << "triton-edge bench: " << llvm::toString(t.takeError()) << "\n";
      return 2;
    }
    bundleArch = t->arch();
    if (!t->runsOnHost()) {
      if (!bundling) {
        std::cerr << "triton-edge bench: " << sub << " runs on this machine; kernels for "
                  << targets[0] << " (" << bundleArch << ") run on the board: build a bundle "
                  << "(triton-edge bench bundle DIR --target=" << targets[0]
                  << ") and run DIR/run.sh there\n";
        return 2;
      }
      crossBundle = true;
      for (const std::string &a : t->emulatorCommand(base.pipeline.vectorBytesOverride > 0
                                                         ? base.pipeline.vectorBytesOverride
                                                         : t->vectorBytes))
        emulatorHint += (emulatorHint.empty() ? "" : " ") + a;
    }
  }

  try {
    fs::path root;
    if (bundling) {
      root = fs::absolute(bundle);
    } else {
      llvm::SmallString<128> tmp;
      if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge-bench", tmp))
        throw Error("cannot create a temporary directory: " + ec.message());
      root = std::string(tmp.str());
    }
    fs::create_directories(root / "kernels");
    Manifest m;
    m.git_revision = gitRevision();
    m.compiler = std::string("triton-edge ") + TRITON_EDGE_VERSION + ", kernels for " +
                 [&] { std::string s; for (auto &t : targets) s += (s.empty() ? "" : ", ") + t; return s; }();
    m.created_on = describe_machine().cpu_model;
    m.base_dir = root.string();
    // Ladder kernels: the paper's two, then the corpus (each case once).
    std::vector<fs::path> cases;
    std::set<std::string> seen;
    bool wantLadder = cfg.do_ladder || sub == "bundle";
    bool wantScaling = cfg.do_scaling || sub == "bundle";
    if (wantLadder) {
      for (const char *d : kLadderDefaults) cases.push_back(kernelsDir / d);
      if (!corpus.empty()) {
        std::vector<fs::path> more;
        for (const auto &e : fs::directory_iterator(corpus))
          if (e.is_directory() && isCaseDir(e.path())) more.push_back(e.path());
        std::sort(more.begin(), more.end());
        cases.insert(cases.end(), more.begin(), more.end());
      }
    }
    int failed = 0;
    std::set<std::string> labels;
    for (const fs::path &c : cases) {
      if (!seen.insert(c.filename().string()).second) continue;
      std::string lbl = label(c);
      if (labels.count(lbl)) lbl = c.filename().string(); // two kernels of one case
      labels.insert(lbl);
      try {
        std::fprintf(stderr, "compiling %s\n", lbl.c_str());
        KernelEntry k = compileCase(c, lbl, {"scalar", "vec", "auto", "vecdb", "vecpf"}, targets, base,
                                    root / "kernels", root);
        if (bundling) k.case_dir = copyCase(c, root);
        m.ladder.push_back(k);
      } catch (const std::exception &e) {
        std::fprintf(stderr, "triton-edge bench: skipping %s: %s\n", lbl.c_str(), e.what());
        ++failed;
      }
    }
    if (wantScaling) {
      // gelu_dyn and gelu_tanh_dyn for MT scaling; the first and add2d_dyn
      // (2-D vector add) for the DB sweep, which needs the staged and
      // prefetching variants too.
      for (const char *name : {kScalingDefault, kScalingTanh, kDbSweepAdd}) {
        fs::path c = kernelsDir / name;
        if (!fs::exists(c))
          continue;
        std::fprintf(stderr, "compiling %s\n", label(c).c_str());
        KernelEntry k = compileCase(c, label(c), {"vec", "vecdb", "vecpf"}, targets, base,
                                    root / "kernels", root);
        if (bundling) k.case_dir = copyCase(c, root);
        m.scaling.push_back(k);
      }
    }
    if (!bundling) {
      m.write((root / "manifest.json").string());
      cfg.peers_dir = executable_dir() + "/../lib";
      int rc = run_benchmarks(m, cfg);
      fs::remove_all(root);
      return rc != 0 ? rc : (failed ? 1 : 0);
    }
    // The bundle: harness + runtime + plugins (+ their runtimes) + kernels.
    fs::create_directories(root / "bin");
    fs::create_directories(root / "lib");
    fs::path exeDir = executable_dir();
    fs::path libDir = exeDir / ".." / "lib";
    if (crossBundle) {
      exeDir = fs::path(crossRuntimeDir(bundleArch)) / "bin";
      libDir = fs::path(crossRuntimeDir(bundleArch)) / "lib";
      if (!fs::exists(exeDir / "te-bench"))
        throw Error("no te-bench for " + bundleArch + " at " + exeDir.string() +
                    ": install the cross sysroot (scripts/install-deps.sh) and rebuild");
    }
    if (!fs::exists(exeDir / "te-bench"))
      throw Error("te-bench not found next to triton-edge (build the te-bench target)");
    copyExecutable(exeDir / "te-bench", root / "bin" / "te-bench");
    fs::copy_file(libDir / "libtriton_edge_rt.so", root / "lib" / "libtriton_edge_rt.so",
                  fs::copy_options::overwrite_existing);
    std::set<std::string> copied;
    for (const auto &e : fs::directory_iterator(libDir)) {
      std::string n = e.path().filename().string();
      if (n.rfind("libte_peer_", 0) == 0 && e.path().extension() == ".so") {
        fs::copy_file(e.path(), root / "lib" / n, fs::copy_options::overwrite_existing);
        copyPluginDeps(e.path(), root / "lib", copied);
      }
    }
    // The PyTorch side-by-side scripts, and the part of the Python package
    // they launch our kernels with (ctypes over the runtime: no Triton needed).
    fs::path src = fs::path(TRITON_EDGE_SOURCE_DIR);
    for (const char *py : {"torch_peers.py", "same_buffers.py"})
      fs::copy_file(src / "bench" / py, root / py, fs::copy_options::overwrite_existing);
    fs::create_directories(root / "python" / "triton_edge");
    for (const char *py : {"__init__.py", "_paths.py", "runtime.py"})
      fs::copy_file(src / "python" / "triton_edge" / py, root / "python" / "triton_edge" / py,
                    fs::copy_options::overwrite_existing);
    m.base_dir.clear();
    m.write((root / "manifest.json").string());
    writeRunScript(root, bundleArch, emulatorHint);
    std::printf("bundle written to %s: %zu ladder kernel(s), %zu scaling kernel(s), targets:",
                root.c_str(), m.ladder.size(), m.scaling.size());
    for (const std::string &t : targets) std::printf(" %s", t.c_str());
    std::printf("\nrun it with: %s/run.sh [--quick]\n", root.c_str());
    return failed ? 1 : 0;
  } catch (const std::exception &e) {
    std::cerr << "triton-edge bench: error: " << e.what() << "\n";
    return 2;
  }
}
