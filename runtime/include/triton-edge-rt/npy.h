// NumPy .npy files (format 1.0/2.0/3.0, little-endian, C order).
#ifndef TRITON_EDGE_RT_NPY_H
#define TRITON_EDGE_RT_NPY_H

#include <cstdint>
#include <string>
#include <vector>

#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/dtype.h"

namespace te {

struct NpyArray {
  std::string descr;            // numpy descr, e.g. "<f4", "|b1"
  te_dtype dtype = TE_F32;      // '<u2' reads as TE_U16 (bfloat16 data is stored this way)
  std::vector<int64_t> shape;   // empty for a 0-d array
  Buffer data;                  // numel() * dtype_size(dtype) bytes, 64-byte aligned

  int64_t numel() const;
};

// Descr <-> dtype ("<f2" F16, "<f4" F32, "<f8" F64, "|i1" I8, "<i2" I16, "<i4" I32,
// "<i8" I64, "|u1" U8, "<u2" U16, "<u4" U32, "<u8" U64, "|b1" I1). BF16 maps to "<u2".
// descr_to_dtype throws te::Error naming `what` for anything else (big-endian included).
te_dtype npy_descr_to_dtype(const std::string &descr, const std::string &what);
std::string npy_dtype_to_descr(te_dtype t);

// Throws te::Error with the path in the message for: missing file, bad magic,
// unsupported version, malformed header, unsupported dtype, Fortran order
// with ndim > 1, or a data size different from the header's shape.
NpyArray read_npy(const std::string &path);
// Parses an in-memory .npy image; `what` names it in errors.
NpyArray parse_npy(const void *bytes, size_t size, const std::string &what);
// Writes version 1.0 (2.0 if the header does not fit in 65535 bytes).
void write_npy(const std::string &path, const NpyArray &a);
void write_npy(const std::string &path, te_dtype t, const std::vector<int64_t> &shape,
               const void *data);

} // namespace te

#endif
