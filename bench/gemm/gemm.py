#!/usr/bin/env python3
"""f32 matrix products: a Triton matmul kernel compiled by triton-edge
against torch.mm (the BLAS sgemm behind ATen: oneDNN/MKL) on square sizes,
timed side by side in one process.

The kernel is the usual Triton tiling: one program per BM x BN tile of C
(grouped GROUP_M tiles at a time along M, for cache reuse of B across
neighbouring programs), a loop over K in BK slices with masked loads, and
`tl.dot` accumulating in f32.

    python -m pip install --no-deps --no-build-isolation --no-index --target SITE ./python
    PYTHONPATH=SITE TRITON_EDGE_HOME=build python bench/gemm/gemm.py
        [--sizes 256,512,1024,2048] [--threads 1,N] [--block 64,64,64]
        [--baseline-home DIR] [--rounds 15] [--json OUT]

(the package must be installed, not only on the path: Triton finds the
backend through its entry point). Prints one markdown row per size and
thread count; docs/results.md, "Matrix products", has a run.

Method (as docs/benchmarking.md): per size and thread count, each variant is
compiled and warmed up, then timed in rounds, the variants interleaved
(their order rotated each round, a short pause before each sample so that
thread pools go back to sleep); a sample is >= `--min-sample` seconds of
repeated calls. Reported: median GFLOP/s (2*n^3 / time) of each variant,
and per variant the median of the per-round ratios torch time / our time
(= fraction of sgemm's speed) with its 95% CI (order statistics of the
ratios). With --baseline-home (a directory with bin/triton-edge, e.g. a copy
of an older build) the same kernel compiled by that compiler runs as a third
variant, and the table adds new/base, the speedup of the current compiler.
Every output is checked against a float64 product before timing (exit 3 on a
mismatch).
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import triton
import triton.language as tl

import triton_edge

triton_edge.activate()

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from torch_peers import paired_ratio  # noqa: E402


def make_kernel():
    """A fresh @triton.jit function per compiler, so that each variant has its
    own in-memory compile cache."""

    @triton.jit
    def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K,
                      stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                      BM: tl.constexpr, BN: tl.constexpr, BK: tl.constexpr,
                      GROUP_M: tl.constexpr):
        pid = tl.program_id(0)
        tiles_m = tl.cdiv(M, BM)
        tiles_n = tl.cdiv(N, BN)
        per_group = GROUP_M * tiles_n
        first_m = (pid // per_group) * GROUP_M
        group_rows = tl.minimum(tiles_m - first_m, GROUP_M)
        pid_m = first_m + (pid % per_group) % group_rows
        pid_n = (pid % per_group) // group_rows
        rows = (pid_m * BM + tl.arange(0, BM)) % M
        cols = (pid_n * BN + tl.arange(0, BN)) % N
        ks = tl.arange(0, BK)
        a_ptrs = a_ptr + rows[:, None] * stride_am + ks[None, :] * stride_ak
        b_ptrs = b_ptr + ks[:, None] * stride_bk + cols[None, :] * stride_bn
        acc = tl.zeros((BM, BN), dtype=tl.float32)
        for k in range(0, tl.cdiv(K, BK)):
            left = K - k * BK
            a = tl.load(a_ptrs, mask=ks[None, :] < left, other=0.0)
            b = tl.load(b_ptrs, mask=ks[:, None] < left, other=0.0)
            acc = tl.dot(a, b, acc)
            a_ptrs += BK * stride_ak
            b_ptrs += BK * stride_bk
        out_rows = pid_m * BM + tl.arange(0, BM)
        out_cols = pid_n * BN + tl.arange(0, BN)
        c_ptrs = c_ptr + out_rows[:, None] * stride_cm + out_cols[None, :] * stride_cn
        tl.store(c_ptrs, acc, mask=(out_rows[:, None] < M) & (out_cols[None, :] < N))

    return matmul_kernel


class TritonMatmul:
    """The kernel compiled once (by the CLI `cli`, or the default one) for one
    problem; calls launch the compiled kernel directly."""

    def __init__(self, cli, a, b, c, block, group_m):
        bm, bn, bk = block
        m, k = a.shape
        n = b.shape[1]
        self.grid = (triton.cdiv(m, bm) * triton.cdiv(n, bn), 1, 1)
        self.args = (a, b, c, m, n, k, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                     c.stride(0), c.stride(1))
        self.meta = dict(BM=bm, BN=bn, BK=bk, GROUP_M=group_m)
        # Another compiler: its CLI, not the compiler library this process
        # loads (one copy of the compiler per process).
        env = {"TRITON_EDGE_CLI": cli, "TRITON_EDGE_IN_PROCESS": "0"} if cli else {}
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            self.compiled = make_kernel()[self.grid](*self.args, **self.meta)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.launch = self.compiled[self.grid]

    def __call__(self):
        self.launch(*self.args, *self.meta.values())


def interleaved(calls, rounds, min_sample, settle):
    """Per-call times (seconds), one list per call, the calls interleaved
    round by round in a rotating order."""
    reps = []
    for c in calls:
        c()  # warm-up: first-touch, pools started
        t0 = time.perf_counter()
        i = 0
        while i < 2 or time.perf_counter() - t0 < 2 * min_sample:
            c()
            i += 1
        per = (time.perf_counter() - t0) / i
        reps.append(max(1, math.ceil(min_sample / per)))
    samples = [[] for _ in calls]
    for r in range(rounds):
        for j in [(r + s) % len(calls) for s in range(len(calls))]:
            time.sleep(settle)
            t0 = time.perf_counter()
            for _ in range(reps[j]):
                calls[j]()
            samples[j].append((time.perf_counter() - t0) / reps[j])
    return samples


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def csv_ints(s):
    return [int(x) for x in s.split(",") if x]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=csv_ints, default=[256, 512, 1024, 2048],
                    help="square sizes n (M = N = K = n), comma-separated")
    ap.add_argument("--threads", type=csv_ints, default=[1, os.cpu_count() or 1],
                    help="thread counts (torch.set_num_threads and our launch contexts)")
    ap.add_argument("--block", type=csv_ints, default=[64, 64, 64], help="BM,BN,BK of the kernel")
    ap.add_argument("--group-m", type=int, default=8)
    ap.add_argument("--baseline-home", help="directory with bin/triton-edge: a second compiler "
                    "whose kernel runs as the variant `base`")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--min-sample", type=float, default=0.02, help="seconds per sample")
    ap.add_argument("--settle", type=float, default=0.002, help="pause before each sample (s)")
    ap.add_argument("--json", help="write every sample and summary here")
    args = ap.parse_args()
    if len(args.block) != 3:
        ap.error("--block takes BM,BN,BK")

    torch.manual_seed(0)
    base_cli = None
    if args.baseline_home:
        base_cli = os.path.join(args.baseline_home, "bin", "triton-edge")
        if not os.access(base_cli, os.X_OK):
            ap.error(f"{base_cli} is not an executable")
    names = ["torch", "te"] + (["base"] if base_cli else [])
    print(f"# torch {torch.__version__} ({torch.backends.mkldnn.is_available() and 'oneDNN' or ''}"
          f"{' MKL' if torch.backends.mkl.is_available() else ''}), triton {triton.__version__}, "
          f"block {args.block}, GROUP_M {args.group_m}, {args.rounds} rounds, "
          f"{os.cpu_count()} CPUs")
    head = "| n | threads | sgemm GFLOP/s | te GFLOP/s | te % sgemm [95% CI] |"
    rule = "| ---: | ---: | ---: | ---: | --- |"
    if base_cli:
        head += " base GFLOP/s | base % sgemm [95% CI] | te/base [95% CI] |"
        rule += " ---: | --- | --- |"
    print(head)
    print(rule)
    results = []
    bad = 0
    for n in args.sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        ref = a.double() @ b.double()
        tol = 1e-4 * math.sqrt(n)
        outs = {name: torch.empty(n, n) for name in names}
        calls = {"torch": lambda: torch.mm(a, b, out=outs["torch"])}
        calls["te"] = TritonMatmul(None, a, b, outs["te"], args.block, args.group_m)
        if base_cli:
            calls["base"] = TritonMatmul(base_cli, a, b, outs["base"], args.block, args.group_m)
        for t in args.threads:
            torch.set_num_threads(t)
            triton_edge.set_launch_threads(t)
            errs = {}
            for name in names:
                outs[name].fill_(float("nan"))
                calls[name]()
                errs[name] = (outs[name].double() - ref).abs().max().item()
                if not errs[name] <= tol:
                    bad += 1
                    print(f"# MISMATCH {name} n={n} threads={t}: max abs error {errs[name]:.3g} "
                          f"> {tol:.3g}")
            samples = interleaved([calls[x] for x in names], args.rounds, args.min_sample,
                                  args.settle)
            by = dict(zip(names, samples))
            flops = 2.0 * n ** 3
            gf = {x: flops / median(by[x]) / 1e9 for x in names}
            row = {"n": n, "threads": t, "gflops": gf, "max_abs_err": errs, "samples_s": by,
                   "te_of_sgemm": paired_ratio(by["torch"], by["te"])}
            line = (f"| {n} | {t} | {gf['torch']:.1f} | {gf['te']:.1f} | "
                    f"{fmt_pct(row['te_of_sgemm'])} |")
            if base_cli:
                row["base_of_sgemm"] = paired_ratio(by["torch"], by["base"])
                row["te_over_base"] = paired_ratio(by["base"], by["te"])
                r = row["te_over_base"]
                line += (f" {gf['base']:.1f} | {fmt_pct(row['base_of_sgemm'])} | "
                         f"{r['ratio']:.2f}x [{r['ci95'][0]:.2f}, {r['ci95'][1]:.2f}] |")
            print(line, flush=True)
            results.append(row)
        triton_edge.set_launch_threads(None)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"block": args.block, "group_m": args.group_m, "rounds": args.rounds,
                       "torch": torch.__version__, "triton": triton.__version__,
                       "cpus": os.cpu_count(), "results": results}, f, indent=1)
    return 3 if bad else 0


def fmt_pct(r):
    return f"{100 * r['ratio']:.1f}% [{100 * r['ci95'][0]:.1f}, {100 * r['ci95'][1]:.1f}]"


if __name__ == "__main__":
    sys.exit(main())
