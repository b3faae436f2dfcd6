// Floating-point conversion builtins that LLVM calls for f16/bf16 and that
// libgcc (Debian 12, GCC 12) lacks: f32/f64 -> bf16 everywhere (x86-64
// without AVX512-BF16 included), the f16 ones on riscv64. Compiled kernels
// must need only libtriton_edge_rt.so, so the runtime provides them (same
// names and ABI as compiler-rt). x86-64 keeps libgcc's f16 conversions.
#include "fp_convert.h"

#include <cstring>

namespace te::fp {

/// Rounds `x` to nearest-even in a binary format with `eb` exponent bits
/// and `mb` fraction bits (f16: 5/10, bf16: 8/7); returns its bits. Every
/// f32 is exactly a double, so one routine serves both source widths.
uint16_t narrow(double x, int eb, int mb) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  const uint32_t sign = uint32_t(u >> 63) << (eb + mb);
  const int e = int((u >> 52) & 0x7ff);
  const uint64_t frac = u & ((uint64_t(1) << 52) - 1);
  const int bias = (1 << (eb - 1)) - 1, emax = (1 << eb) - 1;
  if (e == 0x7ff) // inf, or a quiet NaN
    return uint16_t(sign | (uint32_t(emax) << mb) | (frac ? 1u << (mb - 1) : 0u));
  if (e == 0) // zero or a double subnormal: far below the smallest target value
    return uint16_t(sign);
  int te = e - 1023 + bias;
  uint64_t full = frac | (uint64_t(1) << 52);
  int shift = 52 - mb;
  if (te < 1) { // subnormal in the target format
    shift += 1 - te;
    te = 0;
  }
  if (shift > 63)
    return uint16_t(sign);
  uint64_t keep = full >> shift, rem = full & ((uint64_t(1) << shift) - 1);
  uint64_t half = uint64_t(1) << (shift - 1);
  if (rem > half || (rem == half && (keep & 1)))
    ++keep;
  // Normal: keep carries the implicit bit at position mb, so adding
  // (te - 1) << mb gives te << mb plus the fraction, and a rounding carry
  // moves into the exponent. Subnormal: keep is the encoding itself.
  uint64_t bits = te >= 1 ? (uint64_t(te - 1) << mb) + keep : keep;
  if (bits >= uint64_t(emax) << mb)
    bits = uint64_t(emax) << mb; // overflow to infinity
  return uint16_t(sign | uint32_t(bits));
}

float widen_half(uint16_t h) {
  const uint32_t sign = uint32_t(h >> 15) << 31;
  const int e = (h >> 10) & 31;
  const uint32_t m = h & 1023;
  uint32_t bits;
  if (e == 31)
    bits = sign | 0x7f800000u | (m << 13);
  else if (e == 0) {
    float v = float(m) * 0x1p-24f; // exact
    std::memcpy(&bits, &v, 4);
    bits |= sign;
  } else
    bits = sign | (uint32_t(e - 15 + 127) << 23) | (m << 13);
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

} // namespace te::fp

namespace {
using te::fp::narrow;
template <typename T> T fromBits(uint16_t bits) {
  T t;
  std::memcpy(&t, &bits, 2);
  return t;
}
} // namespace

extern "C" {
// Hexagon has no __bf16 type (LLVM converts bf16 inline there); the
// freestanding Hexagon runtime (runtime/hexagon) takes the f16 ones.
#if !defined(__hexagon__)
__attribute__((visibility("default"))) __bf16 __truncsfbf2(float x) {
  return fromBits<__bf16>(narrow(x, 8, 7));
}
__attribute__((visibility("default"))) __bf16 __truncdfbf2(double x) {
  return fromBits<__bf16>(narrow(x, 8, 7));
}
#endif
#if !defined(__x86_64__) && !defined(__i386__)
__attribute__((visibility("default"))) _Float16 __truncsfhf2(float x) {
  return fromBits<_Float16>(narrow(x, 5, 10));
}
__attribute__((visibility("default"))) _Float16 __truncdfhf2(double x) {
  return fromBits<_Float16>(narrow(x, 5, 10));
}
__attribute__((visibility("default"))) float __extendhfsf2(_Float16 h) {
  uint16_t bits;
  std::memcpy(&bits, &h, 2);
  return te::fp::widen_half(bits);
}
#endif
}
