// Declarations of the per-ISA peer loops and the CPUID pick between them.
#ifndef TRITON_EDGE_BENCH_PEER_SELECT_H
#define TRITON_EDGE_BENCH_PEER_SELECT_H
#include <cstdint>
#include <string>

namespace te_peer_impl {
#define TE_DECLARE(ns)                                                                     \
  namespace ns {                                                                           \
  void gelu(const float *, float *, int64_t, int64_t);                                     \
  void add(const float *, const float *, float *, int64_t, int64_t);                       \
  void gelu_omp(const float *, float *, int64_t, int);                                     \
  void add_omp(const float *, const float *, float *, int64_t, int);                       \
  }
TE_DECLARE(v4)
TE_DECLARE(v3)
TE_DECLARE(base)
#undef TE_DECLARE

// "v4" where the CPU (and the caller's requested level) allows, else "v3", else "base".
inline std::string pick_level(const std::string &isa_level) {
  if (isa_level == "x86-64-v4") return "v4";
  if (isa_level == "x86-64-v3") return "v3";
  return "base";
}
} // namespace te_peer_impl
#endif
