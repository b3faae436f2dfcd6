#!/usr/bin/env python3
"""Times PyTorch's eager kernels and torch.compile (Inductor's C++ CPU backend)
on the bundle's workloads, for te-bench --extra-peers.

Reads the bundle's manifest.json: every ladder kernel that is a float32 GELU
(erf form) or add gets timed at its size, and GELU at every scaling size.
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
        (0.002, 5, 20, 0.05, 0.05) if quick else (0.02, 10, 200, 2.0, 0.02))
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


def workloads(manifest_path, log2_min, log2_max, step):
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
        n = 1
        for d in tensors[0]["shape"]:
            n *= d
        name, case = kj.get("name", ""), kj.get("case", "")
        if name == "triton_poi_fused_gelu_0" and "tanh" not in case and len(tensors) == 2:
            out.append(("gelu", n))
        elif name == "triton_poi_fused_add_0" and len(tensors) == 3:
            out.append(("add", n))
    if m.get("scaling"):
        for lg in range(log2_min, log2_max + 1, step):
            out.append(("gelu", 1 << lg))
    seen, uniq = set(), []
    for w in out:
        if w not in seen:
            seen.add(w)
            uniq.append(w)
    return uniq


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", default=None, help="LO..HI, log2 of the scaling sizes")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (default: all CPUs)")
    ap.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    args = ap.parse_args()

    try:
        import torch
    except ImportError:
        print("torch_peers.py: PyTorch is not installed; nothing to do", file=sys.stderr)
        return 0
    major = int(torch.__version__.split(".")[0])
    threads = args.threads or len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)

    lo, hi = (10, 16) if args.quick else (10, 24)
    if args.sizes:
        a, b = args.sizes.split("..")
        lo, hi = int(a), int(b)
    loads = workloads(args.manifest, lo, hi, 2 if args.quick else 1)
    llc = llc_bytes()
    gelu = torch.nn.functional.gelu

    def eager_gelu(x, out):
        # The functional form has no out=; torch.ops.aten.gelu.out has.
        torch.ops.aten.gelu.out(x, out=out)

    def eager_add(a, b, out):
        torch.add(a, b, out=out)

    peers = [{"name": "torch-eager", "threads": threads,
              "detail": "PyTorch %s eager (ATen), %d threads" % (torch.__version__, threads),
              "fns": {"gelu": eager_gelu, "add": eager_add}, "results": []}]
    if major >= 2 and not args.no_compile:
        try:
            cg = torch.compile(lambda x: gelu(x), dynamic=False)
            ca = torch.compile(lambda a, b: a + b, dynamic=False)
            peers.append({"name": "torch-compile", "threads": threads,
                          "detail": "PyTorch %s torch.compile (Inductor C++ CPU backend), %d threads"
                                    % (torch.__version__, threads),
                          # Inductor allocates its output: that allocation is part of what
                          # a user gets, and cannot be avoided through out=.
                          "fns": {"gelu": lambda x, out: cg(x),
                                  "add": lambda a, b, out: ca(a, b)},
                          "results": []})
        except Exception as e:  # torch.compile unavailable on this install
            print("torch_peers.py: torch.compile unavailable: %s" % e, file=sys.stderr)

    gen = torch.Generator().manual_seed(12345)
    with torch.inference_mode():
        for op, n in loads:
            ws = n * 4 * (2 if op == "gelu" else 3)
            sets = rotation_sets(ws, llc)
            data = []
            for _ in range(sets):
                a = torch.rand(n, generator=gen) * 4 - 2
                b = torch.rand(n, generator=gen) * 4 - 2
                data.append((a, b, torch.empty(n)))
            ref = gelu(data[0][0]) if op == "gelu" else data[0][0] + data[0][1]
            for p in peers:
                fn = p["fns"][op]
                try:
                    if op == "gelu":
                        call = lambda i: fn(data[i % sets][0], data[i % sets][2])
                    else:
                        call = lambda i: fn(data[i % sets][0], data[i % sets][1], data[i % sets][2])
                    got = fn(data[0][0], data[0][2]) if op == "gelu" else fn(data[0][0], data[0][1], data[0][2])
                    got = data[0][2] if got is None else got
                    ok = bool(torch.allclose(got, ref, rtol=1e-5, atol=1e-5))
                    st = measure(call, args.quick)
                    st.update({"op": op, "n": n, "rotation_sets": sets, "check_ok": ok})
                    p["results"].append(st)
                    print("%-14s %-4s n=%-9d median %.2f us" % (p["name"], op, n, st["median_s"] * 1e6),
                          file=sys.stderr)
                except Exception as e:
                    print("torch_peers.py: %s %s n=%d failed: %s" % (p["name"], op, n, e), file=sys.stderr)

    for p in peers:
        del p["fns"]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"format": "triton-edge-extra-peers-1", "torch_version": torch.__version__,
                   "peers": peers}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
