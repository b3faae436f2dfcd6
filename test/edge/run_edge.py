#!/usr/bin/env python3
"""Edge-ISA corpus runs: every case of the given corpora, each checked with
`triton-edge check` under the configurations given (the target's kernel runs
under qemu-user and is compared with the oracle on the host), or only
compiled (--compile, --compile-no-oracle). A configuration given with --every runs on every case;
those given with --rotate are dealt out over the cases (case i gets rotate
configuration i mod n), so each of them still covers a fixed share of every
corpus. Prints per-configuration counts (compiled / matched / ran without
an oracle) and the time taken; exits 1 if any run fails, other than the
listed expected failures (--xfail CASE=REASON: a mismatch (exit 1) in a check of
CASE is reported as XFAIL, a pass as XPASS; an error or crash still fails) and
known emulator crashes (--emulator-crash TEXT=REASON: a check whose target run
died with TEXT in its output, the emulator's own assertion message, is checked
again with --crash-rerun's flags appended, e.g. scalar code the emulator runs,
and reported as EMULATOR, counted apart, when that passes; a failing rerun is a
failure).
A check that says SKIPPED (exit 3: the target's emulator cannot run the
kernel, e.g. HVX floating point under qemu-hexagon) is counted as skipped
and printed with its reason, never as a pass."""
import argparse
import concurrent.futures
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time


