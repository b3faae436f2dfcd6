// What a simulation says: bound classification, summary, Chrome trace.
#include "triton-edge-model/platform.h"

#include "triton-edge-rt/dtype.h"

#include "triton-edge-rt/safe_write.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace te::npu {

std::string bound_kind(const SimResult &r) {
  if (r.total_ns <= 0) return "empty";
  double compute = 0, engines = 0;
  for (double b : r.context_busy_ns) compute = std::max(compute, b);
  for (double b : r.engine_busy_ns) engines = std::max(engines, b);
  double wait = 0;
  for (double w : r.context_wait_ns) wait = std::max(wait, w);
  // Staged code: waiting on DMA is what a transfer-bound kernel does.
  if (r.dma_transfers > 0) {
    double transfer = std::max(engines, r.ddr_busy_ns);
    if (wait < 0.05 * r.total_ns) return "compute-bound"; // transfers fully hidden
    if (wait > 0.25 * r.total_ns && transfer > 0.5 * compute) return "DMA-bound";
    if (transfer < 0.5 * compute) return "compute-bound";
    return "balanced";
  }
  // Direct access: memory-bound when DDR is busy most of the time.
  if (r.ddr_busy_ns > 0.75 * r.total_ns) return "memory-bound";
  if (r.ddr_busy_ns < 0.35 * r.total_ns) return "compute-bound";
  return "balanced";
}

std::string summary(const SimResult &r) {
  std::ostringstream os;
  char buf[160];
  std::snprintf(buf, sizeof(buf), "modeled device time: %.3f us (%s)\n", r.total_ns / 1e3,
                bound_kind(r).c_str());
  os << buf;
  auto pct = [&](double v) { return r.total_ns > 0 ? 100.0 * v / r.total_ns : 0.0; };
  for (size_t c = 0; c < r.context_busy_ns.size(); ++c) {
    std::snprintf(buf, sizeof(buf), "  context %zu: busy %.1f%%, waiting for DMA %.1f%%\n", c,
                  pct(r.context_busy_ns[c]), pct(r.context_wait_ns[c]));
    os << buf;
  }
  for (size_t e = 0; e < r.engine_busy_ns.size(); ++e) {
    std::snprintf(buf, sizeof(buf), "  dma engine %zu: busy %.1f%%\n", e, pct(r.engine_busy_ns[e]));
    os << buf;
  }
  std::snprintf(buf, sizeof(buf), "  ddr: busy %.1f%% (%lld bytes; %lld by %lld DMA transfers)\n",
                pct(r.ddr_busy_ns), static_cast<long long>(r.ddr_bytes),
                static_cast<long long>(r.dma_bytes), static_cast<long long>(r.dma_transfers));
  os << buf;
  return os.str();
}

void write_chrome_trace(const std::string &path, const SimResult &r, const std::string &kernel,
                        const Profile &profile) {
  using json = nlohmann::json;
  json events = json::array();
  auto meta = [&](int tid, const std::string &name) {
    events.push_back({{"ph", "M"}, {"pid", 0}, {"tid", tid}, {"name", "thread_name"},
                      {"args", {{"name", name}}}});
  };
  events.push_back({{"ph", "M"}, {"pid", 0}, {"name", "process_name"},
                    {"args", {{"name", kernel + " on " + profile.name + " (modeled time)"}}}});
  for (int c = 0; c < r.contexts; ++c) meta(c, "context " + std::to_string(c));
  for (int e = 0; e < r.engines; ++e) meta(r.contexts + e, "dma engine " + std::to_string(e));
  static const char *names[] = {"compute", "dma wait", "transfer"};
  for (const Span &s : r.spans) {
    json ev = {{"ph", "X"}, {"pid", 0}, {"tid", s.track}, {"name", names[s.what]},
               {"ts", s.begin_ns / 1e3}, {"dur", (s.end_ns - s.begin_ns) / 1e3}};
    if (s.bytes) ev["args"] = {{"bytes", s.bytes}};
    events.push_back(ev);
  }
  json doc = {{"traceEvents", events}, {"displayTimeUnit", "ns"},
              {"otherData", {{"modeled_total_us", r.total_ns / 1e3}, {"profile", profile.name}}}};
  std::string text = doc.dump();
  std::string e = write_file_checked(path, {{text.data(), text.size()}});
  if (!e.empty()) throw Error("trace: " + e);
}

} // namespace te::npu
