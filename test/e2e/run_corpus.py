#!/usr/bin/env python3
"""Runs `triton-edge check` on every case of a corpus directory, in each
mechanism combination given, and fails if any case fails. New case
directories are picked up without edits."""
import argparse
import concurrent.futures
import os
import subprocess
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tool", required=True)
    p.add_argument("--corpus", required=True)
    p.add_argument("--config", action="append", required=True,
                   help="flags for one combination, e.g. '--vec=on --threads=1,2,4'")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--every", type=int, default=1,
                   help="run every Nth case only (sorted by name), for subsets")
    p.add_argument("--offset", type=int, default=0,
                   help="with --every: start at this case index")
    args = p.parse_args()

    cases = sorted(d for d in os.listdir(args.corpus)
                   if os.path.isfile(os.path.join(args.corpus, d, "kernel.ttir")))
    cases = cases[args.offset::args.every]
    if not cases:
        print(f"no cases in {args.corpus}")
        return 1
    jobs = [(c, cfg) for c in cases for cfg in args.config]

    def run(job):
        case, cfg = job
        cmd = [args.tool, "check", os.path.join(args.corpus, case)] + cfg.split()
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        return case, cfg, r.returncode, r.stdout + r.stderr

    failures = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for case, cfg, rc, out in pool.map(run, jobs):
            status = "PASS" if rc == 0 else f"FAIL (exit {rc})"
            print(f"{status}: {case} [{cfg}]")
            if rc != 0:
                failures.append((case, cfg, out))
    for case, cfg, out in failures:
        print(f"\n==== {case} [{cfg}] ====\n{out}")
    print(f"\n{len(jobs) - len(failures)}/{len(jobs)} case runs passed "
          f"({len(cases)} cases x {len(args.config)} configurations)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
