// Runtime-internal: the failure state of the launch the current thread runs.
#ifndef TRITON_EDGE_RT_INTERNAL_H
#define TRITON_EDGE_RT_INTERNAL_H

#include <atomic>
#include <cstdint>
#include <string>

#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/launch_pool.h"

struct te_kernel_info;

namespace te {
namespace detail {

struct LaunchState {
  std::atomic<bool> failed{false};
  std::atomic<int64_t> failures{0};
  std::string error; // written once, by the thread that set `failed`
};

// Set by te::launch around each range call.
extern thread_local LaunchState *t_launch_state;
extern thread_local const te_kernel_info *t_launch_info;
// The launch's arguments while it checks DMA transfers (null: no check).
extern thread_local void *const *t_check_args;
extern thread_local const int64_t *t_check_numel;

// Records a failure in the current launch (first message wins), or prints it
// and counts it as unattached when no launch is running on this thread.
void report_failure(const std::string &message);

// With LaunchOptions::check_dma (dma_bounds.cpp): whether a transfer of `bytes` between dst
// and src stays inside the launch's argument storage or the calling
// thread's stack; reports the failure when not. Always true otherwise.
bool dma_in_bounds(void *engine, void *dst, const void *src, int64_t bytes);

// The environment variables launches read (launch_env.cpp): read once, at
// first use, and again by reread_launch_environment(), not per launch.
struct LaunchEnv {
  bool pin_set = false, pin = false;
  std::string pin_error;
  StreamStores stream = StreamStores::Auto;
  std::string stream_error;
  bool pool_set = false;
  PoolChoice pool = PoolChoice::Auto;
  std::string pool_error;
};
const LaunchEnv &launch_env();

} // namespace detail
} // namespace te

#endif
