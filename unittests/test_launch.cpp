#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/c_api.h"
#include "triton-edge-rt/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

// Fake kernels with the te_programs_fn signature.

// args[0]: std::atomic<int>* hits (one per program), args[1]: int* context of each program.
extern "C" void k_mark(const te_launch *l, int64_t b, int64_t e) {
  auto *hits = static_cast<std::atomic<int> *>(l->args[0]);
  auto *owner = static_cast<int *>(l->args[1]);
  for (int64_t p = b; p < e; ++p) {
    hits[p]++;
    owner[p] = l->context;
  }
}

// args: in (float*), out (float*), n (int32 scalar). Block of 16 per program.
extern "C" void k_scale(const te_launch *l, int64_t b, int64_t e) {
  const float *in = static_cast<const float *>(l->args[0]);
  float *out = static_cast<float *>(l->args[1]);
  int32_t n = *static_cast<const int32_t *>(l->args[2]);
  for (int64_t p = b; p < e; ++p)
    for (int64_t i = p * 16; i < p * 16 + 16 && i < n; ++i) out[i] = 3.0f * in[i] + 1.0f;
}

// Program 3 fails an assertion; the rest do nothing.
extern "C" void k_assert3(const te_launch *l, int64_t b, int64_t e) {
  for (int64_t p = b; p < e; ++p) {
    int32_t x = static_cast<int32_t>(p % l->grid[0]);
    int32_t y = static_cast<int32_t>((p / l->grid[0]) % l->grid[1]);
    int32_t z = static_cast<int32_t>(p / (int64_t(l->grid[0]) * l->grid[1]));
    if (p == 3) te_rt_assert_fail("index out of bounds: 0 <= tmp4 < 64", "kernel.py", 31, x, y, z);
  }
}

// Program 3 fails an assertion guarding its write; every program that gets
// past its assert marks args[0][p].
extern "C" void k_assert3_then_write(const te_launch *l, int64_t b, int64_t e) {
  int32_t *hits = static_cast<int32_t *>(l->args[0]);
  for (int64_t p = b; p < e; ++p) {
    if (p == 3) te_rt_assert_fail("guard", "kernel.py", 7, static_cast<int32_t>(p), 0, 0);
    hits[p] = 1;
  }
}

// Each program copies 16 floats of args[0] into a stack tile by DMA,
// starting `l->numel[0] - 8` elements in: the last 8 are past the storage.
extern "C" void k_dma_past_end(const te_launch *l, int64_t b, int64_t e) {
  float *in = static_cast<float *>(l->args[0]);
  alignas(64) float tile[16];
  for (int64_t p = b; p < e; ++p)
    te_rt_dma_wait(l->dma, te_rt_dma_start(l->dma, tile, in + l->numel[0] - 8, 16 * sizeof(float)));
}

// The same transfer, inside the storage.
extern "C" void k_dma_inside(const te_launch *l, int64_t b, int64_t e) {
  float *in = static_cast<float *>(l->args[0]);
  alignas(64) float tile[16];
  for (int64_t p = b; p < e; ++p)
    te_rt_dma_wait(l->dma, te_rt_dma_start(l->dma, tile, in + l->numel[0] - 16, 16 * sizeof(float)));
}

// Every program checks its index against numel[0] like bounds-checked code.
extern "C" void k_bounds(const te_launch *l, int64_t b, int64_t e) {
  for (int64_t p = b; p < e; ++p) {
    int64_t idx = p * 10;
    if (idx >= l->numel[0])
      te_rt_bounds_fail(0, idx, l->numel[0], static_cast<int32_t>(p), 0, 0);
  }
}

extern "C" void k_throw(const te_launch *, int64_t b, int64_t e) {
  if (b <= 5 && 5 < e) throw std::runtime_error("kernel threw");
}

extern "C" void k_nop(const te_launch *, int64_t, int64_t) {}

