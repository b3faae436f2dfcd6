/* The file through which the host hands one launch to the Hexagon case
 * runner (runtime/hexagon/tools/te-run-case.c) and reads the results back.
 *
 * The host (tools/triton-edge/TargetRun.cpp) has already read the case
 * (kernel.json, in<i>.npy), bound kernel.json's arguments to the kernel's
 * and stored each scalar with the kernel's type, so the runner needs no
 * JSON or npy reader: it maps the file, points the kernel's arguments into
 * it and, after the launch, writes the same layout back with the tensors'
 * new contents. Plain C, little-endian (both ends are). */
#ifndef TE_HEXAGON_LAUNCH_FILE_H
#define TE_HEXAGON_LAUNCH_FILE_H

#include <stdint.h>

#define TE_HEXAGON_LAUNCH_MAGIC "TEHXLNCH"
#define TE_HEXAGON_LAUNCH_VERSION 1
/* Every argument's data starts at a multiple of this (an HVX vector). */
#define TE_HEXAGON_LAUNCH_ALIGN 128

typedef struct te_hexagon_launch_header {
  char magic[8];         /* TE_HEXAGON_LAUNCH_MAGIC, not NUL-terminated */
  uint32_t version;      /* TE_HEXAGON_LAUNCH_VERSION */
  uint32_t num_args;     /* kernel arguments, in the kernel's order */
  int32_t grid[3];
  int32_t contexts;      /* contexts the launch is spread over, run one after
                            the other (the runtime's MT ranges and virtual
                            programs, on one hardware thread) */
  uint64_t total_bytes;  /* size of the whole file */
} te_hexagon_launch_header;

typedef struct te_hexagon_launch_arg {
  uint32_t is_tensor;    /* 1: pointer argument, 0: scalar */
  int32_t dtype;         /* te_dtype (kernel_abi.h), checked against the kernel */
  int64_t numel;         /* tensors: elements addressable from the data */
  uint64_t offset;       /* of the data in the file, a multiple of 128 */
  uint64_t bytes;        /* tensors: numel * element size; scalars: 8 */
} te_hexagon_launch_arg;

/* The file: header, num_args te_hexagon_launch_arg, then the data. */

#endif
