// The bits of a float and the float of some bits, for the freestanding
// runtime and its tests (memcpy: the one conversion C defines for every
// type; the compiler turns it into a register move).
#ifndef TE_HEXAGON_BITS_H
#define TE_HEXAGON_BITS_H

#include <stdint.h>

static inline uint16_t te_f16_bits(_Float16 x) {
  uint16_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}
static inline _Float16 te_f16_from(uint16_t u) {
  _Float16 x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}
static inline uint32_t te_f32_bits(float x) {
  uint32_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}
static inline float te_f32_from(uint32_t u) {
  float x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}
static inline uint64_t te_f64_bits(double x) {
  uint64_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}
static inline double te_f64_from(uint64_t u) {
  double x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

#endif