const te_arg_info kMarkArgs[2] = {{1, TE_I32, "hits"}, {1, TE_I32, "owner"}};
const te_kernel_info kMarkInfo = {TE_ABI_VERSION, 2, kMarkArgs, "mark", 8, 1, 0, 0, 1};
const te_arg_info kBoundsArgs[1] = {{1, TE_F32, "in_ptr0"}};
const te_kernel_info kBoundsInfo = {TE_ABI_VERSION, 1, kBoundsArgs, "bounds", 8, 1, 0, 0, 1};

} // namespace

// args[0]: std::atomic<int>* hits per (program, chunk) of the largest split
// (8), args[1]: std::atomic<int>* the K each range saw (every context stores). Chunk c of K covers chunks
// [c*8/K, (c+1)*8/K) of the largest split.
extern "C" void k_split(const te_launch *l, int64_t b, int64_t e) {
  auto *hits = static_cast<std::atomic<int> *>(l->args[0]);
  auto *seen = static_cast<std::atomic<int> *>(l->args[1]);
  int64_t k = l->program_split > 1 ? l->program_split : 1;
  seen->store(static_cast<int>(k));
  for (int64_t v = b; v < e; ++v) {
    int64_t program = v / k, chunk = v % k;
    for (int64_t c = chunk * 8 / k; c < (chunk + 1) * 8 / k; ++c) hits[program * 8 + c]++;
  }
}
const te_arg_info kSplitArgs[2] = {{1, TE_I32, "hits"}, {1, TE_I32, "seen"}};
const te_kernel_info kSplitInfo = {TE_ABI_VERSION, 2, kSplitArgs, "split", 8, 1, 0, 0, 8};

// MT inside programs: the runtime picks K at launch from the contexts it
// uses (at most the kernel's program_split); without info, whole programs.
TEST(Launch, ProgramSplitIsChosenAtLaunch) {
  for (int threads : {1, 2, 3, 4, 16}) {
    for (int32_t gx : {1, 2, 5}) {
      int32_t grid[3] = {gx, 1, 1};
      std::vector<std::atomic<int>> hits(gx * 8);
      for (auto &h : hits) h = 0;
      std::atomic<int> seen{0};
      void *args[2] = {hits.data(), &seen};
      int64_t numel[2] = {gx * 8, 1};
      te::LaunchOptions o;
      o.threads = threads;
      te::LaunchResult r = te::launch(k_split, &kSplitInfo, args, numel, grid, o);
      ASSERT_TRUE(r.ok) << r.error;
      int expected = std::max(1, std::min(8, (threads + gx - 1) / gx));
      EXPECT_EQ(seen.load(), expected) << "threads " << threads << " grid " << gx;
      for (auto &h : hits) ASSERT_EQ(h.load(), 1);
      // Without info the launch runs whole programs: all the work, once.
      for (auto &h : hits) h = 0;
      r = te::launch(k_split, nullptr, args, numel, grid, o);
      ASSERT_TRUE(r.ok) << r.error;
      EXPECT_EQ(seen.load(), 1);
      for (auto &h : hits) ASSERT_EQ(h.load(), 1);
    }
  }
}

TEST(Launch, EveryProgramOnceContiguousPerContext) {
  for (int threads : {1, 2, 4, 8}) {
    for (int32_t gx : {1, 3, 17, 256}) {
      int32_t grid[3] = {gx, 2, 3};
      int64_t n = int64_t(gx) * 6;
      std::vector<std::atomic<int>> hits(n);
      for (auto &h : hits) h = 0;
      std::vector<int> owner(n, -1);
      void *args[2] = {hits.data(), owner.data()};
      int64_t numel[2] = {n, n};
      te::LaunchOptions o;
      o.threads = threads;
      te::LaunchResult r = te::launch(k_mark, &kMarkInfo, args, numel, grid, o);
      ASSERT_TRUE(r.ok) << r.error;
      EXPECT_EQ(r.threads_used, std::min<int64_t>(threads, n));
      for (int64_t p = 0; p < n; ++p) ASSERT_EQ(hits[p].load(), 1) << p;
      for (int64_t p = 1; p < n; ++p) ASSERT_LE(owner[p - 1], owner[p]);
      EXPECT_EQ(owner[n - 1], r.threads_used - 1);
    }
  }
}

