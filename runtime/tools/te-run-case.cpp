// Runs one compiled kernel (.so from `triton-edge compile`) on a kernel case
// and compares every tensor argument with the case's oracle. No compiler
// involved: this is what the sanitizer builds use to run real kernels over
// the thread pool and the DMA engines.
//   te-run-case KERNEL.so CASE_DIR [--threads=N] [--dma=sync|async|prefetch]
//               [--chaos-seed=N] [--repeat=N] [--out=DIR]
// Exit: 0 match, 1 mismatch or kernel error, 2 usage/input error.
// With --out=DIR it compares nothing: it launches once and writes
// out<i>.npy of every tensor argument to DIR (no oracle needed). This is how
// `triton-edge run|check --target=<edge ISA>` runs a kernel on the target
// (under qemu-user) and compares on the host.
#include "triton-edge-rt/host.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: te-run-case KERNEL.so CASE_DIR [--threads=N] "
                         "[--dma=sync|async|prefetch] [--chaos-seed=N] [--repeat=N]\n");
    return 2;
  }
  te::LaunchOptions opts;
  int repeat = 1;
  std::string outDir;
  for (int i = 3; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char *name) -> const char * {
      size_t n = std::strlen(name);
      return a.compare(0, n, name) == 0 ? a.c_str() + n : nullptr;
    };
    if (const char *v = val("--threads=")) opts.threads = std::atoi(v);
    else if (const char *v = val("--chaos-seed=")) opts.chaos_seed = std::strtoull(v, nullptr, 10);
    else if (const char *v = val("--repeat=")) repeat = std::max(1, std::atoi(v));
    else if (const char *v = val("--out=")) outDir = v;
    else if (const char *v = val("--dma=")) {
      std::string k = v;
      if (k == "sync") opts.dma = te::DmaKind::Sync;
      else if (k == "async") opts.dma = te::DmaKind::Async;
      else if (k == "prefetch") opts.dma = te::DmaKind::Prefetch;
      else { std::fprintf(stderr, "te-run-case: --dma takes sync, async or prefetch\n"); return 2; }
    } else {
      std::fprintf(stderr, "te-run-case: unknown option '%s'\n", a.c_str());
      return 2;
    }
  }
  try {
    te::Case c = te::load_case(argv[2]);
    if (!outDir.empty()) {
      te::KernelLibrary lib = te::KernelLibrary::open(argv[1], c.name);
      te::LaunchResult res = te::launch_case(lib.programs(), lib.info(), c, opts);
      if (!res.ok) {
        std::printf("FAIL: %s: %s\n", c.case_name.c_str(), res.error.c_str());
        return 1;
      }
      for (const te::CaseArg &a : c.args)
        if (a.is_tensor)
          te::write_npy(outDir + "/out" + std::to_string(a.index) + ".npy", a.dtype,
                        {a.storage_numel}, a.storage.data());
      std::printf("contexts_used=%d\n", res.threads_used);
      return 0;
    }
    if (!c.oracle) {
      std::fprintf(stderr, "te-run-case: %s has no oracle\n", argv[2]);
      return 2;
    }
    te::KernelLibrary lib = te::KernelLibrary::open(argv[1], c.name);
    std::map<int, te::NpyArray> expected = c.load_expected();
    bool ok = true;
    for (int r = 0; r < repeat; ++r) {
      c.reset();
      te::LaunchResult res = te::launch_case(lib.programs(), lib.info(), c, opts);
      if (!res.ok) {
        std::printf("FAIL: %s: %s\n", c.case_name.c_str(), res.error.c_str());
        return 1;
      }
      te::CaseComparison cmp = te::compare(c, expected);
      if (!cmp.ok) {
        std::printf("%s", cmp.report().c_str());
        ok = false;
      }
    }
    std::printf("%s: %s (%d launch(es), %d thread(s), dma %s)\n", ok ? "PASS" : "FAIL",
                c.case_name.c_str(), repeat, opts.threads, te::dma_kind_name(opts.dma));
    return ok ? 0 : 1;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "te-run-case: error: %s\n", e.what());
    return 2;
  }
}
