// Prints the median latency of an empty fork-join dispatch of the runtime's
// thread pool at 1, 2, ..., N contexts: hot (back to back, workers still
// spinning) and cold (after a pause long enough for workers to block).
//
// usage: te-pool-overhead [max_contexts] [reps]
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/thread_pool.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include "triton-edge-rt/timer.h"
#include <vector>

int main(int argc, char **argv) {
  int hw = te::ThreadPool::hardware_contexts();
  int max_k = argc > 1 ? std::atoi(argv[1]) : std::max(hw, 4);
  int reps = argc > 2 ? std::atoi(argv[2]) : 2000;
  if (max_k < 1 || reps < 1) {
    std::fprintf(stderr, "usage: %s [max_contexts] [reps]\n", argv[0]);
    return 2;
  }
  te::PoolOptions o;
  o.contexts = max_k;
  te::ThreadPool pool(o);
  std::printf("hardware contexts: %d, reps: %d\n", hw, reps);
  std::printf("%8s %14s %14s %16s\n", "contexts", "hot_median_ns", "cold_median_ns", "launch_median_ns");
  std::vector<int> ks;
  for (int k = 1; k <= max_k; k = k < 4 ? k + 1 : k * 2) ks.push_back(k);
  if (ks.back() != max_k) ks.push_back(max_k);
  for (int k : ks) {
    double hot = pool.measure_dispatch_ns(k, reps);
    // 1 ms pause: longer than the spin window (200 us), workers are asleep.
    double cold = pool.measure_dispatch_ns(k, std::min(reps, 200), 1000);
    // A full te::launch of an empty kernel (global pool, Sync DMA engines).
    te::LaunchOptions lo;
    lo.threads = k;
    int32_t grid[3] = {k, 1, 1};
    auto nop = [](const te_launch *, int64_t, int64_t) {};
    std::vector<double> t;
    for (int i = 0; i < reps; ++i) {
      int64_t a = te::now_ns();
      te::launch(nop, nullptr, nullptr, nullptr, grid, lo);
      t.push_back(static_cast<double>(te::now_ns() - a));
    }
    std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
    std::printf("%8d %14.0f %14.0f %16.0f\n", k, hot, cold, t[t.size() / 2]);
  }
  const te::CostModel &m = te::cost_model();
  std::printf("cost model: ops/ns %.2f, bytes/ns (1 ctx) %.2f, bytes/ns (all %d) %.2f\n", m.ops_per_ns,
              m.bytes_per_ns, m.hw_contexts, m.bytes_per_ns_all);
  return 0;
}
