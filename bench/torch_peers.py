#!/usr/bin/env python3
"""Times our kernels, PyTorch eager (ATen) and torch.compile (Inductor's C++
CPU backend) side by side: the same tensors, one process, interleaved sample
by sample, for te-bench --extra-peers and a table of its own.

Reads the bundle's manifest.json: every ladder kernel that is a float32 GELU
(erf or tanh form), add, softmax, layer norm or RMS norm is timed at its size,
and GELU (both forms) at every scaling size; each at 1 thread and at all CPUs.
Ours is the bundle's +Vec library for this CPU, launched through the runtime's
C API with its arguments packed beforehand (triton_edge.runtime from the
bundle's python/); at all CPUs also with `auto` threads. Method as in
docs/benchmarking.md: warm-up, samples of >= 1 ms after a 2 ms pause (thread
pools asleep), rounds until the 95% CI of every median is within +-2% or a
cap, medians, quartiles and paired ratios with a 95% CI; every output checked
against a float64 reference; input sets rotated when the working set is a
sizeable fraction of the last-level cache. Writes OUT (JSON) and OUT's .md
table. Exit 0; 3 when an output failed its check (the table says which);
0 with a note when PyTorch is missing.
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
    # Same rule as the C++ harness (rotationSets, bench/lib/workload.cpp).
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


def paired_ratio(a, b):
    """Median of the per-round ratios a[i]/b[i] and its 95% CI (order
    statistics of the ratios: a distribution-free CI of their median)."""
    r = sorted(x / y for x, y in zip(a, b) if y > 0)
    n = len(r)
    if n == 0:
        return None
    mid = r[n // 2] if n % 2 else 0.5 * (r[n // 2 - 1] + r[n // 2])
    k = max(0, int(math.floor(n / 2 - 1.96 * math.sqrt(n) / 2)) - 1)
    return {"ratio": mid, "ci95": [r[k], r[n - 1 - k]], "rounds": n}


def measure_interleaved(calls, quick):
    """Times several calls side by side, sample by sample (ABC ABC ...), as
    te-bench does (docs/benchmarking.md): after a warm-up, each sample repeats
    one call for at least `min_sample` seconds, after a pause (`settle`) that
    lets every thread pool (ours, ATen's OpenMP) go back to sleep, so no call
    meets another's spinning threads. Rounds go on until the 95% CI of every
    median is within +-2% (at least `min_rounds`) or the time cap. Returns one
    list of per-call times (seconds) per call, round by round."""
    min_sample, settle, min_rounds, max_rounds, cap, target = (
        (2e-4, 2e-4, 5, 15, 0.1, 0.05) if quick else (1e-3, 2e-3, 15, 201, 1.5, 0.02))
    reps = []
    for c in calls:
        t0 = time.perf_counter()
        i = 0
        while i < 3 or time.perf_counter() - t0 < max(min_sample, 0.01):
            c(i)
            i += 1
        per_call = (time.perf_counter() - t0) / i
        reps.append(max(1, int(math.ceil(min_sample / per_call))) if per_call > 0 else 1)
    samples = [[] for _ in calls]
    start = time.perf_counter()
    while True:
        for j, c in enumerate(calls):
            time.sleep(settle)
            a = time.perf_counter()
            for i in range(reps[j]):
                c(i)
            samples[j].append((time.perf_counter() - a) / reps[j])
        n = len(samples[0])
        if n >= max_rounds or (n >= min_rounds and time.perf_counter() - start >= cap):
            return samples
        if n >= min_rounds:
            worst = 0
            for s in samples:
                st = summarize(s)
                worst = max(worst, (st["ci95_hi_s"] - st["ci95_lo_s"]) / (2 * st["median_s"]))
            if worst <= target:
                return samples


ROW_OPS = {"softmax": "softmax", "layer_norm": "native_layer_norm", "rms_norm": "rsqrt"}


def host_isa_level():
    """The x86-64 psABI level te-bench picks kernels for (bench/lib/machine.cpp)."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = set()
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        return ""
    v3 = {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave"}
    v4 = v3 | {"avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl"}
    return "x86-64-v4" if v4 <= flags else "x86-64-v3" if v3 <= flags else ""


def our_kernel(base, entry, isa):
    """The +Vec library of a manifest entry for this CPU (None if none fits)."""
    for v in entry.get("variants", []):
        if v.get("id") == "vec" and v.get("target") == isa:
            return os.path.join(base, v["so"])
    return None


def workloads(manifest_path, log2_min, log2_max, step):
    """What to time: dicts with op (as te-bench's Family names it), n, shape
    and `ours` (our +Vec kernel for this CPU: library, name, grid, scalars)."""
    with open(manifest_path) as f:
        m = json.load(f)
    base = os.path.dirname(os.path.abspath(manifest_path))
    isa = host_isa_level()
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
        so = our_kernel(base, k, isa)
        ours = {"so": so, "name": k["kernel"], "grid": kj.get("grid", [1, 1, 1]),
                "scalars": [a["scalar"] for a in kj["args"] if "dtype" not in a]} if so else None
        if name == "triton_poi_fused_gelu_0" and len(tensors) == 2:
            out.append({"op": "gelu_tanh" if "tanh" in case else "gelu", "n": n, "shape": [n], "ours": ours})
        elif name == "triton_poi_fused_add_0" and len(tensors) == 3:
            out.append({"op": "add", "n": n, "shape": [n], "ours": ours})
        else:
            for op, marker in ROW_OPS.items():
                if case.startswith(op) and marker in name and len(shape) == 2:
                    out.append({"op": "%s:%dx%d" % (op, shape[0], shape[1]), "n": n, "shape": shape,
                                "ours": ours})
    for k in m.get("scaling", []):
        label = k.get("label", "")
        if not label.startswith("gelu"):
            continue
        op = "gelu_tanh" if "tanh" in label else "gelu"
        so = our_kernel(base, k, isa)
        block = 1024
        try:
            with open(os.path.join(base, k["case_dir"], "kernel.json")) as f:
                block = json.load(f).get("config", {}).get("XBLOCK", block)
        except (OSError, ValueError, KeyError):
            pass
        for lg in range(log2_min, log2_max + 1, step):
            n = 1 << lg
            ours = {"so": so, "name": k["kernel"], "grid": [-(-n // block), 1, 1], "scalars": [n]} if so else None
            out.append({"op": op, "n": n, "shape": [n], "ours": ours})
    seen, uniq = set(), []
    for w in out:
        if (w["op"], w["n"]) not in seen:
            seen.add((w["op"], w["n"]))
            uniq.append(w)
    return uniq


# The tensors of each family in the order our kernels take them (inputs, then
# the output), from the (x, w, b, out) of a data set.
KERNEL_TENSORS = {"gelu": lambda x, w, b, out: [x, out], "gelu_tanh": lambda x, w, b, out: [x, out],
                  "add": lambda x, w, b, out: [x, w, out], "softmax": lambda x, w, b, out: [x, out],
                  "layer_norm": lambda x, w, b, out: [x, w, b, out],
                  "rms_norm": lambda x, w, b, out: [x, w, out]}


def at_page_start(torch, t):
    """A copy of `t` that starts at a page boundary. Every tensor then has the
    same page offset, as in te-bench: an output 64-256 bytes past an input
    modulo 4 KiB makes Intel cores stall loads behind older stores (4K
    aliasing), for ours and ATen alike, and where the allocator put a tensor
    would decide a run's figures (docs/benchmarking.md, "Buffer placement")."""
    per_page = 4096 // t.element_size()
    buf = torch.empty(t.numel() + per_page, dtype=t.dtype)
    off = (-buf.data_ptr() % 4096) // t.element_size()
    v = buf[off:off + t.numel()].view(t.shape)
    v.copy_(t)
    return v


class OurCall:
    """One of our kernels bound to the tensors of each data set, launched
    through the runtime's C API with everything packed beforehand (what a
    compiled wrapper does; triton_edge.runtime, docs/python.md)."""

    def __init__(self, rt, kernel, ours, family, data, threads):
        import ctypes
        self.rt, self.kernel, self.threads = rt, kernel, threads
        self.packed = [kernel.pack(KERNEL_TENSORS[family](*d) + list(ours["scalars"])) for d in data]
        self.grid = (ctypes.c_int32 * 3)(*rt.normalize_grid(ours["grid"]))
        self.used = ctypes.c_int32(0)
        self.used_ref = ctypes.byref(self.used)
        self.err = ctypes.create_string_buffer(1024)
        self.info = ctypes.addressof(kernel.info)
        self.launch = kernel.runtime._launch

    def __call__(self, i):
        p = self.packed[i % len(self.packed)]
        rc = self.launch(self.kernel.programs, self.info, p.args, p.numel, self.grid, self.threads,
                         0, 0, 0, self.used_ref, self.err, len(self.err))
        if rc != 0:
            raise RuntimeError("kernel %s: %s" % (self.kernel.name, self.err.value.decode(errors="replace")))


def load_runtime(bundle_dir):
    """triton_edge.runtime from the bundle (python/, lib/) or the source tree."""
    for d in (os.path.join(bundle_dir, "python"), os.path.join(bundle_dir, "..", "python")):
        if os.path.isdir(os.path.join(d, "triton_edge")):
            sys.path.insert(0, os.path.abspath(d))
            break
    lib = os.path.join(bundle_dir, "lib", "libtriton_edge_rt.so")
    if os.path.isfile(lib) and "TRITON_EDGE_RT" not in os.environ:
        os.environ["TRITON_EDGE_RT"] = lib
    from triton_edge import runtime as rt
    return rt


def make_peers(torch, threads, compile_ok):
    """Eager and torch.compile callables per op family at `threads`."""
    F = torch.nn.functional
    aten = torch.ops.aten
    suffix = "" if threads > 1 else "-1t"

    eager = {
        "gelu": lambda x, w, b, out: aten.gelu.out(x, out=out),
        "gelu_tanh": lambda x, w, b, out: aten.gelu.out(x, approximate="tanh", out=out),
        "add": lambda x, w, b, out: torch.add(x, w, out=out),
        "softmax": lambda x, w, b, out: aten._softmax.out(x, -1, False, out=out),
        # No out= variants: these allocate their result, as a model's call does.
        "layer_norm": lambda x, w, b, out: F.layer_norm(x, x.shape[-1:], w, b, 1e-5),
        "rms_norm": lambda x, w, b, out: F.rms_norm(x, x.shape[-1:], w, 1e-6),
    }
    peers = [{"name": "torch-eager" + suffix, "kind": "eager", "threads": threads,
              "detail": "PyTorch %s eager (ATen), %d thread(s)" % (torch.__version__, threads),
              "fns": {k: (lambda f: (lambda op, *a: f(*a)))(f) for k, f in eager.items()},
              "results": []}]
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
        peers.append({"name": "torch-compile" + suffix, "kind": "compile", "threads": threads,
                      "detail": "PyTorch %s torch.compile (Inductor C++ CPU backend), %d thread(s)"
                                % (torch.__version__, threads),
                      # Inductor allocates its output: part of what a user gets.
                      "fns": {k: (lambda c, g: (lambda op, x, w, b, out: c(*g(x, w, b))))(compiled[k], args[k])
                              for k in fns},
                      "results": []})
    return peers


def fmt_us(s):
    return "%.1f" % (s * 1e6) if s < 1e-2 else "%.0f" % (s * 1e6)


def write_markdown(path, rows, torch_version, isa, cpus):
    """The side-by-side table: ours, eager and torch.compile per workload and
    thread count, medians and the paired ratios (>1: ours is faster)."""
    lines = ["# triton-edge vs PyTorch %s, same tensors, one process, interleaved" % torch_version, "",
             "Our kernels: the bundle's +Vec libraries for %s, launched through the runtime's C API; "
             "%d CPUs. Medians in us; `x/ours` is the median of the per-round ratios with its 95%% CI "
             "(> 1: ours is faster). `ours` uses every context it is given; `ours auto` lets the "
             "runtime's cost model choose how many (at most the thread count), as ATen and Inductor "
             "choose per call how many of their threads work (a grain size): `x/auto` compares those. "
             "`check`: every output against a float64 reference." % (isa, cpus), "",
             "| op | n | threads | ours | ours auto | eager | compile | eager/ours | compile/ours "
             "| eager/auto | compile/auto | check |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        c = r["contestants"]

        def med(name):
            return fmt_us(c[name]["median_s"]) if name in c else "-"

        def ratio(name, key="ratios"):
            q = r.get(key, {}).get(name)
            return "%.2f [%.2f, %.2f]" % (q["ratio"], q["ci95"][0], q["ci95"][1]) if q else "-"
        checks = ", ".join("%s %s" % (k, "ok" if v else "FAIL") for k, v in r["check"].items())
        lines.append("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["op"], r["n"], r["threads"], med("ours"), med("ours-auto"), med("eager"), med("compile"),
            ratio("eager"), ratio("compile"), ratio("eager", "ratios_vs_auto"),
            ratio("compile", "ratios_vs_auto"), checks))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--manifest", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", default=None, help="LO..HI, log2 of the scaling sizes")
    ap.add_argument("--threads", type=int, default=0,
                    help="threads (default: 1 and all CPUs)")
    ap.add_argument("--no-compile", action="store_true", help="skip torch.compile")
    ap.add_argument("--no-ours", action="store_true", help="PyTorch only (not side by side)")
    ap.add_argument("--ops", default=None, help="only these op families (comma-separated)")
    return ap.parse_args()


def selected_workloads(args):
    """The manifest's workloads at the scaling sizes asked for (--sizes,
    --quick), of the families asked for (--ops)."""
    lo, hi = (10, 16) if args.quick else (12, 24)
    if args.sizes:
        a, b = args.sizes.split("..")
        lo, hi = int(a), int(b)
    loads = workloads(args.manifest, lo, hi, 2 if args.quick else 1)
    if args.ops:
        keep = set(args.ops.split(","))
        loads = [w for w in loads if w["op"].split(":")[0] in keep]
    return loads


def our_runtime(args):
    """triton_edge.runtime, or None (--no-ours, or it does not load)."""
    if args.no_ours:
        return None
    try:
        return load_runtime(os.path.dirname(os.path.abspath(args.manifest)))
    except Exception as e:  # PyTorch peers alone are still worth having
        print("torch_peers.py: our kernels not timed side by side: %s" % e, file=sys.stderr)
        return None


def set_threads(torch, threads):
    torch.set_num_threads(threads)
    try:  # Inductor's C++ kernels: this thread count (also in its cache key)
        import torch._inductor.config as inductor_config
        inductor_config.cpp.threads = threads
    except Exception:
        pass


def make_data(torch, gen, family, shape, n, sets):
    """`sets` data sets (x, w, b, out) of a workload, each tensor at a page
    start: w is the second operand of add, else the row weights."""
    cols = shape[-1]
    data = []
    for _ in range(sets):
        x = (torch.rand(shape, generator=gen) * 4 - 2)
        w = (torch.rand(n if family == "add" else cols, generator=gen) * 4 - 2)
        b = torch.rand(cols, generator=gen) - 0.5
        if family == "add":
            w = w.reshape(shape)
        data.append(tuple(at_page_start(torch, t) for t in (x, w, b, torch.empty(shape))))
    return data


def reference(torch, family, data):
    """The family's result on data set 0, in float64."""
    x, w, b, _ = data[0]
    cols = x.shape[-1]
    xd, wd, bd = x.double(), w.double(), b.double()
    F = torch.nn.functional
    return {"gelu": lambda: F.gelu(xd), "gelu_tanh": lambda: F.gelu(xd, approximate="tanh"),
            "add": lambda: xd + wd, "softmax": lambda: torch.softmax(xd, -1),
            "layer_norm": lambda: F.layer_norm(xd, (cols,), wd, bd, 1e-5),
            "rms_norm": lambda: xd * torch.rsqrt((xd * xd).mean(-1, keepdim=True) + 1e-6) * wd}[family]()


class Contestants:
    """What one workload times side by side: names, calls, and whether each
    one's first output matched the float64 reference."""

    def __init__(self, torch, ref, data):
        self.torch, self.ref, self.data = torch, ref, data
        self.names, self.calls, self.check, self.peers = [], [], {}, []

    def add(self, name, call):
        """Runs `call` once on data set 0 (the output poisoned first), checks
        its result (returned, else written to the output) and keeps it for
        timing."""
        self.data[0][3].fill_(float("nan"))
        out = call(0)
        out = self.data[0][3] if out is None else out
        self.check[name] = bool(self.torch.allclose(out.double(), self.ref, rtol=1e-4, atol=1e-5))
        self.names.append(name)
        self.calls.append(call)


def add_ours(c, rt, kernels, wl, family, threads):
    """Ours at `threads` and, on several threads, with `auto` threads."""
    ours = wl["ours"]
    if rt is None or ours is None:
        return
    try:
        key = (ours["so"], ours["name"])
        if key not in kernels:
            kernels[key] = rt.Kernel(ours["so"], ours["name"])
        c.add("ours", OurCall(rt, kernels[key], ours, family, c.data, threads))
        if threads > 1:  # the runtime's cost model picks the count
            c.add("ours-auto", OurCall(rt, kernels[key], ours, family, c.data, 0))
    except Exception as e:
        print("torch_peers.py: ours %s n=%d failed: %s" % (wl["op"], wl["n"], e), file=sys.stderr)


def add_peers(c, peers, wl, family):
    """Each PyTorch peer that has the family (eager; torch.compile)."""
    op, data, sets = wl["op"], c.data, len(c.data)
    for p in peers:
        fn = p["fns"].get(family)
        if fn is None:
            continue
        try:
            c.add(p["kind"], lambda i, fn=fn: fn(op, *data[i % sets]))
            c.peers.append(p)
        except Exception as e:
            print("torch_peers.py: %s %s n=%d failed: %s" % (p["name"], op, wl["n"], e), file=sys.stderr)


def side_by_side(c, samples):
    """Medians, and the paired ratios of every contestant to ours and to
    ours with `auto` threads."""
    stats = {nm: summarize(s) for nm, s in zip(c.names, samples)}
    ratios, ratios_auto = {}, {}
    if "ours" in stats:
        for nm, s in zip(c.names, samples):
            if nm != "ours":
                ratios[nm] = paired_ratio(s, samples[0])
    if "ours-auto" in stats:
        # ATen and Inductor choose per call how many of their threads to use
        # (a grain size); so does `auto` among our contexts.
        s_auto = samples[c.names.index("ours-auto")]
        for nm, s in zip(c.names, samples):
            if nm not in ("ours", "ours-auto"):
                ratios_auto[nm] = paired_ratio(s, s_auto)
    return stats, ratios, ratios_auto


def run_workload(torch, rt, kernels, gen, llc, wl, threads, peers, quick):
    """One workload at `threads`: ours and the peers checked, then timed
    interleaved. Appends to each peer's results; returns the table's row
    (None when nothing ran)."""
    op, n, shape = wl["op"], wl["n"], wl["shape"]
    family = op.split(":")[0]
    sets = rotation_sets(n * 4 * (3 if family == "add" else 2), llc)
    data = make_data(torch, gen, family, shape, n, sets)
    c = Contestants(torch, reference(torch, family, data), data)
    add_ours(c, rt, kernels, wl, family, threads)
    add_peers(c, peers, wl, family)
    if not c.calls:
        return None
    stats, ratios, ratios_auto = side_by_side(c, measure_interleaved(c.calls, quick))
    for p in c.peers:
        st = dict(stats[p["kind"]])
        st.update({"op": op, "n": n, "rotation_sets": sets, "check_ok": c.check[p["kind"]],
                   "interleaved_with_ours": "ours" in stats})
        p["results"].append(st)
    print("%-22s n=%-9d t=%-2d %s" % (op, n, threads, "  ".join(
        "%s %s us%s" % (nm, fmt_us(stats[nm]["median_s"]), "" if c.check[nm] else " CHECK FAILED")
        for nm in c.names)), file=sys.stderr)
    return {"op": op, "n": n, "threads": threads, "rotation_sets": sets, "contestants": stats,
            "ratios": ratios, "ratios_vs_auto": ratios_auto, "check": c.check}


def write_results(path, torch_version, cpus, all_peers, rows):
    """OUT (JSON, for te-bench --extra-peers) and OUT's .md table."""
    for p in all_peers:
        del p["fns"]
        del p["kind"]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    isa = host_isa_level()
    with open(path, "w") as f:
        json.dump({"format": "triton-edge-extra-peers-1", "torch_version": torch_version,
                   "isa": isa, "cpus": cpus, "peers": all_peers, "side_by_side": rows}, f, indent=1)
    write_markdown(os.path.splitext(path)[0] + ".md", rows, torch_version, isa, cpus)


def main():
    args = parse_args()
    # ATen's OpenMP threads spin for several ms after each parallel region
    # (libgomp's default spin count), longer than the pause before a sample:
    # our contexts would meet them spinning on every CPU. Spin for about as
    # long as te-bench lets its OpenMP peers spin (before torch loads libgomp).
    os.environ.setdefault("GOMP_SPINCOUNT", "10000")
    os.environ.setdefault("KMP_BLOCKTIME", "1")
    try:
        import torch
    except ImportError:
        print("torch_peers.py: PyTorch is not installed; nothing to do", file=sys.stderr)
        return 0
    compile_ok = int(torch.__version__.split(".")[0]) >= 2 and not args.no_compile
    rt = our_runtime(args)
    loads = selected_workloads(args)
    llc = llc_bytes()
    cpus = len(os.sched_getaffinity(0))
    all_peers, rows, kernels = [], [], {}
    gen = torch.Generator().manual_seed(12345)
    for threads in ([args.threads] if args.threads else sorted({1, cpus})):
        set_threads(torch, threads)
        peers = make_peers(torch, threads, compile_ok)
        all_peers += peers
        with torch.inference_mode():
            for wl in loads:
                row = run_workload(torch, rt, kernels, gen, llc, wl, threads, peers, args.quick)
                if row is not None:
                    rows.append(row)
    write_results(args.out, torch.__version__, cpus, all_peers, rows)
    return 0 if all(all(r["check"].values()) for r in rows) else 3


if __name__ == "__main__":
    sys.exit(main())
