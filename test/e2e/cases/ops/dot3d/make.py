# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (batched tt.dot, f32 and i8 -> i32): [2, 8, 16] x [2, 16, 16]
# in one program. Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

rng = np.random.default_rng(21)
a = rng.uniform(-1, 1, (2, 8, 16)).astype(np.float32)
b = rng.uniform(-1, 1, (2, 16, 16)).astype(np.float32)
ai = rng.integers(-128, 128, (2, 8, 16)).astype(np.int8)
bi = rng.integers(-128, 128, (2, 16, 16)).astype(np.int8)
c = (np.matmul(a.astype(np.float64), b.astype(np.float64)) + 1.0).astype(np.float32)
d = np.matmul(ai.astype(np.int32), bi.astype(np.int32)).astype(np.int32)

ins = [a.ravel(), b.ravel(), np.full(256, -9, np.float32), ai.ravel(), bi.ravel(),
       np.full(256, -9, np.int32)]
outs = [a.ravel(), b.ravel(), c.ravel(), ai.ravel(), bi.ravel(), d.ravel()]
dtypes = ["float32", "float32", "float32", "int8", "int8", "int32"]
write_case(__file__, "dot3d", ins, outs, dtypes=dtypes)
