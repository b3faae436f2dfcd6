"""Interleaved timing and its statistics, the method of bench/lib/stats.cpp
(docs/benchmarking.md, Method) in Python: every round runs each variant once
in a new seeded random order, a sample is the mean of a batch of calls long
enough for the clock, medians carry a distribution-free 95% CI, and two
variants are compared by the median of their per-round ratios."""
import math
import random
import time


def median_ci(samples):
    """(median, lo, hi): the median and its distribution-free 95% confidence
    interval, ranks n/2 -+ 1.96 sqrt(n)/2 (normal approximation of the binomial)."""
    s = sorted(samples)
    n = len(s)
    if n == 0:
        return (math.nan, math.nan, math.nan)
    mid = s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])
    half = 1.96 * math.sqrt(n) / 2
    lo = max(0, int(math.floor(n / 2 - half)) - 1)
    hi = min(n - 1, max(0, int(math.ceil(n / 2 + half)) - 1))
    return (mid, s[lo], s[hi])


def paired_ratio(a, b):
    """Median and 95% CI of the per-round ratios a[i] / b[i] (> 1: b faster)."""
    return median_ci([x / y for x, y in zip(a, b) if y > 0])


def interleaved(calls, rounds, min_sample_s=0.002, warmup=2, max_s=None, seed=12345,
                setups=None, batch_as=None):
    """Times `calls` (name -> zero-argument function) interleaved. Each is
    warmed up (`warmup` calls, at least 0.05 s), then batched so that a sample
    lasts at least `min_sample_s`. `setups` (name -> function) run, untimed,
    before each warm-up and each sample of that name. Stops after `rounds`
    rounds, or after `max_s` seconds once 5 rounds are done. `batch_as`
    (name -> other name): that name's samples batch as many calls as the
    other's (two variants of one call compared: a sample's first call finds
    the caches the other variants left, so equal batches weigh it equally).
    Returns (name -> [seconds per call], name -> calls per sample)."""
    setups = setups or {}
    batch = {}
    for name, f in calls.items():
        if name in setups:
            setups[name]()
        t0, n = time.perf_counter(), 0
        while n < warmup or time.perf_counter() - t0 < 0.05:
            f()
            n += 1
        per_call = (time.perf_counter() - t0) / n
        batch[name] = max(1, math.ceil(min_sample_s / per_call)) if per_call > 0 else 1
    for name, other in (batch_as or {}).items():
        batch[name] = batch[other]
    samples = {name: [] for name in calls}
    order = list(calls)
    rng = random.Random(seed)
    start = time.perf_counter()
    for r in range(rounds):
        rng.shuffle(order)
        for name in order:
            f, b = calls[name], batch[name]
            if name in setups:
                setups[name]()
            t0 = time.perf_counter()
            for _ in range(b):
                f()
            samples[name].append((time.perf_counter() - t0) / b)
        if max_s is not None and r + 1 >= 5 and time.perf_counter() - start > max_s:
            break
    return samples, batch
