// Peer plugin: ATen (PyTorch's CPU kernels) through libtorch's C++ API:
// at::gelu_out (erf form) and at::add_out on tensors wrapping our buffers.
// Built only where CMake finds Torch (Debian libtorch-dev).
#include "triton-edge-bench/bench.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstring>
#include <string>

namespace {

struct State {
  bool gelu;
  int64_t n;
  int threads;
};

void *prepare(const char *op, int64_t n, int threads) {
  bool gelu = std::strcmp(op, "gelu") == 0;
  if (!gelu && std::strcmp(op, "add") != 0) return nullptr;
  return new State{gelu, n, threads < 1 ? 1 : threads};
}

void run(void *st, const float *a, const float *b, float *out) {
  State *s = static_cast<State *>(st);
  if (at::get_num_threads() != s->threads) at::set_num_threads(s->threads);
  auto opts = at::TensorOptions().dtype(at::kFloat);
  at::Tensor ta = at::from_blob(const_cast<float *>(a), {s->n}, opts);
  at::Tensor to = at::from_blob(out, {s->n}, opts);
  if (s->gelu) {
    at::gelu_out(to, ta);
  } else {
    at::Tensor tb = at::from_blob(const_cast<float *>(b), {s->n}, opts);
    at::add_out(to, ta, tb);
  }
}

void release(void *st) { delete static_cast<State *>(st); }

te::bench::PeerApi api = {te::bench::kPeerAbi, "aten", "ATen (libtorch) gelu_out / add_out",
                          1, prepare, run, release};
} // namespace

extern "C" __attribute__((visibility("default"))) const te::bench::PeerApi *
te_bench_peer(const char *) {
  return &api;
}
