// A persistent fork-join pool of worker contexts.
//
// Context 0 is the calling thread; contexts 1..k-1 are worker threads that are
// created once and reused. A dispatch posts one job to each needed worker,
// runs context 0 inline and waits for the others. A dispatch is one store to a
// word all workers watch; each worker reports completion on its own line. Waiting (both workers
// waiting for work and the caller waiting for the join) spins for
// PoolOptions::spin_ns and then blocks on a condition variable, so back-to-back
// dispatches cost a few hundred nanoseconds and idle pools cost no CPU.
// A claiming dispatch (run_claiming) lets the caller run the contexts no
// worker has taken yet, so a worker without a CPU does not hold the join.
#ifndef TRITON_EDGE_RT_THREAD_POOL_H
#define TRITON_EDGE_RT_THREAD_POOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace te {

struct PoolOptions {
  int contexts = 0;          // initial contexts (0 = hardware_contexts()); grows on demand
  bool pin = false;          // pin worker i to CPU i % hardware_contexts()
  bool calibrate = false;    // measure dispatch overhead at creation
  // Spin this long before blocking. Must exceed the OS wake-up latency (about
  // 60 us on the 2-vCPU KVM guest we measured), or a caller and a worker that
  // both went to sleep keep waking each other up at that latency.
  int64_t spin_ns = 200000;
};

class ThreadPool {
public:
  // The most contexts a pool will grow to.
  static constexpr int kMaxContexts = 256;

  explicit ThreadPool(const PoolOptions &opts = PoolOptions());
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  // The process-wide pool used by te::launch (hardware_contexts() contexts,
  // calibrated on first use).
  static ThreadPool &global();

  // CPUs this process may run on (sched_getaffinity), at least 1.
  static int hardware_contexts();

  // Contexts currently available (workers + the caller).
  int contexts() const;

  // hardware_contexts() when the pool was created (no system call; a pinned
  // caller thread does not shrink it).
  int hw_contexts() const { return hw_; }
  // How long workers spin for the next job before they block (PoolOptions::spin_ns).
  int64_t spin_ns() const { return opts_.spin_ns; }
  // now_ns() when the last multi-context run() joined (0 = never): until
  // spin_ns() after it, its workers are still spinning (a hot dispatch).
  int64_t last_parallel_end_ns() const { return last_parallel_end_.load(std::memory_order_relaxed); }

  // Runs fn(arg, ctx) for ctx in [0, k) (ctx 0 on the calling thread) and
  // returns when all have finished. k is clamped to [1, kMaxContexts]; the
  // pool grows if k > contexts(). If any context throws, the first exception
  // is rethrown here after every context has finished; the pool stays usable.
  // Calls from inside a running context of this pool (nesting) run all k
  // contexts inline, one after the other, on the calling thread.
  // Concurrent calls from different threads are serialized.
  //
  // Claiming (claiming = true): contexts 1..k-1 are claimed one at a time by
  // whichever thread asks first, the woken workers or the caller once it has
  // run context 0; the join waits only for contexts a worker has claimed. A
  // worker that cannot get a CPU (the machine is busy, or another runtime's
  // threads spin on it, such as PyTorch's OpenMP pool after an ATen call)
  // then costs the caller nothing instead of a scheduler time slice. For jobs
  // whose contexts need not run on distinct threads at once (kernel program
  // ranges); each context still runs exactly once, on one thread.
  void run(int k, void (*fn)(void *arg, int ctx), void *arg, bool claiming = false);

  template <class F> void run(int k, F &&f) {
    using Fn = std::remove_reference_t<F>;
    run(k, [](void *a, int ctx) { (*static_cast<Fn *>(a))(ctx); },
        const_cast<void *>(static_cast<const void *>(&f)));
  }
  // run(k, f) with claiming contexts.
  template <class F> void run_claiming(int k, F &&f) {
    using Fn = std::remove_reference_t<F>;
    run(k, [](void *a, int ctx) { (*static_cast<Fn *>(a))(ctx); },
        const_cast<void *>(static_cast<const void *>(&f)), /*claiming=*/true);
  }

