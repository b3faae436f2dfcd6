#!/usr/bin/env python3
"""Times PyTorch's eager kernels and torch.compile (Inductor's C++ CPU backend)
on the bundle's workloads, for te-bench --extra-peers.

Reads the bundle's manifest.json: every ladder kernel that is a float32 GELU
(erf or tanh form), add, softmax, layer norm or RMS norm gets timed at its
size, and GELU (both forms) at every scaling size; each at 1 thread
(peers named *-1t) and at all CPUs.
Method as in docs/benchmarking.md: warm-up, repetitions until the 95% CI of
the median is within +-2% or a cap, median and quartiles, outputs
preallocated (out=), input sets rotated when the working set is a sizeable
fraction of the last-level cache. Writes JSON; exits 0 with a note when
PyTorch is missing or too old.
"""
import argparse
import json
import math
import os
import sys
import time


def llc_bytes():
    best = 0
    base = "/sys/devices/system/cpu/cpu0/cache"
    try:
        for d in os.listdir(base):
            try:
                with open(os.path.join(base, d, "type")) as f:
                    if f.read().strip() == "Instruction":
                        continue
                with open(os.path.join(base, d, "size")) as f:
                    s = f.read().strip()
                mult = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(s[-1], 1)
                best = max(best, int(s.rstrip("KMG")) * mult)
            except (OSError, ValueError):
                continue
    except OSError:
        pass
    return best or (32 << 20)


