// Element types: sizes, names, and float16/bfloat16 conversions (host side).
#ifndef TRITON_EDGE_RT_DTYPE_H
#define TRITON_EDGE_RT_DTYPE_H

#include <cstdint>
#include <stdexcept>
#include <string>

#include "triton-edge-rt/kernel_abi.h"

namespace te {

// All host-library errors (malformed files, mismatches, dlopen failures).
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int64_t dtype_size(te_dtype t);        // bytes per element (TE_I1: 1)
const char *dtype_name(te_dtype t);    // "float32", "bfloat16", "int64", "bool", ...
// kernel.json / PyTorch names ("float32", "bfloat16", "int64", "bool", ...); throws te::Error.
te_dtype dtype_from_name(const std::string &name);
bool dtype_is_float(te_dtype t);
bool dtype_is_signed_int(te_dtype t);

float half_to_float(uint16_t h);
uint16_t float_to_half(float f);       // round to nearest even
float bf16_to_float(uint16_t b);
uint16_t float_to_bf16(float f);       // round to nearest even
bool dtype_is_fp8(te_dtype t);
// fp8 codes of the TE_F8* types, with the compiler's rules: exact widening;
// narrowing rounds to nearest even, saturates to the largest finite value,
// NaN becomes the type's NaN.
float fp8_to_float(uint8_t code, te_dtype t);
uint8_t float_to_fp8(float f, te_dtype t);

// Element i of a buffer of type t, as a double (ints exactly up to 2^53).
double load_as_double(const void *base, te_dtype t, int64_t i);
// Stores v (converted with rounding for floats, truncation for ints).
void store_from_double(void *base, te_dtype t, int64_t i, double v);

} // namespace te

#endif