  // Static contiguous partition of [0, n) over k contexts: context i gets
  // [begin, end) with sizes differing by at most one, in order, covering every
  // index exactly once. body(ctx, begin, end) is not called for empty ranges.
  // Returns the number of contexts used (min(k, n), 0 for n <= 0).
  template <class F> int parallel_for(int64_t n, int k, F &&body) {
    if (n <= 0) return 0;
    if (k < 1) k = 1;
    if (k > n) k = static_cast<int>(n);
    run(k, [&](int ctx) {
      auto r = static_range(n, k, ctx);
      if (r.first < r.second) body(ctx, r.first, r.second);
    });
    return k;
  }

  // Dynamic chunking: contexts repeatedly claim the next `chunk` indices of
  // [0, n) (in increasing order of claim) until none are left.
  template <class F> int parallel_for_dynamic(int64_t n, int k, int64_t chunk, F &&body) {
    if (n <= 0) return 0;
    if (chunk < 1) chunk = 1;
    int64_t chunks = (n + chunk - 1) / chunk;
    if (k < 1) k = 1;
    if (k > chunks) k = static_cast<int>(chunks);
    std::atomic<int64_t> next{0};
    run(k, [&](int ctx) {
      for (;;) {
        int64_t b = next.fetch_add(chunk, std::memory_order_relaxed);
        if (b >= n) break;
        body(ctx, b, b + chunk < n ? b + chunk : n);
      }
    });
    return k;
  }

  static std::pair<int64_t, int64_t> static_range(int64_t n, int k, int i) {
    int64_t base = n / k, rem = n % k;
    int64_t b = i * base + (i < rem ? i : rem);
    return {b, b + base + (i < rem ? 1 : 0)};
  }

  // Pins (or unpins) the workers; worker i goes to CPU i % hardware_contexts().
  void set_pinning(bool pin);
  bool pinned() const;

  // Median wall time of an empty run(k) with warm (spinning) workers, in ns,
  // measured by calibrate(); index k (index 0 unused). Empty if not calibrated.
  const std::vector<double> &dispatch_overhead_ns() const { return overhead_ns_; }
  // Overhead for k contexts (extrapolated linearly past the calibrated range).
  double dispatch_overhead_ns(int k) const;
  // Times `reps` empty dispatches at each k in [1, max_k]; stores the medians.
  void calibrate(int max_k, int reps = 200);
  // One measurement: median ns of `reps` empty dispatches at k contexts;
  // cold = sleep `gap_us` between dispatches so workers have gone to sleep.
  double measure_dispatch_ns(int k, int reps, int64_t gap_us = 0);

private:
  struct Worker;
  void worker_main(Worker *w, int index);
  void grow_locked(int k);
  void pin_worker_locked(int index);
  // Claims the next unclaimed context of the claiming job with sequence
  // number seq and k contexts; -1 when none is left or that job is over.
  int claim_context(uint64_t seq, int k);
  // Runs context ctx of the current job, keeping its exception in error_.
  void run_claimed(int ctx);

  PoolOptions opts_;
  std::mutex dispatch_mu_; // one dispatch at a time
  std::vector<std::unique_ptr<Worker>> workers_; // workers_[i] runs context i + 1
  std::atomic<int> ncontexts_{1};
  std::atomic<bool> pin_{false};
  int hw_ = 1;

  // The current job (written by the dispatcher before posting).
  void (*job_fn_)(void *, int) = nullptr;
  void *job_arg_ = nullptr;
  // The posted job: (sequence number << kWorkerBits) | workers that run it
  // (contexts 1..n). One word on its own line that every waiting worker
  // reads: posting costs one store, not one per worker.
  // kClaimingBit in the low bits marks a claiming job.
  static constexpr int kWorkerBits = 16;
  static constexpr uint64_t kClaimingBit = uint64_t(1) << (kWorkerBits - 1);
  alignas(64) std::atomic<uint64_t> generation_{0};
  // A claiming job's next context: (sequence number << kWorkerBits) | index.
  // A claim is a compare-exchange that also checks the sequence number, so a
  // late worker can never claim a context of a later job.
  alignas(64) std::atomic<uint64_t> claim_{0};
  // Contexts of the current claiming job finished by workers.
  alignas(64) std::atomic<int> claimed_done_{0};
  alignas(64) std::atomic<bool> caller_sleeping_{false};
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::mutex error_mu_;
  std::exception_ptr error_;

  std::vector<double> overhead_ns_;
  std::atomic<int64_t> last_parallel_end_{0};
};

} // namespace te

#endif
