#!/usr/bin/env python3
"""Fits the f32 polynomials of lib/Transforms/ApproximateMath.cpp.

The single polynomials (exp, and the log fit, unused) need the standard
library only; the interval tables of erf and tanh (`--tables`) need numpy
(Debian's python3-numpy: /usr/bin/python3). Each fit is a weighted minimax polynomial found by
Lawson's iteratively reweighted least squares (Householder QR in double on a
column-scaled monomial basis), with the coefficients then rounded to f32 one
at a time from the lowest degree up, refitting the remaining ones after each
rounding (so that the f32 coefficients, not the exact ones, are near-minimax).

Prints the coefficients (highest degree first, as ApproximateMath.cpp's
poly() takes them) and the weighted max error of the rounded polynomial,
evaluated in double. The f32 evaluation error is measured by te-ulp.

  python3 bench/ulp/fit_f32.py            # all single fits
  python3 bench/ulp/fit_f32.py exp_poly   # one
  /usr/bin/python3 bench/ulp/fit_f32.py --tables > lib/Transforms/ApproximateMathTables.h
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


# Interval tables (erf, tanh): on interval i, f(a) = fma(u, Q_i(u), fma(u,
# M_i, C_i)) with u the offset of a in the interval. Interval 0 holds the
# small arguments: there C_0 = 0 and u M_0 = a exactly, so f = a + u Q_0(u)
# carries f'(0) = 1 (tanh) or 2/sqrt(pi) = 1 + 0.128 (erf) without the
# rounding of a leading f32 coefficient (which alone would cost 1 ulp);
# elsewhere M_i = 0 and C_i = f32(f(left end)). Q_i is fitted for the error
# relative to f, with its coefficients rounded to f32 one at a time.
TABLE = 16                 # entries: one 512-bit vector of f32 (vpermps)
ERF_WIDTH = 0.25           # erf: 16 intervals of 1/4 on [0, 4)
ERF_DEG = 4                # degree of Q: f is degree 5 per interval
TANH_LEFT = [0, .25, .5, .75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 7]  # tanh: index of a + 1
TANH_ONE = 9.0             # from here on (interval 13 on) tanh = 1 (it rounds to 1 from 9.01)
TANH_DEG = 5               # f is degree 6 per interval


def table_fit(f, left, width, scale, deg, first, np):
    """Q, M, C of one interval (see above); a = left + u scale."""
    n = 800
    u = (np.cos(np.pi * (np.arange(n) + 0.5) / n) + 1) / 2 * width / scale
    u = u[u > 1e-7 * width / scale]
    x = left + u * scale
    y = np.array([f(v) for v in x])
    if first:
        m, c = scale, 0.0
        base = u * m
    else:
        m, c = 0.0, f32(f(left))
        base = np.full_like(u, c)
    ts, ys, ws = u, (y - base) / u, u / y
    lw = np.ones_like(u)
    fixed = []
    for k in range(deg + 1):
        best = None
        r = ys - sum(cf * ts ** d for d, cf in enumerate(fixed))
        basis = np.stack([ts ** d for d in range(k, deg + 1)], 1)
        lw = np.ones_like(u)
        for _ in range(60):  # Lawson
            s = np.sqrt(lw) * ws
            cs = np.linalg.lstsq(basis * s[:, None], r * s, rcond=None)[0]
            e = np.abs(ws * (r - basis @ cs))
            if best is None or e.max() < best[0]:
                best = (e.max(), cs)
            lw = lw * e
            lw /= lw.sum()
        fixed.append(f32(best[1][0]))
    q = fixed
    err = np.abs(ws * (ys - sum(cf * ts ** d for d, cf in enumerate(q)))).max()
    return q, m, c, err


def tables():
    import numpy as np
    out = []
    def emit(name, rows, comment):
        out.append(f"// {comment}")
        out.append(f"inline constexpr float {name}[{len(rows)}][{TABLE}] = {{")
        for row in rows:
            out.append("    {" + ", ".join(f"{float(v)!r}f" for v in row) + "},")
        out.append("};")
    # erf: u = a / ERF_WIDTH - i in [0, 1); tanh: u = a - left_i.
    for name, f, lefts, widths, scale, deg in (
        ("Erf", math.erf, [i * ERF_WIDTH for i in range(TABLE)], [ERF_WIDTH] * TABLE,
         ERF_WIDTH, ERF_DEG),
        ("Tanh", math.tanh, TANH_LEFT,
         [b - a for a, b in zip(TANH_LEFT, TANH_LEFT[1:] + [TANH_ONE])], 1.0, TANH_DEG)):
        fits = [table_fit(f, l, w, scale, deg, i == 0, np)
                for i, (l, w) in enumerate(zip(lefts, widths))]
        if name == "Tanh":
            fits.append(([0.0] * (deg + 1), 0.0, 1.0, 0.0))
            lefts = lefts + [TANH_ONE]
        worst = max(e for *_, e in fits)
        sys.stderr.write(f"{name}: max relative fit error {worst:.3g} (2^{math.log2(worst):.1f})\n")
        pad = TABLE - len(fits)  # unused entries repeat the last interval
        fits += [fits[-1]] * pad
        lefts = list(lefts) + [lefts[-1]] * pad
        q = [[fi[0][k] for fi in fits] for k in range(deg, -1, -1)]
        emit(f"k{name}Q", q, f"{name.lower()}: Q_i coefficients, highest degree first")
        emit(f"k{name}MC", [[fi[1] for fi in fits], [fi[2] for fi in fits]],
             f"{name.lower()}: M_i, C_i")
        if name == "Tanh":
            emit("kTanhLeft", [lefts], "tanh: left ends of the intervals")
    print("// Generated by bench/ulp/fit_f32.py --tables; do not edit.")
    print("// Interval tables of the f32 erf and tanh (ApproximateMath.cpp).")
    print("#pragma once")
    print("\n".join(out))


def main():
    if sys.argv[1:] == ["--tables"]:
        return tables()
    names = sys.argv[1:] or list(FITS)
    for n in names:
        coeffs, err = FITS[n]()
        print(f"{n}: max weighted error {err:.3g} (2^{math.log2(err):.1f})")
        print("  {" + ", ".join(f"{c!r}f" for c in reversed(coeffs)) + "}")


if __name__ == "__main__":
    main()
