// Launches on the team of an OpenMP runtime the process has loaded
// (launch_pool.h). Its own executable: loading libgomp here must not change
// where the launches of the other runtime tests run.
//
// PyTorch brings its own libgomp; this test stands in for it by loading the
// system's libgomp.so.1 itself (Debian's libgomp1) before launching, which
// is all the runtime can see of torch: a loaded library exporting
// GOMP_parallel.
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/launch_pool.h"
#include "triton-edge-rt/c_api.h"
#include "triton-edge-rt/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using OmpQuery = int (*)();
std::atomic<OmpQuery> g_omp_in_parallel{nullptr};

// Loads the system's libgomp (what importing torch does) and keeps its
// omp_in_parallel for the kernels below.
void load_libgomp() {
  void *h = dlopen("libgomp.so.1", RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(h, nullptr) << "libgomp.so.1 (Debian's libgomp1): " << dlerror();
  g_omp_in_parallel = reinterpret_cast<OmpQuery>(dlsym(h, "omp_in_parallel"));
  ASSERT_NE(g_omp_in_parallel.load(), nullptr);
}

// args[0]: std::atomic<int>* hits per program, args[1]: int* context of each
// program, args[2]: int* whether it ran inside an OpenMP parallel region.
extern "C" void k_mark_team(const te_launch *l, int64_t b, int64_t e) {
  auto *hits = static_cast<std::atomic<int> *>(l->args[0]);
  auto *owner = static_cast<int *>(l->args[1]);
  auto *in_team = static_cast<int *>(l->args[2]);
  OmpQuery q = g_omp_in_parallel.load();
  for (int64_t p = b; p < e; ++p) {
    hits[p]++;
    owner[p] = l->context;
    in_team[p] = q ? q() : -1;
  }
}

// out[i] = 3 in[i] + 1 over 16 floats per program (args: in, out, n).
extern "C" void k_scale16(const te_launch *l, int64_t b, int64_t e) {
  const float *in = static_cast<const float *>(l->args[0]);
  float *out = static_cast<float *>(l->args[1]);
  int32_t n = *static_cast<const int32_t *>(l->args[2]);
  for (int64_t p = b; p < e; ++p)
    for (int64_t i = p * 16; i < p * 16 + 16 && i < n; ++i) out[i] = 3.0f * in[i] + 1.0f;
}

extern "C" void k_assert5(const te_launch *, int64_t b, int64_t e) {
  for (int64_t p = b; p < e; ++p)
    if (p == 5) te_rt_assert_fail("guard", "kernel.py", 9, static_cast<int32_t>(p), 0, 0);
}

extern "C" void k_throw7(const te_launch *, int64_t b, int64_t e) {
  if (b <= 7 && 7 < e) throw std::runtime_error("kernel threw");
}

// A kernel that launches k_mark_team with 4 contexts from inside (args: the
// inner arguments, then int* the inner launch's contexts).
extern "C" void k_nested(const te_launch *l, int64_t b, int64_t e) {
  for (int64_t p = b; p < e; ++p) {
    if (p != 0) continue;
    const int32_t grid[3] = {8, 1, 1};
    te::LaunchOptions o;
    o.threads = 4;
    te::LaunchResult r = te::launch(k_mark_team, nullptr, l->args, nullptr, grid, o);
    *static_cast<int *>(l->args[3]) = r.ok ? r.threads_used : -1;
  }
}

struct Marks {
  std::vector<std::atomic<int>> hits;
  std::vector<int> owner, in_team;
  explicit Marks(int n) : hits(n), owner(n, -1), in_team(n, -1) {
    for (auto &h : hits) h = 0;
  }
  void *args[4] = {nullptr, nullptr, nullptr, nullptr};
  void *const *arg_array() {
    args[0] = hits.data();
    args[1] = owner.data();
    args[2] = in_team.data();
    return args;
  }
};

te::LaunchResult launch_marks(Marks &m, int programs, int threads) {
  const int32_t grid[3] = {programs, 1, 1};
  te::LaunchOptions o;
  o.threads = threads;
  return te::launch(k_mark_team, nullptr, m.arg_array(), nullptr, grid, o);
}

} // namespace

