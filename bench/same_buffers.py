#!/usr/bin/env python3
"""Times compiled triton-edge kernels and PyTorch's eager kernel on the same
tensors, in one process, interleaved sample by sample, with the output placed
at chosen offsets from the input within a 4 KiB page (docs/benchmarking.md,
"Placement").

This is the diagnostic behind the per-element jumps of docs/results.md: when
ours and ATen run on the same buffers, a gap between them is the code's, and
a gap that moves with the output's page offset is the placement's.

  python3 same_buffers.py --kernels DIR [--ops gelu,gelu_tanh,add]
                          [--sizes 16..22] [--offsets 0,64,2048,4032,torch]
                          [--threads 1,16] [--json OUT]

DIR holds <op>.so, each a kernel compiled with `triton-edge compile --emit=so`
(gelu: gelu_dyn, gelu_tanh: gelu_tanh_dyn, add: add_dyn of the inductor
corpus; kernel name triton_poi_fused_<gelu|add>_0); a bundle's
kernels/<label>.vec.<target>.so are such kernels. The triton_edge package and
libtriton_edge_rt.so: a bundle's python/ and lib/ beside this script, else
the source tree's (TRITON_EDGE_RT or TRITON_EDGE_HOME as the package finds
them). Method: torch_peers.py's (interleaved, paired ratios).

Placements: an integer k puts the input at the start of a page and the output
k bytes past a page boundary (so k = 0 is "same offset within the page"),
`thp` is k = 0 with both tensors in 2 MiB pages (madvise), `torch` is two
separate torch.empty tensors (where PyTorch's allocator puts them).
"""
import argparse
import ctypes
import json
import math
import os
import sys

os.environ.setdefault("GOMP_SPINCOUNT", "10000")  # as torch_peers.py: OpenMP threads asleep between samples
os.environ.setdefault("KMP_BLOCKTIME", "1")
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peers import load_runtime, measure_interleaved, paired_ratio, summarize  # noqa: E402

rt = load_runtime(os.path.dirname(os.path.abspath(__file__)))

PAGE = 4096
HUGE = 2 << 20
MADV_HUGEPAGE = 14
KERNEL_NAMES = {"gelu": "triton_poi_fused_gelu_0", "gelu_tanh": "triton_poi_fused_gelu_0",
                "add": "triton_poi_fused_add_0"}
XBLOCK = 1024  # the dyn kernels' block


def aten_call(op, ins, out):
    if op == "gelu":
        return lambda: torch.ops.aten.gelu.out(ins[0], out=out)
    if op == "gelu_tanh":
        return lambda: torch.ops.aten.gelu.out(ins[0], approximate="tanh", out=out)
    return lambda: torch.add(ins[0], ins[1], out=out)


def reference(op, ins):
    x = ins[0].double()
    if op == "gelu":
        return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))
    if op == "gelu_tanh":
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    return x + ins[1].double()


class Arena:
    """One page-aligned (or 2 MiB-aligned) region holding every tensor of a call."""

    def __init__(self, nbytes, huge):
        align = HUGE if huge else PAGE
        self.raw = torch.empty(nbytes + align, dtype=torch.uint8)
        addr = self.raw.data_ptr()
        self.base = (addr + align - 1) // align * align - addr
        if huge:
            libc = ctypes.CDLL(None)
            length = (nbytes + HUGE - 1) // HUGE * HUGE
            libc.madvise(ctypes.c_void_p(addr + self.base), ctypes.c_size_t(length), MADV_HUGEPAGE)

    def tensor(self, offset, n):
        return self.raw[self.base + offset:self.base + offset + 4 * n].view(torch.float32)


def place(op, n, placement, gen):
    """Inputs (uniform in [-2, 2)) and output of one call, placed as asked."""
    n_in = 2 if op == "add" else 1
    if placement == "torch":
        ins = [torch.empty(n, dtype=torch.float32) for _ in range(n_in)]
        out = torch.empty(n, dtype=torch.float32)
        keep = None
    else:
        off = 0 if placement == "thp" else int(placement)
        span = (4 * n + PAGE - 1) // PAGE * PAGE + PAGE
        keep = Arena(span * (n_in + 1), placement == "thp")
        ins = [keep.tensor(i * span, n) for i in range(n_in)]
        out = keep.tensor(n_in * span + off, n)
    for t in ins:
        t.uniform_(-2, 2, generator=gen)
    out.fill_(0)
    return ins, out, keep


def parse_sizes(s):
    lo, hi = s.split("..")
    return [1 << e for e in range(int(lo), int(hi) + 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernels", required=True)
    ap.add_argument("--ops", default="gelu,gelu_tanh,add")
    ap.add_argument("--sizes", default="16..22")
    ap.add_argument("--offsets", default="0,64,2048,4032,thp,torch")
    ap.add_argument("--threads", default="1,16")
    ap.add_argument("--quick", action="store_true", help="fewer, shorter samples")
    ap.add_argument("--json")
    a = ap.parse_args()
    gen = torch.Generator().manual_seed(12345)
    rows = []
    print("%-9s %9s %6s %3s %10s %10s %7s %15s %s" %
          ("op", "n", "place", "thr", "ours us", "aten us", "ours/aten", "CI95", "check"))
    for op in a.ops.split(","):
        kern = rt.Kernel(os.path.join(a.kernels, op + ".so"), KERNEL_NAMES[op])
        for n in parse_sizes(a.sizes):
            for placement in a.offsets.split(","):
                ins, out, keep = place(op, n, placement, gen)
                packed = kern.pack(ins + [out, n])
                grid = [(n + XBLOCK - 1) // XBLOCK, 1, 1]
                for threads in [int(t) for t in a.threads.split(",")]:
                    torch.set_num_threads(threads)
                    aten = aten_call(op, ins, out)
                    ours = lambda i: rt.launch(kern, grid, packed, threads)  # noqa: E731
                    out.fill_(float("nan"))
                    ours(0)
                    ref = reference(op, ins)
                    ok = bool(((out.double() - ref).abs() <= 1e-5 + 1e-5 * ref.abs()).all())
                    s_ours, s_aten = measure_interleaved([ours, lambda i: aten()], a.quick)
                    q = paired_ratio(s_ours, s_aten)
                    r, (lo, hi) = q["ratio"], q["ci95"]
                    row = {"op": op, "n": n, "placement": placement, "threads": threads,
                           "ours_us": summarize(s_ours)["median_s"] * 1e6,
                           "aten_us": summarize(s_aten)["median_s"] * 1e6,
                           "ratio": r, "ratio_ci95": [lo, hi], "samples": len(s_ours),
                           "out_page_offset": (out.data_ptr() - ins[0].data_ptr()) % PAGE,
                           "check": ok}
                    rows.append(row)
                    print("%-9s %9d %6s %3d %10.1f %10.1f %7.2f   [%5.2f, %5.2f] %s off=%d" %
                          (op, n, placement, threads, row["ours_us"], row["aten_us"], r, lo, hi,
                           "ok" if ok else "MISMATCH", row["out_page_offset"]), flush=True)
                del keep
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"torch": torch.__version__, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
