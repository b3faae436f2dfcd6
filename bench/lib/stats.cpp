// Order statistics and the adaptive repetition loop (docs/benchmarking.md).
#include "triton-edge-bench/bench.h"

#include "triton-edge-rt/timer.h"

#include <algorithm>
#include <random>
#include <cmath>
#include <numeric>
#include <thread>
#include <chrono>

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

/// Warm-up (caches, page faults of outputs, pool workers awake, CPU clocks),
/// then the batch: short calls are batched so that timer resolution and call
/// overhead stay small against one sample.
static int64_t warmUp(const std::function<void(int64_t)> &call, const MeasureOptions &o,
                      int64_t &index) {
  int64_t t0 = now_ns(), calls = 0;
  while (calls < o.warmup_min || (now_ns() - t0) * 1e-9 < o.warmup_s) {
    call(index++);
    ++calls;
    if (calls >= 100000) break;
  }
  double per_call = (now_ns() - t0) * 1e-9 / calls;
  int64_t batch = 1;
  if (per_call > 0 && per_call < o.min_sample_s)
    batch = static_cast<int64_t>(std::ceil(o.min_sample_s / per_call));
  return batch;
}

Interleaved measure_interleaved(const std::vector<std::function<void(int64_t)>> &calls,
                                const MeasureOptions &o) {
  size_t k = calls.size();
  Interleaved r;
  r.stats.resize(k);
  r.samples.resize(k);
  std::vector<int64_t> index(k, 0), batch(k, 1);
  for (size_t i = 0; i < k; ++i)
    batch[i] = warmUp(calls[i], o, index[i]);
  int64_t start = now_ns();
  // A new order every round (seeded: runs repeat it). A rotation keeps the
  // cyclic order, so each call always followed the same one and inherited
  // its state: the ladder's --db=auto rung (the same code as +Vec+MT, run
  // right after it) read 2-11% faster in 6 of 6 comparisons
  // (docs/benchmarking.md, Method).
  std::vector<size_t> order(k);
  for (size_t i = 0; i < k; ++i) order[i] = i;
  std::mt19937 rng(12345);
  for (int round = 0; k; ++round) {
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t j = 0; j < k; ++j) {
      size_t i = order[j];
      if (o.settle_s > 0 && k > 1)
        std::this_thread::sleep_for(std::chrono::duration<double>(o.settle_s));
      int64_t a = now_ns();
      for (int64_t b = 0; b < batch[i]; ++b) calls[i](index[i]++);
      r.samples[i].push_back((now_ns() - a) * 1e-9 / batch[i]);
    }
    int n = round + 1;
    bool capped = n >= o.max_samples || (now_ns() - start) * 1e-9 >= o.max_seconds * k;
    if (n < o.min_samples && !capped) continue;
    bool converged = n >= o.min_samples;
    for (size_t i = 0; i < k; ++i) {
      r.stats[i] = summarize(r.samples[i]);
      r.stats[i].calls_per_sample = batch[i];
      converged &= r.stats[i].rel_ci() <= o.target_rel_ci;
    }
    if (converged || capped) {
      for (Stats &s : r.stats) s.converged = converged;
      break;
    }
  }
  return r;
}

Ratio paired_ratio(const std::vector<double> &a, const std::vector<double> &b) {
  std::vector<double> q;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i)
    if (b[i] > 0) q.push_back(a[i] / b[i]);
  Stats s = summarize(q);
  return {s.median, s.ci_lo, s.ci_hi};
}

Stats measure(const std::function<void(int64_t)> &call, const MeasureOptions &o) {
  int64_t index = 0;
  int64_t batch = warmUp(call, o, index);
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
