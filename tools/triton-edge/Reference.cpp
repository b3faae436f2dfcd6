#include "Reference.h"

#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/npy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace te {
namespace {

NpyArray copyOf(const CaseArg &a) {
  NpyArray out;
  out.dtype = a.dtype;
  out.descr = npy_dtype_to_descr(a.dtype);
  out.shape = {a.storage_numel};
  out.data = a.initial;
  return out;
}

/// Tensor arguments in kernel order: inputs first, the output last, as
/// Inductor's pointwise kernels are written (in_ptr0, [in_ptr1,] out_ptr0).
std::vector<int> tensorArgs(const Case &c) {
  std::vector<int> ids;
  for (const CaseArg &a : c.args)
    if (a.is_tensor)
      ids.push_back(a.index);
  return ids;
}

/// Number of elements the kernel processes: the first scalar (xnumel), or
/// the output's logical size.
int64_t problemSize(const Case &c, const CaseArg &out) {
  for (const CaseArg &a : c.args)
    if (!a.is_tensor && a.scalar_is_int)
      return a.scalar_int;
  int64_t n = 1;
  for (int64_t d : out.shape)
    n *= d;
  return n;
}

template <typename F>
std::map<int, NpyArray> pointwise(const Case &c, int inputs, F f) {
  std::vector<int> ids = tensorArgs(c);
  std::map<int, NpyArray> expected;
  if (static_cast<int>(ids.size()) != inputs + 1)
    return expected;
  const CaseArg &out = c.args[ids.back()];
  for (int id : ids)
    expected[id] = copyOf(c.args[id]);
  int64_t n = problemSize(c, out);
  NpyArray &res = expected[ids.back()];
  for (int64_t i = 0; i < n; ++i) {
    double x[2] = {0, 0};
    for (int k = 0; k < inputs; ++k) {
      const CaseArg &in = c.args[ids[k]];
      x[k] = load_as_double(in.initial.data(), in.dtype, in.storage_offset + i);
    }
    store_from_double(res.data.data(), out.dtype, out.storage_offset + i, f(x[0], x[1]));
  }
  return expected;
}

} // namespace

std::map<int, NpyArray> reference_outputs(const Case &c, std::string &family) {
  const std::string &name = c.case_name;
  auto starts = [&](const char *p) { return name.rfind(p, 0) == 0; };
  if (starts("gelu_tanh")) {
    family = "gelu (tanh form)";
    return pointwise(c, 1, [](double x, double) {
      const double k = std::sqrt(2.0 / M_PI);
      return 0.5 * x * (1.0 + std::tanh(k * (x + 0.044715 * x * x * x)));
    });
  }
  if (starts("gelu_1m") || starts("gelu_dyn") || starts("gelu_erf")) {
    family = "gelu (erf form)";
    return pointwise(c, 1, [](double x, double) {
      return 0.5 * x * (1.0 + std::erf(x * M_SQRT1_2));
    });
  }
  if (starts("add")) {
    family = "add";
    return pointwise(c, 2, [](double a, double b) { return a + b; });
  }
  family = "no reference implementation for case '" + name + "'";
  return {};
}

Case promoted_to_f64(const Case &c) {
  Case p = c;
  for (CaseArg &a : p.args) {
    if (!a.is_tensor || !dtype_is_float(a.dtype) || a.dtype == TE_F64)
      continue;
    Buffer wide(static_cast<size_t>(a.storage_numel) * sizeof(double));
    for (int64_t i = 0; i < a.storage_numel; ++i)
      store_from_double(wide.data(), TE_F64, i, load_as_double(a.initial.data(), a.dtype, i));
    a.dtype = TE_F64;
    a.dtype_name = "float64";
    a.initial = wide;
    a.storage = wide;
  }
  return p;
}

Tolerance float64_tolerance(te_dtype t) {
  switch (t) {
  case TE_F32: return {1e-4, 1e-4};
  case TE_F16: case TE_BF16: return {2e-2, 2e-2};
  default: return default_tolerance(t);
  }
}

namespace {
std::string fmt(const char *f, double v) {
  char b[64];
  std::snprintf(b, sizeof(b), f, v);
  return b;
}
} // namespace

