// Comparing kernel results with an oracle, with dtype-aware tolerances.
#ifndef TRITON_EDGE_RT_COMPARE_H
#define TRITON_EDGE_RT_COMPARE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "triton-edge-rt/case.h"
#include "triton-edge-rt/npy.h"

namespace te {

// An element passes when |got - expected| <= atol + rtol * |expected|.
struct Tolerance {
  double atol = 0.0;
  double rtol = 0.0;
};

// float32: 1e-5/1e-5; float64: 1e-7/1e-7; float16/bfloat16: 1e-2/1e-2;
// integers and bool: exact.
Tolerance default_tolerance(te_dtype t);

struct ArgComparison {
  int arg = -1;
  te_dtype dtype = TE_F32;
  int64_t count = 0;           // elements compared
  int64_t mismatches = 0;      // elements outside the tolerance (NaN rules included)
  double max_abs_err = 0.0;    // over finite pairs
  double max_rel_err = 0.0;    // |got - expected| / |expected| over finite pairs with expected != 0
  int64_t first_mismatch = -1; // element index (into the storage)
  double got_at_first = 0.0, expected_at_first = 0.0;
  bool ok = true;
  std::string line;            // one formatted line for reports
};

// NaN rules: NaN where the oracle has a number fails, a number where the
// oracle has NaN fails, NaN == NaN passes; infinities must match exactly.
// Integer and bool types compare exactly (bools as zero/non-zero).
ArgComparison compare_arrays(const void *got, const void *expected, int64_t n, te_dtype t,
                             const Tolerance &tol, int arg = -1);

struct CaseComparison {
  bool ok = true;
  std::vector<ArgComparison> args;
  std::string report() const; // the lines joined, plus a verdict
};

// Every tensor argument's whole storage against the expected storage.
// `tol_override` (atol or rtol < 0 means "use the default") applies to float types.
CaseComparison compare(const Case &c, const std::map<int, NpyArray> &expected,
                       const Tolerance &tol_override = Tolerance{-1, -1});
// The same against the case's out<i>.npy.
CaseComparison compare(const Case &c, const Tolerance &tol_override = Tolerance{-1, -1});

} // namespace te

#endif
