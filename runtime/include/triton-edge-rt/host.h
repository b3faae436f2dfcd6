// Umbrella header of libtriton_edge_host (CLI / benchmark support).
#ifndef TRITON_EDGE_RT_HOST_H
#define TRITON_EDGE_RT_HOST_H
#include "triton-edge-rt/runtime.h"
#include "triton-edge-rt/buffer.h"
#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/npy.h"
#include "triton-edge-rt/case.h"
#include "triton-edge-rt/compare.h"
#include "triton-edge-rt/kernel_library.h"
#endif
