#include "triton-edge-rt/thread_pool.h"
#include "triton-edge-rt/timer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using te::ThreadPool;

TEST(Pool, StaticRangeCoversEveryIndexOnceInOrder) {
  for (int64_t n : {0, 1, 2, 7, 64, 1000, 1001}) {
    for (int k = 1; k <= 9; ++k) {
      int64_t expect_begin = 0;
      for (int i = 0; i < k; ++i) {
        auto r = ThreadPool::static_range(n, k, i);
        EXPECT_EQ(r.first, expect_begin) << n << " " << k << " " << i;
        EXPECT_GE(r.second, r.first);
        // Balanced: sizes differ by at most one.
        EXPECT_LE(r.second - r.first, n / k + 1);
        EXPECT_GE(r.second - r.first, n / k);
        expect_begin = r.second;
      }
      EXPECT_EQ(expect_begin, n);
    }
  }
}

TEST(Pool, RunsEveryContextOnce) {
  te::PoolOptions o;
  o.contexts = 2;
  ThreadPool pool(o);
  for (int k : {1, 2, 4, 8, 3}) { // 4 and 8 oversubscribe a 2-core machine, and grow the pool
    std::vector<std::atomic<int>> hits(k);
    for (auto &h : hits) h = 0;
    std::set<std::thread::id> ids;
    std::mutex mu;
    pool.run(k, [&](int ctx) {
      hits[ctx]++;
      std::lock_guard<std::mutex> lk(mu);
      ids.insert(std::this_thread::get_id());
    });
    for (int c = 0; c < k; ++c) EXPECT_EQ(hits[c].load(), 1) << "k=" << k << " ctx=" << c;
    EXPECT_EQ(static_cast<int>(ids.size()), k) << "each context is its own thread";
    EXPECT_GE(pool.contexts(), k);
  }
}

TEST(Pool, ContextZeroIsTheCaller) {
  ThreadPool pool;
  std::thread::id caller = std::this_thread::get_id(), ctx0;
  pool.run(2, [&](int ctx) {
    if (ctx == 0) ctx0 = std::this_thread::get_id();
  });
  EXPECT_EQ(ctx0, caller);
}

TEST(Pool, ParallelForCoversEachIdExactlyOnce) {
  ThreadPool pool;
  for (int k : {1, 2, 4, 8}) {
    for (int64_t n : {int64_t(1), int64_t(5), int64_t(8), int64_t(1000)}) {
      std::vector<std::atomic<int>> hits(n);
      for (auto &h : hits) h = 0;
      std::vector<int> owner(n, -1);
      int used = pool.parallel_for(n, k, [&](int ctx, int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) hits[i]++, owner[i] = ctx;
      });
      EXPECT_EQ(used, std::min<int64_t>(k, n));
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1) << "n=" << n << " k=" << k << " i=" << i;
      // Contiguous: owners are non-decreasing along the index space.
      for (int64_t i = 1; i < n; ++i) ASSERT_LE(owner[i - 1], owner[i]);
    }
  }
}

TEST(Pool, DynamicChunksCoverEachIdExactlyOnce) {
  ThreadPool pool;
  const int64_t n = 10007;
  std::vector<std::atomic<int>> hits(n);
  for (auto &h : hits) h = 0;
  std::atomic<int64_t> calls{0};
  pool.parallel_for_dynamic(n, 4, 100, [&](int, int64_t b, int64_t e) {
    EXPECT_LE(e - b, 100);
    calls++;
    for (int64_t i = b; i < e; ++i) hits[i]++;
  });
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(hits[i].load(), 1);
  EXPECT_EQ(calls.load(), (n + 99) / 100);
}

TEST(Pool, ZeroSizeIsNoOp) {
  ThreadPool pool;
  bool called = false;
  EXPECT_EQ(pool.parallel_for(0, 4, [&](int, int64_t, int64_t) { called = true; }), 0);
  EXPECT_EQ(pool.parallel_for_dynamic(0, 4, 8, [&](int, int64_t, int64_t) { called = true; }), 0);
  EXPECT_FALSE(called);
}

TEST(Pool, ManyDispatches) {
  ThreadPool pool;
  std::atomic<int64_t> sum{0};
  int64_t expect = 0;
  for (int i = 0; i < 3000; ++i) {
    int k = 1 + i % 8;
    pool.run(k, [&](int ctx) { sum += ctx + 1; });
    expect += int64_t(k) * (k + 1) / 2;
  }
  EXPECT_EQ(sum.load(), expect);
}

TEST(Pool, DispatchAfterWorkersWentToSleep) {
  te::PoolOptions o;
  o.spin_ns = 1000; // block almost at once
  ThreadPool pool(o);
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(std::chrono::microseconds(300));
    std::atomic<int> n{0};
    pool.run(4, [&](int) { n++; });
    ASSERT_EQ(n.load(), 4);
  }
}

// One word posts a job to every worker with how many of them run it: those
// left out (awake, spinning or asleep) must not run it, and must run the next
// job that includes them exactly once.
TEST(Pool, WorkersLeftOutOfAJobRunOnlyTheirOwn) {
  te::PoolOptions o;
  o.contexts = 8;
  o.spin_ns = 2000; // some jobs find workers asleep
  ThreadPool pool(o);
  for (int i = 0; i < 400; ++i) {
    int k = i % 3 == 0 ? 8 : 1 + i % 4;
    if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
    std::vector<std::atomic<int>> hits(8);
    for (auto &h : hits) h = 0;
    pool.run(k, [&](int ctx) { hits[ctx]++; });
    for (int c = 0; c < 8; ++c)
      ASSERT_EQ(hits[c].load(), c < k ? 1 : 0) << "job " << i << " k=" << k << " ctx=" << c;
  }
}

