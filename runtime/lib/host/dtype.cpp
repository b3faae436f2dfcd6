#include "triton-edge-rt/dtype.h"

#include <cmath>
#include <cstring>

namespace te {

int64_t dtype_size(te_dtype t) {
  switch (t) {
  case TE_I1: case TE_I8: case TE_U8: return 1;
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
  }
  return "unknown";
}

te_dtype dtype_from_name(const std::string &n) {
  static const struct { const char *name; te_dtype t; } table[] = {
      {"bool", TE_I1},     {"int8", TE_I8},       {"int16", TE_I16},   {"int32", TE_I32},
      {"int64", TE_I64},   {"uint8", TE_U8},      {"uint16", TE_U16},  {"uint32", TE_U32},
      {"uint64", TE_U64},  {"float16", TE_F16},   {"half", TE_F16},    {"bfloat16", TE_BF16},
      {"float32", TE_F32}, {"float", TE_F32},     {"float64", TE_F64}, {"double", TE_F64},
  };
  std::string s = n.rfind("torch.", 0) == 0 ? n.substr(6) : n;
  for (auto &e : table)
    if (s == e.name) return e.t;
  throw Error("unknown dtype name '" + n + "'");
}

bool dtype_is_float(te_dtype t) {
  return t == TE_F16 || t == TE_BF16 || t == TE_F32 || t == TE_F64;
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
  }
}

} // namespace te
