#include "triton-edge-rt/case.h"
#include "triton-edge-rt/input_limits.h"
#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sys/stat.h>

namespace te {

using json = nlohmann::json;

static bool file_exists(const std::string &p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The dtype an .npy file must have for a kernel.json dtype.
static te_dtype file_dtype(te_dtype t) {
  return t == TE_BF16 ? TE_U16 : dtype_is_fp8(t) ? TE_U8 : t;
}

static void check_npy(const NpyArray &a, const CaseArg &arg, const std::string &path) {
  if (a.dtype != file_dtype(arg.dtype))
    throw Error(path + ": dtype " + a.descr + " does not match kernel.json dtype " +
                arg.dtype_name + " of argument " + std::to_string(arg.index) + " (expected " +
                npy_dtype_to_descr(arg.dtype) + ")");
  if (a.numel() != arg.storage_numel)
    throw Error(path + ": " + std::to_string(a.numel()) + " elements, but argument " +
                std::to_string(arg.index) + " has storage_numel " +
                std::to_string(arg.storage_numel) + " in kernel.json");
}

static void generate(CaseArg &a, uint64_t seed) {
  std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(a.index) + 1);
  void *p = a.storage.data();
  if (dtype_is_float(a.dtype)) {
    std::uniform_real_distribution<double> u(-2.0, 2.0);
    for (int64_t i = 0; i < a.storage_numel; ++i) store_from_double(p, a.dtype, i, u(rng));
  } else {
    // Index-like tensors: 0/1 keeps every index in bounds (as in the corpus).
    for (int64_t i = 0; i < a.storage_numel; ++i)
      store_from_double(p, a.dtype, i, static_cast<double>(rng() & 1));
  }
}

Case load_case(const std::string &dir, uint64_t seed) {
  std::string jpath = dir + "/kernel.json";
  std::string text = read_bounded_file(jpath, kMaxJsonBytes);
  check_nesting(text, jpath, /*mlir=*/false);
  json j;
  try {
    j = json::parse(text);
  } catch (const std::exception &e) {
    throw Error(jpath + ": invalid JSON: " + e.what());
  }
  Case c;
  c.dir = dir;
  try {
    c.name = j.at("name").get<std::string>();
    c.case_name = j.value("case", std::string());
    const json &g = j.at("grid");
    if (!g.is_array() || g.size() < 1 || g.size() > 3) throw Error("grid must be a list of 1-3 ints");
    for (size_t d = 0; d < 3; ++d) {
      int64_t v = d < g.size() ? g[d].get<int64_t>() : 1;
      if (v < 0 || v > std::numeric_limits<int32_t>::max()) throw Error("grid dimension out of range");
      c.grid[d] = static_cast<int32_t>(v);
    }
    int64_t programs = int64_t(c.grid[0]) * c.grid[1] * c.grid[2];
    if (programs > kMaxPrograms)
      throw Error("grid [" + std::to_string(c.grid[0]) + ", " + std::to_string(c.grid[1]) + ", " +
                  std::to_string(c.grid[2]) + "] launches " + std::to_string(programs) +
                  " programs, more than the limit of 2^31 (docs/case-format.md)");
    c.oracle = j.value("oracle", false);
    if (j.contains("config") && j["config"].is_object())
      for (auto it = j["config"].begin(); it != j["config"].end(); ++it)
        if (it->is_number_integer()) c.config[it.key()] = it->get<int64_t>();
    const json &args = j.at("args");
    for (size_t i = 0; i < args.size(); ++i) {
      const json &ja = args[i];
      CaseArg a;
      a.index = static_cast<int>(i);
      if (ja.contains("scalar")) {
        const json &s = ja["scalar"];
        if (s.is_boolean()) a.scalar_is_int = true, a.scalar_int = s.get<bool>();
        else if (s.is_number_integer()) a.scalar_is_int = true, a.scalar_int = s.get<int64_t>();
        else if (s.is_number()) a.scalar_float = s.get<double>();
        else throw Error("argument " + std::to_string(i) + ": scalar is not a number");
        a.scalar_float = a.scalar_is_int ? static_cast<double>(a.scalar_int) : a.scalar_float;
      } else {
        a.is_tensor = true;
        a.dtype_name = ja.at("dtype").get<std::string>();
        a.dtype = dtype_from_name(a.dtype_name);
        a.shape = ja.at("shape").get<std::vector<int64_t>>();
        a.stride = ja.at("stride").get<std::vector<int64_t>>();
        if (a.shape.size() != a.stride.size())
          throw Error("argument " + std::to_string(i) + ": shape and stride differ in length");
        a.storage_offset = ja.value("storage_offset", int64_t(0));
        // Smallest storage that holds the view (used when storage_numel is absent).
        int64_t need = a.storage_offset + 1;
        bool empty = false;
        for (size_t d = 0; d < a.shape.size(); ++d) {
          if (a.shape[d] == 0) empty = true;
          need += (a.shape[d] - 1) * a.stride[d];
        }
        if (empty) need = a.storage_offset;
        if (ja.contains("storage_numel")) {
          a.storage_numel = ja["storage_numel"].get<int64_t>();
          if (a.storage_numel < need)
            throw Error("argument " + std::to_string(i) + ": storage_numel " +
                        std::to_string(a.storage_numel) + " is smaller than the view needs (" +
                        std::to_string(need) + ")");
        } else {
          a.storage_numel = need;
        }
        if (a.storage_offset < 0) throw Error("argument " + std::to_string(i) + ": negative storage_offset");
      }
      c.args.push_back(std::move(a));
    }
  } catch (const Error &e) {
    throw Error(jpath + ": " + e.what());
  } catch (const std::exception &e) {
    throw Error(jpath + ": unexpected content: " + e.what());
  }

  for (CaseArg &a : c.args) {
    if (!a.is_tensor) continue;
    std::string p = dir + "/in" + std::to_string(a.index) + ".npy";
    if (file_exists(p)) {
      NpyArray n = read_npy(p);
      check_npy(n, a, p);
      a.storage = std::move(n.data);
    } else if (c.oracle) {
      throw Error(p + ": missing (kernel.json says oracle: true)");
    } else {
      a.storage = Buffer(static_cast<size_t>(a.storage_numel * dtype_size(a.dtype)));
      a.generated = true;
      generate(a, seed);
    }
    a.initial = a.storage;
  }
  return c;
}

void Case::reset() {
  for (CaseArg &a : args)
    if (a.is_tensor && a.initial.size() == a.storage.size() && a.storage.size())
      std::memcpy(a.storage.data(), a.initial.data(), a.storage.size());
}

std::map<int, NpyArray> Case::load_expected() const {
  std::map<int, NpyArray> r;
  for (const CaseArg &a : args) {
    if (!a.is_tensor) continue;
    std::string p = dir + "/out" + std::to_string(a.index) + ".npy";
    if (!file_exists(p))
      throw Error(p + (oracle ? ": missing" : ": missing (case has no oracle: oracle is false)"));
    NpyArray n = read_npy(p);
    check_npy(n, a, p);
    r.emplace(a.index, std::move(n));
  }
  return r;
}

static void store_scalar(const CaseArg &a, te_dtype t, uint64_t *slot, const std::string &where) {
  std::memset(slot, 0, sizeof(*slot));
  auto put = [&](auto v) { std::memcpy(slot, &v, sizeof(v)); };
  if (dtype_is_float(t)) {
    double v = a.scalar_float;
    switch (t) {
    case TE_F64: put(v); break;
    case TE_F32: put(static_cast<float>(v)); break;
    case TE_F16: put(float_to_half(static_cast<float>(v))); break;
    case TE_BF16: put(float_to_bf16(static_cast<float>(v))); break;
    default: put(float_to_fp8(static_cast<float>(v), t)); break;
    }
    return;
  }
  int64_t v;
  if (a.scalar_is_int) {
    v = a.scalar_int;
  } else if (std::floor(a.scalar_float) == a.scalar_float && std::fabs(a.scalar_float) < 9.2e18) {
    v = static_cast<int64_t>(a.scalar_float);
  } else {
    throw Error(where + ": scalar " + std::to_string(a.scalar_float) + " is not an integer but the kernel takes " +
                dtype_name(t));
  }
  auto range = [&](int64_t lo, int64_t hi) {
    if (v < lo || v > hi)
      throw Error(where + ": scalar " + std::to_string(v) + " does not fit the kernel's " + dtype_name(t));
  };
  switch (t) {
  case TE_I1: put(static_cast<uint8_t>(v != 0)); break;
  case TE_I8: range(INT8_MIN, INT8_MAX); put(static_cast<int8_t>(v)); break;
  case TE_I16: range(INT16_MIN, INT16_MAX); put(static_cast<int16_t>(v)); break;
  case TE_I32: range(INT32_MIN, INT32_MAX); put(static_cast<int32_t>(v)); break;
  case TE_U8: range(0, UINT8_MAX); put(static_cast<uint8_t>(v)); break;
  case TE_U16: range(0, UINT16_MAX); put(static_cast<uint16_t>(v)); break;
  case TE_U32: range(0, UINT32_MAX); put(static_cast<uint32_t>(v)); break;
  case TE_U64: range(0, INT64_MAX); put(static_cast<uint64_t>(v)); break;
  default: put(v); break; // TE_I64
  }
}

LaunchArgs Case::launch_args(const std::vector<te_dtype> &scalar_types) const {
  LaunchArgs la;
  la.ptrs.resize(args.size());
  la.numel.resize(args.size());
  la.scalar_slots.assign(args.size(), 0);
  for (const CaseArg &a : args) {
    size_t i = static_cast<size_t>(a.index);
    if (a.is_tensor) {
      la.ptrs[i] = const_cast<void *>(a.data());
      la.numel[i] = a.numel();
    } else {
      te_dtype t = i < scalar_types.size() ? scalar_types[i]
                   : !a.scalar_is_int       ? TE_F32
                   : (a.scalar_int >= INT32_MIN && a.scalar_int <= INT32_MAX) ? TE_I32
                                                                             : TE_I64;
      store_scalar(a, t, &la.scalar_slots[i], dir + ": argument " + std::to_string(i));
      la.ptrs[i] = &la.scalar_slots[i];
      la.numel[i] = 0;
    }
  }
  return la;
}

// Triton drops arguments it specializes (integers equal to 1, constexprs)
// from the kernel's signature, while kernel.json lists every argument of the
// Python function: bind them by name, using the `def` line of kernel.py.
static std::vector<std::string> python_parameter_names(const std::string &dir,
                                                       const std::string &kernel) {
  std::ifstream in(dir + "/kernel.py");
  if (!in)
    return {};
  std::stringstream text;
  text << in.rdbuf();
  std::string src = text.str();
  size_t at = src.find("def " + kernel + "(");
  if (at == std::string::npos)
    return {};
  size_t open = src.find('(', at), close = src.find(')', open);
  if (close == std::string::npos)
    return {};
  std::vector<std::string> names;
  std::stringstream params(src.substr(open + 1, close - open - 1));
  std::string param;
  while (std::getline(params, param, ',')) {
    bool constexpr_param = param.find("constexpr") != std::string::npos;
    param = param.substr(0, param.find(':'));
    size_t b = param.find_first_not_of(" \t\n"), e = param.find_last_not_of(" \t\n");
    if (b == std::string::npos || constexpr_param)
      continue;
    names.push_back(param.substr(b, e - b + 1));
  }
  return names;
}

void bound_index_inputs(Case &c, const std::vector<std::string> &kernel_arg_names,
                        const std::map<unsigned, int64_t> &bounds, uint64_t seed) {
  bool by_position = kernel_arg_names.size() == c.args.size();
  std::vector<std::string> params;
  if (!by_position)
    params = python_parameter_names(c.dir, c.name);
  for (const auto &[k, bound] : bounds) {
    if (k >= kernel_arg_names.size())
      continue;
    size_t index = k;
    if (!by_position) {
      auto it = std::find(params.begin(), params.end(), kernel_arg_names[k]);
      if (it == params.end())
        continue;
      index = static_cast<size_t>(it - params.begin());
    }
    if (index >= c.args.size())
      continue;
    CaseArg &a = c.args[index];
    if (!a.is_tensor || !a.generated || dtype_is_float(a.dtype) || a.dtype == TE_I1)
      continue;
    int bits = static_cast<int>(dtype_size(a.dtype)) * 8 - (dtype_is_signed_int(a.dtype) ? 1 : 0);
    int64_t cap = bits >= 63 ? std::numeric_limits<int64_t>::max() : (int64_t(1) << bits);
    a.index_bound = std::min(bound, cap);
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(a.index) + 1);
    std::uniform_int_distribution<int64_t> u(0, a.index_bound - 1);
    for (int64_t i = 0; i < a.storage_numel; ++i)
      store_from_double(a.storage.data(), a.dtype, i, static_cast<double>(u(rng)));
    a.initial = a.storage;
  }
}

