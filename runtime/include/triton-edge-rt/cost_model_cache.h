// The calibrated MT cost model, kept between processes (docs/runtime.md,
// "The cost model's file"). Calibrating takes a tenth of a second or more on
// a 16-context machine, and every process paid it on its first auto launch:
// in a warm start through PyTorch that is compile work that compiles nothing.
#ifndef TRITON_EDGE_RT_COST_MODEL_CACHE_H
#define TRITON_EDGE_RT_COST_MODEL_CACHE_H

#include <string>

#include "triton-edge-rt/launch.h"

namespace te {

// The directory of the model files. Empty (the default): nothing is read or
// written, every process calibrates. The Python package sets its cache
// directory (te_rt_set_cost_model_dir). Call before the first auto launch.
void set_cost_model_dir(const std::string &dir);
std::string cost_model_dir();

// What a saved model must have been measured under: the CPU's name, the
// contexts of the process mask, whether the pool is pinned, its spin window,
// the runtime's ABI. A model saved under another key is never read.
std::string cost_model_key(int hw_contexts, bool pinned, int64_t spin_ns);

// The file of `key` in `dir` ("" when dir is empty).
std::string cost_model_path(const std::string &dir, const std::string &key);

// Reads the model saved at `path` for `key`; false (m unchanged) when there is
// none, it was saved for another key, or it does not parse.
bool load_cost_model(const std::string &path, const std::string &key, CostModel &m);

// Saves the measured fields of `m`: a new file renamed over the old one (a
// reader never sees half a file; two writers leave one whole file). False if
// the directory cannot be made or written.
bool store_cost_model(const std::string &path, const std::string &key, const CostModel &m);

} // namespace te

#endif
