/* The requests of the builtins test, shared by its Hexagon side
 * (te-builtins-test.c) and its host side (check-builtins.cpp). */
#ifndef TE_HEXAGON_BUILTINS_TEST_OPS_H
#define TE_HEXAGON_BUILTINS_TEST_OPS_H

#include <stdint.h>

enum te_builtin_op {
  TE_OP_DIVSI3 = 1, TE_OP_MODSI3, TE_OP_UDIVSI3, TE_OP_UMODSI3,
  TE_OP_DIVDI3, TE_OP_MODDI3, TE_OP_UDIVDI3, TE_OP_UMODDI3,
  TE_OP_SQRTF, TE_OP_DIVDF3, TE_OP_FMA, TE_OP_FLOOR,
  TE_OP_TRUNCSFHF2, TE_OP_TRUNCDFHF2, TE_OP_EXTENDHFSF2,
  TE_OP_MEMCPY, TE_OP_MEMMOVE, TE_OP_MEMSET, TE_OP_MEMCPY_ALIGNED,
  TE_OP_COUNT
};

/* Operands as bit patterns: integers (sign-extended), f32 in the low 32
 * bits, f64, f16 in the low 16 bits. */
typedef struct te_builtin_request {
  uint32_t op, pad;
  uint64_t a, b, c;
} te_builtin_request;

#endif
