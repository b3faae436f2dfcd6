#define TE_PEER_NS v4
#define TE_PEER_OPENMP 1
#include "peer_kernels.inc"
