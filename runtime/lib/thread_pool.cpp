#include "triton-edge-rt/thread_pool.h"

#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <chrono>
#include <thread>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#endif

namespace te {

namespace {
// Spin with only `pause` this long; after that, spin with sched_yield.
constexpr int64_t kPureSpinNs = 5000;

// The pool whose context the current thread is running (for nested dispatch).
thread_local const ThreadPool *t_running_pool = nullptr;

struct RunningGuard {
  const ThreadPool *prev;
  explicit RunningGuard(const ThreadPool *p) : prev(t_running_pool) { t_running_pool = p; }
  ~RunningGuard() { t_running_pool = prev; }
};
} // namespace

// Each worker has its own cache line(s): its completion flag and its wake-up
// channel, so a dispatch to k contexts wakes only k-1 workers and the join
// reads k-1 lines nobody else writes (no shared counter to fight over).
struct alignas(64) ThreadPool::Worker {
  std::atomic<uint64_t> done{0};     // sequence number of the last job it finished
  std::atomic<bool> sleeping{false};
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::condition_variable cv;
  std::thread thread;
};

int ThreadPool::hardware_contexts() {
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

ThreadPool::ThreadPool(const PoolOptions &opts) : opts_(opts) {
  hw_ = hardware_contexts();
  pin_.store(opts.pin);
  int k = opts.contexts > 0 ? opts.contexts : hw_;
  {
    std::lock_guard<std::mutex> lk(dispatch_mu_);
    grow_locked(std::min(k, kMaxContexts));
  }
  if (opts.calibrate) calibrate(std::min(contexts(), hw_));
}

ThreadPool::~ThreadPool() {
  std::lock_guard<std::mutex> lk(dispatch_mu_);
  for (auto &w : workers_) w->stop.store(true);
  // A new sequence number for no worker: each one wakes, sees stop, leaves.
  generation_.store(((generation_.load() >> kWorkerBits) + 1) << kWorkerBits);
  for (auto &w : workers_) {
    { std::lock_guard<std::mutex> wl(w->mu); }
    w->cv.notify_one();
  }
  for (auto &w : workers_) w->thread.join();
}

ThreadPool &ThreadPool::global() {
  // Leaked on purpose: workers must outlive static destructors of other TUs
  // that might still launch kernels.
  static ThreadPool *pool = [] {
    // Not calibrated here: cost_model() measures (or reads a saved model)
    // when the first auto launch needs it.
    return new ThreadPool(PoolOptions());
  }();
  return *pool;
}

int ThreadPool::contexts() const { return ncontexts_.load(std::memory_order_acquire); }

void ThreadPool::grow_locked(int k) {
  while (static_cast<int>(workers_.size()) + 1 < k) {
    auto w = std::make_unique<Worker>();
    Worker *raw = w.get();
    int index = static_cast<int>(workers_.size()) + 1;
    workers_.push_back(std::move(w));
    raw->thread = std::thread([this, raw, index] { worker_main(raw, index); });
    if (pin_.load()) pin_worker_locked(index);
  }
  ncontexts_.store(static_cast<int>(workers_.size()) + 1, std::memory_order_release);
}

void ThreadPool::pin_worker_locked(int index) {
#ifdef __linux__
  cpu_set_t set;
  CPU_ZERO(&set);
  if (pin_.load()) {
    // Pin onto the index-th CPU of the process's affinity mask.
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    sched_getaffinity(0, sizeof(allowed), &allowed);
    int want = index % hw_, seen = 0;
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &allowed) && seen++ == want) { CPU_SET(c, &set); break; }
  } else {
    sched_getaffinity(0, sizeof(set), &set);
  }
  pthread_setaffinity_np(workers_[index - 1]->thread.native_handle(), sizeof(set), &set);
#else
  (void)index;
#endif
}

void ThreadPool::set_pinning(bool pin) {
  std::lock_guard<std::mutex> lk(dispatch_mu_);
  if (pin_.load() == pin) return;
  pin_.store(pin);
  for (int i = 1; i <= static_cast<int>(workers_.size()); ++i) pin_worker_locked(i);
}

