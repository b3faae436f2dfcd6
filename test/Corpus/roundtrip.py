#!/usr/bin/env python3
"""Round-trip every Inductor corpus kernel through triton-edge-opt.

For each <corpus>/*/kernel.ttir (found at run time, so new cases are covered
without edits): parse + verify and print with debug locations (pass 1),
re-parse that output and print again (pass 2). Both passes must succeed and
their outputs must be byte-identical. Prints one line per failure and a final
summary; exits non-zero on any failure or when no kernel is found.

--make-broken-copy CORPUS DEST writes DEST/broken/kernel.ttir, a copy of the
first kernel with an unknown op inserted, for the test's self-check.
"""
import argparse
import os
import shutil
import subprocess
import sys


def run_opt(opt, args, src, dst):
    with open(dst, "wb") as out:
        proc = subprocess.run([opt, src, *args], stdout=out,
                              stderr=subprocess.PIPE)
    return proc.returncode, proc.stderr.decode(errors="replace")


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}:\n  pass 1: {x[:200]}\n  pass 2: {y[:200]}"
    return f"line {min(len(la), len(lb)) + 1}: one print is longer"


def kernels(corpus):
    found = []
    for case in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, case, "kernel.ttir")
        if os.path.isfile(path):
            found.append((case, path))
    return found


def make_broken_copy(corpus, dest):
    cases = kernels(corpus)
    if not cases:
        sys.exit(f"no kernels under {corpus}")
    with open(cases[0][1]) as f:
        lines = f.read().splitlines(keepends=True)
    # Insert an unknown op as the first statement of the kernel body.
    for i, line in enumerate(lines):
        if line.lstrip().startswith("tt.func"):
            lines.insert(i + 1, "    %bogus = tt.bogus : i32\n")
            break
    else:
        sys.exit("no tt.func in " + cases[0][1])
    os.makedirs(os.path.join(dest, "broken"), exist_ok=True)
    with open(os.path.join(dest, "broken", "kernel.ttir"), "w") as f:
        f.writelines(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("dest", nargs="?")
    ap.add_argument("--opt", default="triton-edge-opt")
    ap.add_argument("--work", help="scratch directory for the prints")
    ap.add_argument("--second-pass-args", default="",
                    help="extra flags for pass 2 only (self-test of the diff)")
    ap.add_argument("--make-broken-copy", action="store_true")
    a = ap.parse_args()

    if a.make_broken_copy:
        make_broken_copy(a.corpus, a.dest)
        return 0

    cases = kernels(a.corpus)
    if not cases:
        print(f"roundtrip: no kernel.ttir under {a.corpus}", file=sys.stderr)
        return 1
    work = a.work or os.path.join(os.getcwd(), "roundtrip.work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    common = ["-mlir-print-debuginfo"]
    second = common + a.second_pass_args.split()
    failed = 0
    for case, path in cases:
        p1 = os.path.join(work, case + ".1.mlir")
        p2 = os.path.join(work, case + ".2.mlir")
        rc, err = run_opt(a.opt, common, path, p1)
        if rc != 0:
            failed += 1
            print(f"FAIL {case}: pass 1 exited {rc}:\n{err.strip()}")
            continue
        rc, err = run_opt(a.opt, second, p1, p2)
        if rc != 0:
            failed += 1
            print(f"FAIL {case}: pass 2 (re-parse) exited {rc}:\n{err.strip()}")
            continue
        with open(p1, "rb") as f1, open(p2, "rb") as f2:
            t1, t2 = f1.read(), f2.read()
        if t1 != t2:
            failed += 1
            print(f"DIFF {case}: prints differ at "
                  + first_difference(t1.decode(errors="replace"),
                                     t2.decode(errors="replace")))
    print(f"roundtrip: {len(cases)} kernels, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
