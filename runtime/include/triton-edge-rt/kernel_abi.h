/* The C ABI between code compiled by triton-edge and the runtime.
 *
 * A compiled kernel (an object or a shared library) exports, for a Triton
 * kernel named K:
 *
 *   void K_programs(const te_launch *launch, int64_t begin, int64_t end);
 *       Runs the programs with linear ids [begin, end) of launch->grid, one
 *       after the other, in increasing order. The linear id of program
 *       (x, y, z) is x + grid[0] * (y + grid[1] * z); with
 *       launch->program_split = K > 1, id v is chunk v % K of program v / K. Safe to call
 *       concurrently on disjoint ranges (that is how the thread pool runs it).
 *
 *   const te_kernel_info K_info;
 *       What the compiler knows about the kernel: its arguments, its per-
 *       program cost estimate (used by the MT cost model), and the mechanisms
 *       it was compiled with.
 *
 * Nothing here depends on MLIR or LLVM.
 */
#ifndef TRITON_EDGE_RT_KERNEL_ABI_H
#define TRITON_EDGE_RT_KERNEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TE_ABI_VERSION 4

/* Element / scalar types of kernel arguments. */
typedef enum te_dtype {
  TE_I1 = 1, TE_I8, TE_I16, TE_I32, TE_I64,
  TE_U8, TE_U16, TE_U32, TE_U64,
  TE_F16, TE_BF16, TE_F32, TE_F64,
  /* fp8 storage (1 byte): float8_e4m3fn, float8_e5m2, float8_e4m3fnuz,
   * float8_e5m2fnuz, and Triton's float8e4b15 (docs/semantics.md, "fp8"). */
  TE_F8E4M3FN, TE_F8E5M2, TE_F8E4M3FNUZ, TE_F8E5M2FNUZ, TE_F8E4B15
} te_dtype;

/* te_kernel_info.double_buffered: what double buffering the kernel was
 * compiled with. */
typedef enum te_double_buffering {
  TE_DB_NONE = 0,    /* no staging */
  TE_DB_DMA = 1,     /* DMA into N scratchpad buffers per stream */
  TE_DB_PREFETCH = 2 /* in-place prefetching of the next tile */
} te_double_buffering;

typedef struct te_arg_info {
  int32_t is_pointer; /* 1: tensor (pointer) argument, 0: scalar */
  int32_t dtype;      /* te_dtype of the pointee or of the scalar */
  const char *name;   /* the TTIR argument name */
} te_arg_info;

typedef struct te_kernel_info {
  int32_t abi_version;
  int32_t num_args;
  const te_arg_info *args;
  const char *name;
  /* Per-program estimates from the compiler (for the MT cost model). */
  double bytes_per_program;
  double ops_per_program;
  /* Mechanisms compiled in: SIMD register bytes (0 = scalar code), double
   * buffering. */
  int32_t vector_bytes;
  int32_t double_buffered; /* te_double_buffering */
  /* MT inside a program: the largest number K of virtual programs per
   * Triton program the kernel can run (0 or 1: it cannot split). The
   * runtime picks K <= program_split per launch and passes it in
   * te_launch.program_split; the costs above are per virtual program at
   * K = program_split. */
  int32_t program_split;
} te_kernel_info;

/* One launch. `args[i]` is the data pointer of tensor argument i (pointing at
 * element storage_offset), or a pointer to the value of scalar argument i
 * (stored with the scalar's own type: int32_t for i32, etc.). `numel[i]` is the
 * number of elements addressable from args[i] (for bounds checks; 0 for
 * scalars). */
typedef struct te_launch {
  void *const *args;
  const int64_t *numel;
  int32_t grid[3];
  int32_t context; /* index of the worker context running this range */
  void *dma;       /* the context's DMA engine (te_dma_engine*), may be null */
  /* K virtual programs per Triton program (at most the kernel's
   * te_kernel_info.program_split): the range's linear ids then run over
   * grid_x * grid_y * grid_z * K. 0 or 1: whole programs. */
  int32_t program_split;
  /* 1: the launch's data exceed the caches, so full vector stores to
   * arguments may bypass them (non-temporal stores, where the code was
   * compiled for it and the address is aligned to the vector); 0: plain
   * stores. Decided by the runtime per launch (docs/runtime.md). Added in
   * ABI version 4. */
  int32_t stream_stores;
} te_launch;

typedef void (*te_programs_fn)(const te_launch *launch, int64_t begin, int64_t end);

/* ---- Services the compiled code calls (implemented by the runtime). ---- */

/* A failed tt.assert: records the first failure of the launch (message,
 * source location, program id); the launch then reports an error. */
void te_rt_assert_fail(const char *message, const char *file, int32_t line,
                       int32_t pid_x, int32_t pid_y, int32_t pid_z);

/* An access outside an argument's storage (when compiled with bounds checks). */
void te_rt_bounds_fail(int32_t arg_index, int64_t index, int64_t numel,
                       int32_t pid_x, int32_t pid_y, int32_t pid_z);

/* DMA between main memory and the kernel's staging tiles (double buffering). start returns a
 * token; wait blocks until that transfer completed. engine is launch->dma. */
int64_t te_rt_dma_start(void *engine, void *dst, const void *src, int64_t bytes);
void te_rt_dma_wait(void *engine, int64_t token);


/* Added (ABI version unchanged: purely additive). Kernels compiled for a
 * modeled target (docs/npu-model.md) call this at the start of every block
 * they execute with the block's counted cost: compute in 1/1000 cycles of
 * the target, scalar and vector loads from main memory (DDR), and the bytes
 * loaded and stored there directly. A recording engine appends it to the
 * context's trace; otherwise it does nothing. */
void te_rt_model_cost(void *engine, int64_t mcycles, int64_t scalar_loads,
                      int64_t vector_loads, int64_t load_bytes, int64_t store_bytes);

#ifdef __cplusplus
}
#endif

#endif