TEST(Launch, DynamicChunks) {
  int32_t grid[3] = {1000, 1, 1};
  std::vector<std::atomic<int>> hits(1000);
  for (auto &h : hits) h = 0;
  std::vector<int> owner(1000, -1);
  void *args[2] = {hits.data(), owner.data()};
  te::LaunchOptions o;
  o.threads = 4;
  o.chunk = 7;
  auto r = te::launch(k_mark, &kMarkInfo, args, nullptr, grid, o);
  ASSERT_TRUE(r.ok) << r.error;
  for (auto &h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(Launch, ZeroSizeGridIsNoOp) {
  for (int d = 0; d < 3; ++d) {
    int32_t grid[3] = {4, 4, 4};
    grid[d] = 0;
    auto r = te::launch(k_throw, nullptr, nullptr, nullptr, grid, te::LaunchOptions());
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.threads_used, 0);
  }
}

TEST(Launch, InvalidArgumentsAreErrorsNotCrashes) {
  int32_t grid[3] = {-1, 1, 1};
  auto r = te::launch(k_nop, nullptr, nullptr, nullptr, grid, te::LaunchOptions());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("negative grid"), std::string::npos);
  int32_t g2[3] = {1, 1, 1};
  r = te::launch(nullptr, nullptr, nullptr, nullptr, g2, te::LaunchOptions());
  EXPECT_FALSE(r.ok);
  te_kernel_info bad = kMarkInfo;
  bad.abi_version = TE_ABI_VERSION + 7;
  r = te::launch(k_nop, &bad, nullptr, nullptr, g2, te::LaunchOptions());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("ABI version"), std::string::npos);
}

TEST(Launch, ComputesAcrossThreadCounts) {
  const int32_t n = 1000;
  std::vector<float> in(n), out(n);
  for (int i = 0; i < n; ++i) in[i] = static_cast<float>(i);
  int32_t nn = n;
  void *args[3] = {in.data(), out.data(), &nn};
  int64_t numel[3] = {n, n, 0};
  int32_t grid[3] = {(n + 15) / 16, 1, 1};
  for (int threads : {0, 1, 2, 4, 8}) {
    std::fill(out.begin(), out.end(), -1.0f);
    te::LaunchOptions o;
    o.threads = threads;
    auto r = te::launch(k_scale, nullptr, args, numel, grid, o);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_GE(r.threads_used, 1);
    for (int i = 0; i < n; ++i) ASSERT_EQ(out[i], 3.0f * i + 1.0f) << i;
  }
}

TEST(Launch, AssertionFailureIsReportedWithProgramAndLocation) {
  for (int threads : {1, 2, 4, 8}) {
    int32_t grid[3] = {5, 2, 1};
    te::LaunchOptions o;
    o.threads = threads;
    auto r = te::launch(k_assert3, nullptr, nullptr, nullptr, grid, o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "assertion failed in program (3, 0, 0) at kernel.py:31: index out of bounds: 0 <= tmp4 < 64");
    EXPECT_EQ(r.failures, 1);
    // Failure state is per launch: the next launch is clean.
    auto r2 = te::launch(k_nop, nullptr, nullptr, nullptr, grid, o);
    EXPECT_TRUE(r2.ok) << r2.error;
  }
}

TEST(Launch, FailedAssertionStopsTheProgramBeforeItsNextAccess) {
  for (int threads : {1, 2, 4}) {
    int32_t grid[3] = {8, 1, 1};
    std::vector<int32_t> hits(8, 0);
    void *args[1] = {hits.data()};
    int64_t numel[1] = {8};
    te::LaunchOptions o;
    o.threads = threads;
    auto r = te::launch(k_assert3_then_write, nullptr, args, numel, grid, o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "assertion failed in program (3, 0, 0) at kernel.py:7: guard");
    EXPECT_EQ(hits[3], 0) << "program 3 wrote after its failed assert";
    // Programs before it in its range, and other contexts' ranges, ran.
    for (int p = 0; p < 3; ++p) EXPECT_EQ(hits[p], 1) << p;
  }
}