def cases_of(corpus):
    return sorted(os.path.join(corpus, d) for d in os.listdir(corpus)
                  if os.path.isfile(os.path.join(corpus, d, "kernel.ttir")))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tool", required=True)
    p.add_argument("--corpus", action="append", required=True)
    p.add_argument("--every", action="append", default=[], help="flags run on every case")
    p.add_argument("--rotate", action="append", default=[], help="flags dealt out over the cases")
    p.add_argument("--compile", action="append", default=[],
                   help="compile-only flags (e.g. '--target=hexagon-hvx --emit=obj')")
    p.add_argument("--compile-no-oracle", action="append", default=[],
                   help="compile-only flags for the cases without an oracle (the others "
                        "compile in their checks)")
    p.add_argument("--xfail", action="append", default=[],
                   help="CASE=REASON: a known failure of CASE (any configuration)")
    p.add_argument("--emulator-crash", action="append", default=[],
                   help="TEXT=REASON: a failed check whose output holds TEXT (an emulator's "
                        "assertion message) is a known emulator crash, not a failure")
    p.add_argument("--open-bug", action="append", default=[],
                   help="CASE_TEXT@CONFIG_TEXT=REASON: any failure of a check whose case name and "
                        "flags hold these texts is an open bug, reported as OPEN-BUG (with its "
                        "output) and counted apart; a pass is reported as FIXED?")
    p.add_argument("--crash-rerun", default="--vec=off --llvm-vectorizers=off",
                   help="flags appended to a check that hit a known emulator crash, for its "
                        "rerun (default: scalar code)")
    p.add_argument("--oracle-only", action="store_true",
                   help="check only cases that have an oracle (compile-only runs take every case)")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()

    xfail = dict(x.split("=", 1) for x in args.xfail)
    emulator_crash = dict(x.split("=", 1) for x in args.emulator_crash)
    open_bugs = [(*x.split("=", 1)[0].split("@", 1), x.split("=", 1)[1]) for x in args.open_bug]

    def open_bug(name, cfg):
        return next((why for c, f, why in open_bugs if c in name and f in cfg), None)
    cases = [c for corpus in args.corpus for c in cases_of(corpus)]
    if not cases:
        print("no cases")
        return 1
    def has_oracle(case):
        with open(os.path.join(case, "kernel.json")) as f:
            return json.load(f).get("oracle", False)

    jobs = []
    checked = [c for c in cases if not args.oracle_only or has_oracle(c)]
    for i, case in enumerate(checked):
        for cfg in args.every:
            jobs.append(("check", case, cfg))
        if args.rotate:
            jobs.append(("check", case, args.rotate[i % len(args.rotate)]))
    for case in cases:
        for cfg in args.compile:
            jobs.append(("compile", case, cfg))
        if not has_oracle(case):
            for cfg in args.compile_no_oracle:
                jobs.append(("compile", case, cfg))

    tmp = tempfile.mkdtemp(prefix="te-edge-")

    def run(job):
        (kind, case, cfg), rc, out, secs = execute(job)
        if kind == "check" and rc == 1 and any(t in out for t in emulator_crash):
            _, rc2, out2, secs2 = execute((kind, case, cfg + " " + args.crash_rerun))
            rerun = "passed" if rc2 == 0 else f"failed (exit {rc2})"
            out += f"\n==== rerun with {args.crash_rerun}: {rerun}\n" + out2
            rc, secs = (1 if rc2 == 0 else 3), secs + secs2  # 3: not a known crash
        return job, rc, out, secs

    def execute(job):
        kind, case, cfg = job
        start = time.time()
        if kind == "check":
            cmd = [args.tool, "check", case] + cfg.split()
        else:
            out = os.path.join(tmp, f"{os.path.basename(case)}.{abs(hash(cfg))}.out")
            cmd = [args.tool, "compile", os.path.join(case, "kernel.ttir"), "-o", out] + cfg.split()
        # qemu-user has been seen to hang (rarely) on a multi-threaded run:
        # kill the whole process group after 240 s and try once more.
        for attempt in (1, 2):
            try:
                p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
            except OSError as e:  # the tool could not be started: a failure, not a crash here
                r = subprocess.CompletedProcess(cmd, 127, f"cannot run {cmd[0]}: {e}\n", "")
                break
            try:
                text, _ = p.communicate(timeout=240)
                r = subprocess.CompletedProcess(cmd, p.returncode, text, "")
                break
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                text, _ = p.communicate()
                r = subprocess.CompletedProcess(
                    cmd, 124, f"timeout after 240 s (attempt {attempt}): {' '.join(cmd)}\n", "")
                print(f"HUNG (attempt {attempt}, killed after 240 s): {' '.join(cmd)}", flush=True)
        if kind == "compile" and os.path.exists(out):
            os.remove(out)
        return job, r.returncode, r.stdout + r.stderr, time.time() - start

    t0 = time.time()
    stats = {}
    failures, xfails, crashes, bugs, skips = [], [], [], [], []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for (kind, case, cfg), rc, out, secs in pool.map(run, jobs):
            name = os.path.basename(case)
            key = f"{kind} [{cfg}]"
            s = stats.setdefault(key, {"cases": 0, "compiled": 0, "matched": 0,
                                       "unchecked": 0, "skipped": 0, "seconds": 0.0})
            s["cases"] += 1
            s["seconds"] += secs
            skipped = kind == "check" and rc == 3 and "SKIPPED:" in out
            compiled = rc in (0, 1) or skipped
            s["compiled"] += compiled
            if skipped:
                s["skipped"] += 1
                reason = next(l for l in out.splitlines() if l.startswith("SKIPPED:"))
                print(f"SKIP: {name} [{kind} {cfg}] {reason[9:200]}")
                skips.append(name)
                continue
            if kind == "check" and rc == 0:
                if "PASS:" in out:
                    s["matched"] += 1
                else:
                    s["unchecked"] += 1
            bug = open_bug(name, cfg) if kind == "check" else None
            if rc != 0 and bug:
                print(f"OPEN-BUG (exit {rc}): {name} [{kind} {cfg}] ({bug})\n{out[-1500:]}")
                bugs.append(name)
            elif rc == 0 and bug:
                print(f"FIXED?: {name} [{kind} {cfg}] passes (listed as an open bug: {bug})")
            elif rc == 0 and name in xfail and kind == "check":
                print(f"XPASS: {name} [{kind} {cfg}] (listed as failing: {xfail[name]})")
            elif rc == 0:
                print(f"PASS: {name} [{kind} {cfg}] ({secs:.1f} s)")
            elif name in xfail and kind == "check" and rc == 1:
                print(f"XFAIL: {name} [{kind} {cfg}] ({xfail[name]})")
                xfails.append(name)
            elif kind == "check" and rc == 1 and any(t in out for t in emulator_crash):
                why = next(r for t, r in emulator_crash.items() if t in out)
                print(f"EMULATOR: {name} [{kind} {cfg}] ({why}; passed with {args.crash_rerun})")
                crashes.append(name)
            else:
                print(f"FAIL (exit {rc}): {name} [{kind} {cfg}]")
                failures.append((name, kind, cfg, out))
    for name, kind, cfg, out in failures:
        print(f"\n==== {name} [{kind} {cfg}] ====\n{out[-4000:]}")
    print("\nconfiguration: cases, compiled, matched the oracle (or reference), "
          "ran without an oracle, summed seconds")
    for key, s in stats.items():
        print(f"  {key}: {s['cases']} cases, {s['compiled']} compiled, {s['matched']} matched, "
              f"{s['unchecked']} unchecked, {s['skipped']} skipped, {s['seconds']:.1f} s")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\n{len(jobs) - len(failures) - len(xfails) - len(crashes) - len(bugs) - len(skips)}/{len(jobs)} "
          f"edge runs passed, {len(xfails)} expected failures, {len(crashes)} known emulator "
          f"crashes, {len(bugs)} open bugs, {len(skips)} skipped, "
          f"{len(failures)} failures "
          f"({len(cases)} cases, {time.time() - t0:.0f} s wall, "
          f"{usage.ru_utime + usage.ru_stime:.0f} s CPU)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
