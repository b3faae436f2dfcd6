#define TE_PEER_NS base
#define TE_PEER_OPENMP 1
#include "peer_kernels.inc"