TEST(Launch, CheckDmaReportsAndSkipsTransfersOutsideTheStorage) {
  std::vector<float> storage(64, 1.0f);
  void *args[1] = {storage.data()};
  int64_t numel[1] = {64};
  int32_t grid[3] = {4, 1, 1};
  for (auto kind : {te::DmaKind::Sync, te::DmaKind::Async}) {
    te::LaunchOptions o;
    o.dma = kind;
    o.threads = 2;
    o.check_dma = true;
    auto r = te::launch(k_dma_past_end, &kBoundsInfo, args, numel, grid, o);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.failures, 4);
    EXPECT_NE(r.error.find("out-of-bounds DMA transfer in context "), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("64 bytes, source elements [56, 72) of argument 0 (in_ptr0) not in [0, 64)"),
              std::string::npos) << r.error;
    auto ok = te::launch(k_dma_inside, &kBoundsInfo, args, numel, grid, o);
    EXPECT_TRUE(ok.ok) << ok.error;
  }
}

TEST(Launch, ProgramIdDecodingIn3D) {
  int32_t grid[3] = {2, 2, 2}; // linear 3 = (1, 1, 0)
  auto r = te::launch(k_assert3, nullptr, nullptr, nullptr, grid, te::LaunchOptions());
  EXPECT_EQ(r.error, "assertion failed in program (1, 1, 0) at kernel.py:31: index out of bounds: 0 <= tmp4 < 64");
}

TEST(Launch, BoundsFailureNamesTheArgument) {
  int32_t grid[3] = {9, 1, 1};
  float dummy[1];
  void *args[1] = {dummy};
  int64_t numel[1] = {75}; // program p touches p * 10: only program 8 is outside
  te::LaunchOptions o;
  o.threads = 4;
  auto r = te::launch(k_bounds, &kBoundsInfo, args, numel, grid, o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, "out-of-bounds access in program (8, 0, 0): argument 0 (in_ptr0) index 80 not in [0, 75)");
  EXPECT_EQ(r.failures, 1);
}

TEST(Launch, ManyFailuresAllCountedFirstKept) {
  int32_t grid[3] = {100, 1, 1};
  float dummy[1];
  void *args[1] = {dummy};
  int64_t numel[1] = {0}; // every program fails
  te::LaunchOptions o;
  o.threads = 4;
  auto r = te::launch(k_bounds, &kBoundsInfo, args, numel, grid, o);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failures, 100);
  EXPECT_EQ(r.error.rfind("out-of-bounds access in program (", 0), 0u) << r.error;
}

TEST(Launch, ExceptionInKernelIsAnErrorAndPoolRecovers) {
  int32_t grid[3] = {16, 1, 1};
  te::LaunchOptions o;
  o.threads = 4;
  auto r = te::launch(k_throw, nullptr, nullptr, nullptr, grid, o);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("kernel threw"), std::string::npos);
  auto r2 = te::launch(k_nop, nullptr, nullptr, nullptr, grid, o);
  EXPECT_TRUE(r2.ok);
}

