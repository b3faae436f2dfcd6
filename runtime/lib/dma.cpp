#include "triton-edge-rt/dma.h"

#include "internal.h"
#include "triton-edge-rt/kernel_abi.h"
#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <new>
#include <random>
#include <thread>

namespace te {

const char *dma_kind_name(DmaKind k) {
  switch (k) {
  case DmaKind::Sync: return "sync";
  case DmaKind::Async: return "async";
  case DmaKind::Prefetch: return "prefetch";
  }
  return "?";
}

// ---------------- DMA engines ----------------

namespace {
struct Transfer {
  int64_t token;
  void *dst;
  const void *src;
  int64_t bytes;
};
} // namespace

struct DmaEngine::Impl {
  // Chaos delays (used by whichever thread performs the copy).
  uint64_t chaos_seed = 0;
  int chaos_max_us = 100;
  std::mt19937_64 rng;
  std::mutex rng_mu;

  std::atomic<int64_t> completed{0};

  // Async: the helper thread and its queue.
  std::mutex mu;
  // Held while a transfer is copied, by the helper or by a waiter that took
  // the transfer over: copies happen one at a time in token order, which
  // keeps `completed` meaning "every token up to here is done".
  std::mutex copy_mu;
  std::condition_variable cv;
  std::deque<Transfer> queue;
  std::atomic<int64_t> queued{0}; // tokens handed to the helper
  std::atomic<bool> helper_sleeping{false};
  bool stop = false;
  std::thread helper;

  // Prefetch: deferred copies, in token order.
  std::deque<Transfer> deferred;

  void chaos_delay() {
    if (!chaos_seed) return;
    int us;
    {
      std::lock_guard<std::mutex> lk(rng_mu);
      us = static_cast<int>(rng() % static_cast<uint64_t>(chaos_max_us + 1));
    }
    if (us > 0) std::this_thread::sleep_for(std::chrono::microseconds(us));
  }

  void helper_main() {
    for (;;) {
      Transfer t;
      {
        // Spin briefly for the next transfer (double buffering issues them
        // back to back), then block.
        int64_t t0 = now_ns();
        for (int i = 0; queued.load(std::memory_order_acquire) == completed.load(std::memory_order_relaxed); ++i) {
          cpu_relax();
          if ((i & 63) == 63 && now_ns() - t0 > 20000) break;
        }
        std::unique_lock<std::mutex> lk(mu);
        if (queue.empty()) {
          helper_sleeping.store(true);
          while (queue.empty() && !stop) cv.wait(lk);
          helper_sleeping.store(false);
        }
        if (queue.empty() && stop) return;
      }
      std::lock_guard<std::mutex> copying(copy_mu);
      if (!pop(t))
        continue; // a waiter took it over
      copy(t);
    }
  }

  bool pop(Transfer &t) {
    std::lock_guard<std::mutex> lk(mu);
    if (queue.empty())
      return false;
    t = queue.front();
    queue.pop_front();
    return true;
  }

