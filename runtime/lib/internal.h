// Runtime-internal: the failure state of the launch the current thread runs.
#ifndef TRITON_EDGE_RT_INTERNAL_H
#define TRITON_EDGE_RT_INTERNAL_H

#include <atomic>
#include <cstdint>
#include <string>

namespace te {
namespace detail {

struct LaunchState {
  std::atomic<bool> failed{false};
  std::atomic<int64_t> failures{0};
  std::string error; // written once, by the thread that set `failed`
};

// Set by te::launch around each range call.
extern thread_local LaunchState *t_launch_state;

// Records a failure in the current launch (first message wins), or prints it
// and counts it as unattached when no launch is running on this thread.
void report_failure(const std::string &message);

} // namespace detail
} // namespace te

#endif
