#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/thread_pool.h"

#include <gtest/gtest.h>

namespace {
te_kernel_info info_with(double bytes, double ops) {
  te_kernel_info i{};
  i.abi_version = TE_ABI_VERSION;
  i.name = "k";
  i.bytes_per_program = bytes;
  i.ops_per_program = ops;
  return i;
}

// A synthetic 8-context machine: 2 us to dispatch 2 contexts, +0.5 us per extra one.
te::CostModel synthetic() {
  te::CostModel m;
  m.hw_contexts = 8;
  m.overhead_ns = {0, 30, 2000, 2500, 3000, 3500, 4000, 4500, 5000};
  m.ops_per_ns = 4.0;
  m.bytes_per_ns = 10.0;
  m.bytes_per_ns_all = 40.0;
  return m;
}
} // namespace

TEST(CostModel, MeasuredModelIsSane) {
  const te::CostModel &m = te::cost_model();
  EXPECT_GE(m.hw_contexts, 1);
  EXPECT_GT(m.ops_per_ns, 0.0);
  EXPECT_GT(m.bytes_per_ns, 0.0);
  EXPECT_GT(m.bytes_per_ns_all, 0.0);
  ASSERT_GE(m.overhead_ns.size(), 2u);
  for (size_t k = 1; k < m.overhead_ns.size(); ++k) EXPECT_GT(m.overhead_ns[k], 0.0);
}

TEST(CostModel, TinyProblemsUseOneContext) {
  auto tiny = info_with(64, 16);
  EXPECT_EQ(te::choose_threads(&tiny, 1, 0), 1);
  EXPECT_EQ(te::choose_threads(&tiny, 2, 0), 1);
  EXPECT_EQ(te::choose_threads(&tiny, 16, 0), 1);
  EXPECT_EQ(te::choose_threads(nullptr, 1000000, 0), 1) << "no estimates: stay serial";
  auto none = info_with(0, 0);
  EXPECT_EQ(te::choose_threads(&none, 1000000, 0), 1);
}

TEST(CostModel, LargeProblemsUseAllContextsWhenThereAreSeveral) {
  auto big = info_with(8192, 100000);
  int k = te::choose_threads(&big, 100000, 0);
  if (te::ThreadPool::hardware_contexts() >= 2) {
    EXPECT_GE(k, 2);
  }
  EXPECT_LE(k, te::ThreadPool::hardware_contexts());
  EXPECT_EQ(te::choose_threads(&big, 100000, 1), 1) << "max_threads caps";
}

TEST(CostModel, SyntheticMonotoneInProblemSize) {
  te::CostModel m = synthetic();
  for (double ops : {10.0, 1000.0, 100000.0}) {
    auto info = info_with(4 * ops, ops);
    int prev = 1;
    for (int64_t p = 1; p <= (int64_t(1) << 22); p *= 2) {
      int k = te::choose_threads(m, &info, p, 8);
      EXPECT_GE(k, prev) << "ops " << ops << " programs " << p;
      EXPECT_LE(k, std::min<int64_t>(p, 8));
      prev = k;
    }
    EXPECT_GT(prev, 1) << "a 4M-program launch must go parallel";
  }
  auto info = info_with(40, 10);
  EXPECT_EQ(te::choose_threads(m, &info, 8, 8), 1) << "80 ns of work never pays 2 us of dispatch";
}

TEST(CostModel, ChosenKIsPredictedFasterByTheMargin) {
  te::CostModel m = synthetic();
  auto info = info_with(400, 1000);
  for (int64_t p : {10, 100, 1000, 10000}) {
    int k = te::choose_threads(m, &info, p, 8);
    double t1 = te::predict_ns(m, &info, p, 1);
    double tk = te::predict_ns(m, &info, p, k);
    if (k > 1) {
      EXPECT_LT(tk, t1 * (1 - m.margin));
      EXPECT_GT(t1 - tk, m.min_gain_ns);
    }
  }
}

TEST(CostModel, MemoryBoundApproachesMeasuredBandwidth) {
  te::CostModel m = synthetic(); // aggregate bandwidth = 4x one context
  auto info = info_with(1e6, 1);  // pure streaming
  double t1 = te::predict_ns(m, &info, 1000, 1);
  double t4 = te::predict_ns(m, &info, 1000, 4), t8 = te::predict_ns(m, &info, 1000, 8);
  double limit = 1000 * 1e6 / m.bytes_per_ns_all; // all bytes at the aggregate bandwidth
  EXPECT_LT(t8, t4) << "more contexts keep approaching the limit (diminishing returns)";
  EXPECT_GT(t4, limit * 1.2) << "4 contexts do not reach the limit that is 4x one context";
  EXPECT_GE(t8, limit) << "no count beats the measured aggregate bandwidth";
  EXPECT_LT(t8, t1 / 3) << "but 8 contexts come within ~25% of it";
}

