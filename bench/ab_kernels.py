#!/usr/bin/env python3
"""Times two builds of one 1-D pointwise kernel (e.g. a compiler change:
the same TTIR compiled by the old and the new triton-edge) on the same
buffers, in one process, interleaved sample by sample (the order alternates),
and reports the median time of each and the median and IQR of the paired
ratios B/A, plus how many outputs differ bit for bit.

  python3 ab_kernels.py A.so B.so KERNEL_NAME --sizes 17..22 [--samples 41]
                        [--inputs 1|2] [--threads 1]

The kernels take (in_ptr0[, in_ptr1], out_ptr0, xnumel) with XBLOCK 1024,
as gelu_dyn, gelu_tanh_dyn and add_dyn of the inductor corpus. Inputs are
N(0, 9) float32. Needs numpy and the triton_edge package (../python;
TRITON_EDGE_HOME for libtriton_edge_rt.so).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from triton_edge import runtime as rt  # noqa: E402

XBLOCK = 1024


def sizes(spec):
    lo, hi = (int(v) for v in spec.split(".."))
    return [1 << k for k in range(lo, hi + 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("name")
    ap.add_argument("--sizes", default="17..22", help="log2 sizes LO..HI")
    ap.add_argument("--samples", type=int, default=41)
    ap.add_argument("--inputs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sample-ms", type=float, default=2.0, help="launches per sample fill this")
    a = ap.parse_args()
    ka, kb = rt.Kernel(a.a, a.name), rt.Kernel(a.b, a.name)
    rng = np.random.default_rng(12345)
    print("%9s %11s %11s %7s %17s %s" % ("n", "A us", "B us", "B/A", "IQR of B/A", "outputs differing"))
    for n in sizes(a.sizes):
        ins = [(rng.standard_normal(n) * 3).astype(np.float32) for _ in range(a.inputs)]
        out = np.empty(n, np.float32)
        grid = [(n + XBLOCK - 1) // XBLOCK, 1, 1]
        pa, pb = ka.pack(ins + [out, n]), kb.pack(ins + [out, n])
        rt.launch(ka, grid, pa, a.threads)
        oa = out.copy()
        rt.launch(kb, grid, pb, a.threads)
        differ = int(np.count_nonzero(oa.view(np.uint32) != out.view(np.uint32)))
        t0 = time.perf_counter()
        rt.launch(ka, grid, pa, a.threads)
        reps = max(1, int(a.sample_ms / 1e3 / max(time.perf_counter() - t0, 1e-7)))

        def sample(k, p):
            t = time.perf_counter_ns()
            for _ in range(reps):
                rt.launch(k, grid, p, a.threads)
            return (time.perf_counter_ns() - t) / reps / 1e3

        for _ in range(3):  # warm-up
            sample(ka, pa), sample(kb, pb)
        sa, sb = [], []
        for i in range(a.samples):
            if i % 2:
                sb.append(sample(kb, pb))
                sa.append(sample(ka, pa))
            else:
                sa.append(sample(ka, pa))
                sb.append(sample(kb, pb))
        ratios = [y / x for x, y in zip(sa, sb)]
        q1, _, q3 = statistics.quantiles(ratios, n=4)
        print("%9d %11.2f %11.2f %7.3f   [%.3f, %.3f]  %d" %
              (n, statistics.median(sa), statistics.median(sb), statistics.median(ratios), q1, q3,
               differ))


if __name__ == "__main__":
    main()
