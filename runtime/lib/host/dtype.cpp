#include "triton-edge-rt/dtype.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace te {

int64_t dtype_size(te_dtype t) {
  switch (t) {
  case TE_I1: case TE_I8: case TE_U8: return 1;
  case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ: case TE_F8E4B15: return 1;
  case TE_I16: case TE_U16: case TE_F16: case TE_BF16: return 2;
  case TE_I32: case TE_U32: case TE_F32: return 4;
  case TE_I64: case TE_U64: case TE_F64: return 8;
  }
  throw Error("unknown te_dtype " + std::to_string(static_cast<int>(t)));
}

const char *dtype_name(te_dtype t) {
  switch (t) {
  case TE_I1: return "bool";
  case TE_I8: return "int8";
  case TE_I16: return "int16";
  case TE_I32: return "int32";
  case TE_I64: return "int64";
  case TE_U8: return "uint8";
  case TE_U16: return "uint16";
  case TE_U32: return "uint32";
  case TE_U64: return "uint64";
  case TE_F16: return "float16";
  case TE_BF16: return "bfloat16";
  case TE_F32: return "float32";
  case TE_F64: return "float64";
  case TE_F8E4M3FN: return "float8_e4m3fn";
  case TE_F8E5M2: return "float8_e5m2";
  case TE_F8E4M3FNUZ: return "float8_e4m3fnuz";
  case TE_F8E5M2FNUZ: return "float8_e5m2fnuz";
  case TE_F8E4B15: return "float8e4b15";
  }
  return "unknown";
}

te_dtype dtype_from_name(const std::string &n) {
  static const struct { const char *name; te_dtype t; } table[] = {
      {"bool", TE_I1},     {"int8", TE_I8},       {"int16", TE_I16},   {"int32", TE_I32},
      {"int64", TE_I64},   {"uint8", TE_U8},      {"uint16", TE_U16},  {"uint32", TE_U32},
      {"uint64", TE_U64},  {"float16", TE_F16},   {"half", TE_F16},    {"bfloat16", TE_BF16},
      {"float32", TE_F32}, {"float", TE_F32},     {"float64", TE_F64}, {"double", TE_F64},
      {"float8_e4m3fn", TE_F8E4M3FN}, {"float8_e5m2", TE_F8E5M2},
      {"float8_e4m3fnuz", TE_F8E4M3FNUZ}, {"float8_e5m2fnuz", TE_F8E5M2FNUZ},
      {"float8e4b15", TE_F8E4B15},
  };
  std::string s = n.rfind("torch.", 0) == 0 ? n.substr(6) : n;
  for (auto &e : table)
    if (s == e.name) return e.t;
  throw Error("unknown dtype name '" + n + "'");
}

bool dtype_is_float(te_dtype t) {
  return t == TE_F16 || t == TE_BF16 || t == TE_F32 || t == TE_F64 || dtype_is_fp8(t);
}

bool dtype_is_fp8(te_dtype t) {
  return t == TE_F8E4M3FN || t == TE_F8E5M2 || t == TE_F8E4M3FNUZ || t == TE_F8E5M2FNUZ ||
         t == TE_F8E4B15;
}

bool dtype_is_signed_int(te_dtype t) {
  return t == TE_I8 || t == TE_I16 || t == TE_I32 || t == TE_I64;
}

static uint32_t f2u(float f) { uint32_t u; std::memcpy(&u, &f, 4); return u; }
static float u2f(uint32_t u) { float f; std::memcpy(&f, &u, 4); return f; }

float half_to_float(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e == 0) {
    float f = std::ldexp(static_cast<float>(m), -24); // zero or subnormal
    return sign ? -f : f;
  }
  if (e == 31) return u2f(sign | 0x7f800000u | (m << 13));
  return u2f(sign | ((e + 112) << 23) | (m << 13));
}

uint16_t float_to_half(float f) {
  uint32_t x = f2u(f);
  uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000);
  uint32_t ax = x & 0x7fffffffu;
  if (ax >= 0x7f800000u) // inf / NaN (keep NaN quiet and non-zero)
    return sign | 0x7c00 | (ax > 0x7f800000u ? 0x200 | ((ax >> 13) & 0x3ff) : 0);
  if (ax >= 0x477ff000u) return sign | 0x7c00; // >= 65520 rounds to inf
  if (ax < 0x38800000u) {
    // Below the smallest normal half: scale to units of 2^-24 (exact) and
    // round to nearest even; 1024 correctly becomes the smallest normal.
    float r = std::nearbyint(u2f(ax) * 16777216.0f);
    return sign | static_cast<uint16_t>(r);
  }
  uint32_t h = (((ax >> 23) - 112) << 10) | ((ax & 0x7fffff) >> 13);
  uint32_t rem = ax & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h; // carry may bump the exponent: fine
  return sign | static_cast<uint16_t>(h);
}

float bf16_to_float(uint16_t b) { return u2f(static_cast<uint32_t>(b) << 16); }

uint16_t float_to_bf16(float f) {
  uint32_t x = f2u(f);
  if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((x >> 16) | 0x40);
  x += 0x7fffu + ((x >> 16) & 1);
  return static_cast<uint16_t>(x >> 16);
}

