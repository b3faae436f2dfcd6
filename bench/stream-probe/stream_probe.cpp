// stream-probe: what non-temporal stores are worth on a machine, outside the
// compiler. y = 0.5 x + 0.25 x^2 over n floats with plain stores against
// non-temporal ones (_mm512_stream_ps), interleaved round by round (31
// rounds; medians, and the median per-round ratio with the 11th and 21st of
// the 31 sorted ratios as [lo, hi]), on 1 and 16 pinned contexts, n = 2^18..2^24,
// cache-hot (one buffer set) and rotated (sets covering more than 2x an LLC
// of 300 MiB, so every call reads and writes memory). The rule of
// te::stream_stores_pay (docs/runtime.md) was read from its output on the
// 16-core Xeon of the device machine.
//
//   clang++-22 -O3 -march=x86-64-v4 -static -pthread stream_probe.cpp -o stream-probe
#include <immintrin.h>
#include <pthread.h>
#include <sched.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>
#include <algorithm>
static double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
template <bool NT> static void kernel(const float *x, float *y, long n) {
  __m512 h = _mm512_set1_ps(0.5f), q = _mm512_set1_ps(0.25f);
  for (long i = 0; i < n; i += 16) {
    __m512 v = _mm512_load_ps(x + i);
    __m512 r = _mm512_fmadd_ps(_mm512_mul_ps(v, v), q, _mm512_mul_ps(v, h));
    if (NT) _mm512_stream_ps(y + i, r); else _mm512_store_ps(y + i, r);
  }
  if (NT) _mm_sfence();
}
struct Pool {
  int k; std::vector<std::thread> th; std::atomic<long> gen{0}; std::atomic<int> done{0};
  const float *x; float *y; long n; bool nt; std::atomic<bool> stop{false};
  void work(int t) {
    long chunk = (n / k + 15) / 16 * 16, b = t * chunk, e = std::min(n, b + chunk);
    if (b < e) { if (nt) kernel<true>(x + b, y + b, e - b); else kernel<false>(x + b, y + b, e - b); }
  }
  Pool(int k) : k(k) {
    for (int t = 1; t < k; ++t) th.emplace_back([this, t] {
      cpu_set_t s; CPU_ZERO(&s); CPU_SET(t, &s); pthread_setaffinity_np(pthread_self(), sizeof s, &s);
      long seen = 0;
      while (!stop) { long g = gen.load(); if (g == seen) { _mm_pause(); continue; } seen = g; work(t); done++; }
    });
  }
  void run(const float *x_, float *y_, long n_, bool nt_) {
    x = x_; y = y_; n = n_; nt = nt_; done = 0; gen++; work(0);
    while (done.load() < k - 1) _mm_pause();
  }
  ~Pool() { stop = true; for (auto &t : th) t.join(); }
};
int main() {
  cpu_set_t s; CPU_ZERO(&s); CPU_SET(0, &s); sched_setaffinity(0, sizeof s, &s);
  long llc = 300L << 20;
  for (int k : {1, 16}) {
    Pool p(k);
    for (int lg = 18; lg <= 24; ++lg) {
      long n = 1L << lg, ws = n * 8;
      for (int rotate = 0; rotate < 2; ++rotate) {
        int sets = rotate ? std::max<long>(2, (2 * llc + ws - 1) / ws + 1) : 1;
        if (rotate && sets * ws > (3L << 30)) sets = (3L << 30) / ws;
        std::vector<float *> xs, ys;
        for (int i = 0; i < sets; ++i) {
          xs.push_back((float *)aligned_alloc(64, n * 4)); ys.push_back((float *)aligned_alloc(64, n * 4));
          for (long j = 0; j < n; ++j) xs[i][j] = (j % 97) * 0.01f;
          memset(ys[i], 0, n * 4);
        }
        std::vector<double> t[2];
        long it = 0;
        for (int w = 0; w < 2 * sets; ++w) p.run(xs[w % sets], ys[w % sets], n, w & 1);
        for (int r = 0; r < 31; ++r)
          for (int m = 0; m < 2; ++m) {
            int reps = std::max<long>(1, (1L << 22) / n);
            double a = now();
            for (int q = 0; q < reps; ++q, ++it) p.run(xs[it % sets], ys[it % sets], n, m);
            t[m].push_back((now() - a) / reps);
          }
        std::vector<double> ratio;
        for (int r = 0; r < 31; ++r) ratio.push_back(t[0][r] / t[1][r]);
        for (auto &v : t) std::sort(v.begin(), v.end());
        std::sort(ratio.begin(), ratio.end());
        printf("k=%2d n=2^%d sets=%2d normal %9.1f us  nt %9.1f us  normal/nt %.3f [%.3f, %.3f]\n", k, lg, sets,
               t[0][15] * 1e6, t[1][15] * 1e6, ratio[15], ratio[10], ratio[20]);
        fflush(stdout);
        for (int i = 0; i < sets; ++i) { free(xs[i]); free(ys[i]); }
      }
    }
  }
}
