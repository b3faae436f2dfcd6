#!/usr/bin/env python3
"""Fits the f32 polynomials of lib/Transforms/ApproximateMath.cpp.

Standard library only. Each fit is a weighted minimax polynomial found by
Lawson's iteratively reweighted least squares (Householder QR in double on a
column-scaled monomial basis), with the coefficients then rounded to f32 one
at a time from the lowest degree up, refitting the remaining ones after each
rounding (so that the f32 coefficients, not the exact ones, are near-minimax).

Prints the coefficients (highest degree first, as ApproximateMath.cpp's
poly() takes them) and the weighted max error of the rounded polynomial,
evaluated in double. The f32 evaluation error is measured by te-ulp.

  python3 bench/ulp/fit_f32.py            # all fits
  python3 bench/ulp/fit_f32.py erf_small  # one
"""
import math
import struct
import sys


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def lstsq(rows, rhs):
    """Least squares by Householder QR (rows: list of lists)."""
    m, n = len(rows), len(rows[0])
    a = [list(r) + [b] for r, b in zip(rows, rhs)]
    for k in range(n):
        norm = math.sqrt(sum(a[i][k] ** 2 for i in range(k, m)))
        if norm == 0:
            continue
        alpha = -norm if a[k][k] > 0 else norm
        v = [0.0] * m
        v[k] = a[k][k] - alpha
        for i in range(k + 1, m):
            v[i] = a[i][k]
        vn = sum(v[i] ** 2 for i in range(k, m))
        if vn == 0:
            continue
        for j in range(k, n + 1):
            d = 2 * sum(v[i] * a[i][j] for i in range(k, m)) / vn
            for i in range(k, m):
                a[i][j] -= d * v[i]
    x = [0.0] * n
    for k in range(n - 1, -1, -1):
        s = a[k][n] - sum(a[k][j] * x[j] for j in range(k + 1, n))
        x[k] = s / a[k][k]
    return x


def minimax(ts, ys, ws, degs, iters=40):
    """Coefficients c (for t^degs[i]) minimizing max |w (y - sum c t^d)|."""
    scale = max(abs(t) for t in ts) or 1.0
    lw = [1.0] * len(ts)
    best = None
    for _ in range(iters):
        rows, rhs = [], []
        for t, y, w, l in zip(ts, ys, ws, lw):
            s = math.sqrt(l) * w
            rows.append([s * (t / scale) ** d for d in degs])
            rhs.append(s * y)
        c = lstsq(rows, rhs)
        c = [ci / scale ** d for ci, d in zip(c, degs)]
        errs = [abs(w * (y - sum(ci * t ** d for ci, d in zip(c, degs))))
                for t, y, w in zip(ts, ys, ws)]
        e = max(errs)
        if best is None or e < best[0]:
            best = (e, c)
        tot = sum(l * er for l, er in zip(lw, errs))
        lw = [l * er / tot for l, er in zip(lw, errs)]
    return best[1]


def fit(ts, ys, ws, degs):
    """Minimax fit, coefficients rounded to f32 one at a time (low degree first)."""
    fixed = {}
    for k in range(len(degs)):
        free = degs[k:]
        ry = [y - sum(fixed[d] * t ** d for d in fixed) for t, y in zip(ts, ys)]
        c = minimax(ts, ry, ws, free)
        fixed[degs[k]] = f32(c[0])
    coeffs = [fixed[d] for d in degs]
    err = max(abs(w * (y - sum(c * t ** d for c, d in zip(coeffs, degs))))
              for t, y, w in zip(ts, ys, ws))
    return coeffs, err


def cheb(lo, hi, n=400):
    return [(lo + hi) / 2 + (hi - lo) / 2 * math.cos(math.pi * (i + 0.5) / n) for i in range(n)]


def erfcx(a):
    return math.exp(a * a) * math.erfc(a)


FITS = {}


def register(f):
    FITS[f.__name__] = f
    return f


ERF_T = 0.921875  # erf: polynomial below, exp form from here on
TANH_T = 0.5625   # tanh: polynomial below


@register
def erf_small(deg=9):
    # erf(x) = x + x Q(x^2) on [0, T]; error relative to erf(x).
    xs = cheb(1e-3, ERF_T)
    ts = [x * x for x in xs]
    ys = [math.erf(x) / x - 1 for x in xs]
    ws = [x / math.erf(x) for x in xs]
    return fit(ts, ys, ws, list(range(deg + 1)))


@register
def erf_big(deg=11, center=2.0, hi=3.875):
    # erfc(a) = exp(-a^2) E(a - center) on [T, hi]; error absolute in erfc
    # (erf = 1 - erfc >= 0.8, so this is the error in units of 1).
    xs = cheb(ERF_T, hi)
    ts = [x - center for x in xs]
    ys = [erfcx(x) for x in xs]
    ws = [math.exp(-x * x) for x in xs]
    return fit(ts, ys, ws, list(range(deg + 1)))


@register
def tanh_small(deg=6):
    # tanh(x) = x + x s P(s), s = x^2, on [0, T]; error relative to tanh(x).
    xs = cheb(1e-2, TANH_T)
    ts = [x * x for x in xs]
    ys = [(math.tanh(x) / x - 1) / (x * x) for x in xs]
    ws = [x * x * x / math.tanh(x) for x in xs]
    return fit(ts, ys, ws, list(range(deg + 1)))


@register
def exp_poly(deg=6):
    # e^r = 1 + r P(r) on [-ln2/2, ln2/2]; error relative to e^r.
    h = math.log(2) / 2 + 1e-3
    xs = [x for x in cheb(-h, h) if abs(x) > 1e-6]
    ys = [math.expm1(x) / x for x in xs]
    ws = [abs(x) / math.exp(x) for x in xs]
    return fit(xs, ys, ws, list(range(deg)))


@register
def log_poly(deg=8):
    # log(1 + f) = f - f^2/2 + f^3 P(f), f in [sqrt(1/2) - 1, sqrt(2) - 1];
    # error relative to log(1 + f).
    xs = [x for x in cheb(math.sqrt(0.5) - 1, math.sqrt(2) - 1) if abs(x) > 1e-6]
    ys = [(math.log1p(x) - x + x * x / 2) / x ** 3 for x in xs]
    ws = [abs(x ** 3 / math.log1p(x)) for x in xs]
    return fit(xs, ys, ws, list(range(deg + 1)))


def main():
    names = sys.argv[1:] or list(FITS)
    for n in names:
        coeffs, err = FITS[n]()
        print(f"{n}: max weighted error {err:.3g} (2^{math.log2(err):.1f})")
        print("  {" + ", ".join(f"{c!r}f" for c in reversed(coeffs)) + "}")


if __name__ == "__main__":
    main()
