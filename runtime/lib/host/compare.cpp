#include "triton-edge-rt/compare.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace te {

Tolerance default_tolerance(te_dtype t) {
  switch (t) {
  case TE_F32: return {1e-5, 1e-5};
  case TE_F64: return {1e-7, 1e-7};
  case TE_F16: case TE_BF16: return {1e-2, 1e-2};
  default: return {0.0, 0.0};
  }
}

static std::string fmt(const char *f, double v) {
  char b[64];
  std::snprintf(b, sizeof(b), f, v);
  return b;
}

ArgComparison compare_arrays(const void *got, const void *expected, int64_t n, te_dtype t,
                             const Tolerance &tol, int arg) {
  ArgComparison r;
  r.arg = arg;
  r.dtype = t;
  r.count = n;
  const bool is_float = dtype_is_float(t);
  const int64_t esz = dtype_size(t);
  for (int64_t i = 0; i < n; ++i) {
    double g = load_as_double(got, t, i), e = load_as_double(expected, t, i);
    bool bad;
    if (!is_float) {
      // Exact, on the bits (int64 beyond 2^53 must not compare through double).
      if (t == TE_I1)
        bad = (static_cast<const uint8_t *>(got)[i] != 0) != (static_cast<const uint8_t *>(expected)[i] != 0);
      else
        bad = std::memcmp(static_cast<const char *>(got) + i * esz,
                          static_cast<const char *>(expected) + i * esz, esz) != 0;
      double d = std::fabs(g - e);
      if (d > r.max_abs_err) r.max_abs_err = d;
      if (e != 0 && d / std::fabs(e) > r.max_rel_err) r.max_rel_err = d / std::fabs(e);
    } else if (std::isnan(e) || std::isnan(g)) {
      bad = std::isnan(e) != std::isnan(g);
    } else if (std::isinf(e) || std::isinf(g)) {
      bad = g != e;
    } else {
      double d = std::fabs(g - e);
      bad = d > tol.atol + tol.rtol * std::fabs(e);
      if (d > r.max_abs_err) r.max_abs_err = d;
      if (e != 0 && d / std::fabs(e) > r.max_rel_err) r.max_rel_err = d / std::fabs(e);
    }
    if (bad) {
      if (r.mismatches++ == 0) {
        r.first_mismatch = i;
        r.got_at_first = g;
        r.expected_at_first = e;
      }
    }
  }
  r.ok = r.mismatches == 0;
  std::string head = (arg >= 0 ? "arg " + std::to_string(arg) : std::string("array")) + " (" +
                     dtype_name(t) + ", " + std::to_string(n) + " elements): ";
  r.line = head + (r.ok ? "ok" : "FAIL") + "  max_abs " + fmt("%.3g", r.max_abs_err) + "  max_rel " +
           fmt("%.3g", r.max_rel_err) + "  mismatches " + std::to_string(r.mismatches);
  if (!r.ok)
    r.line += "  first at [" + std::to_string(r.first_mismatch) + "]: got " +
              fmt("%.9g", r.got_at_first) + " expected " + fmt("%.9g", r.expected_at_first);
  if (is_float) r.line += "  (atol " + fmt("%g", tol.atol) + " rtol " + fmt("%g", tol.rtol) + ")";
  return r;
}

std::string CaseComparison::report() const {
  std::string s;
  for (const auto &a : args) s += a.line + "\n";
  s += ok ? "PASS" : "FAIL";
  return s;
}

CaseComparison compare(const Case &c, const std::map<int, NpyArray> &expected,
                       const Tolerance &over) {
  CaseComparison cc;
  for (const CaseArg &a : c.args) {
    if (!a.is_tensor) continue;
    auto it = expected.find(a.index);
    if (it == expected.end())
      throw Error(c.dir + ": no expected data for argument " + std::to_string(a.index));
    const NpyArray &e = it->second;
    if (e.numel() != a.storage_numel ||
        static_cast<int64_t>(e.data.size()) != a.storage_numel * dtype_size(a.dtype))
      throw Error(c.dir + ": expected data for argument " + std::to_string(a.index) + " has " +
                  std::to_string(e.numel()) + " elements, storage has " + std::to_string(a.storage_numel));
    Tolerance tol = default_tolerance(a.dtype);
    if (dtype_is_float(a.dtype)) {
      if (over.atol >= 0) tol.atol = over.atol;
      if (over.rtol >= 0) tol.rtol = over.rtol;
    }
    // The whole storage: kernels may write outside the view's elements too.
    ArgComparison r = compare_arrays(a.storage.data(), e.data.data(), a.storage_numel, a.dtype, tol, a.index);
    cc.ok = cc.ok && r.ok;
    cc.args.push_back(std::move(r));
  }
  return cc;
}

CaseComparison compare(const Case &c, const Tolerance &over) {
  return compare(c, c.load_expected(), over);
}

} // namespace te
