#!/usr/bin/env python3
"""Checks the modeled ladder against the published figures and the DB sweep
against the predictor (docs/npu-model.md)."""
import csv
import sys

# The study (arXiv 2602.20204): latency in us.
PAPER = {("add2d_paper", "Scalar"): 132479, ("add2d_paper", "+Vec"): 3210,
         ("add2d_paper", "+Vec+MT"): 3000, ("add2d_paper", "+Vec+MT+DB"): 2689,
         ("gelu_1m", "+Vec"): 12947, ("gelu_1m", "+Vec+MT"): 3313}


def ladder(path):
    rows = {(r["kernel"], r["what"]): r for r in csv.DictReader(open(path))}
    bad = []
    for key, us in PAPER.items():
        r = rows[key]
        assert r["time_kind"] == "modeled", r
        got = float(r["median_s"]) * 1e6
        if abs(got - us) / us > 0.25:
            bad.append(f"{key}: {got:.0f} us vs {us} us")
    for k in ("gelu_1m", "add2d_paper"):
        mt, db = float(rows[(k, "+Vec+MT")]["median_s"]), float(rows[(k, "+Vec+MT+DB")]["median_s"])
        if not db < mt:
            bad.append(f"{k}: DB {db} not faster than MT {mt}")
        for rung in ("Scalar", "+Vec", "+Vec+MT", "+Vec+MT+DB"):
            if rows[(k, rung)]["check_ok"] != "1":
                bad.append(f"{k} {rung}: output mismatch")
    if bad:
        print("\n".join(bad))
        return 1
    print("ladder ok")
    return 0


def sweep(path):
    rows = list(csv.DictReader(open(path)))
    bad = []
    for r in rows:
        for e in ("err_direct", "err_db"):
            if float(r[e]) > 0.10:
                bad.append(f"{r['kernel']} ctx {r['contexts']}: {e} {r[e]}")
        if float(r["auto_regret"]) > 0.02:
            bad.append(f"{r['kernel']} ctx {r['contexts']}: auto regret {r['auto_regret']}")
    one = [r for r in rows if r["kernel"].startswith("synth_k") and r["contexts"] == "1"]
    speed = [float(r["model_speedup"]) for r in one]
    peak = max(range(len(speed)), key=lambda i: speed[i])
    if not (0 < peak < len(speed) - 1 and speed[peak] > speed[0] + 0.1
            and abs(speed[-1] - 1.0) < 0.03):
        bad.append(f"no hump in the 1-context sweep: {speed}")
    if bad:
        print("\n".join(bad))
        return 1
    print("sweep ok")
    return 0


if __name__ == "__main__":
    sys.exit(ladder(sys.argv[2]) if sys.argv[1] == "ladder" else sweep(sys.argv[2]))
