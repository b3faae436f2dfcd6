// The bounds check of DMA transfers (LaunchOptions::check_dma): both sides
// of a transfer inside the launch's argument storage or the calling
// thread's stack (where compiled code keeps its tiles).
#include "internal.h"
#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/kernel_abi.h"

#include <cstdint>
#include <pthread.h>
#include <string>

// ASan keeps locals on a fake stack when it detects use after return.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TE_ASAN 1
#endif
#endif
#if !defined(TE_ASAN) && defined(__SANITIZE_ADDRESS__)
#define TE_ASAN 1
#endif
#ifdef TE_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace te {
namespace detail {

static int64_t element_bytes(int32_t dtype) {
  switch (dtype) {
  case TE_I1: case TE_I8: case TE_U8: return 1;
  case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ: case TE_F8E4B15:
    return 1;
  case TE_I16: case TE_U16: case TE_F16: case TE_BF16: return 2;
  case TE_I32: case TE_U32: case TE_F32: return 4;
  default: return 8;
  }
}

bool dma_in_bounds(void *engine, void *dst, const void *src, int64_t bytes) {
  const te_kernel_info *info = t_launch_info;
  if (!t_check_args || !info || bytes <= 0)
    return true;
  auto *eng = static_cast<DmaEngine *>(engine);
  // The argument a pointer falls in (or is nearest to), and whether the
  // whole transfer fits in it.
  auto locate = [&](const void *p, int &arg, int64_t &offset) {
    auto a = reinterpret_cast<intptr_t>(p);
    intptr_t best = INTPTR_MAX;
    bool fits = false;
    for (int i = 0; i < info->num_args; ++i) {
      if (!info->args[i].is_pointer || !t_check_args[i])
        continue;
      intptr_t base = reinterpret_cast<intptr_t>(t_check_args[i]);
      int64_t esize = element_bytes(info->args[i].dtype);
      intptr_t end = base + static_cast<intptr_t>(t_check_numel[i] * esize);
      intptr_t dist = a < base ? base - a : a >= end ? a - end + 1 : 0;
      if (dist < best) {
        best = dist;
        arg = i;
        offset = (a - base) / esize;
        fits = dist == 0 && a + bytes <= end;
      }
    }
    return fits;
  };
  // The local side of a transfer is a tile the compiled code keeps on its
  // stack; the other side must be in an argument.
  auto local = [&](const void *p) {
    static thread_local uintptr_t stack_lo = 0, stack_hi = 0;
    if (!stack_hi) {
      pthread_attr_t attr;
      void *addr = nullptr;
      size_t size = 0;
      if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
      }
      stack_lo = reinterpret_cast<uintptr_t>(addr);
      stack_hi = stack_lo + size;
    }
    auto a = reinterpret_cast<uintptr_t>(p);
#ifdef TE_ASAN
    // Under ASan's use-after-return detection, locals live on a fake stack.
    if (void *fake = __asan_get_current_fake_stack())
      if (__asan_addr_is_in_fake_stack(fake, const_cast<void *>(p), nullptr, nullptr))
        return true;
#endif
    return a >= stack_lo && a < stack_hi && static_cast<uintptr_t>(bytes) <= stack_hi - a;
  };
  for (const void *p : {static_cast<const void *>(dst), src}) {
    if (local(p))
      continue;
    int arg = -1;
    int64_t offset = 0;
    if (locate(p, arg, offset))
      continue;
    std::string where = "not inside any argument's storage";
    if (arg >= 0) {
      int64_t esize = element_bytes(info->args[arg].dtype);
      where = "elements [" + std::to_string(offset) + ", " +
              std::to_string(offset + (bytes + esize - 1) / esize) + ") of argument " +
              std::to_string(arg) +
              (info->args[arg].name ? std::string(" (") + info->args[arg].name + ")" : "") +
              " not in [0, " + std::to_string(t_check_numel[arg]) + ")";
    }
    report_failure("out-of-bounds DMA transfer in context " +
                   std::to_string(eng ? eng->context() : 0) + ": " + std::to_string(bytes) +
                   " bytes, " + (p == dst ? "destination " : "source ") + where);
    return false;
  }
  return true;
}

} // namespace detail
} // namespace te
