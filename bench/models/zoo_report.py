"""Tables and the chart of the zoo benchmark (zoo.py): report.md,
results.csv and zoo.svg from results.json; merges the results.json of
several runs (later runs replace earlier results of the same model).

    python zoo_report.py OUT_DIR RESULTS.json [RESULTS.json ...]"""
import csv
import html
import json
import math
import os
import sys


def geomean(xs):
    xs = [x for x in xs if x and x > 0 and math.isfinite(x)]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else math.nan


def fmt_ratio(r):
    return f"{r[0]:.2f} [{r[1]:.2f}, {r[2]:.2f}]"


def verdict(r):
    """'faster', 'slower' or 'noise' from a ratio's 95% CI (> 1: triton-edge faster)."""
    return "faster" if r[1] > 1 else "slower" if r[2] < 1 else "noise"


def summary_line(res):
    if res.get("skipped"):
        return f"SKIP  {res['model']}: {res['skipped']}"
    if res.get("error"):
        return f"FAIL  {res['model']}: {res['error']}"
    c = res["check"]["triton-edge"]
    s = (f"{'PASS' if res['ok'] else 'FAIL'}  {res['model']}: triton-edge vs eager max abs err "
         f"{c['max_abs_err']:.3g} (tol {c['tol']:.3g}), {res['launches_per_call']} launches per call")
    for t in res.get("timings", []):
        s += (f"; {t['threads']} thr: eager {t['eager']['ms']:.3f} ms, C++ {t['inductor_cpp']['ms']:.3f} ms, "
              f"triton-edge {t['triton_edge']['ms']:.3f} ms, C++/te {fmt_ratio(t['cpp_over_edge'])}")
    return s


def merge(runs):
    out = dict(runs[0])
    by_model = {}
    for r in runs:
        for res in r["results"]:
            if res["model"] not in by_model or not res.get("skipped"):
                by_model[res["model"]] = res
    out["results"] = list(by_model.values())
    out["merged_from"] = len(runs)
    return out


def timed(run):
    return [r for r in run["results"] if r.get("timings")]


def launch_pool_note(run):
    """Where multi-context launches ran (runs before the pool was reported: nothing)."""
    pools = sorted({r["launch_pool"][0] for r in run["results"] if r.get("launch_pool")})
    return f", launch pool: {' and '.join(pools)}" if pools else ""


def pool_table(run):
    """--edge-pools: triton-edge per launch pool, interleaved in one process."""
    rows = [(r, t) for r in timed(run) for t in r["timings"] if t.get("pools")]
    if not rows:
        return []
    first = rows[0][1]["pools"][0]["pool"]
    lines = ["", "## Launch pools\n",
             f"triton-edge's forward with its multi-context launches on each launch pool "
             f"(triton_edge.set_launch_pool, switched before each sample; own: the runtime's "
             f"threads, openmp: PyTorch's OpenMP team), interleaved with the rows above; ratio: "
             f"{first} / pool per round (> 1: that pool faster).\n",
             "| model | threads | pool | ms | ratio |", "| --- | ---: | --- | ---: | --- |"]
    for r, t in rows:
        for p in t["pools"]:
            lines.append(f"| {r['model']} | {t['threads']} | {p['pool']} | {p['ms']:.3f} "
                         f"[{p['ci_ms'][0]:.3f}, {p['ci_ms'][1]:.3f}] | {fmt_ratio(p['first_over_this'])} |")
    return lines


