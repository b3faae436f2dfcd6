/* The triton-edge compiler as a C library (libtriton-edge-compiler.so), for
 * callers that cannot call C++: Python's ctypes (triton_edge.compile), which
 * releases the GIL during the call, so Python threads compile in parallel.
 *
 * One call compiles TTIR text to a kernel shared library exactly as
 * `triton-edge compile KERNEL.ttir -o OUT FLAGS...` does: the same option
 * table (include/triton-edge/Target/Options.def) and parser, the same
 * pipeline, the same link. Nothing here aborts or prints: errors come back
 * as text with their locations.
 */
#ifndef TRITON_EDGE_C_COMPILER_H
#define TRITON_EDGE_C_COMPILER_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define TE_CAPI_EXPORTED __attribute__((visibility("default")))
#else
#define TE_CAPI_EXPORTED
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this C API (bumped when a signature below changes). */
#define TE_COMPILER_C_API_VERSION 1
TE_CAPI_EXPORTED int32_t te_compiler_c_api_version(void);

/* 1 when kernels are linked in process (lld built in as a library and
 * TRITON_EDGE_LINKER unset), 0 when a linker process is run. */
TE_CAPI_EXPORTED int32_t te_compiler_links_in_process(void);

/* The outcome of one compilation; te_compile_result_destroy frees it. */
typedef struct te_compile_result te_compile_result;

/* Compiles TTIR text to a shared library exporting the kernel's entry points
 * (the kernel ABI: triton-edge-rt/kernel_abi.h).
 *   ttir, ttir_size  the module's text (need not end with a NUL)
 *   source_name      names the text where a message points into the text
 *                    itself (a parse error: "kernel.ttir:3:5: error: ...");
 *                    the ops' own locations (the kernel's Python source
 *                    lines) are reported as they are
 *   flags, num_flags options as the CLI spells them: "--vec=off",
 *                    "--target", "aarch64-neon", "--no-asserts" (launch and
 *                    check options are checked and have no effect, as with
 *                    `compile`); anything else is an error
 *   output_path      where the library is written, whole or not at all (a
 *                    temporary name beside it, then a rename); NULL keeps
 *                    its bytes in the result (te_compile_result_library)
 * Returns a result (NULL only when out of memory). Thread-safe: threads may
 * compile at once; each call has its own compiler. */
TE_CAPI_EXPORTED te_compile_result *te_compile_ttir(const char *ttir, size_t ttir_size,
                                                    const char *source_name,
                                                    const char *const *flags, int32_t num_flags,
                                                    const char *output_path);

/* 1 when the library was made, 0 when not (see the diagnostics). */
TE_CAPI_EXPORTED int32_t te_compile_result_ok(const te_compile_result *result);
/* The errors, one per line ("FILE:LINE:COL: error: ..." with notes), NUL
 * terminated; "" after a success. */
TE_CAPI_EXPORTED const char *te_compile_result_diagnostics(const te_compile_result *result);
/* The passes' remarks (what DB staged, why MT did not split), NUL
 * terminated, "" when none. */
TE_CAPI_EXPORTED const char *te_compile_result_remarks(const te_compile_result *result);
/* The library's bytes (*size receives their count) when output_path was
 * NULL and the compile succeeded; NULL (and *size = 0) otherwise. Owned by
 * the result. */
TE_CAPI_EXPORTED const void *te_compile_result_library(const te_compile_result *result,
                                                       size_t *size);
/* Seconds spent in the stages: times[0] parsing, [1] the MLIR pipeline,
 * [2] LLVM (optimization and code generation), [3] linking. */
TE_CAPI_EXPORTED void te_compile_result_times(const te_compile_result *result,
                                              double times[4]);
TE_CAPI_EXPORTED void te_compile_result_destroy(te_compile_result *result);

#ifdef __cplusplus
}
#endif

#endif
