#ifndef TRITON_EDGE_TOOLS_REFERENCE_H
#define TRITON_EDGE_TOOLS_REFERENCE_H

#include "triton-edge-rt/case.h"
#include "triton-edge-rt/compare.h"

#include <map>
#include <string>

namespace te {

/// The project's own reference implementations, for cases shipped without an
/// oracle (paper-sized and dynamic-shape kernels at other sizes). Computed in
/// double precision from the case's inputs, independently of the compiler.
/// Returns the expected storage of every tensor argument, or an empty map when
/// there is no reference for this case (`family` then says why).
std::map<int, NpyArray> reference_outputs(const Case &c, std::string &family);

/// The case with every float tensor's storage (before the launch) converted
/// to float64: the input of the kernel compiled with every float promoted to
/// f64 (PipelineOptions::promoteF64).
Case promoted_to_f64(const Case &c);

/// How many times the expected result's own error our result may have
/// (docs/case-format.md, "Tolerance").
constexpr double kErrorFactor = 4.0;

/// Compares every tensor argument's storage of `got` with `expected`. An
/// element passes when it is within the dtype's tolerance of the expected
/// one (compare.h), or, given the float64 evaluation `truth` (a launch of
/// promoted_to_f64), when the expected value's own distance to the truth is
/// within float64_tolerance (the truth comes from this compiler too: an
/// expected value far from it means a bug, not rounding) and ours is at
/// most max(tolerance around the truth, kErrorFactor x the expected value's
/// distance). The tolerance is the dtype's, or with `differential` (expected
/// = the reference configuration, itself held to float64_tolerance)
/// float64_tolerance. Integers compare exactly,
/// NaN and infinities as in compare.h. With `vsFloat64`, `expected` is the
/// float64 evaluation itself (rounded to each dtype) and the tolerance is
/// float64_tolerance.
CaseComparison compare_with_truth(const Case &got, const std::map<int, NpyArray> &expected,
                                  const Case *truth, bool vsFloat64 = false,
                                  bool differential = false);

/// Tolerance of a whole kernel computed in float32 (float16, bfloat16)
/// against its float64 evaluation: float32 1e-4, float16/bfloat16 2e-2
/// (absolute and relative), others as compare.h.
Tolerance float64_tolerance(te_dtype t);

} // namespace te

#endif
