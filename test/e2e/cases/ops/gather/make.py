# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.gather along axis 0 and axis 1). Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

rng = np.random.default_rng(5)
s = rng.uniform(-1, 1, (8, 16)).astype(np.float32)
i0 = rng.integers(0, 8, (4, 16)).astype(np.int32)
i1 = rng.integers(0, 16, (8, 4)).astype(np.int64)
# out of range along axis 1: reads 0 (docs/semantics.md)
i1[1, 2], i1[4, 0], i1[7, 3] = -1, 16, 100
o0 = np.take_along_axis(s, i0, axis=0)
o1 = np.where((i1 >= 0) & (i1 < 16), np.take_along_axis(s, np.clip(i1, 0, 15), axis=1),
              np.float32(0)).astype(np.float32)
ins = [s, i0, np.full(64, -9, np.float32), i1, np.full(32, -9, np.float32)]
outs = [s, i0, o0, i1, o1]
write_case(__file__, "gather", ins, outs)
