// Which threads run a multi-context launch: the runtime's own pool
// (thread_pool.h) or the team of an OpenMP runtime the process has already
// loaded (PyTorch's libgomp), so that ATen's parallel regions and our
// launches share one set of threads instead of two pools spinning for the
// same cores (docs/runtime.md, "Launch pool").
#ifndef TRITON_EDGE_RT_LAUNCH_POOL_H
#define TRITON_EDGE_RT_LAUNCH_POOL_H

#include <string>

namespace te {

// Auto: the OpenMP team when an OpenMP runtime is loaded, else the own
// pool. Own: always the own pool. OpenMP: the OpenMP team; a multi-context
// launch fails when no OpenMP runtime is loaded.
enum class PoolChoice { Auto, Own, OpenMP };
// "auto", "own" or "openmp"; false otherwise.
bool parse_pool_choice(const std::string &text, PoolChoice &out);
const char *pool_choice_name(PoolChoice choice);
// The last set_launch_pool, else TRITON_EDGE_POOL (launch_env: read once),
// else Auto.
PoolChoice launch_pool_choice();
void set_launch_pool(PoolChoice choice);
// Why TRITON_EDGE_POOL was not understood (empty when unset or valid, or
// once set_launch_pool was called); launches fail with it.
std::string launch_pool_env_error();

// An OpenMP runtime that is loaded in this process: its GOMP_parallel entry
// (libgomp's; LLVM's libomp and Intel's libiomp5 export it too) and the file
// it was found in.
struct OpenMPRuntime {
  using ParallelFn = void (*)(void (*fn)(void *), void *data, unsigned num_threads,
                              unsigned flags);
  ParallelFn parallel = nullptr;
  std::string library;
};
// The OpenMP runtime loaded in this process, or null. Never loads one: it
// looks through the objects already loaded (dl_iterate_phdr), and only looks
// again when objects were loaded since the last look. Once found, it is kept
// (and kept loaded).
const OpenMPRuntime *loaded_openmp_runtime();

// Where a multi-context launch runs now: the OpenMP runtime to use (null:
// the own pool). Sets *error (and returns null) when TRITON_EDGE_POOL is
// invalid, or is openmp with no OpenMP runtime loaded.
const OpenMPRuntime *launch_team(std::string *error);

// What launch_team decides, for diagnostics: "own", "openmp <library>", or
// the error.
std::string launch_pool_report();

// Runs fn(arg, ctx) for every ctx in [0, k) on the OpenMP runtime's team
// (GOMP_parallel with k threads; the calling thread is one of them): team
// members claim contexts one at a time until none is left, so a smaller team
// than asked for (nested parallelism, a thread limit) still runs every
// context exactly once. If a context throws, the first exception is rethrown
// here after the team has joined (none leaves the parallel region).
void run_on_openmp_team(const OpenMPRuntime &omp, int k, void (*fn)(void *arg, int ctx),
                        void *arg);

} // namespace te

#endif
