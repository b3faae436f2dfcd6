#!/usr/bin/env python3
"""ULP error of triton-edge-reciprocal-division's quotient, (x * (1/(y*s))) * s
with s = 2^32 for |y| < 2^-126, 2^-32 for |y| > 2^126, else 1, evaluated with
float32 roundings (NumPy's float32 operations are IEEE round-to-nearest; the
compiled code has the same operations, none fused), against the exact quotient
x/y (float64: the quotient of two floats is exact to 2^-53 relative), in the
ULP measure of te-ulp (docs/vector-math.md, "Method").

  python3 reciprocal_division.py [--pairs N] [--seed S]

Inputs: random float32 bit patterns for x and y (all finite values, both
signs, denormals), and y in the ranges where s != 1 and in [1, 2^20] (sums of
exponentials). Prints the max ULP over quotients in the normal range and
over all finite quotients, and the special-value mismatches (NaN, inf, zero
sign) against float32 division.
"""
import argparse

import numpy as np


def ulp_of(r):
    e = np.floor(np.log2(np.abs(r)))
    e = np.maximum(e, -126)
    return np.exp2(e - 23)


def recip_div(x, y):
    ay = np.abs(y)
    s = np.where(ay < np.float32(2.0**-126), np.float32(2.0**32),
                 np.where(ay > np.float32(2.0**126), np.float32(2.0**-32), np.float32(1)))
    s = s.astype(np.float32)
    a = np.float32(1) / (y * s)
    return (x * a) * s


def random_floats(rng, n):
    bits = rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)
    f = bits.view(np.float32)
    return f[np.isfinite(f)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=4_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.pairs
    with np.errstate(all="ignore"):
        groups = {
            "random bits": (random_floats(rng, n), random_floats(rng, n)),
            "|y| < 2^-126": (random_floats(rng, n),
                             (rng.uniform(-1, 1, n) * 2.0**-126).astype(np.float32)),
            "|y| > 2^126": (random_floats(rng, n),
                            (rng.uniform(1, 4, n) * 2.0**126 * rng.choice([-1, 1], n)).astype(np.float32)),
            "y in [1, 2^20]": ((rng.uniform(0, 1, n)).astype(np.float32),
                               np.exp2(rng.uniform(0, 20, n)).astype(np.float32)),
        }
        for name, (x, y) in groups.items():
            m = min(len(x), len(y))
            x, y = x[:m], y[:m]
            got = recip_div(x, y)
            ref = x.astype(np.float64) / y.astype(np.float64)
            div = x / y
            special = ~np.isfinite(ref) | (ref == 0)
            bad = special & ~((got == div) | (np.isnan(got) & np.isnan(div)))
            bad |= special & (np.signbit(got) != np.signbit(div)) & ~np.isnan(div)
            fin = ~special & (np.abs(ref) <= np.finfo(np.float32).max)
            err = np.abs(got[fin].astype(np.float64) - ref[fin]) / ulp_of(ref[fin])
            normal = np.abs(ref[fin]) >= 2.0**-126
            print(f"{name:<16} pairs {m:>8}  max ULP normal {err[normal].max():.3f}  "
                  f"max ULP all {err.max():.3f}  mean {err.mean():.4f}  "
                  f"special mismatches {int(bad.sum())}")


if __name__ == "__main__":
    main()
