#define TE_PEER_NS v3
#include "peer_kernels.inc"
