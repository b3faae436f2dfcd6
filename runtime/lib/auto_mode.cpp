// The deterministic mode of launch(threads = 0): a fixed cost model chosen
// by set_auto_mode or TRITON_EDGE_AUTO (docs/runtime.md).
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace te {

namespace {

struct ModeState {
  std::atomic<int> mode{static_cast<int>(AutoMode::Measured)};
  std::atomic<bool> set{false}; // set_auto_mode was called (the environment no longer counts)
  std::string env_error;        // written once, before any reader sees the state

  ModeState() {
    const char *env = std::getenv("TRITON_EDGE_AUTO");
    if (!env || !*env) return;
    AutoMode m;
    if (parse_auto_mode(env, m))
      mode = static_cast<int>(m);
    else
      env_error = std::string("TRITON_EDGE_AUTO='") + env +
                  "' is not an auto mode: use 'measured' or 'fixed' (deterministic)";
  }
};

ModeState &state() {
  static ModeState s; // thread-safe initialization; reads the environment once
  return s;
}

} // namespace

bool parse_auto_mode(const std::string &text, AutoMode &out) {
  if (text == "measured") { out = AutoMode::Measured; return true; }
  if (text == "fixed" || text == "deterministic") { out = AutoMode::Fixed; return true; }
  return false;
}

const char *auto_mode_name(AutoMode mode) {
  return mode == AutoMode::Fixed ? "fixed" : "measured";
}

AutoMode auto_mode() { return static_cast<AutoMode>(state().mode.load(std::memory_order_relaxed)); }

void set_auto_mode(AutoMode mode) {
  ModeState &s = state();
  s.mode.store(static_cast<int>(mode), std::memory_order_relaxed);
  s.set.store(true, std::memory_order_relaxed);
}

std::string auto_mode_env_error() {
  ModeState &s = state();
  return s.set.load(std::memory_order_relaxed) ? std::string() : s.env_error;
}

const CostModel &fixed_cost_model() {
  static const CostModel model = [] {
    CostModel m;
    m.hw_contexts = ThreadPool::global().hw_contexts();
    m.ops_per_ns = kFixedOpsPerNs;
    m.bytes_per_ns = kFixedBytesPerNs;
    m.bytes_per_ns_all = kFixedBytesPerNsAll;
    m.cold_extra_ns = 0; // the Fixed mode always takes the hot choice
    // Entries up to 16 contexts like the calibrated model; predict_ns
    // extends the last step beyond.
    int n = std::max(2, std::min(m.hw_contexts, 16));
    m.overhead_ns.assign(n + 1, 0.0);
    m.overhead_ns[1] = kFixedOverheadOneNs;
    for (int k = 2; k <= n; ++k) m.overhead_ns[k] = kFixedOverheadTwoNs + kFixedOverheadStepNs * (k - 2);
    return m;
  }();
  return model;
}

} // namespace te
