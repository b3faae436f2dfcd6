// The services compiled kernels call (kernel_abi.h), for one hardware
// thread under emulation: the DMA engine copies at dma_start (the staging
// tiles are the kernel's own buffers, so DB runs exactly as on a device,
// with transfers that complete at once); a failed assert prints the same
// message as the host runtime and ends the run with status 1 (the host
// reports it as a kernel error); out-of-bounds accesses are reported and
// the launch fails at its end, as on the host.
#include "te-hexagon/runtime.h"
#include "te-hexagon/sys.h"


const te_kernel_info *te_hexagon_current_kernel;
int te_hexagon_failures;

static void put_program(int32_t x, int32_t y, int32_t z) {
  te_put(1, "(");
  te_put_int(1, x);
  te_put(1, ", ");
  te_put_int(1, y);
  te_put(1, ", ");
  te_put_int(1, z);
  te_put(1, ")");
}

void te_rt_assert_fail(const char *message, const char *file, int32_t line, int32_t pid_x,
                       int32_t pid_y, int32_t pid_z) {
  te_put(1, "FAIL: assertion failed in program ");
  put_program(pid_x, pid_y, pid_z);
  te_put(1, " at ");
  te_put(1, file && *file ? file : "<unknown>");
  te_put(1, ":");
  te_put_int(1, line);
  te_put(1, ": ");
  te_put(1, message ? message : "");
  te_put(1, "\n");
  te_sys_exit_group(1);
}

void te_rt_bounds_fail(int32_t arg_index, int64_t index, int64_t numel, int32_t pid_x,
                       int32_t pid_y, int32_t pid_z) {
  // The host keeps the first failure; here the first few are printed.
  if (++te_hexagon_failures > 8)
    return;
  te_put(1, "FAIL: out-of-bounds access in program ");
  put_program(pid_x, pid_y, pid_z);
  te_put(1, ": argument ");
  te_put_int(1, arg_index);
  const te_kernel_info *info = te_hexagon_current_kernel;
  if (info && arg_index >= 0 && arg_index < info->num_args && info->args[arg_index].name) {
    te_put(1, " (");
    te_put(1, info->args[arg_index].name);
    te_put(1, ")");
  }
  te_put(1, " index ");
  te_put_int(1, index);
  te_put(1, " not in [0, ");
  te_put_int(1, numel);
  te_put(1, ")\n");
}

int64_t te_rt_dma_start(void *engine, void *dst, const void *src, int64_t bytes) {
  (void)engine;
  if (bytes > 0 && dst && src)
    memcpy(dst, src, (size_t)bytes);
  return 1;
}

void te_rt_dma_wait(void *engine, int64_t token) {
  (void)engine;
  (void)token;
}

void te_rt_model_cost(void *engine, int64_t mcycles, int64_t scalar_loads, int64_t vector_loads,
                      int64_t load_bytes, int64_t store_bytes) {
  // Only the host's recording engine keeps costs (modeled targets).
  (void)engine;
  (void)mcycles;
  (void)scalar_loads;
  (void)vector_loads;
  (void)load_bytes;
  (void)store_bytes;
}
