// The virtual platform of a modeled NPU (SystemC + TLM-2.0): replays the
// per-context event traces of a recorded launch (te::LaunchOptions::record)
// on hardware contexts, DMA engines and a shared DDR, and reports the
// modeled device time. docs/npu-model.md has the model and its equations.
#ifndef TRITON_EDGE_MODEL_PLATFORM_H
#define TRITON_EDGE_MODEL_PLATFORM_H

#include "triton-edge-model/profile.h"
#include "triton-edge-rt/launch.h"

#include <string>
#include <vector>

namespace te::npu {

// One interval of the Chrome trace: a track (context c = c, engine e =
// contexts + e) busy with `what` over [begin, end) ns of modeled time.
struct Span {
  int32_t track = 0;
  int32_t what = 0; // 0 compute, 1 DMA wait, 2 transfer
  double begin_ns = 0, end_ns = 0;
  int64_t bytes = 0;
};

struct SimResult {
  double total_ns = 0;                 // modeled device time of the launch
  int contexts = 0, engines = 0;
  std::vector<double> context_busy_ns; // computing (incl. direct DDR access)
  std::vector<double> context_wait_ns; // waiting for DMA completions
  std::vector<double> engine_busy_ns;  // setting up and moving transfers
  double ddr_busy_ns = 0;
  int64_t ddr_bytes = 0, dma_bytes = 0, dma_transfers = 0;
  std::vector<Span> spans;             // only with keep_spans (capped)
};

// Simulates the trace on the profile's platform. Deterministic: the result
// depends only on the trace and the profile. Runs the SystemC kernel in a
// child process (SystemC elaborates once per process); throws te::Error.
SimResult simulate(const Profile &profile, const ModelTrace &trace, bool keep_spans = false);

// "compute-bound", "DMA-bound", "memory-bound" (direct DDR) or "balanced".
std::string bound_kind(const SimResult &r);
// One paragraph: modeled time, bound, utilization of every context and engine and of DDR.
std::string summary(const SimResult &r);
// Chrome trace JSON (chrome://tracing, Perfetto): one track per context and per engine.
void write_chrome_trace(const std::string &path, const SimResult &r, const std::string &kernel,
                        const Profile &profile);

} // namespace te::npu

#endif
