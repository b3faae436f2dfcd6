// Prints the median latency of an empty fork-join dispatch of the runtime's
// thread pool at 1, 2, ..., N contexts: hot (back to back, workers still
// spinning) and cold (after a pause long enough for workers to block).
//
// usage: te-pool-overhead [max_contexts] [reps] [--pin | --pin-workers]
//   --pin: workers pinned (worker i to CPU i), the calling thread to CPU 0;
//   --pin-workers: the workers pinned, the calling thread left to the scheduler.
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/thread_pool.h"

#include <cstdio>
#include <string>
#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif
#include <algorithm>
#include <cstdlib>
#include "triton-edge-rt/timer.h"
#include <vector>

int main(int argc, char **argv) {
  int hw = te::ThreadPool::hardware_contexts();
  bool pin = false, pin_caller = false;
  std::vector<char *> pos;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--pin")
      pin = pin_caller = true;
    else if (std::string(argv[i]) == "--pin-workers")
      pin = true;
    else
      pos.push_back(argv[i]);
  }
  int max_k = pos.size() > 0 ? std::atoi(pos[0]) : std::max(hw, 4);
  int reps = pos.size() > 1 ? std::atoi(pos[1]) : 2000;
  if (max_k < 1 || reps < 1 || pos.size() > 2) {
    std::fprintf(stderr, "usage: %s [max_contexts] [reps] [--pin | --pin-workers]\n", argv[0]);
    return 2;
  }
  te::PoolOptions o;
  o.contexts = max_k;
  o.pin = pin;
  te::ThreadPool pool(o);
  te::ThreadPool::global(); // created and calibrated unpinned, as in te-bench
#ifdef __linux__
  // After the pool (and the global one) read the process's CPUs: a pinned caller
  // would make them see one.
  if (pin_caller) { // the caller on the first CPU of the mask, as te-bench pins it
    cpu_set_t allowed, one;
    CPU_ZERO(&one);
    sched_getaffinity(0, sizeof(allowed), &allowed);
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &allowed)) { CPU_SET(c, &one); break; }
    pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
  }
#endif
  std::printf("hardware contexts: %d, reps: %d, workers pinned: %s, caller pinned: %s\n", hw, reps,
              pin ? "yes" : "no", pin_caller ? "yes" : "no");
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
    lo.pin = pin;
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
