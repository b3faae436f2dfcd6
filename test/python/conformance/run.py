"""The `tl` conformance suite: @triton.jit tests over the Triton language,
run through the triton-edge backend on CPU tensors and compared with
PyTorch/NumPy on the same inputs. One module per topic (MODULES); this file
is the runner.

    python test/python/conformance/run.py [-k SUBSTRING] [--vec on|off] [--capture DIR] [--list] [-v]
        [--device cpu|cuda|cpu-copies] [--shard I/N] [--json FILE [--resume]] [--test-timeout S]
    python test/python/conformance/run.py --merge FILE... [--json MERGED]

Prints PASS/FAIL/SKIP per test and the counts; exits 1 if a test failed.
With --capture DIR, the launches of every test that PASSED are written as
kernel cases (their outputs matched the reference, so they are verified
oracles): CI checks them on aarch64-neon and riscv64-rvv under qemu-user
(scripts/python-integration.sh, step conformance-edge). --vec sets the
compiler's Vec for every kernel (TRITON_EDGE_VEC; default: the compiler's,
on).

--device cuda runs the same tests against the same references with Triton's
own CUDA backend (triton-edge is not activated): each launch's CPU tensors
are copied to the GPU and back (device_copies.py), so the references, which
encode docs/semantics.md, are checked against what a GPU gives. The tests of
triton-edge's own errors (common.BACKEND_ONLY) and those of features the
CUDA backend refuses to compile (common.CUDA_REFUSES) are SKIPs there; the
few tests whose reference is a GPU deviation measured and documented in
docs/semantics.md use it there (common.on_cuda()).
--device cpu-copies copies the tensors the same way (to other CPU buffers)
for triton-edge: the whole suite checks the copying where no GPU is.
--shard I/N runs every N-th test (and skip) from the I-th; --json FILE
writes each test's name, status and info (after every test, so a shard that
was stopped keeps what it did); --resume continues such a file, reporting
the test it stopped in as failed; --merge prints the counts and failures of
several such files. --test-timeout S ends the process (exit 1, tracebacks on
stderr) when one test runs longer than S seconds.
"""
import argparse
import faulthandler
import importlib
import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402

import triton_edge  # noqa: E402
from triton_edge import capture  # noqa: E402

import common  # noqa: E402

MODULES = ["elementwise", "unsigned", "casts", "int_semantics", "math_fns", "reductions", "shapes",
           "control_flow", "dot", "fp8", "atomics", "memory", "launcher_args", "diagnostics"]
# Exit status of a --device cuda run whose CUDA context broke (a sticky
# error): later tests could not run in this process; --resume continues.
CONTEXT_LOST = 3


def load_tests(device):
    if device != "cuda":
        triton_edge.activate()
    for m in MODULES:
        importlib.import_module(m)
    names = [n for n, _ in common.TESTS]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate test names: {sorted(dup)}")
    return common.TESTS


def use_cuda():
    """Triton's CUDA driver for every launch, with the CPU tensors copied over."""
    import triton
    import device_copies
    if not torch.cuda.is_available():
        raise SystemExit("--device cuda: PyTorch sees no CUDA device")
    backend = triton.runtime.driver.active.get_current_target().backend
    if backend != "cuda":
        raise SystemExit(f"--device cuda: Triton's active driver is {backend!r}, not 'cuda' "
                         "(is TRITON_EDGE_ACTIVE=1 set?)")
    dev = torch.device("cuda", torch.cuda.current_device())
    device_copies.install(dev)
    return f"cuda ({torch.cuda.get_device_name(dev)})"


def cuda_context_alive():
    try:
        torch.cuda.synchronize()
        return torch.ones(1, device="cuda").add_(1).item() == 2
    except Exception:
        return False