LaunchArgs Case::launch_args(const te_kernel_info *info) const {
  if (!info) return launch_args(std::vector<te_dtype>{});
  std::string who = dir + ": kernel " + (info->name ? info->name : name);
  // kernel argument i -> kernel.json argument binding[i]
  std::vector<int> binding(static_cast<size_t>(info->num_args));
  if (info->num_args == static_cast<int32_t>(args.size())) {
    for (int i = 0; i < info->num_args; ++i)
      binding[i] = i;
  } else {
    std::vector<std::string> params = python_parameter_names(dir, name);
    if (params.empty())
      throw Error(who + " takes " + std::to_string(info->num_args) + " arguments, kernel.json has " +
                  std::to_string(args.size()) + " and kernel.py has no `def " + name +
                  "(...)` to bind them by name");
    for (int i = 0; i < info->num_args; ++i) {
      std::string want = info->args[i].name ? info->args[i].name : "";
      auto it = std::find(params.begin(), params.end(), want);
      if (it == params.end() || it - params.begin() >= static_cast<long>(args.size()))
        throw Error(who + ": kernel argument '" + want + "' is not among kernel.json's arguments");
      binding[i] = static_cast<int>(it - params.begin());
    }
    for (const CaseArg &a : args) {
      if (std::find(binding.begin(), binding.end(), a.index) != binding.end() ||
          a.index >= static_cast<int>(params.size()))
        continue; // bound, or an extra launch value beyond the Python parameters
      if (a.is_tensor)
        throw Error(who + ": tensor argument " + std::to_string(a.index) +
                    " of kernel.json is not a kernel argument");
      // Triton only drops integer parameters it specialized as 1.
      if (!a.scalar_is_int || a.scalar_int != 1)
        throw Error(who + " takes " + std::to_string(info->num_args) +
                    " arguments: kernel.json's '" + params[a.index] +
                    "' is not among them and is not 1, the only value Triton specializes away");
    }
  }
  std::vector<te_dtype> types(args.size(), TE_I32);
  for (int i = 0; i < info->num_args; ++i) {
    const CaseArg &a = args[binding[i]];
    const te_arg_info &ai = info->args[i];
    std::string an = "argument " + std::to_string(i) + (ai.name ? std::string(" (") + ai.name + ")" : "");
    if ((ai.is_pointer != 0) != a.is_tensor)
      throw Error(who + ": " + an + " is a " + (ai.is_pointer ? "pointer" : "scalar") +
                  " in the kernel but a " + (a.is_tensor ? "tensor" : "scalar") + " in kernel.json");
    te_dtype kt = static_cast<te_dtype>(ai.dtype);
    if (a.is_tensor && kt != a.dtype &&
        !(dtype_size(kt) == dtype_size(a.dtype) && !dtype_is_float(kt) && !dtype_is_float(a.dtype)))
      throw Error(who + ": " + an + " has element type " + dtype_name(kt) + " in the kernel but " +
                  a.dtype_name + " in kernel.json");
    types[a.index] = kt;
  }
  LaunchArgs all = launch_args(types);
  if (binding.size() == args.size() && std::is_sorted(binding.begin(), binding.end()))
    return all;
  LaunchArgs bound;
  bound.scalar_slots = all.scalar_slots;
  for (int j : binding) {
    bound.numel.push_back(all.numel[j]);
    bound.ptrs.push_back(args[j].is_tensor ? all.ptrs[j] : nullptr);
  }
  // Scalars point into the bound slots (the LaunchArgs owns them).
  for (size_t i = 0; i < binding.size(); ++i)
    if (!args[binding[i]].is_tensor)
      bound.ptrs[i] = &bound.scalar_slots[binding[i]];
  return bound;
}

LaunchResult launch_case(te_programs_fn fn, const te_kernel_info *info, Case &c,
                         const LaunchOptions &opts) {
  LaunchArgs la = c.launch_args(info);
  return launch(fn, info, la.ptrs.data(), la.numel.data(), c.grid, opts);
}

} // namespace te
