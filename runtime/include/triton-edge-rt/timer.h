// Monotonic timers for the runtime, the benchmark and the calibration.
#ifndef TRITON_EDGE_RT_TIMER_H
#define TRITON_EDGE_RT_TIMER_H

#include <cstdint>

namespace te {

// Nanoseconds from std::chrono::steady_clock (monotonic, arbitrary epoch).
int64_t now_ns();

// Pause hint for spin loops (PAUSE on x86, YIELD on AArch64, nothing elsewhere).
void cpu_relax();

} // namespace te

#endif
