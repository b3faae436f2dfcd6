/* What the Hexagon case runner shares with the runtime services the kernel
 * calls (te_rt_assert_fail, ...; runtime/hexagon/lib/kernel_services.c). */
#ifndef TE_HEXAGON_RUNTIME_H
#define TE_HEXAGON_RUNTIME_H

#include "triton-edge-rt/kernel_abi.h"

/* The kernel being run (set before the launch), for messages. */
extern const te_kernel_info *te_hexagon_current_kernel;
/* Failures reported by the kernel during the launch (bounds checks); a
 * failed assert ends the process at once. */
extern int te_hexagon_failures;

#endif
