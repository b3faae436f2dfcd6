#!/usr/bin/env python3
"""Structure and sanity of a `triton-edge bench` results folder (not speed).
Usage: check_results.py DIR [--ladder gelu_1m,add2d_paper] [--scaling gelu_dyn] [--contexts N]"""
import argparse
import csv
import json
import os
import sys
import xml.etree.ElementTree as ET

RUNGS = ["Scalar", "+Vec", "+Vec+MT", "+Vec+MT+DB"]
# DB forced with each engine: against +Vec+MT, not rungs of the ladder.
FORCED = ["DB forced, sync engine (staged)", "DB forced, async", "DB forced, prefetch"]
errors = []


def need(cond, msg):
    if not cond:
        errors.append(msg)
    return cond


def check_stats(st, where):
    if not need(isinstance(st, dict), where + ": no stats"):
        return
    m = st.get("median_s", 0)
    need(m > 0, where + ": median not > 0")
    need(st.get("q1_s", 0) <= m <= st.get("q3_s", 0), where + ": quartiles do not bracket the median")
    need(st.get("ci95_lo_s", 0) <= m <= st.get("ci95_hi_s", 0), where + ": CI does not bracket the median")
    need(st.get("samples", 0) >= 1, where + ": no samples")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--ladder", default="gelu_1m,add2d_paper")
    ap.add_argument("--scaling", default="gelu_dyn")
    ap.add_argument("--sizes", default="", help="LO..HI expected scaling exponents")
    ap.add_argument("--auto-mode", default="", help="expected auto mode (measured, deterministic)")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "results.json")) as f:
        r = json.load(f)
    m = r["machine"]
    need(m["cpu_model"] != "" and m["logical_cpus"] >= 1, "machine: model/cpus missing")
    need(len(m["caches"]) > 0 and m["llc_bytes"] > 0, "machine: caches missing")
    need(m["isa_level"] != "", "machine: isa level missing")
    need(r["build"]["git_revision"] not in ("", None), "build: git revision missing")
    need(len(r["bandwidth"]) >= 1 and all(b["copy_gbs"] > 0 for b in r["bandwidth"]), "bandwidth not > 0")
    ctx = r["settings"]["contexts"]
    # The peers load OpenMP runtimes; the ladder still times the own pool.
    need(r["settings"].get("launch_pool") == "own",
         "launch pool is %r, not own" % r["settings"].get("launch_pool"))
    need(r.get("auto_mode") in ("measured", "deterministic"), "auto_mode missing")
    if a.auto_mode:
        need(r.get("auto_mode") == a.auto_mode, "auto_mode is %s, not %s" % (r.get("auto_mode"), a.auto_mode))
    need(r.get("cost_model", {}).get("ops_per_ns", 0) > 0, "cost model missing")
    labels = [k["label"] for k in r["ladder"]]
    for want in filter(None, a.ladder.split(",")):
        need(want in labels, "ladder: %s missing (have %s)" % (want, labels))
    for k in r["ladder"]:
        where = "ladder " + k["label"]
        if not need("error" not in k, where + ": " + str(k.get("error"))):
            continue
        if not need([g["rung"] for g in k["rungs"]] == RUNGS, where + ": rungs are not the four of the ladder"):
            continue
        for c in ("scalar", "vec", "auto", "vecdb", "vecpf"):
            need(k["compile"].get(c, {}).get("seconds", 0) > 0, where + ": compile time of %s missing" % c)
        for g in k["rungs"]:
            w = where + " " + g["rung"]
            if not need("error" not in g, w + ": " + str(g.get("error"))):
                continue
            check_stats(g.get("stats"), w)
            need(g["gbs"] > 0, w + ": GB/s missing")
            # %BW only beyond the last-level cache; in-cache rows say so.
            need((g.get("pct_bw", 0) > 0) != bool(g.get("in_cache")), w + ": %BW or in_cache missing")
            need(g["speedup_cum"] > 0 and g["speedup_step"] > 0, w + ": speedups missing")
            for q in ("speedup_step", "speedup_cum"):
                lo, hi = g[q + "_ci95"]
                need(lo <= g[q] <= hi, w + ": %s outside its CI" % q)
            if need("check" in g, w + ": output not checked"):
                need(g["check"]["ok"], w + ": output check failed")
            need(g["threads"] == (1 if g["rung"] in ("Scalar", "+Vec") else ctx), w + ": wrong context count")
        need(k["rungs"][0]["vector_bytes"] == 0 and k["rungs"][1]["vector_bytes"] > 0,
             where + ": Scalar/+Vec variants do not differ in vector width")
        db = k["rungs"][3]
        need(db.get("variant") == "auto", where + ": the DB rung is not the --db=auto variant")
        need("double_buffered" in db, where + ": DB rung does not record double_buffered")
        if db.get("double_buffered") == 0:
            need("auto: DB not applied" in db.get("note", ""), where + ": DB off but not reported")
        else:
            need("auto: DB applied" in db.get("note", ""), where + ": DB on but not reported")
        forced = k.get("db_forced", [])
        need([g["rung"] for g in forced] == FORCED, where + ": DB forced rows are not the three engines")
        for g in forced:
            w = where + " " + g["rung"]
            if not need("error" not in g, w + ": " + str(g.get("error"))):
                continue
            check_stats(g.get("stats"), w)
            need("speedup_cum" not in g, w + ": a forced row is not part of the cumulative ladder")
            if need(g.get("vs_mt", 0) > 0, w + ": no ratio to +Vec+MT"):
                lo, hi = g["vs_mt_ci95"]
                need(lo <= g["vs_mt"] <= hi, w + ": ratio to +Vec+MT outside its CI")
            need(g["threads"] == ctx, w + ": wrong context count")
            if need("check" in g, w + ": output not checked"):
                need(g["check"]["ok"], w + ": output check failed")
        if k.get("op"):
            names = [p["name"] for p in k["peers"]]
            need("cpp" in names, where + ": built-in C++ peer missing")
            for p in k["peers"]:
                check_stats(p["stats"], where + " peer " + p["name"])
                need(p["ratio_to_ours"] > 0, where + " peer " + p["name"] + ": no ratio")
                if p.get("interleaved"):
                    lo, hi = p["ratio_ci95"]
                    need(lo <= p["ratio_to_ours"] <= hi, where + " peer " + p["name"] + ": ratio outside its CI")
                if "check" in p:
                    need(p["check"]["ok"], where + " peer " + p["name"] + ": output check failed")
    slabels = [s["label"] for s in r["scaling"]]
    if a.scaling:
        need(a.scaling in slabels, "scaling: %s missing" % a.scaling)
    for s in r["scaling"]:
        where = "scaling " + s["label"]
        if not need("error" not in s, where + ": " + str(s.get("error"))):
            continue
        exps = [p["log2_n"] for p in s["points"]]
        if a.sizes:
            lo, hi = map(int, a.sizes.split(".."))
            need(exps[0] == lo and exps[-1] <= hi, where + ": sizes %s not in %s" % (exps, a.sizes))
        need(len(exps) >= 2, where + ": fewer than two sizes")
        for p in s["points"]:
            need([x["threads"] for x in p["runs"]] == s["contexts"], where + ": context counts missing")
            for x in p["runs"]:
                check_stats(x.get("stats"), "%s n=%d ctx=%d" % (where, p["n"], x["threads"]))
            need(1 <= p["auto"]["threads"] <= max(s["contexts"]), where + ": auto choice out of range")
            if r.get("auto_mode") == "deterministic" and max(s["contexts"]) == m["logical_cpus"]:
                need(p["auto"]["threads"] == p["auto"].get("threads_first_launch"),
                     "%s n=%d: deterministic auto ran %s, predicted %s" % (
                         where, p["n"], p["auto"].get("threads_first_launch"), p["auto"]["threads"]))
            check_stats(p["auto"]["stats"], where + " auto")
            checks = [x["check"] for x in p["runs"] if "check" in x] + [p["auto"]["check"]]
            need(len(checks) >= 2, "%s n=%d: outputs not checked" % (where, p["n"]))
            need(all(c["ok"] for c in checks), "%s n=%d: output check failed" % (where, p["n"]))
        need("crossover_n" in s, where + ": no crossover")
    with open(os.path.join(a.dir, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    need(sum(1 for x in rows if x["section"] == "ladder") == 4 * len(r["ladder"]), "csv: ladder rows")
    need(sum(1 for x in rows if x["section"] == "ladder-db-forced") == 3 * len(r["ladder"]),
         "csv: DB forced rows")
    need(all(float(x["median_s"]) > 0 for x in rows), "csv: a median is not > 0")
    with open(os.path.join(a.dir, "report.md")) as f:
        md = f.read()
    for k in labels:
        need("## Ladder: " + k in md, "report.md: no section for " + k)
    need("`auto` contexts: " + r.get("auto_mode", "?") in md, "report.md: does not say how auto decided")
    svgs = ["ladder_%s.svg" % k for k in labels] + ["peers_%s.svg" % k for k in labels]
    if r["scaling"]:
        svgs += ["scaling_speedup.svg", "scaling_gbs.svg"]
        svgs += ["scaling_speedup_%s.svg" % s["label"] for s in r["scaling"]]
    for name in svgs:
        path = os.path.join(a.dir, name)
        if need(os.path.exists(path), "chart missing: " + name):
            root = ET.parse(path).getroot()
            need(root.tag.endswith("svg") and len(list(root)) > 5, "chart empty: " + name)
    ns = "{http://www.w3.org/2000/svg}"
    for k in labels:  # every bar visible: a log axis must not start at or above a value
        path = os.path.join(a.dir, "ladder_%s.svg" % k)
        if os.path.exists(path):
            rects = [e for e in ET.parse(path).getroot().iter(ns + "rect") if e.get("x") is not None]
            need(len(rects) == len(RUNGS) + len(FORCED), "ladder_%s.svg: %d bars" % (k, len(rects)))
            need(all(float(e.get("height")) >= 2 for e in rects), "ladder_%s.svg: a bar is hidden" % k)
    for s in r["scaling"]:  # a legend entry per power-of-two count present, and auto
        path = os.path.join(a.dir, "scaling_speedup_%s.svg" % s["label"])
        if os.path.exists(path):
            texts = [e.text or "" for e in ET.parse(path).getroot().iter(ns + "text")]
            for t in s["contexts"]:
                if t in (1, 2, 4, 8, 16):
                    need(any(x.startswith("%d ctx" % t) for x in texts), path + ": no line for %d ctx" % t)
            need(any(x.startswith("auto (") for x in texts), path + ": no auto line")
    need(r["ok"] is True, "results: ok is false")
    for e in errors:
        print("FAIL:", e)
    if not errors:
        print("results OK: %d ladder kernel(s), %d scaling sweep(s)" % (len(r["ladder"]), len(r["scaling"])))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
