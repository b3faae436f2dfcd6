// STREAM-like memory bandwidth, measured in the same process as the kernels
// (same pool, same pinning), so "percent of bandwidth" compares like with like.
#include "triton-edge-bench/bench.h"

#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/thread_pool.h"

#include <algorithm>

namespace te::bench {

Bandwidth measure_bandwidth(int threads, int64_t llc_bytes, const MeasureOptions &o,
                            bool quick) {
  Bandwidth bw;
  bw.threads = std::max(1, threads);
  // Each array well beyond the last-level cache, as STREAM asks (4x).
  int64_t bytes = std::max<int64_t>(quick ? 16 << 20 : 32 << 20, (quick ? 2 : 4) * llc_bytes);
  bw.bytes_per_array = bytes;
  int64_t n = bytes / sizeof(double);
  Buffer a(bytes, 4096), b(bytes, 4096), c(bytes, 4096); // same page offset: no 4K aliasing
  double *pa = a.as<double>(), *pb = b.as<double>(), *pc = c.as<double>();
  ThreadPool &pool = ThreadPool::global();
  // First touch by the contexts that will use the pages.
  pool.parallel_for(n, bw.threads, [&](int, int64_t s, int64_t e) {
    for (int64_t i = s; i < e; ++i) { pa[i] = 0; pb[i] = 1.0; pc[i] = 2.0; }
  });
  bw.copy = measure([&](int64_t) {
    pool.parallel_for(n, bw.threads, [&](int, int64_t s, int64_t e) {
      for (int64_t i = s; i < e; ++i) pa[i] = pb[i];
    });
  }, o);
  const double scalar = 3.0;
  bw.triad = measure([&](int64_t) {
    pool.parallel_for(n, bw.threads, [&](int, int64_t s, int64_t e) {
      for (int64_t i = s; i < e; ++i) pa[i] = pb[i] + scalar * pc[i];
    });
  }, o);
  // STREAM's convention: bytes read + bytes written (no write-allocate traffic).
  bw.copy_gbs = bw.copy.median > 0 ? 2.0 * bytes / bw.copy.median * 1e-9 : 0;
  bw.triad_gbs = bw.triad.median > 0 ? 3.0 * bytes / bw.triad.median * 1e-9 : 0;
  return bw;
}

} // namespace te::bench
