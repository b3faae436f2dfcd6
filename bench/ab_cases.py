#!/usr/bin/env python3
"""Times the same kernel cases compiled by several triton-edge binaries, in one
process, interleaved launch by launch, and prints the median per binary, its
spread and the ratio to the first binary (docs/benchmarking.md, "Comparing
compilers").

  python3 ab_cases.py --cli OLD --cli NEW CASE_DIR... [--threads 1] [--samples 41]
                      [--flag=--vec=on ...] [--aten]

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


def load_case(d):
    with open(os.path.join(d, "kernel.json")) as f:
        meta = json.load(f)
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
    return meta, ins, outs, values


def compile_case(cli, d, name, flags, tmp, tag):
    if os.path.isdir(cli):
        return rt.Kernel(os.path.join(cli, os.path.basename(os.path.normpath(d)) + ".so"), name)
    so = os.path.join(tmp, f"{tag}_{os.path.basename(os.path.normpath(d))}.so")
    cmd = [cli, "compile", os.path.join(d, "kernel.ttir"), "-o", so, "--emit=so"] + flags
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{r.stderr}")
    return rt.Kernel(so, name)


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
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    if args.aten:
        import torch
        torch.set_num_threads(args.threads)

    tmp = tempfile.mkdtemp(prefix="te-ab-")
    print(f"{'case':<24} {'binary':<28} {'median':>10} {'IQR':>21} {'ns/elem':>8} {'ratio':>6}")
    for d in args.cases:
        meta, ins, outs, values = load_case(d)
        work = {i: x.copy() for i, x in ins}
        vals = [work[i] if v is None else v for i, v in enumerate(values)]
        kernels = [compile_case(c, d, meta["name"], args.flag, tmp, f"b{k}")
                   for k, c in enumerate(args.cli)]
        packed = [k.pack(vals) for k in kernels]
        case = os.path.basename(os.path.normpath(d)).split("__")[0]
        runs = [lambda k=k: rt.launch(kernels[k], meta["grid"], packed[k], threads=args.threads)
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
        # Correctness of each binary's output after the timed launches.
        for k, c in enumerate(args.cli):
            for i, x in ins:
                np.copyto(work[i], x)
            rt.launch(kernels[k], meta["grid"], packed[k], threads=args.threads)
            for i, o in outs:
                if o is None or o.dtype.kind != "f":
                    continue
                bad = ~np.isclose(work[i], o, atol=1e-5, rtol=1e-5, equal_nan=True)
                if bad.any():
                    print(f"  MISMATCH {c}: arg {i}: {int(bad.sum())} elements "
                          f"(max abs err {np.nanmax(np.abs(work[i] - o)):.3g})")


if __name__ == "__main__":
    main()
