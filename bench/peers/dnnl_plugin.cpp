// Peer plugin: oneDNN's eltwise GELU (erf form) and binary add on 1-D f32.
// oneDNN picks its own ISA at run time (its JIT); threads through OpenMP.
#include "triton-edge-bench/bench.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cstring>
#include <string>

extern "C" void omp_set_num_threads(int); // Debian's oneDNN uses libgomp

namespace {

struct State {
  bool gelu;
  int threads;
  dnnl::engine eng{dnnl::engine::kind::cpu, 0};
  dnnl::stream strm{eng};
  dnnl::memory::desc md;
  dnnl::primitive prim;
};

void *prepare(const char *op, int64_t n, int threads) {
  bool gelu = std::strcmp(op, "gelu") == 0;
  if (!gelu && std::strcmp(op, "add") != 0) return nullptr;
  auto *s = new State();
  s->gelu = gelu;
  s->threads = threads < 1 ? 1 : threads;
  s->md = dnnl::memory::desc({n}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
  // Primitive creation (JIT) happens here, outside the timed calls.
  if (gelu) {
    auto pd = dnnl::eltwise_forward::primitive_desc(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_inference,
                                    dnnl::algorithm::eltwise_gelu_erf, s->md, 0.f, 0.f),
        s->eng);
    s->prim = dnnl::eltwise_forward(pd);
  } else {
    auto pd = dnnl::binary::primitive_desc(
        dnnl::binary::desc(dnnl::algorithm::binary_add, s->md, s->md, s->md), s->eng);
    s->prim = dnnl::binary(pd);
  }
  return s;
}

void run(void *st, const float *a, const float *b, float *out) {
  State *s = static_cast<State *>(st);
  omp_set_num_threads(s->threads);
  dnnl::memory src(s->md, s->eng, const_cast<float *>(a));
  dnnl::memory dst(s->md, s->eng, out);
  if (s->gelu) {
    s->prim.execute(s->strm, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
  } else {
    dnnl::memory src1(s->md, s->eng, const_cast<float *>(b));
    s->prim.execute(s->strm, {{DNNL_ARG_SRC_0, src}, {DNNL_ARG_SRC_1, src1}, {DNNL_ARG_DST, dst}});
  }
  s->strm.wait();
}

void release(void *st) { delete static_cast<State *>(st); }

std::string detail;
te::bench::PeerApi api = {te::bench::kPeerAbi, "onednn", "", 1, prepare, run, release};
} // namespace

extern "C" __attribute__((visibility("default"))) const te::bench::PeerApi *
te_bench_peer(const char *) {
  const dnnl_version_t *v = dnnl_version();
  detail = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
           std::to_string(v->patch) + " eltwise_gelu_erf / binary_add (JIT, OpenMP)";
  api.detail = detail.c_str();
  return &api;
}
