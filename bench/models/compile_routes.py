"""Per-kernel compile time of the Python package's two routes, side by side:
in process (libtriton-edge-compiler.so through ctypes) against the CLI
fallback (`triton-edge compile --emit=obj` plus `cc`, one process each), with
the persistent cache off (every compile cold).

    python compile_routes.py [--corpus DIR] [--rounds 5] [--threads 1,2] [--out results.json]

Sequential: in each round every kernel of the corpus is compiled by both
routes, back to back, in an order that alternates per kernel and round
(ABBA), kernels shuffled per round; the per-kernel ratio CLI / in-process is
summarised by its median with a bootstrap 95 % confidence interval.
Parallel: each round also compiles the whole corpus with N Python threads
(concurrent.futures) by each route, alternating which goes first; wall
times per round, their ratio's median and CI. The library is loaded (and
the compilers' content hashes taken) before any timing."""
import argparse
import concurrent.futures
import glob
import json
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
CORPUS = os.path.join(HERE, "..", "..", "test", "corpus", "inductor")


def bootstrap_ci(values, stat=statistics.median, n=2000, seed=1):
    rng = random.Random(seed)
    boots = sorted(stat([rng.choice(values) for _ in values]) for _ in range(n))
    return boots[int(0.025 * n)], boots[int(0.975 * n) - 1]


def compile_with(route, ttir):
    from triton_edge import compile as tec
    os.environ["TRITON_EDGE_IN_PROCESS"] = "1" if route == "in-process" else "0"
    t = time.perf_counter()
    tec.compile_ttir(ttir, {})
    return time.perf_counter() - t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--corpus", default=CORPUS)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--threads", default="2", help="comma list of thread counts for the parallel part (0: skip)")
    p.add_argument("--out", default="")
    a = p.parse_args()
    os.environ["TRITON_EDGE_COMPILE_CACHE"] = "0"
    from triton_edge import compile as tec
    kernels = {}
    for path in sorted(glob.glob(os.path.join(a.corpus, "*", "kernel.ttir"))):
        with open(path) as f:
            kernels[os.path.basename(os.path.dirname(path))] = f.read()
    routes = ("in-process", "cli")
    from triton_edge import _paths
    for route in routes:  # load the library, warm the page cache
        compile_with(route, next(iter(kernels.values())))
        assert tec.compile_route()[0] == route, tec.compile_route()
    print(f"{len(kernels)} kernels, {a.rounds} rounds, {os.cpu_count()} CPUs; library "
          f"{_paths.compiler_library()}, CLI {_paths.cli()}", flush=True)
    rng = random.Random(0)
    seq = {name: {r: [] for r in routes} for name in kernels}
    par = {}
    counts = [int(n) for n in a.threads.split(",") if int(n) > 0]
    for rnd in range(a.rounds):
        names = list(kernels)
        rng.shuffle(names)
        for i, name in enumerate(names):
            order = routes if (i + rnd) % 2 == 0 else routes[::-1]
            for route in order:
                seq[name][route].append(compile_with(route, kernels[name]))
        for n in counts:
            order = routes if rnd % 2 == 0 else routes[::-1]
            for route in order:
                os.environ["TRITON_EDGE_IN_PROCESS"] = "1" if route == "in-process" else "0"
                t = time.perf_counter()
                with concurrent.futures.ThreadPoolExecutor(n) as pool:
                    list(pool.map(lambda ttir: tec.compile_ttir(ttir, {}), kernels.values()))
                par.setdefault(n, {r: [] for r in routes})[route].append(time.perf_counter() - t)
        print(f"round {rnd}: done", flush=True)
    # Per kernel: the median over rounds of each route, then their ratio.
    med = {name: {r: statistics.median(v) for r, v in by.items()} for name, by in seq.items()}
    ratios = [m["cli"] / m["in-process"] for m in med.values()]
    lo, hi = bootstrap_ci(ratios)
    print(f"\nsequential, per kernel (median over {a.rounds} rounds), {len(kernels)} kernels:")
    for r in routes:
        v = [m[r] for m in med.values()]
        print(f"  {r:10s} median {statistics.median(v) * 1e3:7.1f} ms, "
              f"min {min(v) * 1e3:6.1f}, max {max(v) * 1e3:7.1f}, sum {sum(v):6.2f} s")
    print(f"  CLI / in-process per kernel: median {statistics.median(ratios):.2f}x "
          f"(95% CI {lo:.2f}-{hi:.2f}), range {min(ratios):.2f}-{max(ratios):.2f}")
    saved = [m["cli"] - m["in-process"] for m in med.values()]
    slo, shi = bootstrap_ci(saved)
    print(f"  saved per kernel: median {statistics.median(saved) * 1e3:.1f} ms "
          f"(95% CI {slo * 1e3:.1f}-{shi * 1e3:.1f})")
    for n, by in par.items():
        pr = [c / i for c, i in zip(by["cli"], by["in-process"])]
        plo, phi = bootstrap_ci(pr)
        print(f"parallel, {n} threads, all {len(kernels)} kernels, wall s per round: "
              f"in-process {', '.join(f'{x:.2f}' for x in by['in-process'])}; "
              f"cli {', '.join(f'{x:.2f}' for x in by['cli'])}; "
              f"CLI / in-process median {statistics.median(pr):.2f}x (95% CI {plo:.2f}-{phi:.2f})")
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"sequential_s": seq, "parallel_s": {str(k): v for k, v in par.items()},
                       "cpus": os.cpu_count()}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
