// The floating-point functions compiled kernels call on Hexagon: single
// precision square root (__hexagon_sqrtf), double division (__hexagon_divdf3),
// and libm's fma and floor on doubles. Each is correctly rounded (round to
// nearest, ties to even, as IEEE 754 requires of these operations) and
// computed with integer arithmetic only, so the result does not depend on
// how the emulator implements Hexagon's floating-point instructions.
// NaN results are quiet NaNs; their payload is not specified.
#include <stdint.h>

#include "te-hexagon/bits.h"

/// Rounds sign * sig * 2^exp (sig != 0; `sticky`: nonzero bits below sig
/// were dropped) to the nearest binary64, ties to even, with gradual
/// underflow and overflow to infinity.
static uint64_t pack_f64(uint64_t sign, int exp, uint64_t sig, int sticky) {
  int lead = __builtin_clzll(sig);
  sig <<= lead; // bit 63 set: the value is 1.f * 2^(exp - lead + 63)
  int biased = exp - lead + 63 + 1023;
  if (biased >= 2047)
    return sign | 0x7ff0000000000000ull;
  if (biased <= 0) { // subnormal: shift the significand into place
    int shift = 1 - biased;
    if (shift > 63) {
      sticky |= sig != 0;
      sig = 0;
    } else {
      sticky |= (sig & ((1ull << shift) - 1)) != 0;
      sig >>= shift;
    }
    biased = 1; // the encoding below then adds no exponent
  }
  // 53 kept bits (bit 63 down to 11), the round bit 10, the rest sticky.
  uint64_t bits = ((uint64_t)(biased - 1) << 52) + (sig >> 11);
  int round = (int)((sig >> 10) & 1);
  sticky |= (sig & 0x3ff) != 0;
  if (round && (sticky || (bits & 1)))
    ++bits; // a carry moves into the exponent, up to infinity
  return sign | bits;
}

/// The same for binary32.
static uint32_t pack_f32(uint32_t sign, int exp, uint64_t sig, int sticky) {
  int lead = __builtin_clzll(sig);
  sig <<= lead;
  int biased = exp - lead + 63 + 127;
  if (biased >= 255)
    return sign | 0x7f800000u;
  if (biased <= 0) {
    int shift = 1 - biased;
    if (shift > 63) {
      sticky |= sig != 0;
      sig = 0;
    } else {
      sticky |= (sig & ((1ull << shift) - 1)) != 0;
      sig >>= shift;
    }
    biased = 1;
  }
  uint32_t bits = ((uint32_t)(biased - 1) << 23) + (uint32_t)(sig >> 40);
  int round = (int)((sig >> 39) & 1);
  sticky |= (sig & ((1ull << 39) - 1)) != 0;
  if (round && (sticky || (bits & 1)))
    ++bits;
  return sign | bits;
}

/// Splits a finite nonzero double into sig * 2^exp with sig in [2^52, 2^53).
static uint64_t unpack_f64(uint64_t u, int *exp) {
  int e = (int)((u >> 52) & 0x7ff);
  uint64_t m = u & 0xfffffffffffffull;
  if (e == 0) { // subnormal: normalize
    int shift = __builtin_clzll(m) - 11;
    m <<= shift;
    *exp = 1 - 1075 - shift;
    return m;
  }
  *exp = e - 1075;
  return m | (1ull << 52);
}

static const uint64_t kF64QuietNan = 0x7ff8000000000000ull;

