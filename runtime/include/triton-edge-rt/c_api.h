/* A plain C entry point to te::launch, for callers that cannot call C++
 * (Python's ctypes: the triton_edge package's Triton driver).
 *
 * Nothing here changes the kernel ABI (kernel_abi.h); it only exposes the
 * launch and the DMA-kind names through C linkage.
 */
#ifndef TRITON_EDGE_RT_C_API_H
#define TRITON_EDGE_RT_C_API_H

#include <stdint.h>

#include "triton-edge-rt/kernel_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this C API (bumped when a signature below changes). */
#define TE_RT_C_API_VERSION 1
int32_t te_rt_c_api_version(void);
/* The kernel ABI version this runtime accepts (TE_ABI_VERSION). */
int32_t te_rt_abi_version(void);

/* DMA engine kinds for te_rt_launch_c (te::DmaKind). */
#define TE_RT_DMA_SYNC 0
#define TE_RT_DMA_ASYNC 1
#define TE_RT_DMA_PREFETCH 2

/* te::launch(fn, info, args, numel, grid, {threads, dma, pin = 0,
 * chaos_seed, chunk}). threads: contexts, 0 = auto (the MT cost model).
 * Returns 0 when the launch succeeded. Otherwise returns 1 and copies the
 * launch's first error (a failed tt.assert, an out-of-bounds access, a bad
 * argument; NUL-terminated, truncated to error_size) into `error` when it is
 * not null. *threads_used (when not null) receives the contexts that ran. */
int32_t te_rt_launch_c(te_programs_fn fn, const te_kernel_info *info, void *const *args,
                       const int64_t *numel, const int32_t grid[3], int32_t threads,
                       int32_t dma, uint64_t chaos_seed, int64_t chunk, int32_t *threads_used,
                       char *error, int64_t error_size);

/* One launch described by one struct, for callers whose cost is per argument
 * of the call (ctypes converts each one): the struct is filled once per
 * kernel, only the fields that change are rewritten per launch, and the call
 * passes its address. The fields mean what te_rt_launch_c's arguments mean;
 * grid points at 3 values. threads_used and error are written as there. */
typedef struct te_rt_launch_request {
  te_programs_fn fn;
  const te_kernel_info *info;
  void *const *args;
  const int64_t *numel;
  const int32_t *grid;
  int32_t threads;
  int32_t dma;
  uint64_t chaos_seed;
  int64_t chunk;
  int32_t threads_used;
  int32_t reserved; /* 0 */
  char *error;
  int64_t error_size;
} te_rt_launch_request;

/* te_rt_launch_c(r->fn, ..., &r->threads_used, r->error, r->error_size).
 * Returns 1 (nothing launched) when r is null. */
int32_t te_rt_launch_request_c(te_rt_launch_request *r);

/* Where multi-context launches run (te::launch_pool_report, launch_pool.h):
 * copies "own", "openmp <library path>" or why neither can be used (an
 * invalid TRITON_EDGE_POOL; openmp asked for but none loaded) into `out`
 * (NUL-terminated, truncated to out_size). Returns 0 for own, 1 for the
 * OpenMP team, -1 for an error. */
int32_t te_rt_launch_pool_c(char *out, int64_t out_size);
/* te::set_launch_pool: "auto", "own" or "openmp" from now on, for the whole
 * process (overrides TRITON_EDGE_POOL). Returns 1 (nothing changed) for
 * another name. */
int32_t te_rt_set_launch_pool_c(const char *name);
/* Where the calibrated MT cost model is kept between processes (a directory,
 * made when first written; NULL or "" keeps nothing). Call before the first
 * launch with threads = 0 (docs/runtime.md, "The cost model's file"). */
void te_rt_set_cost_model_dir(const char *dir);

#ifdef __cplusplus
}
#endif

#endif
