# Writes kernel.json, in<i>.npy and the numpy oracle out<i>.npy of
# kernel.ttir (tt.histogram with and without a mask). Run with /usr/bin/python3.
import os
import sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from case_writer import write_case  # noqa: E402

rng = np.random.default_rng(3)
x = rng.integers(-4, 20, 64).astype(np.int32)


def histogram(values, bins):
    inside = values[(values >= 0) & (values < bins)]
    return np.bincount(inside, minlength=bins).astype(np.int32)


h = histogram(x, 16)
hm = histogram(x[:40], 8)
ins = [x, np.full(16, -9, np.int32), np.full(8, -9, np.int32)]
outs = [x, h, hm]
write_case(__file__, "histogram", ins, outs)
