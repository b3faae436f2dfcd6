# Writes kernel.json, in<i>.npy and the oracle out<i>.npy of kernel.ttir
# (f64 erf, exp, log, tanh, sin, cos, sqrt, rsqrt, pow, erfc, exp2, log2 on
# 256 elements: positives, negatives, zeros, infinities, NaN, tiny and huge
# values), computed by Python's math module in float64 (IEEE special cases
# spelled out where math raises). Run with /usr/bin/python3.
import json, math, os
import numpy as np

N = 256
rng = np.random.default_rng(5)
special = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, math.inf, -math.inf, math.nan, 1e-300, -1e-300,
           5e-324, 1e300, -1e300, 700.0, -745.0, 27.0, 6.0, -6.0, 1e5]
x = np.concatenate([special, rng.uniform(-8, 8, N // 2 - len(special)),
                    np.exp(rng.uniform(-20, 20, N // 2))]).astype(np.float64)
y = np.concatenate([rng.uniform(-4, 4, N - 16), [0.0, -0.0, 0.5, 2.0, 3.0, -1.0, math.inf,
                    -math.inf, math.nan, 1.0, 10.0, -3.0, 0.25, 1e10, -1e10, 7.0]])


def guard(f):
    def g(*a):
        try:
            return f(*a)
        except (ValueError, ZeroDivisionError):
            return math.nan
        except OverflowError:
            return math.inf
    return g


def log_(v):
    if v == 0:
        return -math.inf
    return math.nan if v < 0 or math.isnan(v) else (math.inf if v == math.inf else math.log(v))


def log2_(v):
    return log_(v) / math.log(2) if 0 < v < math.inf else log_(v)


def sqrt_(v):
    return math.nan if v < 0 else math.sqrt(v)


def rsqrt_(v):
    if v == 0:
        return math.copysign(math.inf, v)
    return 1.0 / math.sqrt(v) if v > 0 else math.nan


def trig(f):
    return lambda v: math.nan if math.isinf(v) else f(v)


def pow_(a, b):
    if b == 0 or a == 1:
        return 1.0
    if a == 0 and b < 0:
        odd = b == int(b) and int(b) % 2 == 1 if math.isfinite(b) else False
        return math.copysign(math.inf, a) if odd else math.inf
    return guard(math.pow)(a, b)


fns = [math.erf, guard(math.exp), log_, math.tanh, trig(math.sin), trig(math.cos), sqrt_,
       rsqrt_, pow_, math.erfc, guard(lambda v: 2.0 ** v), log2_]
here = os.path.dirname(os.path.abspath(__file__))
ins = [x, y] + [np.full(N, -7.0) for _ in fns]
outs = [x, y] + [np.array([f(a, b) if f is pow_ else f(a) for a, b in zip(x, y)]) for f in fns]
args = []
for i, (a, o) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), o)
    args.append({"dtype": "float64", "shape": [N], "stride": [1],
                 "storage_offset": 0, "storage_numel": N})
with open(os.path.join(here, "kernel.json"), "w") as fh:
    json.dump({"name": "math_f64", "grid": [1, 1, 1], "config": {}, "args": args,
               "oracle": True}, fh, indent=1)
