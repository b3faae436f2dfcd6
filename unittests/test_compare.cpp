#include "triton-edge-rt/compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {
te::ArgComparison cmp_f32(std::vector<float> got, std::vector<float> exp) {
  return te::compare_arrays(got.data(), exp.data(), static_cast<int64_t>(got.size()), TE_F32,
                            te::default_tolerance(TE_F32));
}
} // namespace

TEST(Compare, Float32Tolerance) {
  EXPECT_TRUE(cmp_f32({1.0f, 100.0f, 0.0f}, {1.0f, 100.0f, 0.0f}).ok);
  EXPECT_TRUE(cmp_f32({1.000001f}, {1.0f}).ok) << "1e-6 relative is within float32 tolerance";
  EXPECT_TRUE(cmp_f32({1000.005f}, {1000.0f}).ok) << "5e-6 relative";
  EXPECT_FALSE(cmp_f32({1.0001f}, {1.0f}).ok) << "1e-4 relative must fail";
  EXPECT_TRUE(cmp_f32({5e-6f}, {0.0f}).ok) << "absolute tolerance near zero";
  EXPECT_FALSE(cmp_f32({5e-5f}, {0.0f}).ok);
  auto r = cmp_f32({1.0f, 2.0f, 3.5f, 4.0f}, {1.0f, 2.1f, 3.0f, 4.0f});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.mismatches, 2);
  EXPECT_EQ(r.first_mismatch, 1);
  EXPECT_NEAR(r.max_abs_err, 0.5, 1e-6);
  EXPECT_NEAR(r.max_rel_err, 0.5 / 3.0, 1e-6);
  EXPECT_FLOAT_EQ(static_cast<float>(r.got_at_first), 2.0f);
}

TEST(Compare, NaNAndInfinityRules) {
  EXPECT_TRUE(cmp_f32({NAN}, {NAN}).ok) << "NaN == NaN";
  EXPECT_FALSE(cmp_f32({NAN}, {1.0f}).ok) << "NaN where the oracle has a number";
  EXPECT_FALSE(cmp_f32({1.0f}, {NAN}).ok) << "a number where the oracle has NaN";
  EXPECT_TRUE(cmp_f32({INFINITY}, {INFINITY}).ok);
  EXPECT_FALSE(cmp_f32({-INFINITY}, {INFINITY}).ok);
  EXPECT_FALSE(cmp_f32({3e38f}, {INFINITY}).ok);
}

TEST(Compare, HalfPrecisionTolerance) {
  for (te_dtype t : {TE_F16, TE_BF16}) {
    auto enc = [&](float f) { return t == TE_F16 ? te::float_to_half(f) : te::float_to_bf16(f); };
    std::vector<uint16_t> exp = {enc(1.0f), enc(-3.0f)}, near = {enc(1.0078125f), enc(-3.0f)},
                          far = {enc(1.1f), enc(-3.0f)};
    auto tol = te::default_tolerance(t);
    EXPECT_TRUE(te::compare_arrays(near.data(), exp.data(), 2, t, tol).ok) << te::dtype_name(t);
    EXPECT_FALSE(te::compare_arrays(far.data(), exp.data(), 2, t, tol).ok) << te::dtype_name(t);
  }
}

TEST(Compare, IntegersExactIncludingBeyondDoublePrecision) {
  std::vector<int64_t> a = {1, 2, (int64_t(1) << 60) + 1}, b = {1, 2, (int64_t(1) << 60)};
  auto r = te::compare_arrays(a.data(), b.data(), 3, TE_I64, te::default_tolerance(TE_I64));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_mismatch, 2);
  std::vector<int32_t> c = {7, -7}, d = {7, -7};
  EXPECT_TRUE(te::compare_arrays(c.data(), d.data(), 2, TE_I32, te::default_tolerance(TE_I32)).ok);
  d[1] = -6;
  EXPECT_FALSE(te::compare_arrays(c.data(), d.data(), 2, TE_I32, te::default_tolerance(TE_I32)).ok);
  std::vector<uint8_t> x = {0, 2}, y = {0, 1};
  EXPECT_TRUE(te::compare_arrays(x.data(), y.data(), 2, TE_I1, te::default_tolerance(TE_I1)).ok)
      << "bools compare as zero/non-zero";
}

TEST(Compare, LineFormat) {
  auto r = cmp_f32({1.0f, 2.5f}, {1.0f, 2.0f});
  EXPECT_NE(r.line.find("FAIL"), std::string::npos) << r.line;
  EXPECT_NE(r.line.find("mismatches 1"), std::string::npos) << r.line;
  EXPECT_NE(r.line.find("got 2.5 expected 2"), std::string::npos) << r.line;
  auto ok = cmp_f32({1.0f}, {1.0f});
  EXPECT_NE(ok.line.find("ok"), std::string::npos) << ok.line;
}