def markdown(run):
    m = run["machine"]
    threads = sorted({t["threads"] for r in timed(run) for t in r["timings"]})
    lines = [f"# Model zoo: eager, Inductor C++ and Inductor-Triton through triton-edge\n",
             f"Machine: {m.get('cpu', '?')}, {m.get('cpu_count')} CPUs; torch {m.get('torch', '?')}, "
             f"triton {m.get('triton', '?')}, Python {m.get('python')}; {m.get('date')}. Size "
             f"`{run['size']}`, up to {run['rounds']} interleaved rounds per thread count, triton-edge "
             f"contexts per launch: {'the thread count' if run['edge_threads'] == 'same' else 'auto'}"
             f"{launch_pool_note(run)}.",
             "Times are medians per forward (training: per step) with 95% CIs; ratios are medians of "
             "per-round ratios with 95% CIs, > 1: triton-edge faster. Checks: every output "
             "against eager, max abs error <= 1e-3 * max |eager| + 1e-5.\n"]
    lines.append("| model | threads | eager ms | Inductor C++ ms | triton-edge ms | C++ / triton-edge | "
                 "eager / triton-edge | vs C++ | launches | check |")
    lines.append("| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | --- |")
    for r in run["results"]:
        if r.get("skipped") or r.get("error"):
            why = r.get("skipped") and f"not run ({r['skipped']})" or f"FAIL: {r['error'][:200]}"
            lines.append(f"| {r['model']} | | | | | | | | | {html.escape(why)} |")
            continue
        c = r["check"]["triton-edge"]
        check = f"{'pass' if c['ok'] else 'FAIL'} ({c['max_abs_err']:.2g} / {c['tol']:.2g})"
        if not r.get("timings"):
            lines.append(f"| {r['model']} | | | | | | | | {r['launches_per_call']} | {check} |")
        for t in r.get("timings", []):
            lines.append(f"| {r['model']} | {t['threads']} | {t['eager']['ms']:.3f} | "
                         f"{t['inductor_cpp']['ms']:.3f} | {t['triton_edge']['ms']:.3f} | "
                         f"{fmt_ratio(t['cpp_over_edge'])} | {fmt_ratio(t['eager_over_edge'])} | "
                         f"{verdict(t['cpp_over_edge'])} | {r['launches_per_call']} | {check} |")
    for t in threads:
        rows = [x for r in timed(run) for x in r["timings"] if x["threads"] == t]
        lines.append(f"| **geometric mean** | {t} | | | | "
                     f"{geomean([x['cpp_over_edge'][0] for x in rows]):.2f} | "
                     f"{geomean([x['eager_over_edge'][0] for x in rows]):.2f} | "
                     f"{sum(verdict(x['cpp_over_edge']) == 'faster' for x in rows)} faster, "
                     f"{sum(verdict(x['cpp_over_edge']) == 'slower' for x in rows)} slower | | |")
    lines += pool_table(run)
    lines += ["", "## Where the time goes\n",
              "triton-edge: *kernels* = time in the runtime's launch call (our compiled kernels and "
              "the pool's dispatch), *driver* = the rest of our launcher (argument checks, packing, "
              "ctypes), *ATen* = the outermost aten:: operators of a forward (torch.profiler: "
              "matrix products, convolutions, ...), *rest* = the median forward minus those "
              "(Inductor's wrapper, its Triton launch path, Dynamo's guards, allocation). Inductor "
              "C++: its ATen calls and the rest (its generated kernels, wrapper, guards). "
              "Microseconds per forward.\n",
              "| model | threads | triton-edge total | kernels | driver | ATen | rest | "
              "C++ total | C++ ATen | C++ rest | top kernels (us per forward) |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in timed(run):
        for t, b in zip(r["timings"], r["breakdown"]):
            total = t["triton_edge"]["ms"] * 1e3
            kern = sum(k[2] for k in b["edge_kernels"])
            drv = sum(k[3] - k[2] for k in b["edge_kernels"])
            aten = sum(b["edge_aten_us"].values())
            ctotal = t["inductor_cpp"]["ms"] * 1e3
            caten = sum(b["cpp_aten_us"].values())
            top = ", ".join(f"`{k[0]}` {k[2]:.0f}" for k in b["edge_kernels"][:3])
            lines.append(f"| {r['model']} | {t['threads']} | {total:.0f} | {kern:.0f} | {drv:.0f} | "
                         f"{aten:.0f} | {total - kern - drv - aten:.0f} | {ctotal:.0f} | {caten:.0f} | "
                         f"{ctotal - caten:.0f} | {top} |")
    lines += ["", "ATen operators (us per forward, triton-edge run / Inductor C++ run, the three "
              "largest):\n"]
    for r in timed(run):
        for b in r["breakdown"]:
            ops = sorted(b["edge_aten_us"].items(), key=lambda kv: -kv[1])[:3]
            cops = b["cpp_aten_us"]
            s = ", ".join(f"`{k}` {v:.0f} / {cops.get(k, 0):.0f}" for k, v in ops)
            lines.append(f"- {r['model']} @ {b['threads']}: {s or 'none'}")
    lines += ["", "Compile (first call, s) and model facts:\n",
              "| model | what | params (M) | triton-edge compile | Inductor C++ compile |",
              "| --- | --- | ---: | ---: | --- |"]
    for r in run["results"]:
        if "compile_s" not in r:
            continue
        cs = r["compile_s"]
        cpp = ", ".join(f"{k.split('@')[1]} thr {v:.1f}" for k, v in cs.items() if k.startswith("inductor"))
        lines.append(f"| {r['model']} | {r['what']} | {r['params_m']:.1f} | {cs['triton-edge']:.1f} | {cpp} |")
    return "\n".join(lines) + "\n"


def write_csv(run, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["model", "threads", "eager_ms", "inductor_cpp_ms", "triton_edge_ms",
                    "cpp_over_edge", "cpp_over_edge_lo", "cpp_over_edge_hi", "eager_over_edge",
                    "eager_over_edge_lo", "eager_over_edge_hi", "launches", "check_ok",
                    "max_abs_err", "tol"])
        for r in timed(run):
            c = r["check"]["triton-edge"]
            for t in r["timings"]:
                w.writerow([r["model"], t["threads"], t["eager"]["ms"], t["inductor_cpp"]["ms"],
                            t["triton_edge"]["ms"], *t["cpp_over_edge"], *t["eager_over_edge"],
                            r["launches_per_call"], c["ok"], c["max_abs_err"], c["tol"]])


def svg(run):
    """Horizontal bars: C++ time / triton-edge time per model and thread
    count on a log axis, 95% CI whiskers, 1.0 marked."""
    rows = timed(run)
    threads = sorted({t["threads"] for r in rows for t in r["timings"]})
    colors = ["#4472c4", "#ed7d31", "#70ad47", "#a5a5a5"]
    bar, gap, top, left, width = 9, 8, 60, 150, 520
    height = top + len(rows) * (len(threads) * bar + gap) + 60
    vals = [v for r in rows for t in r["timings"] for v in t["cpp_over_edge"] if v > 0]
    lo = min([0.5] + vals)
    hi = max([2.0] + vals)
    lo, hi = 2 ** math.floor(math.log2(lo)), 2 ** math.ceil(math.log2(hi))

    def x(v):
        v = min(max(v, lo), hi)
        return left + (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)) * width
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 40}" height="{height}" '
           'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14">Inductor C++ time / triton-edge time '
           f'(&gt; 1: triton-edge faster), 95% CI</text>',
           f'<text x="{left}" y="38" fill="#555">{html.escape(run["machine"].get("cpu", ""))}, '
           f'size {run["size"]}</text>']
    v = lo
    while v <= hi * 1.0001:
        out.append(f'<line x1="{x(v):.1f}" y1="{top - 6}" x2="{x(v):.1f}" y2="{height - 50}" '
                   f'stroke="{"#000" if abs(v - 1) < 1e-9 else "#ddd"}"/>')
        out.append(f'<text x="{x(v):.1f}" y="{height - 36}" text-anchor="middle">{v:g}</text>')
        v *= 2
    y = top
    for r in rows:
        out.append(f'<text x="{left - 6}" y="{y + len(threads) * bar / 2 + 4:.1f}" '
                   f'text-anchor="end">{html.escape(r["model"])}</text>')
        for i, th in enumerate(threads):
            t = next((t for t in r["timings"] if t["threads"] == th), None)
            if t:
                m, a, b = t["cpp_over_edge"]
                x0, x1 = sorted((x(1.0), x(m)))
                out.append(f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" '
                           f'height="{bar - 1}" fill="{colors[i % len(colors)]}"/>')
                cy = y + (bar - 1) / 2
                out.append(f'<line x1="{x(a):.1f}" y1="{cy:.1f}" x2="{x(b):.1f}" y2="{cy:.1f}" '
                           'stroke="#000"/>')
            y += bar
        y += gap
    for i, th in enumerate(threads):
        lx = left + i * 110
        out.append(f'<rect x="{lx}" y="{height - 22}" width="10" height="10" '
                   f'fill="{colors[i % len(colors)]}"/>')
        out.append(f'<text x="{lx + 14}" y="{height - 13}">{th} thread{"s" if th > 1 else ""}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_all(run, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(run, f, indent=1)
    with open(os.path.join(out_dir, "report.md"), "w") as f:
        f.write(markdown(run))
    write_csv(run, os.path.join(out_dir, "results.csv"))
    with open(os.path.join(out_dir, "zoo.svg"), "w") as f:
        f.write(svg(run))


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    runs = []
    for p in argv[2:]:
        with open(p) as f:
            runs.append(json.load(f))
    write_all(merge(runs), argv[1])
    print(f"wrote {argv[1]}/report.md, results.csv, results.json, zoo.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