TEST(Pool, ExceptionInWorkerIsRethrownAndPoolStaysUsable) {
  ThreadPool pool;
  for (int rep = 0; rep < 20; ++rep) {
    std::atomic<int> ran{0};
    EXPECT_THROW(pool.run(4, [&](int ctx) {
      ran++;
      if (ctx == 2) throw std::runtime_error("boom in worker");
    }),
                 std::runtime_error);
    EXPECT_EQ(ran.load(), 4) << "every context still runs to the join";
    EXPECT_THROW(pool.run(3, [&](int ctx) {
      if (ctx == 0) throw std::logic_error("boom in caller");
    }),
                 std::logic_error);
    std::atomic<int> ok{0};
    pool.run(4, [&](int) { ok++; });
    EXPECT_EQ(ok.load(), 4);
  }
}

// Claiming jobs, mixed with ordinary ones (a late worker of a claiming job
// must not claim in a later job, nor skip an ordinary job that includes it),
// with workers awake and asleep: every context runs exactly once.
TEST(Pool, ClaimingRunsEveryContextOnce) {
  te::PoolOptions o;
  o.contexts = 4;
  o.spin_ns = 2000; // some jobs find workers asleep
  ThreadPool pool(o);
  for (int i = 0; i < 600; ++i) {
    int k = 1 + i % 6;
    if (i % 11 == 0) std::this_thread::sleep_for(std::chrono::microseconds(100));
    std::vector<std::atomic<int>> hits(6);
    for (auto &h : hits) h = 0;
    auto body = [&](int ctx) { hits[ctx]++; };
    if (i % 3 == 1) pool.run(k, body);
    else pool.run_claiming(k, body);
    for (int c = 0; c < 6; ++c)
      ASSERT_EQ(hits[c].load(), c < k ? 1 : 0) << "job " << i << " k=" << k << " ctx=" << c;
  }
}

// Workers asleep take tens of microseconds to wake; the caller, done with
// context 0 at once, runs the contexts no worker has claimed yet instead of
// waiting (the ordinary run never does: each context is its own thread).
TEST(Pool, ClaimingCallerRunsContextsNoWorkerClaimed) {
  te::PoolOptions o;
  o.contexts = 8;
  o.spin_ns = 1000;
  ThreadPool pool(o);
  std::thread::id caller = std::this_thread::get_id();
  int most_on_caller = 0;
  for (int rep = 0; rep < 50 && most_on_caller < 2; ++rep) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1)); // workers go to sleep
    std::atomic<int> on_caller{0}, ran{0};
    pool.run_claiming(8, [&](int) {
      // A worker's context takes 2 ms, the caller's none: the workers that
      // wake first cannot take every context before the caller asks.
      ran++;
      if (std::this_thread::get_id() == caller) on_caller++;
      else std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
    ASSERT_EQ(ran.load(), 8);
    most_on_caller = std::max(most_on_caller, on_caller.load());
  }
  EXPECT_GE(most_on_caller, 2) << "the caller never ran a context beyond its own";
}

TEST(Pool, ClaimingExceptionIsRethrownAndPoolStaysUsable) {
  ThreadPool pool;
  for (int rep = 0; rep < 20; ++rep) {
    std::atomic<int> ran{0};
    EXPECT_THROW(pool.run_claiming(4, [&](int ctx) {
      ran++;
      if (ctx == 2) throw std::runtime_error("boom in a claimed context");
    }),
                 std::runtime_error);
    EXPECT_EQ(ran.load(), 4) << "every context still runs to the join";
    std::atomic<int> ok{0};
    pool.run(4, [&](int) { ok++; });
    pool.run_claiming(4, [&](int) { ok++; });
    EXPECT_EQ(ok.load(), 8);
  }
}

TEST(Pool, NestedRunExecutesInline) {
  ThreadPool pool;
  std::atomic<int> inner{0};
  pool.run(2, [&](int) { pool.run(3, [&](int) { inner++; }); });
  EXPECT_EQ(inner.load(), 6);
}

TEST(Pool, ConcurrentCallersAreSerialized) {
  ThreadPool pool;
  std::atomic<int64_t> total{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 3; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 300; ++i) pool.run(3, [&](int) { total++; });
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(total.load(), 3 * 300 * 3);
}

TEST(Pool, PinningKeepsWorking) {
  te::PoolOptions o;
  o.pin = true;
  ThreadPool pool(o);
  EXPECT_TRUE(pool.pinned());
  std::atomic<int> n{0};
  pool.run(4, [&](int) { n++; });
  pool.set_pinning(false);
  pool.run(4, [&](int) { n++; });
  EXPECT_EQ(n.load(), 8);
}

TEST(Pool, CalibrationMeasuresEveryContextCount) {
  ThreadPool pool;
  pool.calibrate(3, 50);
  ASSERT_EQ(pool.dispatch_overhead_ns().size(), 4u);
  for (int k = 1; k <= 3; ++k) {
    EXPECT_GT(pool.dispatch_overhead_ns(k), 0.0);
    EXPECT_LT(pool.dispatch_overhead_ns(k), 50e6) << "an empty dispatch must not take 50 ms";
  }
  // Extrapolation past the calibrated range never shrinks.
  EXPECT_GE(pool.dispatch_overhead_ns(8), pool.dispatch_overhead_ns(3));
}
