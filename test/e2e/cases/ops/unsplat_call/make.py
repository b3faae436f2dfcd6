# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (a device function with three results, tl.assume, tt.unsplat,
# tt.ptr_to_int). Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

rng = np.random.default_rng(7)
n = 4
x = rng.uniform(-1, 1, 64).astype(np.float32)
s_in = np.full(8, -9, np.float32)
s = s_in.copy()
s[0] = x[3]
s[n - 1] = np.float32(n - 1)
p_in = np.full(8, -9, np.int64)
p = p_in.copy()
p[0] = 5 * 4
p[5] = 0
ins = [x, np.full(64, -9, np.float32), np.full(64, -9, np.float32), s_in, p_in]
outs = [x, x * np.float32(2), x + np.float32(1), s, p]
write_case(__file__, "unsplat_call", ins, outs, scalars=[n])