  void copy(const Transfer &t) {
    chaos_delay();
    if (t.bytes > 0) std::memcpy(t.dst, t.src, static_cast<size_t>(t.bytes));
    chaos_delay();
    completed.store(t.token, std::memory_order_release);
  }
};

DmaEngine::DmaEngine(DmaKind kind, int context)
    : kind_(kind), context_(context), impl_(std::make_unique<Impl>()) {
  if (kind_ == DmaKind::Async) impl_->helper = std::thread([this] { impl_->helper_main(); });
}

DmaEngine::~DmaEngine() {
  if (impl_->helper.joinable()) {
    {
      std::lock_guard<std::mutex> lk(impl_->mu);
      impl_->stop = true;
    }
    impl_->cv.notify_one();
    impl_->helper.join();
  }
}

void DmaEngine::set_chaos(uint64_t seed, int max_us) {
  std::lock_guard<std::mutex> lk(impl_->rng_mu);
  // Re-seeding costs about a microsecond: skip it on every plain launch.
  if (seed == 0 && impl_->chaos_seed == 0) return;
  impl_->chaos_seed = seed;
  impl_->chaos_max_us = std::max(0, max_us);
  impl_->rng.seed(seed ^ (0x9E3779B97F4A7C15ull * static_cast<uint64_t>(context_ + 1)));
}

int64_t DmaEngine::completed() const { return impl_->completed.load(std::memory_order_acquire); }

int64_t DmaEngine::start(void *dst, const void *src, int64_t bytes) {
  if (bytes < 0 || (bytes > 0 && (!dst || !src))) {
    detail::report_failure("invalid DMA transfer on context " + std::to_string(context_) +
                           ": " + std::to_string(bytes) + " bytes from " +
                           (src ? "src" : "null") + " to " + (dst ? "dst" : "null"));
    return 0;
  }
  int64_t token = ++issued_;
  if (rec_) {
    flush_compute();
    ModelEvent e;
    e.kind = ModelEvent::DmaStart;
    e.load_bytes = bytes;
    e.token = token;
    rec_->push_back(e);
  }
  stats_.transfers++;
  stats_.bytes += bytes;
  switch (kind_) {
  case DmaKind::Sync:
    impl_->chaos_delay();
    if (bytes > 0) std::memcpy(dst, src, static_cast<size_t>(bytes));
    impl_->completed.store(token, std::memory_order_release);
    break;
  case DmaKind::Async: {
    {
      std::lock_guard<std::mutex> lk(impl_->mu);
      impl_->queue.push_back({token, dst, src, bytes});
    }
    impl_->queued.store(token, std::memory_order_seq_cst);
    if (impl_->helper_sleeping.load()) impl_->cv.notify_one();
    break;
  }
  case DmaKind::Prefetch: {
    // Touch the source lines now; cap so a huge transfer does not evict the
    // lines the kernel is computing on.
    const char *s = static_cast<const char *>(src);
    int64_t n = std::min<int64_t>(bytes, 1 << 20);
    for (int64_t off = 0; off < n; off += 64) __builtin_prefetch(s + off, 0, 3);
    impl_->deferred.push_back({token, dst, src, bytes});
    break;
  }
  }
  return token;
}

void DmaEngine::wait(int64_t token) {
  if (token <= 0) return;
  if (token > issued_) {
    detail::report_failure("DMA wait on context " + std::to_string(context_) +
                           " for token " + std::to_string(token) +
                           " that was never issued (last issued: " + std::to_string(issued_) + ")");
    return;
  }
  if (rec_) {
    flush_compute();
    ModelEvent e;
    e.kind = ModelEvent::DmaWait;
    e.token = token;
    rec_->push_back(e);
  }
  switch (kind_) {
  case DmaKind::Sync:
    return;
  case DmaKind::Prefetch:
    while (!impl_->deferred.empty() && impl_->deferred.front().token <= token) {
      Transfer t = impl_->deferred.front();
      impl_->deferred.pop_front();
      impl_->chaos_delay();
      if (t.bytes > 0) std::memcpy(t.dst, t.src, static_cast<size_t>(t.bytes));
      impl_->completed.store(t.token, std::memory_order_release);
    }
    return;
  case DmaKind::Async: {
    // Lost-wakeup race with a sleeping helper is impossible: start() checks
    // helper_sleeping after publishing `queued`, and the helper re-checks the
    // queue under the mutex before sleeping. Spin, then yield.
    // A transfer the helper has not started yet is copied by the waiter
    // itself: when the helper has no core of its own (more threads than
    // cores) waiting for it to be scheduled costs far more than the copy.
    int64_t t0 = now_ns();
    for (int i = 0; impl_->completed.load(std::memory_order_acquire) < token; ++i) {
      if (impl_->copy_mu.try_lock()) {
        Transfer t;
        while (impl_->completed.load(std::memory_order_acquire) < token && impl_->pop(t))
          impl_->copy(t);
        impl_->copy_mu.unlock();
        continue;
      }
      cpu_relax();
      if ((i & 63) == 63 && now_ns() - t0 > 2000) std::this_thread::yield();
    }
    return;
  }
  }
}

void DmaEngine::wait_all() { wait(issued_); }

void DmaEngine::end_range() {
  wait_all();
  if (rec_) flush_compute();
}

void DmaEngine::model_cost(int64_t mcycles, int64_t scalar_loads, int64_t vector_loads,
                           int64_t load_bytes, int64_t store_bytes) {
  if (!rec_) return;
  pending_.mcycles += mcycles;
  pending_.scalar_loads += scalar_loads;
  pending_.vector_loads += vector_loads;
  pending_.load_bytes += load_bytes;
  pending_.store_bytes += store_bytes;
}

void DmaEngine::flush_compute() {
  if (pending_.mcycles || pending_.scalar_loads || pending_.vector_loads ||
      pending_.load_bytes || pending_.store_bytes)
    rec_->push_back(pending_);
  pending_ = ModelEvent();
}

} // namespace te

// ---------------- C ABI ----------------

extern "C" int64_t te_rt_dma_start(void *engine, void *dst, const void *src, int64_t bytes) {
  if (!engine) {
    // No engine (a caller without a runtime launch): behave like Sync.
    if (bytes > 0 && dst && src) std::memcpy(dst, src, static_cast<size_t>(bytes));
    return 1;
  }
  if (!te::detail::dma_in_bounds(engine, dst, src, bytes))
    return 0; // reported; the transfer is skipped (token 0 waits for nothing)
  return static_cast<te::DmaEngine *>(engine)->start(dst, src, bytes);
}

extern "C" void te_rt_model_cost(void *engine, int64_t mcycles, int64_t scalar_loads,
                                 int64_t vector_loads, int64_t load_bytes,
                                 int64_t store_bytes) {
  // Only a recording engine (te::LaunchOptions::record) keeps the costs.
  if (engine)
    static_cast<te::DmaEngine *>(engine)->model_cost(mcycles, scalar_loads, vector_loads,
                                                     load_bytes, store_bytes);
}

extern "C" void te_rt_dma_wait(void *engine, int64_t token) {
  if (engine) static_cast<te::DmaEngine *>(engine)->wait(token);
}

