#!/usr/bin/env python3
"""Writes corpus cases scaled to >= 1M elements, for the ladder's PyTorch
comparison (docs/benchmarking.md): softmax with rows of 1024 and 32768,
layer norm, RMS norm, GELU (tanh form) and add at 2^24.

Each case is a corpus case with a new size: the dynamic kernels (softmax_dyn,
gelu_tanh_dyn, add_dyn) get new shapes and scalars; the static ones
(layer_norm, rms_norm) get their row count, which Inductor writes into the
kernel as a constant (`xnumel = 128`), replaced in kernel.ttir: the kernel
Inductor emits for that shape differs only there. Inputs are seeded uniform
random numbers; the oracle (out<i>.npy) is computed in float64 with NumPy
and rounded to float32.

  /usr/bin/python3 bench/scale_cases.py OUT_DIR [--corpus test/corpus/inductor]
"""
import argparse
import json
import os
import re
import shutil

import numpy as np


def write_case(src, dst, shapes, scalars, grid, inputs, outputs, ttir_sub=None):
    os.makedirs(dst, exist_ok=True)
    with open(os.path.join(src, "kernel.json")) as f:
        kj = json.load(f)
    ti = si = 0
    for a in kj["args"]:
        if "dtype" in a:
            shape = shapes[ti]
            a["shape"] = list(shape)
            stride, s = [], 1
            for d in reversed(shape):
                stride.insert(0, s)
                s *= d
            a["stride"] = stride
            a["storage_offset"] = 0
            a["storage_numel"] = int(np.prod(shape))
            ti += 1
        else:
            a["scalar"] = scalars[si]
            si += 1
    kj["grid"] = list(grid)
    kj["case"] = os.path.basename(dst).split("__")[0]
    kj["oracle"] = True
    with open(os.path.join(dst, "kernel.json"), "w") as f:
        json.dump(kj, f, indent=1)
    ttir = open(os.path.join(src, "kernel.ttir")).read()
    if ttir_sub:
        old, new = ttir_sub
        ttir, count = re.subn(old, new, ttir)
        if count != 1:
            raise SystemExit("%s: expected one match of %r in kernel.ttir, found %d" % (src, old, count))
    with open(os.path.join(dst, "kernel.ttir"), "w") as f:
        f.write(ttir)
    for i, x in enumerate(inputs):
        np.save(os.path.join(dst, "in%d.npy" % i), x.astype(np.float32))
    for i, x in enumerate(outputs):
        np.save(os.path.join(dst, "out%d.npy" % i), x.astype(np.float32))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "test", "corpus", "inductor"))
    a = ap.parse_args()
    rng = np.random.default_rng(12345)
    src = lambda name: os.path.join(a.corpus, name)
    if os.path.isdir(a.out):
        shutil.rmtree(a.out)

    def uni(*shape):
        return rng.uniform(-2, 2, shape).astype(np.float32)

    # softmax over rows of `cols` (softmax_dyn: in, out, ks0 = row stride, xnumel, r0_numel).
    sm = "softmax_dyn__triton_red_fused__softmax_exp_prepare_softmax_online_sub_0"
    for rows, cols in ((1024, 1024), (32, 32768)):
        x = uni(rows, cols)
        xd = x.astype(np.float64)
        e = np.exp(xd - xd.max(-1, keepdims=True))
        y = e / e.sum(-1, keepdims=True)
        write_case(src(sm), os.path.join(a.out, "softmax_r%d__%s" % (cols, sm.split("__", 1)[1])),
                   [(rows, cols), (rows, cols)], [cols, rows, cols], (rows // 2, 1, 1),
                   [x, np.zeros_like(x)], [x, y])
    # layer norm 2048 x 768 (x, weight, bias, out; xnumel, r0_numel).
    ln = "layer_norm__triton_per_fused_native_layer_norm_0"
    rows, cols = 2048, 768
    x, w, b = uni(rows, cols), uni(cols), uni(cols)
    xd = x.astype(np.float64)
    mu = xd.mean(-1, keepdims=True)
    var = ((xd - mu) ** 2).mean(-1, keepdims=True)
    y = (xd - mu) / np.sqrt(var + 1e-5) * w + b
    write_case(src(ln), os.path.join(a.out, "layer_norm_2048x768__" + ln.split("__", 1)[1]),
               [(rows, cols), (cols,), (cols,), (rows, cols)], [rows, cols], (rows, 1, 1),
               [x, w, b, np.zeros_like(x)], [x, w, b, y],
               (r"%xmask = arith.constant 128 : i32", "%%xmask = arith.constant %d : i32" % rows))
    # RMS norm 1024 x 1024 (x, weight, out; xnumel, r0_numel).
    rn = "rms_norm__triton_per_fused_add_mean_mul_pow_rsqrt_0"
    rows, cols = 1024, 1024
    x, w = uni(rows, cols), uni(cols)
    xd = x.astype(np.float64)
    y = xd / np.sqrt((xd * xd).mean(-1, keepdims=True) + 1e-6) * w
    write_case(src(rn), os.path.join(a.out, "rms_norm_1024x1024__" + rn.split("__", 1)[1]),
               [(rows, cols), (cols,), (rows, cols)], [rows, cols], (rows, 1, 1),
               [x, w, np.zeros_like(x)], [x, w, y],
               (r"%xmask = arith.constant 128 : i32", "%%xmask = arith.constant %d : i32" % rows))
    # GELU, tanh form, 2^20 (gelu_tanh_dyn: in, out, xnumel; XBLOCK 1024).
    gt = "gelu_tanh_dyn__triton_poi_fused_gelu_0"
    n = 1 << 20
    x = uni(n)
    xd = x.astype(np.float64)
    y = 0.5 * xd * (1 + np.tanh(np.sqrt(2 / np.pi) * (xd + 0.044715 * xd ** 3)))
    write_case(src(gt), os.path.join(a.out, "gelu_tanh_1m__" + gt.split("__", 1)[1]),
               [(n,), (n,)], [n], (n // 1024, 1, 1), [x, np.zeros_like(x)], [x, y])
    # add at 2^24 (add_dyn: in0, in1, out, xnumel; XBLOCK 1024).
    ad = "add_dyn__triton_poi_fused_add_0"
    n = 1 << 24
    x, z = uni(n), uni(n)
    write_case(src(ad), os.path.join(a.out, "add_16m__" + ad.split("__", 1)[1]),
               [(n,), (n,), (n,)], [n], (n // 1024, 1, 1), [x, z, np.zeros_like(x)],
               [x, z, x.astype(np.float64) + z])


if __name__ == "__main__":
    main()
