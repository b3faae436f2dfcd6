// f16/bf16 conversions with IEEE round-to-nearest-even, behind the
// compiler-rt builtins the runtime provides on targets whose libgcc lacks
// them (fp_convert.cpp).
#ifndef TRITON_EDGE_RT_FP_CONVERT_H
#define TRITON_EDGE_RT_FP_CONVERT_H
#include <cstdint>

namespace te::fp {
/// Bits of `x` rounded to a format with `eb` exponent and `mb` fraction bits
/// (f16: 5, 10; bf16: 8, 7). NaN stays a (quiet) NaN, overflow is infinity.
uint16_t narrow(double x, int eb, int mb);
/// The f16 with bits `h` as a float (exact).
float widen_half(uint16_t h);
} // namespace te::fp

#endif
