#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/launch.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

using te::DmaEngine;
using te::DmaKind;

namespace {

const DmaKind kKinds[] = {DmaKind::Sync, DmaKind::Async, DmaKind::Prefetch};

constexpr int kTile = 256; // floats per tile

// Double-buffered pointwise kernel: out = 2 * in + 1. Each program handles 4
// tiles; tile t+1 is in flight while tile t is computed, in two buffers on
// the kernel's stack (ping-pong), like compiled DB code.
extern "C" void k_db(const te_launch *l, int64_t b, int64_t e) {
  const float *in = static_cast<const float *>(l->args[0]);
  float *out = static_cast<float *>(l->args[1]);
  alignas(64) float buf[2][kTile];
  for (int64_t p = b; p < e; ++p) {
    int64_t base = p * 4 * kTile;
    int64_t tok[2];
    tok[0] = te_rt_dma_start(l->dma, buf[0], in + base, kTile * sizeof(float));
    for (int t = 0; t < 4; ++t) {
      if (t + 1 < 4)
        tok[(t + 1) & 1] = te_rt_dma_start(l->dma, buf[(t + 1) & 1], in + base + (t + 1) * kTile,
                                           kTile * sizeof(float));
      te_rt_dma_wait(l->dma, tok[t & 1]);
      const float *x = buf[t & 1];
      for (int i = 0; i < kTile; ++i) out[base + t * kTile + i] = 2.0f * x[i] + 1.0f;
    }
  }
}

// The same, but forgets the wait: reads the buffer straight after start.
extern "C" void k_no_wait(const te_launch *l, int64_t b, int64_t e) {
  const float *in = static_cast<const float *>(l->args[0]);
  float *out = static_cast<float *>(l->args[1]);
  // Not on the stack: the transfer nobody waits for lands after this frame
  // is gone (the engine drains it at the end of the range).
  alignas(64) static thread_local float buf[kTile];
  for (int64_t p = b; p < e; ++p) {
    std::memset(buf, 0, kTile * sizeof(float));
    te_rt_dma_start(l->dma, buf, in + p * kTile, kTile * sizeof(float));
    for (int i = 0; i < kTile; ++i) out[p * kTile + i] = buf[i];
  }
}

bool run_db(DmaKind kind, int threads, uint64_t chaos, te_programs_fn fn, int tiles_per_program) {
  const int programs = 24;
  const int n = programs * tiles_per_program * kTile;
  std::vector<float> in(n), out(n, -7.0f);
  for (int i = 0; i < n; ++i) in[i] = static_cast<float>(i % 1013) * 0.5f;
  void *args[2] = {in.data(), out.data()};
  int32_t grid[3] = {programs, 1, 1};
  te::LaunchOptions o;
  o.threads = threads;
  o.dma = kind;
  o.chaos_seed = chaos;
  auto r = te::launch(fn, nullptr, args, nullptr, grid, o);
  EXPECT_TRUE(r.ok) << r.error;
  bool all = true;
  for (int i = 0; i < n; ++i)
    if (out[i] != (fn == k_db ? 2.0f * in[i] + 1.0f : in[i])) all = false;
  return all;
}

} // namespace

TEST(Dma, DoubleBufferedKernelCorrectForEveryEngine) {
  for (DmaKind kind : kKinds)
    for (int threads : {1, 2, 4, 8})
      EXPECT_TRUE(run_db(kind, threads, 0, k_db, 4)) << te::dma_kind_name(kind) << " threads " << threads;
}

TEST(Dma, ChaosModeCorrectWhenWaitsArePresent) {
  for (DmaKind kind : kKinds)
    for (uint64_t seed : {1ull, 42ull, 0xdeadbeefull})
      EXPECT_TRUE(run_db(kind, 4, seed, k_db, 4)) << te::dma_kind_name(kind) << " seed " << seed;
}

TEST(Dma, ChaosModeExposesAMissingWait) {
#ifdef TE_UNDER_TSAN
  GTEST_SKIP() << "the missing wait is a deliberate data race";
#else
  // Async with delays: the buffer is read before the copy lands.
  EXPECT_FALSE(run_db(DmaKind::Async, 2, 7, k_no_wait, 1));
  // Prefetch defers the copy to the wait: without it nothing arrives in time.
  EXPECT_FALSE(run_db(DmaKind::Prefetch, 2, 0, k_no_wait, 1));
  // Sync copies at start: a missing wait is harmless there.
  EXPECT_TRUE(run_db(DmaKind::Sync, 2, 7, k_no_wait, 1));
#endif
}

TEST(Dma, TokensIncreaseAndWaitCoversEarlierTransfers) {
  for (DmaKind kind : kKinds) {
    DmaEngine eng(kind, 0);
    eng.set_chaos(kind == DmaKind::Async ? 3 : 0, 50);
    const int N = 64;
    std::vector<std::vector<char>> src(N, std::vector<char>(1000)), dst(N, std::vector<char>(1000, 0));
    std::vector<int64_t> toks;
    for (int i = 0; i < N; ++i) {
      std::memset(src[i].data(), i + 1, 1000);
      toks.push_back(eng.start(dst[i].data(), src[i].data(), 1000));
      if (i) {
        EXPECT_EQ(toks[i], toks[i - 1] + 1);
      }
    }
    EXPECT_EQ(toks[0], 1);
    EXPECT_EQ(eng.issued(), N);
    eng.wait(toks[N / 2]);
    EXPECT_GE(eng.completed(), toks[N / 2]);
    // Waiting on token t means every transfer <= t has landed.
    for (int i = 0; i <= N / 2; ++i) {
      ASSERT_EQ(dst[i][999], char(i + 1)) << te::dma_kind_name(kind) << " " << i;
    }
    eng.wait_all();
    EXPECT_EQ(eng.completed(), N);
    for (int i = 0; i < N; ++i) ASSERT_EQ(dst[i][0], char(i + 1));
    // Tokens keep increasing across ranges.
    eng.end_range();
    char a = 5, b2 = 0;
    EXPECT_EQ(eng.start(&b2, &a, 1), N + 1);
    eng.wait(N + 1);
    EXPECT_EQ(b2, 5);
    EXPECT_EQ(eng.stats().transfers, N + 1);
  }
}

TEST(Dma, PrefetchDefersTheCopyToTheWait) {
  DmaEngine eng(DmaKind::Prefetch, 0);
  int src = 11, dst = 0;
  int64_t t = eng.start(&dst, &src, sizeof(int));
  EXPECT_EQ(dst, 0);
  eng.wait(t);
  EXPECT_EQ(dst, 11);
}

TEST(Dma, BadWaitAndBadStartAreReportedNotHung) {
  // Inside a launch the failure goes to the launch result.
  int32_t grid[3] = {1, 1, 1};
  te::LaunchOptions o;
  o.dma = DmaKind::Async;
  auto r = te::launch(
      [](const te_launch *l, int64_t, int64_t) { te_rt_dma_wait(l->dma, 1000); }, nullptr, nullptr,
      nullptr, grid, o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("never issued"), std::string::npos) << r.error;
  r = te::launch(
      [](const te_launch *l, int64_t, int64_t) {
        char c;
        EXPECT_EQ(te_rt_dma_start(l->dma, &c, nullptr, 1), 0);
      },
      nullptr, nullptr, nullptr, grid, o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("invalid DMA transfer"), std::string::npos) << r.error;
}

