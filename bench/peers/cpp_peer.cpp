// The built-in peer: the straightforward loops on one thread.
#include "triton-edge-bench/bench.h"
#include "peer_select.h"

#include <cstring>

namespace {
using namespace te_peer_impl;

struct State {
  bool gelu;
  int64_t n;
  void (*g)(const float *, float *, int64_t, int64_t);
  void (*a)(const float *, const float *, float *, int64_t, int64_t);
};

std::string level = "base";

void *prepare(const char *op, int64_t n, int) {
  bool gelu = std::strcmp(op, "gelu") == 0;
  if (!gelu && std::strcmp(op, "add") != 0) return nullptr;
  State *s = new State{gelu, n, base::gelu, base::add};
  if (level == "v4") { s->g = v4::gelu; s->a = v4::add; }
  else if (level == "v3") { s->g = v3::gelu; s->a = v3::add; }
  return s;
}
void run(void *st, const float *a, const float *b, float *out) {
  State *s = static_cast<State *>(st);
  if (s->gelu) s->g(a, out, 0, s->n);
  else s->a(a, b, out, 0, s->n);
}
void release(void *st) { delete static_cast<State *>(st); }

te::bench::PeerApi apis[3] = {
    {te::bench::kPeerAbi, "cpp", "clang -O3 -march=x86-64-v4 (1 thread)", 0, prepare, run, release},
    {te::bench::kPeerAbi, "cpp", "clang -O3 -march=x86-64-v3 (1 thread)", 0, prepare, run, release},
#if defined(__x86_64__)
    {te::bench::kPeerAbi, "cpp", "clang -O3 -march=x86-64 (1 thread)", 0, prepare, run, release},
#else
    {te::bench::kPeerAbi, "cpp", "clang -O3, baseline ISA (1 thread)", 0, prepare, run, release},
#endif
};
} // namespace

const te::bench::PeerApi *te::bench::builtin_cpp_peer(const std::string &isa_level) {
  level = pick_level(isa_level);
  return level == "v4" ? &apis[0] : level == "v3" ? &apis[1] : &apis[2];
}
