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

TEST(CostModel, MemoryBoundScalesOnlyToMeasuredBandwidth) {
  te::CostModel m = synthetic(); // aggregate bandwidth = 4x one context
  auto info = info_with(1e6, 1);  // pure streaming
  double t4 = te::predict_ns(m, &info, 1000, 4), t8 = te::predict_ns(m, &info, 1000, 8);
  EXPECT_LE(t4, t8) << "8 contexts cannot beat the bandwidth limit that 4 already reach";
}
