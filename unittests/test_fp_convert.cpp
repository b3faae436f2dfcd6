// The f16/bf16 conversions the runtime provides to edge targets (riscv64's
// libgcc has none): checked here against the host compiler's own conversions,
// on every f16 value and on a sweep of f32 and f64 bit patterns that covers
// every exponent, subnormals, ties, overflow, infinities and NaN.
#include "../runtime/lib/fp_convert.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

namespace {
template <typename T> uint16_t bits(T v) {
  uint16_t b;
  std::memcpy(&b, &v, 2);
  return b;
}
float fromF32Bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}
// bf16 by the usual bit trick (independent of te::fp, and of __truncsfbf2,
// which the runtime itself provides on this host).
uint16_t bf16Reference(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u)
    return uint16_t((u >> 16) | 0x40);
  return uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}
bool bothNaN(uint16_t a, uint16_t b, int mb) {
  uint16_t expMask = uint16_t(((1u << (15 - mb)) - 1) << mb) & 0x7fff;
  auto isNaN = [&](uint16_t v) { return (v & expMask) == expMask && (v & ((1u << mb) - 1)); };
  return isNaN(a) && isNaN(b);
}

TEST(FpConvert, WidenEveryHalf) {
  for (uint32_t h = 0; h < 65536; ++h) {
    _Float16 v;
    uint16_t hb = uint16_t(h);
    std::memcpy(&v, &hb, 2);
    float want = float(v), got = te::fp::widen_half(hb);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << h;
      continue;
    }
    uint32_t a, b;
    std::memcpy(&a, &want, 4);
    std::memcpy(&b, &got, 4);
    ASSERT_EQ(a, b) << "half bits " << h;
  }
}

TEST(FpConvert, NarrowFloatSweep) {
  // Odd stride: about a million patterns, every exponent, many fractions.
  for (uint64_t i = 0; i < (uint64_t(1) << 32); i += 4099) {
    float f = fromF32Bits(uint32_t(i));
    uint16_t h = bits(_Float16(f)), bh = bf16Reference(f);
    uint16_t gh = te::fp::narrow(f, 5, 10), gb = te::fp::narrow(f, 8, 7);
    if (!bothNaN(h, gh, 10))
      ASSERT_EQ(h, gh) << "f16 of f32 bits " << i;
    if (!bothNaN(bh, gb, 7))
      ASSERT_EQ(bh, gb) << "bf16 of f32 bits " << i;
  }
  // Ties around f16 and bf16 rounding points, and the overflow boundary.
  for (float f : {1.0f + 0x1p-11f, 1.0f + 3 * 0x1p-11f, 65504.0f, 65520.0f, 65519.0f,
                  0x1p-25f, 0x1.8p-25f, 0x1p-24f, 1.0f + 0x1p-8f, 1.0f + 3 * 0x1p-8f,
                  -0.0f, INFINITY, -INFINITY}) {
    EXPECT_EQ(bits(_Float16(f)), te::fp::narrow(f, 5, 10)) << f;
    EXPECT_EQ(bf16Reference(f), te::fp::narrow(f, 8, 7)) << f;
  }
}

TEST(FpConvert, NarrowDoubleRoundsOnce) {
  // 1 + 2^-11 + 2^-40 is above the f16 tie: rounding to f32 first would give
  // the tie and round down (double rounding); one rounding goes up.
  double d = 1.0 + 0x1p-11 + 0x1p-40;
  EXPECT_EQ(te::fp::narrow(d, 5, 10), bits(_Float16(d)));
  EXPECT_EQ(te::fp::narrow(d, 5, 10), 0x3c01);
  for (uint64_t i = 0; i < (uint64_t(1) << 63); i += (uint64_t(1) << 44) + 12345) {
    double v;
    std::memcpy(&v, &i, 8);
    uint16_t want = bits(_Float16(v)), got = te::fp::narrow(v, 5, 10);
    if (!bothNaN(want, got, 10))
      ASSERT_EQ(want, got) << "f16 of f64 bits " << i;
  }
}
} // namespace
