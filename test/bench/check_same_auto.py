#!/usr/bin/env python3
"""The `auto` choices of two benchmark results folders are the same (kernel,
size and context limit alike): what --auto=deterministic promises.
Usage: check_same_auto.py DIR_A DIR_B"""
import json
import os
import sys


def choices(d):
    with open(os.path.join(d, "results.json")) as f:
        r = json.load(f)
    out = {}
    for k in r["ladder"]:
        out["ladder " + k["label"]] = k.get("auto_threads")
    for s in r["scaling"]:
        for p in s.get("points", []):
            a = p["auto"]
            out["%s n=%d" % (s["label"], p["n"])] = (a["threads"], a.get("threads_first_launch"))
    return r.get("auto_mode"), out


def main():
    ma, a = choices(sys.argv[1])
    mb, b = choices(sys.argv[2])
    bad = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
    for k in bad:
        print("FAIL: %s: %s vs %s" % (k, a.get(k), b.get(k)))
    if not a:
        print("FAIL: no auto choices")
    if bad or not a:
        return 1
    print("auto choices identical (%s / %s): %d" % (ma, mb, len(a)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