def rotation_sets(working_set, llc):
    # Same rule as the C++ harness (bench/lib/runner.cpp).
    if working_set * 8 < llc or working_set >= 2 * llc:
        return 1
    s = min(16, -(-2 * llc // working_set) + 1)
    while s > 1 and s * working_set > (1 << 30):
        s -= 1
    return max(1, s)


def summarize(samples):
    s = sorted(samples)
    n = len(s)

    def q(p):
        pos = p * (n - 1)
        lo = int(math.floor(pos))
        hi = min(lo + 1, n - 1)
        return s[lo] + (pos - lo) * (s[hi] - s[lo])

    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, int(math.floor(n / 2 - half)) - 1)
    hi = min(n - 1, max(0, int(math.ceil(n / 2 + half)) - 1))
    return {"median_s": q(0.5), "q1_s": q(0.25), "q3_s": q(0.75),
            "ci95_lo_s": s[lo], "ci95_hi_s": s[hi], "samples": n}


def measure(call, quick):
    warm_s, min_samples, max_samples, cap, target = (
        (0.002, 5, 20, 0.05, 0.05) if quick else (0.02, 10, 200, 0.6, 0.02))
    i = 0
    t0 = time.perf_counter()
    while i < 3 or time.perf_counter() - t0 < warm_s:
        call(i)
        i += 1
    per_call = (time.perf_counter() - t0) / i
    batch = max(1, int(math.ceil(20e-6 / per_call))) if per_call > 0 else 1
    samples = []
    start = time.perf_counter()
    while True:
        a = time.perf_counter()
        for _ in range(batch):
            call(i)
            i += 1
        e = time.perf_counter()
        samples.append((e - a) / batch)
        n = len(samples)
        capped = n >= max_samples or e - start >= cap
        if n >= min_samples or capped:
            st = summarize(samples)
            rel = (st["ci95_hi_s"] - st["ci95_lo_s"]) / (2 * st["median_s"]) if st["median_s"] > 0 else 0
            if rel <= target and n >= min_samples:
                st["converged"] = True
                return st
            if capped:
                st["converged"] = False
                return st


ROW_OPS = {"softmax": "softmax", "layer_norm": "native_layer_norm", "rms_norm": "rsqrt"}


def workloads(manifest_path, log2_min, log2_max, step):
    """(op, n, shape) to time: op as te-bench's Family names it."""
    with open(manifest_path) as f:
        m = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    out = []
    for k in m.get("ladder", []):
        try:
            with open(os.path.join(base, k["case_dir"], "kernel.json")) as f:
                kj = json.load(f)
        except (OSError, ValueError, KeyError):
            continue
        tensors = [a for a in kj.get("args", []) if "dtype" in a]
        if not tensors or any(a["dtype"] != "float32" for a in tensors):
            continue
        shape = tensors[0]["shape"]
        n = 1
        for d in shape:
            n *= d
        name, case = kj.get("name", ""), kj.get("case", "")
        if name == "triton_poi_fused_gelu_0" and len(tensors) == 2:
            out.append(("gelu_tanh" if "tanh" in case else "gelu", n, [n]))
        elif name == "triton_poi_fused_add_0" and len(tensors) == 3:
            out.append(("add", n, [n]))
        else:
            for op, marker in ROW_OPS.items():
                if case.startswith(op) and marker in name and len(shape) == 2:
                    out.append(("%s:%dx%d" % (op, shape[0], shape[1]), n, shape))
    for k in m.get("scaling", []):
        label = k.get("label", "")
        if label.startswith("gelu"):
            op = "gelu_tanh" if "tanh" in label else "gelu"
            for lg in range(log2_min, log2_max + 1, step):
                out.append((op, 1 << lg, [1 << lg]))
    seen, uniq = set(), []
    for w in out:
        if (w[0], w[1]) not in seen:
            seen.add((w[0], w[1]))
            uniq.append(w)
    return uniq


def make_peers(torch, threads, compile_ok):
    """Eager and torch.compile callables per op family at `threads`."""
    F = torch.nn.functional
    aten = torch.ops.aten
    suffix = "" if threads > 1 else "-1t"

    def row(op):
        return op.split(":")[0]

    eager = {
        "gelu": lambda x, w, b, out: aten.gelu.out(x, out=out),
        "gelu_tanh": lambda x, w, b, out: aten.gelu.out(x, approximate="tanh", out=out),
        "add": lambda x, w, b, out: torch.add(x, w, out=out),
        "softmax": lambda x, w, b, out: aten._softmax.out(x, -1, False, out=out),
        # No out= variants: these allocate their result, as a model's call does.
        "layer_norm": lambda x, w, b, out: F.layer_norm(x, x.shape[-1:], w, b, 1e-5),
        "rms_norm": lambda x, w, b, out: F.rms_norm(x, x.shape[-1:], w, 1e-6),
    }
    peers = [{"name": "torch-eager" + suffix, "threads": threads,
              "detail": "PyTorch %s eager (ATen), %d thread(s)" % (torch.__version__, threads),
              "fns": {k: (lambda f: (lambda op, *a: f(*a)))(f) for k, f in eager.items()},
              "row": row, "results": []}]
    if compile_ok:
        # One compiled function per op (Inductor bakes the thread count into
        # its C++ kernels); dynamic=None: recompiled once as dynamic when a
        # second size comes, as in a model with varying batch.
        fns = {
            "gelu": lambda x: F.gelu(x),
            "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
            "add": lambda x, y: x + y,
            "softmax": lambda x: torch.softmax(x, -1),
            "layer_norm": lambda x, w, b: F.layer_norm(x, x.shape[-1:], w, b, 1e-5),
            "rms_norm": lambda x, w: F.rms_norm(x, x.shape[-1:], w, 1e-6),
        }
        compiled = {k: torch.compile(f) for k, f in fns.items()}
        args = {"gelu": lambda x, w, b: (x,), "gelu_tanh": lambda x, w, b: (x,),
                "add": lambda x, w, b: (x, w), "softmax": lambda x, w, b: (x,),
                "layer_norm": lambda x, w, b: (x, w, b), "rms_norm": lambda x, w, b: (x, w)}
        peers.append({"name": "torch-compile" + suffix, "threads": threads,
                      "detail": "PyTorch %s torch.compile (Inductor C++ CPU backend), %d thread(s)"
                                % (torch.__version__, threads),
                      # Inductor allocates its output: part of what a user gets.
                      "fns": {k: (lambda c, g: (lambda op, x, w, b, out: c(*g(x, w, b))))(compiled[k], args[k])
                              for k in fns},
                      "row": row, "results": []})
    return peers


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", default=None, help="LO..HI, log2 of the scaling sizes")
    ap.add_argument("--threads", type=int, default=0,
                    help="torch threads (default: 1 and all CPUs, one peer each)")
    ap.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    args = ap.parse_args()

    try:
        import torch
    except ImportError:
        print("torch_peers.py: PyTorch is not installed; nothing to do", file=sys.stderr)
        return 0
    major = int(torch.__version__.split(".")[0])

    lo, hi = (10, 16) if args.quick else (12, 24)
    if args.sizes:
        a, b = args.sizes.split("..")
        lo, hi = int(a), int(b)
    loads = workloads(args.manifest, lo, hi, 2 if args.quick else 1)
    llc = llc_bytes()
    counts = [args.threads] if args.threads else sorted({1, len(os.sched_getaffinity(0))})
    compile_ok = major >= 2 and not args.no_compile
    all_peers = []
    gen = torch.Generator().manual_seed(12345)
    for threads in counts:
        torch.set_num_threads(threads)
        try:  # Inductor's C++ kernels: this thread count (also in its cache key)
            import torch._inductor.config as inductor_config
            inductor_config.cpp.threads = threads
        except Exception:
            pass
        peers = make_peers(torch, threads, compile_ok)
        all_peers += peers
        with torch.inference_mode():
            for op, n, shape in loads:
                family = op.split(":")[0]
                cols = shape[-1]
                ws = n * 4 * (3 if family == "add" else 2)
                sets = rotation_sets(ws, llc)
                data = []
                for _ in range(sets):
                    x = (torch.rand(shape, generator=gen) * 4 - 2)
                    w = (torch.rand(n if family == "add" else cols, generator=gen) * 4 - 2)
                    b = torch.rand(cols, generator=gen) - 0.5
                    if family == "add":
                        w = w.reshape(shape)
                    data.append((x, w, b, torch.empty(shape)))
                x, w, b, _ = data[0]
                xd, wd, bd = x.double(), w.double(), b.double()
                F = torch.nn.functional
                ref = {"gelu": lambda: F.gelu(xd), "gelu_tanh": lambda: F.gelu(xd, approximate="tanh"),
                       "add": lambda: xd + wd, "softmax": lambda: torch.softmax(xd, -1),
                       "layer_norm": lambda: F.layer_norm(xd, (cols,), wd, bd, 1e-5),
                       "rms_norm": lambda: xd * torch.rsqrt((xd * xd).mean(-1, keepdim=True) + 1e-6) * wd}[family]()
                for p in peers:
                    fn = p["fns"].get(family)
                    if fn is None:
                        continue
                    try:
                        call = lambda i, fn=fn: fn(op, *data[i % sets])
                        got = fn(op, *data[0])
                        got = data[0][3] if got is None else got
                        ok = bool(torch.allclose(got.double(), ref, rtol=1e-4, atol=1e-5))
                        st = measure(call, args.quick)
                        st.update({"op": op, "n": n, "rotation_sets": sets, "check_ok": ok})
                        p["results"].append(st)
                        print("%-18s %-22s n=%-9d median %.2f us%s" % (p["name"], op, n, st["median_s"] * 1e6,
                              "" if ok else "  CHECK FAILED"), file=sys.stderr)
                    except Exception as e:
                        print("torch_peers.py: %s %s n=%d failed: %s" % (p["name"], op, n, e), file=sys.stderr)
    peers = all_peers
    for p in peers:
        del p["fns"]
        del p["row"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"format": "triton-edge-extra-peers-1", "torch_version": torch.__version__,
                   "peers": peers}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
