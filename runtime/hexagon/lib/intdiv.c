// Integer division and remainder: Hexagon has no divide instruction, so
// LLVM calls these (compiler-rt's names and ABI). Restoring division over
// the quotient's bits only (cl0 aligns the divisor first), so x % 768 of a
// 20-bit index takes 11 steps, not 32 or 64. No `/` or `%` on variables in
// this file: it would call itself.
//
// A zero divisor gives the dividend as remainder and an all-ones unsigned
// quotient (RISC-V's answer); MIN / -1 wraps to MIN. Compiled kernels never
// divide so (triton-edge-define-arith-semantics defines those cases before
// code generation); the answers only keep these functions total.
#include <stdint.h>

// One restoring division for both widths (C has no templates): T is the
// unsigned type, CLZ its count-leading-zeros builtin.
#define TE_RESTORING_DIVISION(NAME, T, CLZ)                                                        \
  static T NAME(T n, T d, T *rem) {                                                                \
    if (d == 0) {                                                                                  \
      *rem = n;                                                                                    \
      return (T) ~(T)0;                                                                            \
    }                                                                                              \
    if (n < d) {                                                                                   \
      *rem = n;                                                                                    \
      return 0;                                                                                    \
    }                                                                                              \
    int steps = CLZ(d) - CLZ(n);                                                                   \
    d <<= steps;                                                                                   \
    T q = 0;                                                                                       \
    for (int i = 0; i <= steps; ++i) {                                                             \
      q <<= 1;                                                                                     \
      if (n >= d) {                                                                                \
        n -= d;                                                                                    \
        q |= 1;                                                                                    \
      }                                                                                            \
      d >>= 1;                                                                                     \
    }                                                                                              \
    *rem = n;                                                                                      \
    return q;                                                                                      \
  }

TE_RESTORING_DIVISION(udivmod32, uint32_t, __builtin_clz)
TE_RESTORING_DIVISION(restoring64, uint64_t, __builtin_clzll)

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem) {
  // Operands that fit 32 bits take the 32-bit loop (cheaper steps).
  if ((n >> 32) == 0 && (d >> 32) == 0) {
    uint32_t r32;
    uint32_t q32 = udivmod32((uint32_t)n, (uint32_t)d, &r32);
    *rem = r32;
    return d == 0 ? ~0ull : q32;
  }
  return restoring64(n, d, rem);
}

static uint32_t abs32(int32_t v) { return v < 0 ? 0u - (uint32_t)v : (uint32_t)v; }
static uint64_t abs64(int64_t v) { return v < 0 ? 0ull - (uint64_t)v : (uint64_t)v; }

uint32_t __hexagon_udivsi3(uint32_t n, uint32_t d) {
  uint32_t r;
  return udivmod32(n, d, &r);
}

uint32_t __hexagon_umodsi3(uint32_t n, uint32_t d) {
  uint32_t r;
  udivmod32(n, d, &r);
  return r;
}

int32_t __hexagon_divsi3(int32_t n, int32_t d) {
  uint32_t r, q = udivmod32(abs32(n), abs32(d), &r);
  return (int32_t)((n < 0) != (d < 0) ? 0u - q : q);
}

int32_t __hexagon_modsi3(int32_t n, int32_t d) {
  uint32_t r;
  udivmod32(abs32(n), abs32(d), &r);
  return (int32_t)(n < 0 ? 0u - r : r); // the remainder has the dividend's sign
}

uint64_t __hexagon_udivdi3(uint64_t n, uint64_t d) {
  uint64_t r;
  return udivmod64(n, d, &r);
}

uint64_t __hexagon_umoddi3(uint64_t n, uint64_t d) {
  uint64_t r;
  udivmod64(n, d, &r);
  return r;
}

int64_t __hexagon_divdi3(int64_t n, int64_t d) {
  uint64_t r, q = udivmod64(abs64(n), abs64(d), &r);
  return (int64_t)((n < 0) != (d < 0) ? 0ull - q : q);
}

int64_t __hexagon_moddi3(int64_t n, int64_t d) {
  uint64_t r;
  udivmod64(abs64(n), abs64(d), &r);
  return (int64_t)(n < 0 ? 0ull - r : r);
}
