/* A hand-written "compiled kernel" with the triton-edge ABI: out[i] = 2 * in[i]. */
#include "triton-edge-rt/kernel_abi.h"

static const te_arg_info args[3] = {
    {1, TE_F32, "in_ptr0"}, {1, TE_F32, "out_ptr0"}, {0, TE_I32, "xnumel"}};

const te_kernel_info twice_info = {TE_ABI_VERSION, 3, args, "twice", 64.0, 16.0, 0, 0, 1};

void twice_programs(const te_launch *l, int64_t begin, int64_t end) {
  const float *in = (const float *)l->args[0];
  float *out = (float *)l->args[1];
  int32_t n = *(const int32_t *)l->args[2];
  for (int64_t p = begin; p < end; ++p)
    for (int64_t i = p * 8; i < p * 8 + 8 && i < n; ++i) out[i] = 2.0f * in[i];
}

/* Built for another ABI version: KernelLibrary must refuse it. */
const te_kernel_info old_info = {TE_ABI_VERSION + 1, 3, args, "old", 1.0, 1.0, 0, 0, 1};
void old_programs(const te_launch *l, int64_t begin, int64_t end) {
  (void)l; (void)begin; (void)end;
}
