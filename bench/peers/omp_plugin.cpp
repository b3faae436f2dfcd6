// Peer plugin: the same straightforward loops under `#pragma omp parallel for`.
#include "triton-edge-bench/bench.h"
#include "peer_select.h"

#include <cstring>

namespace {
using namespace te_peer_impl;

struct State {
  bool gelu;
  int64_t n;
  int threads;
};
std::string level = "base";

void *prepare(const char *op, int64_t n, int threads) {
  bool gelu = std::strcmp(op, "gelu") == 0;
  if (!gelu && std::strcmp(op, "add") != 0) return nullptr;
  return new State{gelu, n, threads < 1 ? 1 : threads};
}
void run(void *st, const float *a, const float *b, float *out) {
  State *s = static_cast<State *>(st);
  if (level == "v4") {
    if (s->gelu) v4::gelu_omp(a, out, s->n, s->threads);
    else v4::add_omp(a, b, out, s->n, s->threads);
  } else if (level == "v3") {
    if (s->gelu) v3::gelu_omp(a, out, s->n, s->threads);
    else v3::add_omp(a, b, out, s->n, s->threads);
  } else {
    if (s->gelu) base::gelu_omp(a, out, s->n, s->threads);
    else base::add_omp(a, b, out, s->n, s->threads);
  }
}
void release(void *st) { delete static_cast<State *>(st); }

te::bench::PeerApi apis[3] = {
    {te::bench::kPeerAbi, "cpp-omp", "clang -O3 -march=x86-64-v4 -fopenmp (libomp)", 1, prepare, run, release},
    {te::bench::kPeerAbi, "cpp-omp", "clang -O3 -march=x86-64-v3 -fopenmp (libomp)", 1, prepare, run, release},
    {te::bench::kPeerAbi, "cpp-omp", "clang -O3 -march=x86-64 -fopenmp (libomp)", 1, prepare, run, release},
};
} // namespace

extern "C" __attribute__((visibility("default"))) const te::bench::PeerApi *
te_bench_peer(const char *isa_level) {
  level = pick_level(isa_level);
  return level == "v4" ? &apis[0] : level == "v3" ? &apis[1] : &apis[2];
}
