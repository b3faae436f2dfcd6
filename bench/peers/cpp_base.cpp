#define TE_PEER_NS base
#include "peer_kernels.inc"