// ---- launch(threads = 0): decision cache, measured work scale, hot/cold ----

#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <vector>
#ifdef __linux__
#include <sched.h>
#endif

namespace {
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

void nop_programs(const te_launch *, int64_t, int64_t) {}

// Each program busy-waits `g_spin_ns`.
int64_t g_spin_ns = 0;
void spin_programs(const te_launch *, int64_t b, int64_t e) {
  for (int64_t p = b; p < e; ++p) {
    int64_t t0 = te::now_ns();
    while (te::now_ns() - t0 < g_spin_ns) te::cpu_relax();
  }
}

te::LaunchResult launch_auto(te_programs_fn fn, const te_kernel_info *info, int32_t programs) {
  int32_t grid[3] = {programs, 1, 1};
  te::LaunchOptions o;
  o.threads = 0;
  return te::launch(fn, info, nullptr, nullptr, grid, o);
}
} // namespace

TEST(AutoThreads, DecisionsAreCachedPerKernelAndProgramCount) {
  te::reset_auto_cache();
  auto info = info_with(64, 16);
  for (int i = 0; i < 200; ++i) {
    auto r = launch_auto(nop_programs, &info, 4);
    ASSERT_TRUE(r.ok);
    EXPECT_EQ(r.threads_used, 1) << "64 ns of work stays on one context";
  }
  te::AutoStats s = te::auto_stats();
  EXPECT_EQ(s.launches, 200);
  EXPECT_LE(s.timed, 5) << "only the first few 1-context launches are timed";
  // One decision, plus one per change of the measured scale while timing.
  EXPECT_LE(s.decisions, 1 + s.timed);
  for (int i = 0; i < 50; ++i) launch_auto(nop_programs, &info, 4);
  EXPECT_EQ(te::auto_stats().decisions, s.decisions) << "no new decision once measured";
  launch_auto(nop_programs, &info, 8);
  EXPECT_EQ(te::auto_stats().decisions, s.decisions + 1) << "a new program count decides again";
  // Fixed launches do not touch the auto machinery.
  int32_t grid[3] = {4, 1, 1};
  te::LaunchOptions one;
  one.threads = 1;
  te::launch(nop_programs, &info, nullptr, nullptr, grid, one);
  EXPECT_EQ(te::auto_stats().launches, s.launches + 51);
}

TEST(AutoThreads, AutoPathCostsAlmostNothingOverOneContext) {
  if (kSanitized) GTEST_SKIP() << "timing under a sanitizer";
  te::reset_auto_cache();
  auto info = info_with(64, 16);
  int32_t grid[3] = {1, 1, 1};
  te::LaunchOptions fixed, autom;
  fixed.threads = 1;
  autom.threads = 0;
  for (int i = 0; i < 100; ++i) te::launch(nop_programs, &info, nullptr, nullptr, grid, autom);
  const int reps = 3000;
  std::vector<double> tf, ta;
  for (int i = 0; i < reps; ++i) {
    int64_t a = te::now_ns();
    te::launch(nop_programs, &info, nullptr, nullptr, grid, fixed);
    int64_t b = te::now_ns();
    te::launch(nop_programs, &info, nullptr, nullptr, grid, autom);
    int64_t c = te::now_ns();
    tf.push_back(double(b - a));
    ta.push_back(double(c - b));
  }
  std::nth_element(tf.begin(), tf.begin() + reps / 2, tf.end());
  std::nth_element(ta.begin(), ta.begin() + reps / 2, ta.end());
  // A cached decision: no system call, calibration or allocation (was ~300 ns
  // with a sched_getaffinity per launch).
  EXPECT_LT(ta[reps / 2], tf[reps / 2] + 150) << "fixed " << tf[reps / 2] << " ns, auto "
                                              << ta[reps / 2] << " ns";
}