// First of all (set_launch_pool, which the later tests call, overrides the
// environment for the rest of the process), before libgomp is loaded.
TEST(OpenMPPool, EnvironmentChoosesThePoolReadOnceAndRejectsOtherValues) {
  if (te::loaded_openmp_runtime()) GTEST_SKIP() << "an earlier test of this process loaded libgomp";
  Marks m(16);
  setenv("TRITON_EDGE_POOL", "openmp", 1);
  te::reread_launch_environment();
  te::LaunchResult r = launch_marks(m, 16, 2);
  EXPECT_FALSE(r.ok) << "openmp asked for, none loaded";
  EXPECT_NE(r.error.find("no OpenMP runtime"), std::string::npos) << r.error;
  setenv("TRITON_EDGE_POOL", "own", 1);
  te::reread_launch_environment();
  EXPECT_TRUE(launch_marks(m, 16, 2).ok);
  EXPECT_EQ(te::launch_pool_report(), "own");
  setenv("TRITON_EDGE_POOL", "sometimes", 1);
  EXPECT_TRUE(launch_marks(m, 16, 2).ok) << "read once: the change is not seen yet";
  te::reread_launch_environment();
  r = launch_marks(m, 16, 1);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("TRITON_EDGE_POOL='sometimes': expected auto, own or openmp"), std::string::npos)
      << r.error;
  char text[256];
  EXPECT_EQ(te_rt_launch_pool_c(text, sizeof(text)), -1);
  EXPECT_NE(std::string(text).find("TRITON_EDGE_POOL='sometimes'"), std::string::npos) << text;
  unsetenv("TRITON_EDGE_POOL");
  te::reread_launch_environment();
}

// First (in one process, before any test loads libgomp): nothing loaded, so
// auto is the own pool and openmp is an error of multi-context launches.
TEST(OpenMPPool, WithoutALoadedRuntimeAutoIsTheOwnPool) {
  if (te::loaded_openmp_runtime()) GTEST_SKIP() << "an earlier test of this process loaded libgomp";
  te::set_launch_pool(te::PoolChoice::Auto);
  EXPECT_EQ(te::launch_pool_report(), "own");
  Marks m(16);
  te::LaunchResult r = launch_marks(m, 16, 2);
  ASSERT_TRUE(r.ok) << r.error;
  te::set_launch_pool(te::PoolChoice::OpenMP);
  r = launch_marks(m, 16, 2);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("no OpenMP runtime (libgomp, libomp, libiomp5) is loaded"), std::string::npos)
      << r.error;
  EXPECT_TRUE(launch_marks(m, 16, 1).ok) << "one context needs no pool";
  te::set_launch_pool(te::PoolChoice::Auto);
}

TEST(OpenMPPool, AutoFindsTheLoadedLibgompAndRunsEveryContextOnItsTeam) {
  load_libgomp();
  te::set_launch_pool(te::PoolChoice::Auto);
  const te::OpenMPRuntime *omp = te::loaded_openmp_runtime();
  ASSERT_NE(omp, nullptr);
  EXPECT_NE(omp->library.find("libgomp.so.1"), std::string::npos) << omp->library;
  EXPECT_EQ(te::launch_pool_report(), "openmp " + omp->library);
  char text[512];
  EXPECT_EQ(te_rt_launch_pool_c(text, sizeof(text)), 1);
  EXPECT_EQ(std::string(text), "openmp " + omp->library);
  for (int threads : {2, 3, 4, 8}) {
    Marks m(37);
    te::LaunchResult r = launch_marks(m, 37, threads);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.threads_used, threads);
    for (int p = 0; p < 37; ++p) {
      EXPECT_EQ(m.hits[p].load(), 1) << threads << " " << p;
      EXPECT_EQ(m.in_team[p], 1) << "program " << p << " ran outside the OpenMP team";
      // The same static ranges as on the own pool: context c runs range c.
      auto range = te::ThreadPool::static_range(37, threads, m.owner[p]);
      EXPECT_TRUE(range.first <= p && p < range.second) << threads << " " << p;
    }
  }
  // One context runs on the caller, outside any team, as before.
  Marks one(8);
  ASSERT_TRUE(launch_marks(one, 8, 1).ok);
  for (int p = 0; p < 8; ++p) EXPECT_EQ(one.in_team[p], 0);
  // own: the own pool again, with libgomp loaded.
  EXPECT_EQ(te_rt_set_launch_pool_c("own"), 0);
  EXPECT_EQ(te_rt_launch_pool_c(text, sizeof(text)), 0);
  EXPECT_STREQ(text, "own");
  Marks own(16);
  ASSERT_TRUE(launch_marks(own, 16, 2).ok);
  for (int p = 0; p < 16; ++p) EXPECT_EQ(own.in_team[p], 0);
  EXPECT_EQ(te_rt_set_launch_pool_c("sometimes"), 1);
  te::set_launch_pool(te::PoolChoice::Auto);
}

