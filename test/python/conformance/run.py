"""The `tl` conformance suite: @triton.jit tests over the Triton language,
run through the triton-edge backend on CPU tensors and compared with
PyTorch/NumPy on the same inputs. One module per topic (MODULES); this file
is the runner.

    python test/python/conformance/run.py [-k SUBSTRING] [--vec on|off] [--capture DIR] [--list] [-v]

Prints PASS/FAIL/SKIP per test and the counts; exits 1 if a test failed.
With --capture DIR, the launches of every test that PASSED are written as
kernel cases (their outputs matched the reference, so they are verified
oracles): CI checks them on aarch64-neon and riscv64-rvv under qemu-user
(scripts/python-integration.sh, step conformance-edge). --vec sets the
compiler's Vec for every kernel (TRITON_EDGE_VEC; default: the compiler's,
on).
"""
import argparse
import importlib
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


def load_tests():
    triton_edge.activate()
    for m in MODULES:
        importlib.import_module(m)
    names = [n for n, _ in common.TESTS]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate test names: {sorted(dup)}")
    return common.TESTS


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
    a = p.parse_args()
    if a.vec:
        # Read when each kernel's options are made (and part of Triton's cache key).
        os.environ["TRITON_EDGE_VEC"] = a.vec
    sel = [(n, f) for n, f in load_tests() if a.k in n]
    skips = {n: why for n, why in common.SKIPS.items() if a.k in n}
    if a.list:
        for n, _ in sel:
            print(n)
        for n in skips:
            print(f"{n}  (skipped)")
        return 0
    rec = capture.start(a.capture, auto_commit=False, max_bytes=1 << 20) if a.capture else None
    passed, failed = 0, []
    torch.manual_seed(0)
    for name, fn in sel:
        if rec is not None:
            rec.label = name
        ok, info = run_one(name, fn, a.v)
        print(f"{'PASS' if ok else 'FAIL'}  {name}  {info}", flush=True)
        if ok:
            passed += 1
        else:
            failed.append(name)
        if rec is not None:
            rec.commit(keep=1) if ok and name not in common.NO_CAPTURE else rec.discard()
    if rec is not None:
        capture.stop()
        print(f"captured {rec.count} launches of passing tests into {a.capture}")
    for k, why in skips.items():
        print(f"SKIP  {k}  {why}")
    print(f"\nconformance: {passed} passed, {len(failed)} failed, {len(skips)} skipped "
          f"(of {len(sel) + len(skips)})")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
