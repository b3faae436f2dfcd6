#define TE_PEER_NS v4
#include "peer_kernels.inc"