TEST(OpenMPPool, ResultsAreTheOwnPoolsBitForBit) {
  load_libgomp();
  const int32_t n = 16 * 301 + 5;
  std::vector<float> in(n);
  for (int i = 0; i < n; ++i) in[i] = 0.001f * static_cast<float>(i * 7919 % 1013) - 0.5f;
  for (int threads : {1, 2, 4, 7}) {
    for (int64_t chunk : {0, 3}) {
      std::vector<float> out_own(n, -1.0f), out_omp(n, -2.0f);
      int32_t nn = n;
      const int32_t grid[3] = {(n + 15) / 16, 1, 1};
      te::LaunchOptions o;
      o.threads = threads;
      o.chunk = chunk;
      void *own_args[3] = {in.data(), out_own.data(), &nn};
      void *omp_args[3] = {in.data(), out_omp.data(), &nn};
      te::set_launch_pool(te::PoolChoice::Own);
      te::LaunchResult a = te::launch(k_scale16, nullptr, own_args, nullptr, grid, o);
      te::set_launch_pool(te::PoolChoice::OpenMP);
      te::LaunchResult b = te::launch(k_scale16, nullptr, omp_args, nullptr, grid, o);
      ASSERT_TRUE(a.ok && b.ok) << a.error << b.error;
      EXPECT_EQ(a.threads_used, b.threads_used);
      EXPECT_EQ(std::memcmp(out_own.data(), out_omp.data(), n * sizeof(float)), 0)
          << threads << " contexts, chunk " << chunk;
      EXPECT_EQ(out_omp[n - 1], 3.0f * in[n - 1] + 1.0f);
    }
  }
  te::set_launch_pool(te::PoolChoice::Auto);
}

TEST(OpenMPPool, FailuresAreReportedAsOnTheOwnPool) {
  load_libgomp();
  const int32_t grid[3] = {16, 1, 1};
  te::LaunchOptions o;
  o.threads = 4;
  for (auto fn : {k_assert5, k_throw7}) {
    te::set_launch_pool(te::PoolChoice::Own);
    te::LaunchResult own = te::launch(fn, nullptr, nullptr, nullptr, grid, o);
    te::set_launch_pool(te::PoolChoice::OpenMP);
    te::LaunchResult omp = te::launch(fn, nullptr, nullptr, nullptr, grid, o);
    EXPECT_FALSE(own.ok);
    EXPECT_FALSE(omp.ok);
    EXPECT_EQ(omp.error, own.error);
    EXPECT_EQ(omp.failures, own.failures);
  }
  // The team stays usable after a failed launch.
  Marks m(16);
  ASSERT_TRUE(launch_marks(m, 16, 4).ok);
  for (int p = 0; p < 16; ++p) EXPECT_EQ(m.hits[p].load(), 1);
  te::set_launch_pool(te::PoolChoice::Auto);
}

// An exception out of a context never leaves the parallel region (libgomp
// would terminate): every context still runs, and the first one is rethrown
// after the join.
TEST(OpenMPPool, TeamRethrowsTheFirstExceptionAfterEveryContextRan) {
  load_libgomp();
  const te::OpenMPRuntime *omp = te::loaded_openmp_runtime();
  ASSERT_NE(omp, nullptr);
  struct Job {
    std::atomic<int> ran{0};
  } job;
  auto fn = [](void *a, int ctx) {
    static_cast<Job *>(a)->ran++;
    if (ctx == 2) throw std::runtime_error("context 2 failed");
  };
  try {
    te::run_on_openmp_team(*omp, 6, fn, &job);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "context 2 failed");
  }
  EXPECT_EQ(job.ran.load(), 6);
}

TEST(OpenMPPool, NestedLaunchesStayOnOneContext) {
  load_libgomp();
  te::set_launch_pool(te::PoolChoice::OpenMP);
  Marks m(8);
  int inner_threads = 0;
  void *const *inner = m.arg_array();
  void *args[4] = {inner[0], inner[1], inner[2], &inner_threads};
  const int32_t grid[3] = {4, 1, 1};
  te::LaunchOptions o;
  o.threads = 2;
  te::LaunchResult r = te::launch(k_nested, nullptr, args, nullptr, grid, o);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(inner_threads, 1);
  for (int p = 0; p < 8; ++p) EXPECT_EQ(m.hits[p].load(), 1);
  te::set_launch_pool(te::PoolChoice::Auto);
}