float __hexagon_sqrtf(float x) {
  uint32_t u = te_f32_bits(x);
  uint32_t mag = u & 0x7fffffffu;
  if (mag > 0x7f800000u)
    return te_f32_from(u | 0x00400000u); // NaN: quieted
  if (mag == 0)
    return x; // +-0
  if (u >> 31)
    return te_f32_from(0x7fc00000u); // negative
  if (mag == 0x7f800000u)
    return x; // +inf
  int e = (int)(mag >> 23);
  uint64_t m = mag & 0x7fffffu;
  int exp; // x = m * 2^exp
  if (e == 0) {
    exp = -149;
  } else {
    m |= 0x800000u;
    exp = e - 150;
  }
  // An even exponent, and 2 * 26 bits of integer so that the root has
  // 25 or more: 24 kept bits and a round bit; the remainder is the sticky.
  int lead = __builtin_clzll(m);
  int shift = lead - 11; // m's top bit to bit 52
  if ((exp - shift) & 1)
    ++shift;
  m <<= shift;
  exp -= shift;
  uint64_t root = 0, rem = m, bit = 1ull << 54;
  while (bit > rem)
    bit >>= 2;
  while (bit) {
    if (rem >= root + bit) {
      rem -= root + bit;
      root = (root >> 1) + bit;
    } else {
      root >>= 1;
    }
    bit >>= 2;
  }
  return te_f32_from(pack_f32(0, exp / 2, root, rem != 0));
}

double __hexagon_divdf3(double a, double b) {
  uint64_t ua = te_f64_bits(a), ub = te_f64_bits(b);
  uint64_t sign = (ua ^ ub) & 0x8000000000000000ull;
  uint64_t ma = ua & 0x7fffffffffffffffull, mb = ub & 0x7fffffffffffffffull;
  const uint64_t inf = 0x7ff0000000000000ull;
  if (ma > inf || mb > inf)
    return te_f64_from((ma > inf ? ua : ub) | 0x0008000000000000ull);
  if (ma == inf)
    return te_f64_from(mb == inf ? kF64QuietNan : sign | inf);
  if (mb == inf)
    return te_f64_from(sign);
  if (mb == 0)
    return te_f64_from(ma == 0 ? kF64QuietNan : sign | inf);
  if (ma == 0)
    return te_f64_from(sign);
  int ea, eb;
  uint64_t na = unpack_f64(ua, &ea), nb = unpack_f64(ub, &eb);
  int exp = ea - eb;
  if (na < nb) { // quotient in [1, 2) from here
    na <<= 1;
    --exp;
  }
  // 54 quotient bits: 53 kept and a round bit; the remainder is the sticky.
  uint64_t q = 0;
  for (int i = 0; i < 54; ++i) {
    q <<= 1;
    if (na >= nb) {
      na -= nb;
      q |= 1;
    }
    na <<= 1;
  }
  return te_f64_from(pack_f64(sign, exp - 53, q, na != 0));
}

double floor(double x) {
  uint64_t u = te_f64_bits(x);
  int e = (int)((u >> 52) & 0x7ff) - 1023;
  if (e >= 52) // integral already, inf, or NaN
    return e == 1024 && (u & 0xfffffffffffffull) ? te_f64_from(u | 0x0008000000000000ull) : x;
  if (e < 0) { // |x| < 1
    if ((u << 1) == 0)
      return x; // +-0
    return te_f64_from(u >> 63 ? 0xbff0000000000000ull : 0); // -1 or +0
  }
  uint64_t frac = 0xfffffffffffffull >> e;
  if ((u & frac) == 0)
    return x;
  if (u >> 63)
    u += frac + 1; // toward -inf: up in magnitude; a carry bumps the exponent
  return te_f64_from(u & ~frac);
}

// ---- fma: 128-bit integers as (hi, lo) ----

typedef struct {
  uint64_t hi, lo;
} u128;

static u128 mul64(uint64_t a, uint64_t b) {
  uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
  uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
  u128 r;
  r.lo = (mid << 32) | (uint32_t)p00;
  r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return r;
}

static u128 shl128(u128 v, int s) {
  if (s == 0)
    return v;
  u128 r;
  if (s >= 64) {
    r.hi = v.lo << (s - 64);
    r.lo = 0;
  } else {
    r.hi = (v.hi << s) | (v.lo >> (64 - s));
    r.lo = v.lo << s;
  }
  return r;
}

