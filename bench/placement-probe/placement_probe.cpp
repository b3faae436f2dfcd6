// placement-probe: what the placement of a kernel's buffers costs. One
// compiled kernel with one input and one output of n f32 (y = f(x), such as
// the bundle's gelu_1m or gelu_dyn +Vec library) runs on pairs of buffers
// placed in different ways, interleaved round by round (25 rounds, medians
// and quartiles), on 1 and on all contexts:
//   - te::Buffer as allocated before te-bench placed its buffers (64-byte
//     aligned, where the allocator puts it);
//   - page-aligned (2 MiB) with and without transparent huge pages;
//   - the output, or the input, at a page offset of +64, +128 or +2048 bytes
//     from the other.
// The output 64-128 bytes past the input modulo 4 KiB is the case where an
// Intel core stalls a load behind an older store whose address matches in its
// low 12 bits (4K aliasing); docs/benchmarking.md, "Buffer placement", has the
// device's figures.
//
//   te-placement-probe KERNEL.so KERNEL_NAME N      (built with the benchmarks)
#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/kernel_library.h"
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/thread_pool.h"
#include "triton-edge-rt/timer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

struct Placement {
  std::string name;
  float *in, *out;
};

constexpr size_t kHuge = size_t(2) << 20;

// n bytes in a fresh mapping, starting `offset` bytes past a 2 MiB boundary,
// with `advice` (0: none) on the range. Never unmapped: the probe exits.
float *mapped(size_t bytes, int advice, size_t offset) {
  void *p = mmap(nullptr, bytes + 2 * kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    std::perror("mmap");
    std::exit(1);
  }
  uintptr_t a = (reinterpret_cast<uintptr_t>(p) + kHuge - 1) & ~uintptr_t(kHuge - 1);
  if (advice) madvise(reinterpret_cast<void *>(a), bytes + offset, advice);
  return reinterpret_cast<float *>(a + offset);
}

long anon_huge_kb() {
  std::ifstream f("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("AnonHugePages:", 0) == 0) return std::atol(line.c_str() + 14);
  return -1;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 4 || std::atoll(argv[3]) <= 0) {
    std::fprintf(stderr, "usage: %s KERNEL.so KERNEL_NAME N\n", argv[0]);
    return 2;
  }
  const int64_t n = std::atoll(argv[3]);
  const size_t bytes = static_cast<size_t>(n) * 4;
  te::KernelLibrary lib = [&] {
    try {
      return te::KernelLibrary::open(argv[1], argv[2]);
    } catch (const std::exception &e) {
      std::fprintf(stderr, "%s\n", e.what());
      std::exit(2);
    }
  }();
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-2.f, 2.f);
  auto fill = [&](float *p) { for (int64_t i = 0; i < n; ++i) p[i] = u(rng); };
  std::vector<te::Buffer> owned;
  std::vector<Placement> placements;
  auto add = [&](std::string name, float *in, float *out) {
    fill(in);
    fill(out);
    placements.push_back({std::move(name), in, out});
  };
  owned.emplace_back(bytes);
  owned.emplace_back(bytes);
  add("te::Buffer, 64-byte aligned", owned[0].as<float>(), owned[1].as<float>());
  add("2 MiB aligned, MADV_HUGEPAGE", mapped(bytes, MADV_HUGEPAGE, 0), mapped(bytes, MADV_HUGEPAGE, 0));
  add("2 MiB aligned, MADV_NOHUGEPAGE", mapped(bytes, MADV_NOHUGEPAGE, 0), mapped(bytes, MADV_NOHUGEPAGE, 0));
  for (size_t off : {64, 128, 2048}) {
    add("output at page offset +" + std::to_string(off), mapped(bytes, MADV_NOHUGEPAGE, 0),
        mapped(bytes, MADV_NOHUGEPAGE, off));
    add("input at page offset +" + std::to_string(off), mapped(bytes, MADV_NOHUGEPAGE, off),
        mapped(bytes, MADV_NOHUGEPAGE, 0));
  }
  std::printf("n %lld, AnonHugePages %ld kB\n", static_cast<long long>(n), anon_huge_kb());
  const int32_t grid[3] = {static_cast<int32_t>((n + 1023) / 1024), 1, 1};
  const int all = te::ThreadPool::hardware_contexts();
  for (int threads : {1, all}) {
    te::LaunchOptions lo;
    lo.threads = threads;
    std::vector<std::vector<double>> us(placements.size());
    for (int round = 0; round < 25; ++round)
      for (size_t i = 0; i < placements.size(); ++i) {
        uint64_t scalar = static_cast<uint64_t>(n);
        void *args[3] = {placements[i].in, placements[i].out, &scalar};
        int64_t numel[3] = {n, n, 0};
        te::LaunchResult r = te::launch(lib.programs(), lib.info(), args, numel, grid, lo);
        if (!r.ok) {
          std::fprintf(stderr, "launch failed: %s\n", r.error.c_str());
          return 1;
        }
        const int reps = threads == 1 ? 3 : 20;
        int64_t t0 = te::now_ns();
        for (int k = 0; k < reps; ++k) te::launch(lib.programs(), lib.info(), args, numel, grid, lo);
        us[i].push_back((te::now_ns() - t0) / 1e3 / reps);
      }
    for (size_t i = 0; i < placements.size(); ++i) {
      std::vector<double> &t = us[i];
      std::sort(t.begin(), t.end());
      std::printf("contexts %2d  %-34s median %9.1f us  [%9.1f .. %9.1f]\n", threads,
                  placements[i].name.c_str(), t[t.size() / 2], t[t.size() / 4], t[3 * t.size() / 4]);
    }
  }
  return 0;
}