bool ThreadPool::pinned() const { return pin_.load(); }

void ThreadPool::worker_main(Worker *w, int index) {
  uint64_t seen = 0;
  for (;;) {
    // Spin for new work first (cheap back-to-back dispatch), then block.
    int64_t spin = opts_.spin_ns;
    uint64_t g = generation_.load(std::memory_order_acquire);
    if (g == seen) {
      int64_t t0 = now_ns();
      for (int i = 0; g == seen; ++i) {
        cpu_relax();
        g = generation_.load(std::memory_order_acquire);
        if ((i & 63) == 63) {
          int64_t waited = now_ns() - t0;
          if (waited > spin) break;
          // Oversubscribed, or spinning for a while: the thread we wait for
          // may be queued behind us on this CPU, so let it run.
          if (contexts() > hw_ || waited > kPureSpinNs) std::this_thread::yield();
        }
      }
    }
    if (g == seen) {
      // Dekker with the dispatcher: sleeping is set before generation_ is
      // re-read, and the dispatcher stores generation_ before reading
      // sleeping (both seq_cst).
      std::unique_lock<std::mutex> lk(w->mu);
      w->sleeping.store(true);
      while ((g = generation_.load()) == seen) w->cv.wait(lk);
      w->sleeping.store(false);
    }
    seen = g;
    if (w->stop.load()) return;
    // The word carries how many workers run this job; the others wait again.
    uint64_t workers = g & (kClaimingBit - 1);
    if (static_cast<uint64_t>(index) > workers) continue;
    if (g & kClaimingBit) {
      // Claim contexts until none is left; the caller may have taken them all.
      for (int ctx; (ctx = claim_context(g >> kWorkerBits, static_cast<int>(workers) + 1)) >= 0;) {
        run_claimed(ctx);
        // Dekker with the caller, as for done below.
        claimed_done_.fetch_add(1);
        if (caller_sleeping_.load()) {
          std::lock_guard<std::mutex> dl(done_mu_);
          done_cv_.notify_one();
        }
      }
      continue;
    }

    {
      RunningGuard gd(this);
      try {
        job_fn_(job_arg_, index);
      } catch (...) {
        std::lock_guard<std::mutex> el(error_mu_);
        if (!error_) error_ = std::current_exception();
      }
    }
    // Dekker with the caller: done before caller_sleeping_ is read here, and
    // caller_sleeping_ before done is re-read there (both seq_cst).
    w->done.store(g);
    if (caller_sleeping_.load()) {
      std::lock_guard<std::mutex> dl(done_mu_);
      done_cv_.notify_one();
    }
  }
}

int ThreadPool::claim_context(uint64_t seq, int k) {
  constexpr uint64_t kIndexMask = (uint64_t(1) << kWorkerBits) - 1;
  uint64_t c = claim_.load(std::memory_order_acquire);
  for (;;) {
    if ((c >> kWorkerBits) != seq || (c & kIndexMask) >= static_cast<uint64_t>(k)) return -1;
    // acq_rel: a successful claim sees the job_fn_/job_arg_ its job posted.
    if (claim_.compare_exchange_weak(c, c + 1, std::memory_order_acq_rel, std::memory_order_acquire))
      return static_cast<int>(c & kIndexMask);
  }
}

void ThreadPool::run_claimed(int ctx) {
  RunningGuard gd(this);
  try {
    job_fn_(job_arg_, ctx);
  } catch (...) {
    std::lock_guard<std::mutex> el(error_mu_);
    if (!error_) error_ = std::current_exception();
  }
}

