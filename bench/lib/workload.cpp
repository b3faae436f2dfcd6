// Workloads, op families and output checks of the benchmark runner.
#include "workload.h"

#include "triton-edge-rt/dtype.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>

namespace te::bench {

using nlohmann::json;

// Enough copies of the inputs/outputs that consecutive calls do not find
// their data in the last-level cache, when the working set is a sizeable
// fraction of it (smaller sizes are measured cache-hot on purpose: that is
// how a small tensor meets a kernel inside a model). Past 2x LLC the cache
// cannot hold one set anyway.
constexpr size_t kPage = 4096;

int rotationSets(int64_t workingSet, int64_t llc) {
  if (workingSet * 8 < llc || workingSet >= 2 * llc) return 1;
  int64_t s = (2 * llc + workingSet - 1) / workingSet + 1;
  s = std::min<int64_t>(s, 16);
  while (s > 1 && s * workingSet > (int64_t(1) << 30)) --s;
  return static_cast<int>(std::max<int64_t>(1, s));
}

static void fillScalar(uint64_t &slot, te_dtype t, int64_t v) {
  slot = 0;
  if (t == TE_I64 || t == TE_U64) { int64_t x = v; std::memcpy(&slot, &x, 8); }
  else if (t == TE_I16 || t == TE_U16) { int16_t x = static_cast<int16_t>(v); std::memcpy(&slot, &x, 2); }
  else if (t == TE_I8 || t == TE_U8 || t == TE_I1) { int8_t x = static_cast<int8_t>(v); std::memcpy(&slot, &x, 1); }
  else { int32_t x = static_cast<int32_t>(v); std::memcpy(&slot, &x, 4); }
}

// From a corpus case (its own sizes and inputs).
void buildFromCase(Workload &w, const Case &c, const te_kernel_info *info, int64_t llc) {
  LaunchArgs base = c.launch_args(info);
  w.numel = base.numel;
  w.scalars = base.scalar_slots;
  std::copy(c.grid, c.grid + 3, w.grid);
  w.bytes = 0;
  for (const CaseArg &a : c.args)
    if (a.is_tensor) {
      w.bytes += a.numel() * dtype_size(a.dtype);
      w.tensorArgs.push_back(a.index);
    }
  w.sets = rotationSets(w.bytes, llc);
  w.buffers.resize(w.sets);
  w.ptrs.resize(w.sets);
  for (int s = 0; s < w.sets; ++s) {
    for (const CaseArg &a : c.args) {
      if (a.is_tensor) {
        // Page-aligned: every buffer at page offset 0, so no run finds its
        // output 64-256 bytes past an input modulo 4 KiB, where Intel cores
        // stall loads behind older stores (4K aliasing; up to 4.5x on the
        // device's Xeon; docs/benchmarking.md, "Buffer placement").
        w.buffers[s].push_back(Buffer::copy_aligned(a.initial.size() ? a.initial : a.storage, kPage));
        w.ptrs[s].push_back(w.buffers[s].back().data() + a.storage_offset * dtype_size(a.dtype));
      } else {
        w.ptrs[s].push_back(&w.scalars[a.index]);
      }
    }
  }
}

// Dynamic-shape elementwise kernel at n elements: every tensor argument gets
// n contiguous elements, every integer scalar (xnumel) is n.
void buildDynamic(Workload &w, const Case &c, const te_kernel_info *info, int64_t n,
                  int64_t block, int64_t llc) {
  int args = static_cast<int>(c.args.size());
  w.numel.assign(args, 0);
  w.scalars.assign(args, 0);
  w.bytes = 0;
  w.tensorArgs.clear();
  for (const CaseArg &a : c.args) {
    if (a.is_tensor) {
      w.numel[a.index] = n;
      w.bytes += n * dtype_size(a.dtype);
      w.tensorArgs.push_back(a.index);
    } else {
      te_dtype t = info && a.index < info->num_args ? static_cast<te_dtype>(info->args[a.index].dtype) : TE_I32;
      fillScalar(w.scalars[a.index], t, n);
    }
  }
  w.grid[0] = static_cast<int32_t>((n + block - 1) / block);
  w.grid[1] = w.grid[2] = 1;
  w.sets = rotationSets(w.bytes, llc);
  w.buffers.assign(w.sets, {});
  w.ptrs.assign(w.sets, {});
  std::mt19937 rng(12345);
  std::uniform_real_distribution<float> uni(-2.f, 2.f);
  for (int s = 0; s < w.sets; ++s) {
    for (const CaseArg &a : c.args) {
      if (a.is_tensor) {
        Buffer b(n * dtype_size(a.dtype), kPage); // page offset 0, as above
        if (a.dtype == TE_F32)
          for (int64_t i = 0; i < n; ++i) b.as<float>()[i] = uni(rng);
        w.buffers[s].push_back(std::move(b));
        w.ptrs[s].push_back(w.buffers[s].back().data());
      } else {
        w.ptrs[s].push_back(&w.scalars[a.index]);
      }
    }
  }
}

Family detectFamily(const Case &c, const te_kernel_info *info) {
  Family f;
  if (!info) return f;
  std::string kernel = c.name, kase = c.case_name;
  // Row-wise reductions, recognised by their case: the op carries the shape
  // of the first tensor (rows x row length), which the PyTorch peers match.
  for (const char *rowOp : {"softmax", "layer_norm", "rms_norm"}) {
    if (kase.rfind(rowOp, 0) != 0 || kernel.find(rowOp == std::string("rms_norm") ? "rsqrt" : rowOp) == std::string::npos)
      continue;
    for (const CaseArg &a : c.args) {
      if (!a.is_tensor) continue;
      if (a.dtype != TE_F32 || a.shape.size() != 2) return f;
      f.op = std::string(rowOp) + ":" + std::to_string(a.shape[0]) + "x" + std::to_string(a.shape[1]);
      f.n = a.shape[0] * a.shape[1];
      return f;
    }
  }
  std::map<std::string, int> byName;
  int64_t n = -1;
  for (const CaseArg &a : c.args) {
    if (!a.is_tensor) continue;
    if (a.dtype != TE_F32 || a.storage_offset != 0) return f;
    int64_t elems = 1;
    for (int64_t d : a.shape) elems *= d;
    if (elems != a.storage_numel) return f; // only dense contiguous tensors
    if (n >= 0 && elems != n) return f;
    n = elems;
    if (a.index < info->num_args && info->args[a.index].name)
      byName[info->args[a.index].name] = a.index;
  }
  bool gelu = kernel == "triton_poi_fused_gelu_0";
  bool add = kernel == "triton_poi_fused_add_0";
  if (gelu && byName.size() == 2 && byName.count("in_ptr0") && byName.count("out_ptr0")) {
    f.op = kase.find("tanh") == std::string::npos ? "gelu" : "gelu_tanh";
  } else if (add && byName.size() == 3 && byName.count("in_ptr0") && byName.count("in_ptr1") &&
             byName.count("out_ptr0")) {
    f.op = "add";
    f.in1 = byName["in_ptr1"];
  } else {
    return f;
  }
  f.formula = true;
  f.in0 = byName["in_ptr0"];
  f.out = byName["out_ptr0"];
  f.n = n;
  return f;
}

// Fills an output of set 0 with NaN bit patterns, so a check after the next
// launch cannot pass on a previous rung's results.
void poison(Workload &w, int arg) {
  if (arg < 0) return;
  for (size_t i = 0; i < w.tensorArgs.size(); ++i)
    if (w.tensorArgs[i] == arg) std::memset(w.buffers[0][i].data(), 0xff, w.buffers[0][i].size());
}

// Checks an output against the double-precision formula.
json checkFamily(const Family &f, const float *a, const float *b, const float *out) {
  int64_t bad = 0;
  double maxRel = 0;
  for (int64_t i = 0; i < f.n; ++i) {
    double x = a[i];
    double ref = f.op == "gelu"        ? 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)))
                 : f.op == "gelu_tanh" ? 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) *
                                                                (x + 0.044715 * x * x * x)))
                                       : x + double(b[i]);
    double err = std::fabs(out[i] - ref);
    if (!(err <= 1e-5 + 1e-5 * std::fabs(ref))) ++bad;
    if (ref != 0) maxRel = std::max(maxRel, err / std::fabs(ref));
  }
  return {{"ok", bad == 0}, {"mismatches", bad}, {"max_rel_err", maxRel}, {"against", "float64 formula"}};
}

} // namespace te::bench