TEST(Launch, ConcurrentLaunchesKeepTheirOwnFailures) {
  std::atomic<int> bad_ok{0}, good_fail{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        int32_t grid[3] = {8, 1, 1};
        te::LaunchOptions o;
        o.threads = 2;
        if (t % 2) {
          if (te::launch(k_assert3, nullptr, nullptr, nullptr, grid, o).ok) bad_ok++;
        } else {
          if (!te::launch(k_nop, nullptr, nullptr, nullptr, grid, o).ok) good_fail++;
        }
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(bad_ok.load(), 0);
  EXPECT_EQ(good_fail.load(), 0);
}

// What PyTorch does through the Python binding: several caller threads
// launching through the C API at once (one runtime, one pool), each on its
// own data, with failing launches among them. Every result is checked; TSan
// runs this (scripts/sanitizers.sh). TE_STRESS_LAUNCHES sets the launches per
// thread (default 400; 10,000 in the long mode of docs/python.md).
TEST(Launch, CallerThreadsLaunchThroughTheCApiConcurrently) {
  const char *env = std::getenv("TE_STRESS_LAUNCHES");
  const int perThread = env ? std::atoi(env) : 400;
  constexpr int kThreads = 8, kN = 1000;
  std::atomic<int> wrong{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      std::vector<float> in(kN), out(kN);
      int32_t n = kN;
      void *args[3] = {in.data(), out.data(), &n};
      int32_t grid[3] = {(kN + 15) / 16, 1, 1};
      char error[256];
      for (int i = 0; i < perThread; ++i) {
        for (int j = 0; j < kN; ++j)
          in[j] = static_cast<float>((t * 7919 + i * 31 + j) % 1021);
        int32_t threads = 1 + (t + i) % 4, used = 0;
        if (i % 5 == 4) { // a failing launch: its error, nobody else's
          int32_t g[3] = {8, 1, 1};
          if (te_rt_launch_c(k_assert3, nullptr, nullptr, nullptr, g, threads, TE_RT_DMA_SYNC, 0,
                             0, &used, error, sizeof error) != 1 ||
              std::string(error).find("assert") == std::string::npos)
            ++wrong;
          continue;
        }
        if (te_rt_launch_c(k_scale, nullptr, args, nullptr, grid, threads, TE_RT_DMA_SYNC, 0, 0,
                           &used, error, sizeof error) != 0) {
          ++wrong;
          continue;
        }
        for (int j = 0; j < kN; ++j)
          if (out[j] != 3.0f * in[j] + 1.0f) {
            ++wrong;
            break;
          }
      }
    });
  for (auto &t : ts) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

// te_rt_launch_request_c: the struct form of te_rt_launch_c, reused across
// launches with only the grid and the arguments rewritten (as the Python
// driver does), reporting errors and threads_used as the argument form does.
TEST(Launch, RequestStructLaunchesAndReportsLikeTheArgumentForm) {
  constexpr int kN = 100;
  std::vector<float> in(kN), out(kN, 0.0f);
  for (int i = 0; i < kN; ++i) in[i] = static_cast<float>(i);
  int32_t n = kN;
  void *args[3] = {in.data(), out.data(), &n};
  int32_t grid[3] = {(kN + 15) / 16, 1, 1};
  char error[256] = "stale";
  te_rt_launch_request r{};
  r.fn = k_scale;
  r.args = args;
  r.grid = grid;
  r.threads = 2;
  r.dma = TE_RT_DMA_SYNC;
  r.error = error;
  r.error_size = sizeof error;
  ASSERT_EQ(te_rt_launch_request_c(&r), 0) << error;
  EXPECT_STREQ(error, "");
  EXPECT_EQ(r.threads_used, 2);
  for (int i = 0; i < kN; ++i) ASSERT_EQ(out[i], 3.0f * in[i] + 1.0f) << i;
  // The same request again with a smaller grid: only the first program runs.
  std::fill(out.begin(), out.end(), 0.0f);
  grid[0] = 1;
  r.threads = 1;
  ASSERT_EQ(te_rt_launch_request_c(&r), 0) << error;
  EXPECT_EQ(r.threads_used, 1);
  EXPECT_EQ(out[15], 46.0f);
  EXPECT_EQ(out[16], 0.0f);
  // Errors: the argument form's checks and the kernel's assertion failures.
  r.threads = -1;
  EXPECT_EQ(te_rt_launch_request_c(&r), 1);
  EXPECT_NE(std::string(error).find("threads must be >= 0"), std::string::npos) << error;
  r.threads = 1;
  r.fn = k_assert3;
  r.args = nullptr;
  grid[0] = 8;
  EXPECT_EQ(te_rt_launch_request_c(&r), 1);
  EXPECT_NE(std::string(error).find("assert"), std::string::npos) << error;
  EXPECT_EQ(te_rt_launch_request_c(nullptr), 1);
}

TEST(Launch, FailureOutsideALaunchIsCounted) {
  int64_t before = te::unattached_failures();
  te_rt_assert_fail("stray", "x.py", 1, 0, 0, 0);
  EXPECT_EQ(te::unattached_failures(), before + 1);
}

TEST(Launch, ManyLaunchesStress) {
  const int32_t n = 4096;
  std::vector<float> in(n), out(n);
  for (int i = 0; i < n; ++i) in[i] = static_cast<float>(i % 97);
  int32_t nn = n;
  void *args[3] = {in.data(), out.data(), &nn};
  int32_t grid[3] = {n / 16, 1, 1};
  for (int i = 0; i < 1500; ++i) {
    te::LaunchOptions o;
    o.threads = 1 + i % 8;
    out[(i * 131) % n] = -5.0f;
    auto r = te::launch(k_scale, nullptr, args, nullptr, grid, o);
    ASSERT_TRUE(r.ok) << r.error;
    ASSERT_EQ(out[(i * 131) % n], 3.0f * in[(i * 131) % n] + 1.0f);
  }
}

// ---- streaming stores (te_launch.stream_stores) ----

// args[0]: std::atomic<int>* the stream_stores every range saw (OR of them),
// args[1]: std::atomic<int>* ranges run.
extern "C" void k_stream(const te_launch *l, int64_t, int64_t) {
  static_cast<std::atomic<int> *>(l->args[0])->fetch_or(l->stream_stores ? 1 : 2);
  static_cast<std::atomic<int> *>(l->args[1])->fetch_add(1);
}
const te_arg_info kStreamArgs[2] = {{1, TE_I32, "seen"}, {1, TE_I32, "ranges"}};

// What the kernel sees for a launch of 64 programs of `bytes` each.
static int streamSeen(double bytesPerProgram, int threads, te::StreamStores mode, std::string *error = nullptr) {
  const te_kernel_info info = {TE_ABI_VERSION, 2, kStreamArgs, "stream", bytesPerProgram, 1, 0, 0, 1};
  std::atomic<int> seen{0}, ranges{0};
  void *args[2] = {&seen, &ranges};
  int64_t numel[2] = {1, 1};
  int32_t grid[3] = {64, 1, 1};
  te::LaunchOptions o;
  o.threads = threads;
  o.stream = mode;
  te::LaunchResult r = te::launch(k_stream, &info, args, numel, grid, o);
  if (error) *error = r.error;
  return r.ok ? seen.load() : -1;
}

TEST(StreamStores, RuleIsEachContextsShareBeyondItsL2) {
  const int64_t l2 = 2 << 20;
  EXPECT_FALSE(te::stream_stores_pay(2 << 20, 1, l2)) << "fits the L2 exactly: keep it cached";
  EXPECT_TRUE(te::stream_stores_pay((2 << 20) + 1, 1, l2));
  EXPECT_FALSE(te::stream_stores_pay(32 << 20, 16, l2)) << "16 contexts, 2 MiB each";
  EXPECT_TRUE(te::stream_stores_pay(64 << 20, 16, l2)) << "16 contexts, 4 MiB each";
  EXPECT_FALSE(te::stream_stores_pay(1e12, 1, 0)) << "unknown L2: never";
  EXPECT_GT(te::stream_l2_bytes(), 0);
}

TEST(StreamStores, LaunchPassesTheDecisionToEveryRange) {
  unsetenv("TRITON_EDGE_STREAM_STORES");
  te::reread_launch_environment();
  const double l2 = static_cast<double>(te::stream_l2_bytes());
  for (int threads : {1, 2}) {
    EXPECT_EQ(streamSeen(8, threads, te::StreamStores::On), 1) << threads;
    EXPECT_EQ(streamSeen(l2, threads, te::StreamStores::Off), 2) << threads;
    // Auto: 64 programs of 8 bytes stay cached; of an L2 each, they stream.
    EXPECT_EQ(streamSeen(8, threads, te::StreamStores::Auto), 2) << threads;
    EXPECT_EQ(streamSeen(l2, threads, te::StreamStores::Auto), 1) << threads;
  }
}

TEST(StreamStores, EnvironmentOverridesAutoAndRejectsOtherValues) {
  const double l2 = static_cast<double>(te::stream_l2_bytes());
  setenv("TRITON_EDGE_STREAM_STORES", "off", 1);
  te::reread_launch_environment();
  EXPECT_EQ(streamSeen(l2, 1, te::StreamStores::Auto), 2);
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::On), 1) << "an explicit option wins";
  setenv("TRITON_EDGE_STREAM_STORES", "on", 1);
  te::reread_launch_environment();
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::Auto), 1);
  setenv("TRITON_EDGE_STREAM_STORES", "sometimes", 1);
  te::reread_launch_environment();
  std::string error;
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::Auto, &error), -1);
  EXPECT_NE(error.find("TRITON_EDGE_STREAM_STORES='sometimes': expected on, off or auto"), std::string::npos)
      << error;
  unsetenv("TRITON_EDGE_STREAM_STORES");
  te::reread_launch_environment();
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::Auto), 2);
  // Read once, not per launch: a change is seen after the next reread only.
  setenv("TRITON_EDGE_STREAM_STORES", "on", 1);
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::Auto), 2);
  te::reread_launch_environment();
  EXPECT_EQ(streamSeen(8, 1, te::StreamStores::Auto), 1);
  unsetenv("TRITON_EDGE_STREAM_STORES");
  te::reread_launch_environment();
}

