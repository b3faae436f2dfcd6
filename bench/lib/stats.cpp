// Order statistics and the adaptive repetition loop (docs/benchmarking.md).
#include "triton-edge-bench/bench.h"

#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace te::bench {

static double quantile(const std::vector<double> &sorted, double q) {
  if (sorted.empty()) return 0;
  double pos = q * (sorted.size() - 1);
  size_t lo = static_cast<size_t>(std::floor(pos));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

Stats summarize(std::vector<double> s) {
  Stats st;
  st.samples = static_cast<int>(s.size());
  if (s.empty()) return st;
  std::sort(s.begin(), s.end());
  st.median = quantile(s, 0.5);
  st.q1 = quantile(s, 0.25);
  st.q3 = quantile(s, 0.75);
  st.min = s.front();
  st.mean = std::accumulate(s.begin(), s.end(), 0.0) / s.size();
  // Distribution-free 95% CI of the median: ranks n/2 -+ 1.96 sqrt(n)/2
  // (normal approximation of the binomial); no assumption about the shape of
  // the timing distribution, which is skewed by interrupts and preemption.
  double n = static_cast<double>(s.size());
  double half = 1.96 * std::sqrt(n) / 2;
  long lo = static_cast<long>(std::floor(n / 2 - half)) - 1; // to 0-based
  long hi = static_cast<long>(std::ceil(n / 2 + half)) - 1;
  lo = std::max(0L, lo);
  hi = std::min(static_cast<long>(s.size()) - 1, std::max(hi, 0L));
  st.ci_lo = s[lo];
  st.ci_hi = s[hi];
  return st;
}

Stats measure(const std::function<void(int64_t)> &call, const MeasureOptions &o) {
  int64_t index = 0;
  // Warm-up: caches, page faults of outputs, pool workers awake, CPU clocks.
  int64_t t0 = now_ns(), calls = 0;
  while (calls < o.warmup_min || (now_ns() - t0) * 1e-9 < o.warmup_s) {
    call(index++);
    ++calls;
    if (calls >= 100000) break;
  }
  double per_call = (now_ns() - t0) * 1e-9 / calls;
  // Batch short calls so that timer resolution and call overhead stay small
  // against one sample.
  int64_t batch = 1;
  if (per_call > 0 && per_call < o.min_sample_s)
    batch = static_cast<int64_t>(std::ceil(o.min_sample_s / per_call));
  std::vector<double> samples;
  Stats st;
  int64_t start = now_ns();
  for (;;) {
    int64_t a = now_ns();
    for (int64_t b = 0; b < batch; ++b) call(index++);
    int64_t e = now_ns();
    samples.push_back((e - a) * 1e-9 / batch);
    int n = static_cast<int>(samples.size());
    bool capped = n >= o.max_samples || (e - start) * 1e-9 >= o.max_seconds;
    if (n >= o.min_samples || capped) {
      st = summarize(samples);
      if (st.rel_ci() <= o.target_rel_ci && n >= o.min_samples) {
        st.converged = true;
        break;
      }
      if (capped) break;
    }
  }
  st.calls_per_sample = batch;
  return st;
}

} // namespace te::bench
