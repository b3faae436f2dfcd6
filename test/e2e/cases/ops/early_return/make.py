# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (an early return inside if, as cf branches): 6 programs of 32
# elements; programs >= 4 return before storing, even programs scale by 2,
# odd ones by -1. Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

P, B, ACTIVE = 6, 32, 4
rng = np.random.default_rng(3)
x = rng.uniform(-1, 1, P * B).astype(np.float32)
out = np.full(P * B, -7.0, np.float32)
for p in range(ACTIVE):
    out[p * B:(p + 1) * B] = x[p * B:(p + 1) * B] * (2.0 if p % 2 == 0 else -1.0)

ins, outs = [x, np.full(P * B, -7.0, np.float32)], [x, out]
write_case(__file__, "early_return", ins, outs, scalars=[ACTIVE], grid=(P, 1, 1))
