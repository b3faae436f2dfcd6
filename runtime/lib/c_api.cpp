// C linkage for te::launch (see triton-edge-rt/c_api.h).
#include "triton-edge-rt/c_api.h"

#include <cstring>
#include <exception>
#include <string>

#include "triton-edge-rt/cost_model_cache.h"
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/launch_pool.h"

namespace {

void copy_error(const std::string &message, char *error, int64_t error_size) {
  if (!error || error_size <= 0)
    return;
  size_t n = message.size();
  if (n > static_cast<size_t>(error_size - 1))
    n = static_cast<size_t>(error_size - 1);
  std::memcpy(error, message.data(), n);
  error[n] = '\0';
}

} // namespace

extern "C" int32_t te_rt_c_api_version(void) { return TE_RT_C_API_VERSION; }

extern "C" int32_t te_rt_abi_version(void) { return TE_ABI_VERSION; }

extern "C" int32_t te_rt_launch_c(te_programs_fn fn, const te_kernel_info *info,
                                  void *const *args, const int64_t *numel,
                                  const int32_t grid[3], int32_t threads, int32_t dma,
                                  uint64_t chaos_seed, int64_t chunk, int32_t *threads_used,
                                  char *error, int64_t error_size) {
  if (threads_used)
    *threads_used = 0;
  if (threads < 0) {
    copy_error("threads must be >= 0 (0 = auto), got " + std::to_string(threads), error,
               error_size);
    return 1;
  }
  if (dma < TE_RT_DMA_SYNC || dma > TE_RT_DMA_PREFETCH) {
    copy_error("unknown DMA kind " + std::to_string(dma) + " (0 sync, 1 async, 2 prefetch)",
               error, error_size);
    return 1;
  }
  if (chunk < 0) {
    copy_error("chunk must be >= 0, got " + std::to_string(chunk), error, error_size);
    return 1;
  }
  te::LaunchOptions opts;
  std::string pin_error;
  opts.pin = te::pin_env(false, &pin_error);
  if (!pin_error.empty()) {
    copy_error(pin_error, error, error_size);
    return 1;
  }
  opts.threads = threads;
  opts.dma = static_cast<te::DmaKind>(dma);
  opts.chaos_seed = chaos_seed;
  opts.chunk = chunk;
  try {
    te::LaunchResult r = te::launch(fn, info, args, numel, grid, opts);
    if (threads_used)
      *threads_used = r.threads_used;
    if (!r.ok) {
      copy_error(r.error.empty() ? std::string("launch failed") : r.error, error, error_size);
      return 1;
    }
  } catch (const std::exception &e) {
    copy_error(std::string("launch failed: ") + e.what(), error, error_size);
    return 1;
  } catch (...) {
    copy_error("launch failed: unknown exception", error, error_size);
    return 1;
  }
  copy_error("", error, error_size);
  return 0;
}

extern "C" int32_t te_rt_launch_request_c(te_rt_launch_request *r) {
  if (!r)
    return 1;
  return te_rt_launch_c(r->fn, r->info, r->args, r->numel, r->grid, r->threads, r->dma,
                        r->chaos_seed, r->chunk, &r->threads_used, r->error, r->error_size);
}

extern "C" int32_t te_rt_launch_pool_c(char *out, int64_t out_size) {
  std::string error;
  const te::OpenMPRuntime *omp = te::launch_team(&error);
  copy_error(te::launch_pool_report(), out, out_size);
  if (!error.empty())
    return -1;
  return omp ? 1 : 0;
}

extern "C" int32_t te_rt_set_launch_pool_c(const char *name) {
  te::PoolChoice choice;
  if (!name || !te::parse_pool_choice(name, choice))
    return 1;
  te::set_launch_pool(choice);
  return 0;
}

extern "C" void te_rt_set_cost_model_dir(const char *dir) { te::set_cost_model_dir(dir ? dir : ""); }