TEST(AutoThreads, MeasuredWorkCorrectsAnUnderestimate) {
  te::reset_auto_cache();
  // The compiler claims ~10 us per program; each program really takes 50 us.
  const te::CostModel &m = te::cost_model();
  auto info = info_with(0, 10.0 * m.ops_per_ns * 1000);
  g_spin_ns = 50000;
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(launch_auto(spin_programs, &info, 1).ok);
  double s = te::kernel_work_scale(&info);
  // 5x in truth; a loaded machine can only make the measurement longer, up
  // to the model's cap of 16.
  EXPECT_GT(s, 4.0) << "measured / estimated work";
  EXPECT_LE(s, 16.0);
  if (m.hw_contexts >= 2) {
    std::string model = "overhead[2] " + std::to_string(m.overhead_ns[2]) + " ns, scale " +
                        std::to_string(s);
    EXPECT_GE(te::choose_threads(&info, 8, 0), 2) << "400 us of work on 8 programs; " << model;
    // The first launch may find the workers asleep (cold: 1 context if the
    // wake-up outweighs the gain); the one right after it runs hot.
    launch_auto(spin_programs, &info, 8);
    auto r = launch_auto(spin_programs, &info, 8);
    // Hot workers: parallel. Workers found asleep (launches more than 150 us
    // apart) stay on 1 context only if the measured wake-up cost says so.
    int cold = te::choose_threads(m, &info, 8, m.hw_contexts, s, /*cold=*/true);
    EXPECT_TRUE(r.threads_used >= 2 || cold == 1)
        << model << ", used " << r.threads_used << ", cold choice " << cold;
  }
  g_spin_ns = 0;
}

TEST(AutoThreads, MeasuredWorkCorrectsAnOverestimate) {
  te::reset_auto_cache();
  auto info = info_with(0, 1e6); // claims tens of us per program, does nothing
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(launch_auto(nop_programs, &info, 1).ok);
  EXPECT_LE(te::kernel_work_scale(&info), 0.25 + 1e-9);
  EXPECT_EQ(te::kernel_work_scale(nullptr), 1.0);
}

TEST(AutoThreads, PinnedCallerStillUsesTheWorkers) {
#ifdef __linux__
  if (te::cost_model().hw_contexts < 2) GTEST_SKIP() << "one CPU";
  te::reset_auto_cache();
  cpu_set_t saved, one;
  ASSERT_EQ(sched_getaffinity(0, sizeof(saved), &saved), 0);
  CPU_ZERO(&one);
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &saved)) { CPU_SET(c, &one); break; }
  ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
  // 64 programs of ~1 ms estimated work: parallel by any measure.
  auto big = info_with(8192, 1000.0 * te::cost_model().ops_per_ns * 1000);
  int k = te::choose_threads(&big, 64, 0);
  auto r = launch_auto(nop_programs, &big, 64);
  sched_setaffinity(0, sizeof(saved), &saved);
  EXPECT_GE(k, 2) << "a pinned caller (one CPU in its mask) must not shrink the pool";
  EXPECT_EQ(r.threads_used, k);
#endif
}

TEST(CostModel, ColdChoiceIsOneOrTheHotChoice) {
  te::CostModel m = synthetic();
  m.cold_extra_ns = 50000;
  for (double ops : {100.0, 10000.0, 1000000.0}) {
    auto info = info_with(0, ops);
    for (int64_t p = 1; p <= 4096; p *= 2) {
      int hot = te::choose_threads(m, &info, p, 8, 1.0, false);
      int cold = te::choose_threads(m, &info, p, 8, 1.0, true);
      EXPECT_TRUE(cold == 1 || cold == hot) << ops << " ops, " << p << " programs";
      EXPECT_GT(te::predict_ns(m, &info, p, 2, 1.0, true), te::predict_ns(m, &info, p, 2, 1.0, false));
      EXPECT_EQ(te::predict_ns(m, &info, p, 1, 1.0, true), te::predict_ns(m, &info, p, 1, 1.0, false));
    }
  }
}

TEST(CostModel, MoreWorkNeverMeansFewerContexts) {
  te::CostModel m = synthetic();
  auto info = info_with(400, 1000);
  for (int64_t p : {2, 3, 8, 64, 1000}) {
    int prev = 1;
    for (double s : {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0}) {
      int k = te::choose_threads(m, &info, p, 8, s);
      EXPECT_GE(k, prev) << p << " programs, scale " << s;
      prev = k;
    }
  }
}

// ---- the Fixed (deterministic) auto mode ----

namespace {
// Restores the mode a test changed.
struct ModeGuard {
  te::AutoMode saved = te::auto_mode();
  ~ModeGuard() { te::set_auto_mode(saved); }
};
} // namespace

TEST(AutoMode, ParsesTheDocumentedNames) {
  te::AutoMode m = te::AutoMode::Measured;
  EXPECT_TRUE(te::parse_auto_mode("fixed", m));
  EXPECT_EQ(m, te::AutoMode::Fixed);
  EXPECT_TRUE(te::parse_auto_mode("measured", m));
  EXPECT_EQ(m, te::AutoMode::Measured);
  EXPECT_TRUE(te::parse_auto_mode("deterministic", m));
  EXPECT_EQ(m, te::AutoMode::Fixed);
  EXPECT_FALSE(te::parse_auto_mode("Fixed", m));
  EXPECT_FALSE(te::parse_auto_mode("", m));
  EXPECT_STREQ(te::auto_mode_name(te::AutoMode::Fixed), "fixed");
  EXPECT_STREQ(te::auto_mode_name(te::AutoMode::Measured), "measured");
}