void ThreadPool::run(int k, void (*fn)(void *, int), void *arg, bool claiming) {
  k = std::max(1, std::min(k, kMaxContexts));
  if (t_running_pool == this) {
    // Nested: the workers are busy with the outer job; run inline.
    for (int c = 0; c < k; ++c) fn(arg, c);
    return;
  }
  std::lock_guard<std::mutex> lk(dispatch_mu_);
  if (k > contexts()) grow_locked(k);
  error_ = nullptr;
  uint64_t g = 0;
  if (k > 1) {
    job_fn_ = fn;
    job_arg_ = arg;
    uint64_t seq = (generation_.load(std::memory_order_relaxed) >> kWorkerBits) + 1;
    g = (seq << kWorkerBits) | static_cast<uint64_t>(k - 1) | (claiming ? kClaimingBit : 0);
    if (claiming) {
      // No worker can still be counting: the last job joined every claim.
      claimed_done_.store(0);
      claim_.store((seq << kWorkerBits) | 1); // context 0 is the caller's
    }
    generation_.store(g); // seq_cst: publishes job_fn_/job_arg_ too
    for (int i = 0; i < k - 1; ++i) {
      Worker *w = workers_[i].get();
      if (w->sleeping.load()) {
        std::lock_guard<std::mutex> wl(w->mu);
        w->cv.notify_one();
      }
    }
  }
  std::exception_ptr own;
  {
    RunningGuard gd(this);
    try {
      fn(arg, 0);
    } catch (...) {
      own = std::current_exception();
    }
  }
  int workers_ran = k - 1; // contexts the join waits for (claiming: those workers took)
  if (k > 1 && claiming) {
    for (int ctx; (ctx = claim_context(g >> kWorkerBits, k)) >= 0;) {
      run_claimed(ctx);
      --workers_ran;
    }
  }
  if (k > 1) {
    // Spinning reads with acquire; before sleeping, seq_cst (Dekker with the
    // worker's done store and caller_sleeping_ load).
    auto all_done = [&](int &first, std::memory_order order) {
      if (claiming) return claimed_done_.load(order) == workers_ran;
      while (first < k - 1 && workers_[first]->done.load(order) == g) ++first;
      return first == k - 1;
    };
    int64_t spin = opts_.spin_ns;
    bool over = k > hw_;
    int64_t t0 = now_ns();
    int first = 0;
    for (int i = 0; !all_done(first, std::memory_order_acquire); ++i) {
      cpu_relax();
      if ((i & 63) == 63) {
        int64_t waited = now_ns() - t0;
        if (over || waited > kPureSpinNs) std::this_thread::yield();
        if (waited > spin) {
          std::unique_lock<std::mutex> dl(done_mu_);
          caller_sleeping_.store(true);
          while (!all_done(first, std::memory_order_seq_cst)) done_cv_.wait(dl);
          caller_sleeping_.store(false);
          break;
        }
      }
    }
    last_parallel_end_.store(now_ns(), std::memory_order_relaxed);
  }
  std::exception_ptr err = own ? own : error_;
  error_ = nullptr;
  if (err) std::rethrow_exception(err);
}

double ThreadPool::measure_dispatch_ns(int k, int reps, int64_t gap_us) {
  auto empty = [](void *, int) {};
  for (int i = 0; i < 20; ++i) run(k, empty, nullptr); // warm up, grow
  std::vector<double> t;
  t.reserve(reps);
  for (int i = 0; i < reps; ++i) {
    if (gap_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(gap_us));
    int64_t a = now_ns();
    run(k, empty, nullptr);
    t.push_back(static_cast<double>(now_ns() - a));
  }
  std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
  return t[t.size() / 2];
}

void ThreadPool::calibrate(int max_k, int reps) {
  max_k = std::max(1, std::min(max_k, kMaxContexts));
  std::vector<double> v(max_k + 1, 0.0);
  for (int k = 1; k <= max_k; ++k) v[k] = measure_dispatch_ns(k, reps);
  overhead_ns_ = std::move(v);
}

double ThreadPool::dispatch_overhead_ns(int k) const {
  if (overhead_ns_.size() < 2) return 0.0;
  int last = static_cast<int>(overhead_ns_.size()) - 1;
  if (k <= last) return overhead_ns_[std::max(k, 1)];
  // Past the calibrated range: extend the last per-context increment.
  double step = last >= 2 ? std::max(0.0, overhead_ns_[last] - overhead_ns_[last - 1]) : 1000.0;
  return overhead_ns_[last] + step * (k - last);
}

} // namespace te