/// v >> s, the dropped bits ORed into bit 0 (a sticky bit).
static u128 shr128_sticky(u128 v, int s) {
  if (s == 0)
    return v;
  u128 r;
  int lost;
  if (s >= 128) {
    lost = (v.hi | v.lo) != 0;
    r.hi = r.lo = 0;
  } else if (s >= 64) {
    lost = v.lo != 0 || (s > 64 && (v.hi << (128 - s)) != 0);
    r.lo = s == 64 ? v.hi : v.hi >> (s - 64);
    r.hi = 0;
  } else {
    lost = (v.lo << (64 - s)) != 0;
    r.lo = (v.lo >> s) | (v.hi << (64 - s));
    r.hi = v.hi >> s;
  }
  r.lo |= (uint64_t)lost;
  return r;
}

static int less128(u128 a, u128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

static u128 add128(u128 a, u128 b) {
  u128 r;
  r.lo = a.lo + b.lo;
  r.hi = a.hi + b.hi + (r.lo < a.lo);
  return r;
}

static u128 sub128(u128 a, u128 b) {
  u128 r;
  r.lo = a.lo - b.lo;
  r.hi = a.hi - b.hi - (a.lo < b.lo);
  return r;
}

double fma(double a, double b, double c) {
  uint64_t ua = te_f64_bits(a), ub = te_f64_bits(b), uc = te_f64_bits(c);
  uint64_t ma = ua & 0x7fffffffffffffffull, mb = ub & 0x7fffffffffffffffull,
           mc = uc & 0x7fffffffffffffffull;
  const uint64_t inf = 0x7ff0000000000000ull, signBit = 0x8000000000000000ull;
  uint64_t sp = (ua ^ ub) & signBit, sc = uc & signBit;
  if (ma > inf || mb > inf || mc > inf)
    return te_f64_from((ma > inf ? ua : mb > inf ? ub : uc) | 0x0008000000000000ull);
  if (ma == inf || mb == inf) {
    if (ma == 0 || mb == 0)
      return te_f64_from(kF64QuietNan); // inf * 0
    if (mc == inf && sc != sp)
      return te_f64_from(kF64QuietNan); // inf - inf
    return te_f64_from(sp | inf);
  }
  if (mc == inf)
    return c;
  if (ma == 0 || mb == 0) { // an exact zero product: c, or a signed zero
    if (mc != 0)
      return c;
    return te_f64_from(sp == sc ? sp : 0); // +0 unless both are -0
  }
  int ea, eb, ec = 0;
  uint64_t na = unpack_f64(ua, &ea), nb = unpack_f64(ub, &eb);
  // The product's 105 or 106 bits at bit 125/126, c's 53 bits at bit 124:
  // both far above the rounding position, so bits shifted into the sticky
  // never change the rounding.
  u128 p = shl128(mul64(na, nb), 20);
  int ep = ea + eb - 20;
  if (mc == 0)
    return te_f64_from(pack_f64(sp, ep + 64, p.hi, p.lo != 0));
  uint64_t nc = unpack_f64(uc, &ec);
  u128 q = {nc << 8, 0}; // bit 52 -> bit 124
  int eq = ec - 72;
  int e;
  if (ep >= eq) {
    q = shr128_sticky(q, ep - eq > 200 ? 200 : ep - eq);
    e = ep;
  } else {
    p = shr128_sticky(p, eq - ep > 200 ? 200 : eq - ep);
    e = eq;
  }
  u128 sum;
  uint64_t sign;
  if (sp == sc) {
    sum = add128(p, q);
    sign = sp;
  } else if (less128(p, q)) {
    sum = sub128(q, p);
    sign = sc;
  } else {
    sum = sub128(p, q);
    sign = sp;
  }
  if (sum.hi == 0 && sum.lo == 0)
    return te_f64_from(0); // exact cancellation: +0
  if (sum.hi == 0) // the leading bits are all in lo
    return te_f64_from(pack_f64(sign, e, sum.lo, 0));
  int lead = __builtin_clzll(sum.hi);
  u128 top = shl128(sum, lead);
  return te_f64_from(pack_f64(sign, e + 64 - lead, top.hi, top.lo != 0));
}
