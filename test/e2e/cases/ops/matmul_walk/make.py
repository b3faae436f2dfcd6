# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir: the tutorial-style f32 matmul of bench/gemm/gemm.py (Triton
# 3.9's TTIR, printed by triton-edge-opt without locations) with BM=BN=64,
# BK=128, GROUP_M=2: pointer blocks walked through the K loop by uniform
# steps (`a_ptrs += BK * stride_ak`), K masks on the last, partial block
# (K = 272 = 2 * 128 + 16), rows and columns wrapped `% M` / `% N`, the
# accumulator carried by the loop. M = 192, N = 128: 6 programs. C starts as
# a -9 sentinel. Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

M, N, K = 192, 128, 272
rng = np.random.default_rng(24)
a = rng.uniform(-1, 1, (M, K)).astype(np.float32)
b = rng.uniform(-1, 1, (K, N)).astype(np.float32)
c = np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(np.float32)
ins = [a, b, np.full(M * N, -9, np.float32)]
outs = [a, b, c]
# M, N, K, stride_am, stride_bk, stride_cm (the unit strides are constants
# of the TTIR).
write_case(__file__, "matmul_kernel", ins, outs, scalars=(M, N, K, K, N, N), grid=(6, 1, 1))
