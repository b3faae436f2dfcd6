// `triton-edge bench bundle`: the compiled kernels with everything that runs
// them on a machine without LLVM (te-bench, the runtime, the peer plugins,
// the PyTorch side-by-side scripts) and run.sh.
#include "internal.h"

#include "TargetRun.h" // crossRuntimeDir: te-bench built for another ISA

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#ifndef TRITON_EDGE_SOURCE_DIR
#define TRITON_EDGE_SOURCE_DIR "."
#endif

namespace te::bench::cli {

namespace {

constexpr fs::perms kExecutable = fs::perms::owner_all | fs::perms::group_read |
                                  fs::perms::group_exec | fs::perms::others_read |
                                  fs::perms::others_exec;

void copyExecutable(const fs::path &from, const fs::path &to) {
  fs::copy_file(from, to, fs::copy_options::overwrite_existing);
  fs::permissions(to, kExecutable);
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

/// bin/te-bench, lib/libtriton_edge_rt.so and the peer plugins with their
/// runtimes: this build's, or the cross build's for another ISA.
void copyHarness(const fs::path &root, const TargetPlan &plan) {
  fs::create_directories(root / "bin");
  fs::create_directories(root / "lib");
  fs::path exeDir = executable_dir();
  fs::path libDir = exeDir / ".." / "lib";
  if (plan.cross) {
    exeDir = fs::path(crossRuntimeDir(plan.arch)) / "bin";
    libDir = fs::path(crossRuntimeDir(plan.arch)) / "lib";
    if (!fs::exists(exeDir / "te-bench"))
      throw Error("no te-bench for " + plan.arch + " at " + exeDir.string() +
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
}

/// The PyTorch side-by-side scripts, and the part of the Python package they
/// launch our kernels with (ctypes over the runtime: no Triton needed).
void copyScripts(const fs::path &root) {
  fs::path src = sourceDir();
  for (const char *py : {"torch_peers.py", "same_buffers.py"})
    fs::copy_file(src / "bench" / py, root / py, fs::copy_options::overwrite_existing);
  fs::create_directories(root / "python" / "triton_edge");
  for (const char *py : {"__init__.py", "_paths.py", "runtime.py"})
    fs::copy_file(src / "python" / "triton_edge" / py, root / "python" / "triton_edge" / py,
                  fs::copy_options::overwrite_existing);
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
  fs::permissions(bundle / "run.sh", kExecutable);
}

} // namespace

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

fs::path sourceDir() { return fs::path(TRITON_EDGE_SOURCE_DIR); }

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

void writeBundle(Manifest &m, const fs::path &root, const TargetPlan &plan) {
  copyHarness(root, plan);
  copyScripts(root);
  m.base_dir.clear();
  m.write((root / "manifest.json").string());
  writeRunScript(root, plan.arch, plan.emulatorHint);
}

} // namespace te::bench::cli
