// Umbrella header of libtriton_edge_rt.
#ifndef TRITON_EDGE_RT_RUNTIME_H
#define TRITON_EDGE_RT_RUNTIME_H
#include "triton-edge-rt/kernel_abi.h"
#include "triton-edge-rt/timer.h"
#include "triton-edge-rt/thread_pool.h"
#include "triton-edge-rt/dma.h"
#include "triton-edge-rt/launch.h"
#include "triton-edge-rt/launch_pool.h"
#include "triton-edge-rt/cost_model_cache.h"
#endif