// TRITON_EDGE_PIN decides, for launches through the C API (the Python
// binding), whether the global pool's workers are pinned; another value is
// an error of the launch, not a silent default. The environment is read once
// (reread_launch_environment reads it again).
TEST(PinEnv, CApiLaunchesFollowTheEnvironment) {
  std::string error;
  unsetenv("TRITON_EDGE_PIN");
  te::reread_launch_environment();
  EXPECT_FALSE(te::pin_env(false, &error));
  EXPECT_TRUE(te::pin_env(true, &error));
  EXPECT_TRUE(error.empty());
  auto nop = [](const te_launch *, int64_t, int64_t) {};
  const int32_t grid[3] = {4, 1, 1};
  char msg[256] = {0};
  setenv("TRITON_EDGE_PIN", "on", 1);
  te::reread_launch_environment();
  ASSERT_EQ(te_rt_launch_c(nop, nullptr, nullptr, nullptr, grid, 2, TE_RT_DMA_SYNC, 0, 0, nullptr,
                           msg, sizeof(msg)), 0) << msg;
  EXPECT_TRUE(te::ThreadPool::global().pinned());
  setenv("TRITON_EDGE_PIN", "off", 1);
  te::reread_launch_environment();
  ASSERT_EQ(te_rt_launch_c(nop, nullptr, nullptr, nullptr, grid, 2, TE_RT_DMA_SYNC, 0, 0, nullptr,
                           msg, sizeof(msg)), 0) << msg;
  EXPECT_FALSE(te::ThreadPool::global().pinned());
  setenv("TRITON_EDGE_PIN", "always", 1);
  te::reread_launch_environment();
  EXPECT_EQ(te_rt_launch_c(nop, nullptr, nullptr, nullptr, grid, 2, TE_RT_DMA_SYNC, 0, 0, nullptr,
                           msg, sizeof(msg)), 1);
  EXPECT_NE(std::string(msg).find("TRITON_EDGE_PIN='always': expected on or off"), std::string::npos)
      << msg;
  unsetenv("TRITON_EDGE_PIN");
  te::reread_launch_environment();
}
