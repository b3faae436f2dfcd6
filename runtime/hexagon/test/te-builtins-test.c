// Hexagon side of the builtins test (runtime/hexagon/test/check-builtins.cpp
// is the host side): reads requests {op, a, b, c} from IN, applies each
// builtin of the freestanding runtime, writes one 8-byte result per request
// to OUT. Each function is called by its own name, so what is tested is
// exactly what kernels link against.
#include "te-hexagon/bits.h"
#include "te-hexagon/sys.h"

#include "builtins_test_ops.h"

int32_t __hexagon_divsi3(int32_t, int32_t);
int32_t __hexagon_modsi3(int32_t, int32_t);
uint32_t __hexagon_udivsi3(uint32_t, uint32_t);
uint32_t __hexagon_umodsi3(uint32_t, uint32_t);
int64_t __hexagon_divdi3(int64_t, int64_t);
int64_t __hexagon_moddi3(int64_t, int64_t);
uint64_t __hexagon_udivdi3(uint64_t, uint64_t);
uint64_t __hexagon_umoddi3(uint64_t, uint64_t);
float __hexagon_sqrtf(float);
double __hexagon_divdf3(double, double);
double fma(double, double, double);
double floor(double);
_Float16 __truncsfhf2(float);
_Float16 __truncdfhf2(double);
float __extendhfsf2(_Float16);
void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *, const void *, size_t);

// The memory operations on a 512-byte buffer: (dst offset, src offset,
// length) from a, b, c; the result is an FNV-1a hash of the whole buffer.
static unsigned char g_buf[512] __attribute__((aligned(128)));
static uint64_t memory_op(uint32_t op, uint64_t dst, uint64_t src, uint64_t n) {
  for (int i = 0; i < 512; ++i)
    g_buf[i] = (unsigned char)(i * 7 + 3);
  if (op == TE_OP_MEMCPY)
    memcpy(g_buf + dst, g_buf + src, n);
  else if (op == TE_OP_MEMMOVE)
    memmove(g_buf + dst, g_buf + src, n);
  else if (op == TE_OP_MEMSET)
    memset(g_buf + dst, (int)src, n);
  else
    __hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(g_buf + dst, g_buf + src, n);
  uint64_t hash = 0xcbf29ce484222325ull;
  for (int i = 0; i < 512; ++i)
    hash = (hash ^ g_buf[i]) * 0x100000001b3ull;
  return hash;
}

static uint64_t apply(const te_builtin_request *r) {
  uint64_t a = r->a, b = r->b, c = r->c;
  switch (r->op) {
  case TE_OP_DIVSI3: return (uint32_t)__hexagon_divsi3((int32_t)a, (int32_t)b);
  case TE_OP_MODSI3: return (uint32_t)__hexagon_modsi3((int32_t)a, (int32_t)b);
  case TE_OP_UDIVSI3: return __hexagon_udivsi3((uint32_t)a, (uint32_t)b);
  case TE_OP_UMODSI3: return __hexagon_umodsi3((uint32_t)a, (uint32_t)b);
  case TE_OP_DIVDI3: return (uint64_t)__hexagon_divdi3((int64_t)a, (int64_t)b);
  case TE_OP_MODDI3: return (uint64_t)__hexagon_moddi3((int64_t)a, (int64_t)b);
  case TE_OP_UDIVDI3: return __hexagon_udivdi3(a, b);
  case TE_OP_UMODDI3: return __hexagon_umoddi3(a, b);
  case TE_OP_SQRTF: return te_f32_bits(__hexagon_sqrtf(te_f32_from((uint32_t)a)));
  case TE_OP_DIVDF3: return te_f64_bits(__hexagon_divdf3(te_f64_from(a), te_f64_from(b)));
  case TE_OP_FMA: return te_f64_bits(fma(te_f64_from(a), te_f64_from(b), te_f64_from(c)));
  case TE_OP_FLOOR: return te_f64_bits(floor(te_f64_from(a)));
  case TE_OP_TRUNCSFHF2: return te_f16_bits(__truncsfhf2(te_f32_from((uint32_t)a)));
  case TE_OP_TRUNCDFHF2: return te_f16_bits(__truncdfhf2(te_f64_from(a)));
  case TE_OP_EXTENDHFSF2: return te_f32_bits(__extendhfsf2(te_f16_from((uint16_t)a)));
  case TE_OP_MEMCPY:
  case TE_OP_MEMMOVE:
  case TE_OP_MEMSET:
  case TE_OP_MEMCPY_ALIGNED: return memory_op(r->op, a, b, c);
  default: return 0xdeadbeefdeadbeefull;
  }
}

int te_hexagon_main(int argc, char **argv) {
  if (argc != 3) {
    te_put(2, "usage: te-builtins-test IN OUT\n");
    return 2;
  }
  long in = te_sys_openat(TE_AT_FDCWD, argv[1], TE_O_RDONLY, 0);
  long out = te_sys_openat(TE_AT_FDCWD, argv[2], TE_O_WRONLY | TE_O_CREAT | TE_O_TRUNC, 0644);
  if (in < 0 || out < 0) {
    te_put(2, "te-builtins-test: cannot open the files\n");
    return 2;
  }
  te_builtin_request r;
  long count = 0;
  while (te_read_all((int)in, &r, sizeof r) == 0) {
    uint64_t result = apply(&r);
    if (te_write_all((int)out, &result, sizeof result) != 0)
      return 2;
    ++count;
  }
  te_sys_close((int)out);
  te_put(1, "requests: ");
  te_put_int(1, count);
  te_put(1, "\n");
  return 0;
}
