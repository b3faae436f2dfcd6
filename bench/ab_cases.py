#!/usr/bin/env python3
"""Times the same kernel cases compiled by several triton-edge binaries, in one
process, interleaved launch by launch, and prints the median per binary, its
spread and the ratio to the first binary (docs/benchmarking.md, "Comparing
compilers").

  python3 ab_cases.py --cli OLD --cli NEW CASE_DIR... [--threads 1] [--samples 41]
                      [--flag=--vec=on ...] [--aten] [--sizes LO..HI]

Each binary compiles each case (`compile --emit=so`); a --cli that is a
directory holds kernels compiled beforehand, DIR/<case directory name>.so (for
a machine without the compiler). --aten also times PyTorch's eager op on the
same tensors (softmax, layer_norm, rms_norm cases, by name; torch threads =
--threads), interleaved with the kernels. All kernels run on the
same input buffers (refreshed from in<i>.npy before each sample, outside the
timed launch), so the only difference between the timed launches is the
generated code. The output of each binary's kernel is checked against the
case's out<i>.npy after timing (float32 atol = rtol = 1e-5, as `check` without
its float64 rule; a mismatch is printed, never hidden).

--sizes LO..HI sweeps a dynamic 1-D pointwise kernel (gelu_dyn, gelu_tanh_dyn,
add_dyn: 1-D tensors of one length and one integer scalar, xnumel) over
n = 2^LO..2^HI with N(0, 9) float32 inputs instead of the case's own, and
reports, per size, how many outputs of each binary differ bit for bit from the
first binary's.
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from triton_edge import runtime as rt  # noqa: E402


def load_meta(d):
    with open(os.path.join(d, "kernel.json")) as f:
        return json.load(f)


def load_case(d, meta):
    ins, outs, values = [], [], []
    for i, a in enumerate(meta["args"]):
        if "scalar" in a:
            values.append(a["scalar"])
            continue
        x = np.load(os.path.join(d, f"in{i}.npy"))
        ins.append((i, x))
        o = os.path.join(d, f"out{i}.npy")
        outs.append((i, np.load(o) if os.path.exists(o) else None))
        values.append(None)
    return ins, outs, values


def compile_case(cli, d, name, flags, tmp, tag):
    if os.path.isdir(cli):
        return rt.Kernel(os.path.join(cli, os.path.basename(os.path.normpath(d)) + ".so"), name)
    so = os.path.join(tmp, f"{tag}_{os.path.basename(os.path.normpath(d))}.so")
    cmd = [cli, "compile", os.path.join(d, "kernel.ttir"), "-o", so, "--emit=so"] + flags
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return rt.Kernel(so, name)


def sizes(spec):
    lo, hi = (int(v) for v in spec.split(".."))
    if lo < 0 or hi < lo or hi > 30:
        sys.exit(f"--sizes {spec}: expected LO..HI with 0 <= LO <= HI <= 30")
    return [1 << k for k in range(lo, hi + 1)]


def sweep_inputs(d, meta, n, rng):
    """The case's arguments at n elements: N(0, 9) float32 tensors, xnumel = n."""
    args = meta["args"]
    tensors = [a for a in args if "scalar" not in a]
    if (len(args) - len(tensors) != 1 or any(len(a["shape"]) != 1 or a["dtype"] != "float32"
                                              for a in tensors)):
        sys.exit(f"{d}: --sizes needs a 1-D float32 pointwise kernel with one scalar (xnumel)")
    ins, outs, values = [], [], []
    for i, a in enumerate(args):
        if "scalar" in a:
            values.append(n)
            continue
        ins.append((i, (rng.standard_normal(n) * 3).astype(np.float32)))
        outs.append((i, None))
        values.append(None)
    block = meta.get("config", {}).get("XBLOCK", 1024)
    return ins, outs, values, [(n + block - 1) // block, 1, 1]


def aten_op(case, meta, ins):
    """PyTorch's eager op for a softmax / layer_norm / rms_norm case, or None."""
    import torch
    import torch.nn.functional as F
    t = {i: torch.from_numpy(x) for i, x in ins}
    shape = meta["args"][0]["shape"]
    x = t[0][: math.prod(shape)].view(*shape)
    if case.startswith("softmax"):
        out = torch.empty_like(x)
        return lambda: torch.ops.aten._softmax.out(x, -1, False, out=out)
    if case.startswith("layer_norm"):
        return lambda: F.layer_norm(x, x.shape[-1:], t[1], t[2], 1e-5)
    if case.startswith("rms_norm"):
        return lambda: F.rms_norm(x, x.shape[-1:], t[1], 1e-6)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", action="append", required=True, help="a triton-edge binary (repeat)")
    ap.add_argument("--flag", action="append", default=[], help="compile flag (repeat)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--samples", type=int, default=41)
    ap.add_argument("--aten", action="store_true", help="also time PyTorch's eager op")
    ap.add_argument("--sizes", default=None,
                    help="LO..HI: a dynamic 1-D pointwise kernel at 2^LO..2^HI elements")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    if args.sizes and args.aten:
        sys.exit("--aten times the row ops of a case's own shape; it does not combine with --sizes")
    if args.aten:
        import torch
        torch.set_num_threads(args.threads)

    tmp = tempfile.mkdtemp(prefix="te-ab-")
    print(f"{'case':<24} {'binary':<28} {'median':>10} {'IQR':>21} {'ns/elem':>8} {'ratio':>6}")
    rng = np.random.default_rng(12345)
    for d in args.cases:
        meta = load_meta(d)
        kernels = [compile_case(c, d, meta["name"], args.flag, tmp, f"b{k}")
                   for k, c in enumerate(args.cli)]
        case = os.path.basename(os.path.normpath(d)).split("__")[0]
        for n in sizes(args.sizes) if args.sizes else [None]:
            if n is None:
                ins, outs, values = load_case(d, meta)
                grid = meta["grid"]
            else:
                ins, outs, values, grid = sweep_inputs(d, meta, n, rng)
            time_case(args, case if n is None else f"{case} n={n}", meta, kernels, ins, outs,
                      values, grid)


def time_case(args, case, meta, kernels, ins, outs, values, grid):
    """Times every binary's kernel (and ATen's op) on one set of inputs."""
    work = {i: x.copy() for i, x in ins}
    vals = [work[i] if v is None else v for i, v in enumerate(values)]
    packed = [k.pack(vals) for k in kernels]
    runs = [lambda k=k: rt.launch(kernels[k], grid, packed[k], threads=args.threads)
            for k in range(len(kernels))]
    names = list(args.cli)
    if args.aten:
        op = aten_op(case, meta, ins)
        if op:
            runs.append(op)
            names.append("aten eager")
    elems = max(x.size for _, x in ins)
    times = [[] for _ in runs]
    for s in range(args.samples + 2):
        # Alternate which one goes first so none always runs on a warmer cache.
        order = range(len(runs)) if s % 2 == 0 else reversed(range(len(runs)))
        for k in order:
            for i, x in ins:
                np.copyto(work[i], x)
            t0 = time.perf_counter_ns()
            runs[k]()
            t1 = time.perf_counter_ns()
            if s >= 2:  # the first two samples warm up pages and caches
                times[k].append((t1 - t0) / 1e3)
    base = statistics.median(times[0])
    for k, c in enumerate(names):
        t = sorted(times[k])
        med = statistics.median(t)
        q1, q3 = t[len(t) // 4], t[(3 * len(t)) // 4]
        print(f"{case:<24} {c[-28:]:<28} {med:8.1f}us {q1:8.1f}..{q3:8.1f}us "
              f"{med * 1e3 / elems:8.3f} {base / med:6.2f}")
    # Each binary's outputs after the timed launches: against the case's
    # oracle, and bit for bit against the first binary's.
    first = None
    for k, c in enumerate(args.cli):
        for i, x in ins:
            np.copyto(work[i], x)
        rt.launch(kernels[k], grid, packed[k], threads=args.threads)
        got = {i: work[i].copy() for i, _ in outs}
        if first is None:
            first = got
        differ = sum(int(np.count_nonzero(got[i].view(np.uint32) != first[i].view(np.uint32)))
                     for i, _ in outs if got[i].dtype.itemsize == 4)
        print(f"  {c[-28:]}: {differ} output elements differ bit for bit from {args.cli[0][-28:]}")
        for i, o in outs:
            if o is None or o.dtype.kind != "f":
                continue
            bad = ~np.isclose(got[i], o, atol=1e-5, rtol=1e-5, equal_nan=True)
            if bad.any():
                print(f"  MISMATCH {c}: arg {i}: {int(bad.sum())} elements "
                      f"(max abs err {np.nanmax(np.abs(got[i] - o)):.3g})")

if __name__ == "__main__":
    main()