namespace {
enum class Fp8Specials { Ieee, Fn, Fnuz };
struct Fp8Format {
  int man, bias;
  Fp8Specials specials;
};
Fp8Format fp8_format(te_dtype t) {
  switch (t) {
  case TE_F8E4M3FN: return {3, 7, Fp8Specials::Fn};
  case TE_F8E5M2: return {2, 15, Fp8Specials::Ieee};
  case TE_F8E4M3FNUZ: return {3, 8, Fp8Specials::Fnuz};
  case TE_F8E5M2FNUZ: return {2, 16, Fp8Specials::Fnuz};
  case TE_F8E4B15: return {3, 15, Fp8Specials::Fn};
  default: throw Error(std::string("not an fp8 dtype: ") + dtype_name(t));
  }
}
double fp8_magnitude(uint32_t mag, const Fp8Format &f) {
  uint32_t e = mag >> f.man, m = mag & ((1u << f.man) - 1);
  if (e == 0) return std::ldexp(static_cast<double>(m), 1 - f.bias - f.man);
  return std::ldexp(static_cast<double>(m + (1u << f.man)), static_cast<int>(e) - f.bias - f.man);
}
} // namespace

float fp8_to_float(uint8_t code, te_dtype t) {
  Fp8Format f = fp8_format(t);
  uint32_t mag = code & 0x7f, ones = ((1u << (7 - f.man)) - 1) << f.man;
  bool neg = code & 0x80;
  switch (f.specials) {
  case Fp8Specials::Fnuz: if (code == 0x80) return NAN; break;
  case Fp8Specials::Fn: if (mag == 0x7f) return NAN; break;
  case Fp8Specials::Ieee:
    if (mag > ones) return NAN;
    if (mag == ones) return neg ? -INFINITY : INFINITY;
    break;
  }
  float v = static_cast<float>(fp8_magnitude(mag, f));
  return neg ? -v : v;
}

// Round-to-nearest-even by search over the 128 magnitudes (host side, so
// clarity over speed): the nearest code, ties to the even code.
uint8_t float_to_fp8(float x, te_dtype t) {
  Fp8Format f = fp8_format(t);
  if (std::isnan(x)) return f.specials == Fp8Specials::Fnuz ? 0x80 : 0x7f;
  uint32_t maxMag = f.specials == Fp8Specials::Ieee
                        ? ((((1u << (7 - f.man)) - 2) << f.man) | ((1u << f.man) - 1))
                        : (f.specials == Fp8Specials::Fn ? 0x7eu : 0x7fu);
  double a = std::min(std::fabs(static_cast<double>(x)), fp8_magnitude(maxMag, f));
  uint32_t best = 0;
  for (uint32_t m = 1; m <= maxMag; ++m) {
    double dBest = std::fabs(fp8_magnitude(best, f) - a), d = std::fabs(fp8_magnitude(m, f) - a);
    if (d < dBest || (d == dBest && (m & 1) == 0)) best = m;
  }
  if (best == 0 && f.specials == Fp8Specials::Fnuz) return 0;
  return static_cast<uint8_t>(best | (std::signbit(x) ? 0x80 : 0));
}

template <class T> static T ld(const void *b, int64_t i) {
  T v;
  std::memcpy(&v, static_cast<const char *>(b) + i * sizeof(T), sizeof(T));
  return v;
}
template <class T> static void st(void *b, int64_t i, T v) {
  std::memcpy(static_cast<char *>(b) + i * sizeof(T), &v, sizeof(T));
}

double load_as_double(const void *b, te_dtype t, int64_t i) {
  switch (t) {
  case TE_I1: return ld<uint8_t>(b, i) ? 1.0 : 0.0;
  case TE_I8: return ld<int8_t>(b, i);
  case TE_I16: return ld<int16_t>(b, i);
  case TE_I32: return ld<int32_t>(b, i);
  case TE_I64: return static_cast<double>(ld<int64_t>(b, i));
  case TE_U8: return ld<uint8_t>(b, i);
  case TE_U16: return ld<uint16_t>(b, i);
  case TE_U32: return ld<uint32_t>(b, i);
  case TE_U64: return static_cast<double>(ld<uint64_t>(b, i));
  case TE_F16: return half_to_float(ld<uint16_t>(b, i));
  case TE_BF16: return bf16_to_float(ld<uint16_t>(b, i));
  case TE_F32: return ld<float>(b, i);
  case TE_F64: return ld<double>(b, i);
  case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ: case TE_F8E4B15:
    return fp8_to_float(ld<uint8_t>(b, i), t);
  }
  return 0.0;
}

void store_from_double(void *b, te_dtype t, int64_t i, double v) {
  switch (t) {
  case TE_I1: st<uint8_t>(b, i, v != 0.0); break;
  case TE_I8: st<int8_t>(b, i, static_cast<int8_t>(v)); break;
  case TE_I16: st<int16_t>(b, i, static_cast<int16_t>(v)); break;
  case TE_I32: st<int32_t>(b, i, static_cast<int32_t>(v)); break;
  case TE_I64: st<int64_t>(b, i, static_cast<int64_t>(v)); break;
  case TE_U8: st<uint8_t>(b, i, static_cast<uint8_t>(v)); break;
  case TE_U16: st<uint16_t>(b, i, static_cast<uint16_t>(v)); break;
  case TE_U32: st<uint32_t>(b, i, static_cast<uint32_t>(v)); break;
  case TE_U64: st<uint64_t>(b, i, static_cast<uint64_t>(v)); break;
  case TE_F16: st<uint16_t>(b, i, float_to_half(static_cast<float>(v))); break;
  case TE_BF16: st<uint16_t>(b, i, float_to_bf16(static_cast<float>(v))); break;
  case TE_F32: st<float>(b, i, static_cast<float>(v)); break;
  case TE_F64: st<double>(b, i, v); break;
  case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ: case TE_F8E4B15:
    st<uint8_t>(b, i, float_to_fp8(static_cast<float>(v), t)); break;
  }
}

} // namespace te