TEST(AutoMode, FixedModelIsTheDocumentedConstants) {
  const te::CostModel &m = te::fixed_cost_model();
  EXPECT_EQ(m.hw_contexts, te::ThreadPool::global().hw_contexts());
  EXPECT_EQ(m.ops_per_ns, te::kFixedOpsPerNs);
  EXPECT_EQ(m.bytes_per_ns, te::kFixedBytesPerNs);
  EXPECT_EQ(m.bytes_per_ns_all, te::kFixedBytesPerNsAll);
  ASSERT_GE(m.overhead_ns.size(), 3u);
  EXPECT_EQ(m.overhead_ns[1], te::kFixedOverheadOneNs);
  EXPECT_EQ(m.overhead_ns[2], te::kFixedOverheadTwoNs);
  for (size_t k = 3; k < m.overhead_ns.size(); ++k)
    EXPECT_EQ(m.overhead_ns[k] - m.overhead_ns[k - 1], te::kFixedOverheadStepNs);
}

// The same kernel, program count and context limit give the same choice,
// whatever the kernel's launches measured before: nothing is timed, and the
// choice is the fixed model's with the compiler's estimates as they are.
TEST(AutoMode, FixedChoicesAreTheFixedModelsAndNeverMeasured) {
  ModeGuard guard;
  te::reset_auto_cache();
  // Claims 0.5 us per program under the fixed model; really takes 50 us.
  auto info = info_with(0, 0.5 * te::kFixedOpsPerNs * 1000);
  g_spin_ns = 50000;
  // Measured mode learns a work scale from these 1-context launches ...
  te::set_auto_mode(te::AutoMode::Measured);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(launch_auto(spin_programs, &info, 1).ok);
  EXPECT_GT(te::auto_stats().timed, 0);
  EXPECT_GT(te::kernel_work_scale(&info), 4.0);
  // ... which the fixed mode ignores: 2 programs of 0.5 us do not pay a
  // 1 us dispatch there (they would at the learned scale).
  te::set_auto_mode(te::AutoMode::Fixed);
  EXPECT_EQ(te::auto_mode(), te::AutoMode::Fixed);
  const te::CostModel &fm = te::fixed_cost_model();
  te::AutoStats before = te::auto_stats();
  for (int64_t p : {1, 2, 3, 8, 64}) {
    for (int maxc : {0, 1, 2, 4}) {
      int want = te::choose_threads(fm, &info, p, maxc, 1.0, false, 0.0);
      for (int rep = 0; rep < 3; ++rep)
        EXPECT_EQ(te::choose_threads(&info, p, maxc), want) << p << " programs, max " << maxc;
    }
    int want = te::choose_threads(fm, &info, p, fm.hw_contexts, 1.0, false, 0.0);
    for (int rep = 0; rep < 3; ++rep) {
      auto r = launch_auto(spin_programs, &info, static_cast<int32_t>(p));
      ASSERT_TRUE(r.ok) << r.error;
      EXPECT_EQ(r.threads_used, std::min<int64_t>(want, p)) << p << " programs, launch " << rep;
    }
  }
  te::AutoStats after = te::auto_stats();
  EXPECT_EQ(after.timed, before.timed) << "fixed mode times no launch";
  EXPECT_EQ(after.timed_parallel, before.timed_parallel);
  EXPECT_EQ(after.cold_choices, before.cold_choices) << "fixed mode reads no clock";
  EXPECT_EQ(te::choose_threads(&info, 2, 0), 1) << "1 us of fixed-model work on 2 programs";
  if (fm.hw_contexts >= 2)
    EXPECT_GE(te::choose_threads(&info, 64, 0), 2) << "32 us of fixed-model work on 64 programs";
  EXPECT_EQ(te::choose_threads(&info, 64, 1), 1) << "the context limit caps";
  g_spin_ns = 0;
}

TEST(AutoMode, SwitchingBackRestoresTheMeasuredModel) {
  ModeGuard guard;
  te::reset_auto_cache();
  auto info = info_with(64, 16);
  te::set_auto_mode(te::AutoMode::Fixed);
  ASSERT_TRUE(launch_auto(nop_programs, &info, 4).ok);
  te::set_auto_mode(te::AutoMode::Measured);
  te::AutoStats s = te::auto_stats();
  ASSERT_TRUE(launch_auto(nop_programs, &info, 4).ok);
  EXPECT_EQ(te::auto_stats().decisions, s.decisions + 1) << "a mode change decides again";
  EXPECT_EQ(te::auto_stats().timed, s.timed + 1) << "measured mode times its 1-context launches";
}