def parse_shard(s):
    try:
        i, n = (int(v) for v in s.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard {s!r}: expected I/N, e.g. 0/16")
    if not 0 <= i < n:
        raise argparse.ArgumentTypeError(f"--shard {s!r}: I must be in [0, N)")
    return i, n


class Report:
    """The --json file: what this run selected and each test's result."""

    def __init__(self, path, resume, head):
        self.path = path
        self.data = dict(head, results=[], running=None, done=False)
        if path and resume and os.path.exists(path):
            with open(path) as f:
                old = json.load(f)
            if old.get("selected") != head["selected"]:
                raise SystemExit(f"--resume: {path} is of another selection (other -k/--shard)")
            self.data["results"] = old["results"]
            if old.get("running"):  # the process ended inside that test
                self.data["results"].append({"name": old["running"], "status": "FAIL",
                                             "info": "the process ended during this test "
                                                     "(--test-timeout, a crash or a kill)"})
        self.write()

    def done_names(self):
        return {r["name"] for r in self.data["results"]}

    def start(self, name):
        self.data["running"] = name
        self.write()

    def add(self, name, status, info):
        self.data["results"].append({"name": name, "status": status, "info": info})
        self.data["running"] = None
        self.write()

    def finish(self):
        self.data["done"] = True
        self.write()

    def write(self):
        if self.path:
            tmp = self.path + ".tmp"
            with open(tmp, "w") as f:
                json.dump(self.data, f, indent=1)
            os.replace(tmp, self.path)


def merge(paths, out):
    """Prints the counts and failures of several --json files (shards of one run)."""
    selected, results, runs = [], {}, set()
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        selected += d["selected"]
        runs.add(f"{d['device']}, triton {d['triton']}, torch {d['torch']}")
        for r in d["results"]:
            results[r["name"]] = r
    twice = sorted({n for n in selected if selected.count(n) > 1})
    missing = [n for n in selected if n not in results]
    by = {s: [results[n] for n in selected if n in results and results[n]["status"] == s]
          for s in ("PASS", "FAIL", "SKIP")}
    for r in by["SKIP"]:
        print(f"SKIP  {r['name']}  {r['info']}")
    for r in by["FAIL"]:
        print(f"FAIL  {r['name']}  {r['info']}")
    for n in missing:
        print(f"NOT RUN  {n}")
    for n in twice:
        print(f"TWICE  {n}  (in more than one file)")
    print(f"\nconformance ({'; '.join(sorted(runs))}; {len(paths)} files): {len(by['PASS'])} passed, "
          f"{len(by['FAIL'])} failed, {len(by['SKIP'])} skipped, {len(missing)} not run "
          f"(of {len(selected)})")
    if by["FAIL"]:
        print("failed: " + ", ".join(r["name"] for r in by["FAIL"]))
    if out:
        with open(out, "w") as f:
            json.dump({"runs": sorted(runs), "files": paths, "selected": selected,
                       "results": [results[n] for n in selected if n in results],
                       "not_run": missing}, f, indent=1)
    return 1 if by["FAIL"] or missing or twice else 0


def run_one(name, fn, verbose):
    try:
        return fn()
    except Exception as e:
        lines = str(e).strip().splitlines()
        errs = [line for line in lines if "error:" in line]
        if verbose:
            traceback.print_exc()
        if not errs and lines and lines[0].startswith("at "):  # Triton's front end: the reason is last
            errs = lines[-1:]
        return False, f"{type(e).__name__}: {(errs or lines or [''])[0][:300]}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-k", default="", help="run the tests whose name contains this")
    p.add_argument("--capture", default="", help="write the passing tests' launches as cases here")
    p.add_argument("--list", action="store_true", help="list the selected tests and skips")
    p.add_argument("-v", action="store_true", help="print the traceback of a test that raised")
    p.add_argument("--vec", choices=("on", "off"),
                   help="compile every kernel with Vec on or off (sets TRITON_EDGE_VEC)")
    p.add_argument("--device", choices=("cpu", "cuda", "cpu-copies"), default="cpu",
                   help="cpu: the triton-edge backend (default); cuda: Triton's CUDA backend; "
                        "cpu-copies: triton-edge with the launches' tensors copied as for cuda "
                        "(checks the copying where no GPU is)")
    p.add_argument("--shard", type=parse_shard, metavar="I/N",
                   help="run every N-th test and skip, from the I-th (0-based)")
    p.add_argument("--json", default="", metavar="FILE", help="write each test's result here")
    p.add_argument("--resume", action="store_true",
                   help="continue the --json file of an interrupted run of the same selection")
    p.add_argument("--test-timeout", type=float, metavar="S",
                   help="end the process when one test runs longer than S seconds")
    p.add_argument("--merge", nargs="+", metavar="FILE",
                   help="print the counts and failures of these --json files (and, with --json, "
                        "write them merged)")
    a = p.parse_args()
    if a.merge:
        return merge(a.merge, a.json)
    if a.resume and not a.json:
        p.error("--resume needs --json")
    device = "cpu"
    if a.device == "cuda":
        if a.vec or a.capture:
            p.error("--vec and --capture are triton-edge's: not with --device cuda")
        device = use_cuda()
        common.COMPUTED_BY = "cuda"
    elif a.device == "cpu-copies":
        import device_copies
        device_copies.install(torch.device("cpu"))
        device = "cpu (launch tensors copied)"
    if a.vec:
        # Read when each kernel's options are made (and part of Triton's cache key).
        os.environ["TRITON_EDGE_VEC"] = a.vec
    tests = load_tests(a.device)
    skips = dict(common.SKIPS)
    if a.device == "cuda":
        not_on_cuda = {**common.BACKEND_ONLY, **common.CUDA_REFUSES}
        skips.update(not_on_cuda)
        tests = [(n, f) for n, f in tests if n not in not_on_cuda]
    # The tests, then the skips: one order, so that shards split both.
    entries = [(n, f, None) for n, f in tests if a.k in n] + \
              [(n, None, why) for n, why in skips.items() if a.k in n]
    if a.shard:
        entries = entries[a.shard[0]::a.shard[1]]
    sel = [(n, f) for n, f, why in entries if why is None]
    skips = {n: why for n, _, why in entries if why is not None}
    if a.list:
        for n, _ in sel:
            print(n)
        for n in skips:
            print(f"{n}  (skipped)")
        return 0
    import triton
    report = Report(a.json, a.resume, {
        "device": device, "triton": triton.__version__, "torch": torch.__version__,
        "shard": "%d/%d" % a.shard if a.shard else "", "k": a.k,
        "selected": [n for n, _, _ in entries]})
    done = report.done_names()
    rec = capture.start(a.capture, auto_commit=False, max_bytes=1 << 20) if a.capture else None
    passed, failed = 0, []
    for r in report.data["results"]:  # from the run this one resumes
        print(f"{r['status']}  {r['name']}  {r['info']}  (earlier run)", flush=True)
        if r["status"] == "PASS":
            passed += 1
        elif r["status"] == "FAIL":
            failed.append(r["name"])
    torch.manual_seed(0)
    for name, fn in sel:
        if name in done:
            continue
        if rec is not None:
            rec.label = name
        report.start(name)
        if a.test_timeout:
            faulthandler.dump_traceback_later(a.test_timeout, exit=True)
        ok, info = run_one(name, fn, a.v)
        if a.test_timeout:
            faulthandler.cancel_dump_traceback_later()
        lost = a.device == "cuda" and not ok and not cuda_context_alive()
        if lost:
            info += " [the CUDA context is lost]"
        print(f"{'PASS' if ok else 'FAIL'}  {name}  {info}", flush=True)
        report.add(name, "PASS" if ok else "FAIL", info)
        if ok:
            passed += 1
        else:
            failed.append(name)
        if rec is not None:
            rec.commit(keep=1) if ok and name not in common.NO_CAPTURE else rec.discard()
        if lost:
            print(f"the CUDA context broke in {name}: the rest of this selection needs a new "
                  "process (the same command with --json FILE --resume continues)", flush=True)
            return CONTEXT_LOST
    if rec is not None:
        capture.stop()
        print(f"captured {rec.count} launches of passing tests into {a.capture}")
    for k, why in skips.items():
        print(f"SKIP  {k}  {why}")
        if k not in done:
            report.add(k, "SKIP", why)
    report.finish()
    print(f"\nconformance: {passed} passed, {len(failed)} failed, {len(skips)} skipped "
          f"(of {len(sel) + len(skips)})")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
