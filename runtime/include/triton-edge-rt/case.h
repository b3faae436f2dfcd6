// Corpus cases (test/corpus/*/<case>__<kernel>/): kernel.json + in<i>.npy.
#ifndef TRITON_EDGE_RT_CASE_H
#define TRITON_EDGE_RT_CASE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/npy.h"

namespace te {

struct CaseArg {
  int index = 0;
  bool is_tensor = false;

  // Tensor arguments.
  te_dtype dtype = TE_F32;       // from kernel.json ("bfloat16" -> TE_BF16)
  std::string dtype_name;        // as written in kernel.json
  std::vector<int64_t> shape, stride;
  int64_t storage_offset = 0;
  int64_t storage_numel = 0;     // from kernel.json, or derived (see load_case)
  bool generated = false;        // no in<i>.npy: filled deterministically
  int64_t index_bound = 0;       // > 0: generated integers in [0, index_bound)
  Buffer storage;                // the whole storage, storage_numel elements
  Buffer initial;                // its contents before any launch (for reset())

  // Scalar arguments.
  bool scalar_is_int = false;
  int64_t scalar_int = 0;
  double scalar_float = 0.0;

  // Pointer passed to the kernel: element storage_offset of the storage.
  void *data() { return storage.data() + storage_offset * dtype_size(dtype); }
  const void *data() const { return storage.data() + storage_offset * dtype_size(dtype); }
  // Elements addressable from data().
  int64_t numel() const { return storage_numel - storage_offset; }
};

// The args/numel arrays of one launch. Pointers refer to the Case's storage
// and to this object's scalar slots: keep both alive while launching.
struct LaunchArgs {
  std::vector<void *> ptrs;
  std::vector<int64_t> numel;
  std::vector<uint64_t> scalar_slots; // one 8-byte slot per argument
  LaunchArgs() = default;
  LaunchArgs(LaunchArgs &&) = default;
  LaunchArgs &operator=(LaunchArgs &&) = default;
  LaunchArgs(const LaunchArgs &) = delete;
  LaunchArgs &operator=(const LaunchArgs &) = delete;
};

struct Case {
  std::string dir;
  std::string case_name;   // "case" in kernel.json
  std::string name;        // kernel name
  int32_t grid[3] = {1, 1, 1};
  bool oracle = false;
  std::map<std::string, int64_t> config; // block sizes
  std::vector<CaseArg> args;

  int64_t programs() const { return int64_t(grid[0]) * grid[1] * grid[2]; }

  // Builds the launch arrays. With `info`, checks the argument count, tensor
  // vs scalar and tensor dtypes against the kernel, and stores each scalar
  // with the kernel's scalar type (an integer JSON value into an integer type,
  // a float into f16/bf16/f32/f64; a fractional value into an integer type is
  // an error). Without info, integers go to int32 (int64 if they do not fit)
  // and floats to float32. Throws te::Error.
  LaunchArgs launch_args(const te_kernel_info *info = nullptr) const;
  // The same with explicit scalar types (indexed by argument; tensor entries ignored).
  LaunchArgs launch_args(const std::vector<te_dtype> &scalar_types) const;

  // Restores every tensor's storage to its contents before the first launch.
  void reset();

  // out<i>.npy for every tensor argument, checked against kernel.json
  // (dtype and element count). Throws te::Error if the case has no oracle or
  // a file is missing/malformed.
  std::map<int, NpyArray> load_expected() const;
};

// Loads kernel.json and in<i>.npy of a case directory. Each in<i>.npy must
// have the argument's dtype (bfloat16 as '<u2') and storage_numel elements;
// errors name the file. When kernel.json has no storage_numel, it is
// max over dims of (shape-1)*stride + 1 + storage_offset. Tensor arguments
// without in<i>.npy (oracle: false) are generated from `seed`: floats uniform
// in [-2, 2), integers and bools 0 or 1. Throws te::Error.
Case load_case(const std::string &dir, uint64_t seed = 1);

// Regenerates the generated integer inputs whose range the kernel states
// (kernel argument number -> exclusive bound, from the kernel's index
// asserts; kernel argument names bind them to kernel.json's arguments as
// for a launch): uniform in [0, bound) from `seed`, capped at what the
// dtype holds. Sets index_bound of each argument it regenerated.
void bound_index_inputs(Case &c, const std::vector<std::string> &kernel_arg_names,
                        const std::map<unsigned, int64_t> &bounds, uint64_t seed = 1);

// launch() with the case's grid and args (built from info).
LaunchResult launch_case(te_programs_fn fn, const te_kernel_info *info, Case &c,
                         const LaunchOptions &opts = LaunchOptions());

} // namespace te

#endif