CaseComparison compare_with_truth(const Case &got, const std::map<int, NpyArray> &expected,
                                  const Case *truth, bool vsFloat64, bool differential) {
  CaseComparison result;
  for (const CaseArg &a : got.args) {
    if (!a.is_tensor)
      continue;
    auto it = expected.find(a.index);
    if (it == expected.end())
      throw Error("no expected values for argument " + std::to_string(a.index));
    const NpyArray &exp = it->second;
    const CaseArg *t = truth ? &truth->args.at(a.index) : nullptr;
    if (t && t->dtype != TE_F64 && dtype_is_float(a.dtype))
      throw Error("float64 evaluation of argument " + std::to_string(a.index) + " is not float64");
    ArgComparison r;
    r.arg = a.index;
    r.dtype = a.dtype;
    r.count = a.storage_numel;
    Tolerance tol = vsFloat64 ? float64_tolerance(a.dtype) : default_tolerance(a.dtype);
    // Against the truth, the reference configuration is held to the float64
    // tolerance: so is a configuration compared with it.
    Tolerance truthTol = differential ? float64_tolerance(a.dtype) : tol;
    const bool isFloat = dtype_is_float(a.dtype);
    const int64_t esz = dtype_size(a.dtype);
    int64_t byTruth = 0;
    for (int64_t i = 0; i < a.storage_numel; ++i) {
      double g = load_as_double(a.storage.data(), a.dtype, i);
      double e = load_as_double(exp.data.data(), a.dtype, i);
      bool bad;
      if (!isFloat) {
        bad = a.dtype == TE_I1 ? (a.storage.data()[i] != 0) != (exp.data.data()[i] != 0)
                               : std::memcmp(a.storage.data() + i * esz,
                                             exp.data.data() + i * esz, esz) != 0;
      } else if (std::isnan(e) || std::isnan(g)) {
        bad = std::isnan(e) != std::isnan(g);
      } else if (std::isinf(e) || std::isinf(g)) {
        bad = g != e;
      } else {
        double d = std::fabs(g - e);
        r.max_abs_err = std::max(r.max_abs_err, d);
        if (e != 0)
          r.max_rel_err = std::max(r.max_rel_err, d / std::fabs(e));
        bad = d > tol.atol + tol.rtol * std::fabs(e);
        if (bad && t) {
          double x = load_as_double(t->storage.data(), TE_F64, i);
          // The expected value's own error must be plausible for its dtype
          // (else a bug shared with the float64 evaluation would pass).
          Tolerance f64tol = float64_tolerance(a.dtype);
          double own = std::fabs(e - x);
          double bound = std::max(truthTol.atol + truthTol.rtol * std::fabs(x), kErrorFactor * own);
          if (std::isfinite(x) && own <= f64tol.atol + f64tol.rtol * std::fabs(x) &&
              std::fabs(g - x) <= bound) {
            bad = false;
            ++byTruth;
          }
        }
      }
      if (bad && r.mismatches++ == 0) {
        r.first_mismatch = i;
        r.got_at_first = g;
        r.expected_at_first = e;
      }
    }
    r.ok = r.mismatches == 0;
    r.line = "arg " + std::to_string(a.index) + " (" + dtype_name(a.dtype) + ", " +
             std::to_string(r.count) + " elements): " + (r.ok ? "ok" : "FAIL") +
             "  max_abs " + fmt("%.3g", r.max_abs_err) + "  max_rel " +
             fmt("%.3g", r.max_rel_err) + "  mismatches " + std::to_string(r.mismatches);
    if (!r.ok)
      r.line += "  first at [" + std::to_string(r.first_mismatch) + "]: got " +
                fmt("%.9g", r.got_at_first) + " expected " + fmt("%.9g", r.expected_at_first);
    if (isFloat) {
      r.line += "  (atol " + fmt("%g", tol.atol) + " rtol " + fmt("%g", tol.rtol);
      if (byTruth)
        r.line += "; " + std::to_string(byTruth) + " judged against float64: within " +
                  (differential ? "its tolerance" : "the dtype tolerance") + " or " +
                  fmt("%g", kErrorFactor) + "x the expected value's error";
      r.line += ")";
    }
    result.ok &= r.ok;
    result.args.push_back(std::move(r));
  }
  return result;
}

} // namespace te
