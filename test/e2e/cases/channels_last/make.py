"""Writes bn_relu_channels_last: Inductor's batch-norm + ReLU kernel on a
channels-last [1, 104, 28, 28] activation (RegNetY-style), as Triton 3.9
emitted it (XBLOCK 1024, 80 programs, the last one partial): four
per-channel parameters read at xindex % 104, the activation read and written
in place. Inputs are random; the oracle is numpy's, in float64 rounded to
float32."""
import json
import os

import numpy as np

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bn_relu_channels_last")
C, N = 104, 104 * 28 * 28
rng = np.random.default_rng(24)
x = rng.standard_normal(N).astype(np.float32)
mean = (rng.standard_normal(C) * 0.1).astype(np.float32)
var = (rng.random(C) + 0.5).astype(np.float32)
weight = (rng.random(C) + 0.5).astype(np.float32)
bias = (rng.standard_normal(C) * 0.1).astype(np.float32)
c = np.arange(N) % C
y = (x.astype(np.float64) - mean[c]) / np.sqrt(var[c].astype(np.float64) + 1e-5) * weight[c] + bias[c]
y = np.maximum(y, 0.0).astype(np.float32)
ins = [x, mean, var, weight, bias]
outs = [y, mean, var, weight, bias]
for i, (a, b) in enumerate(zip(ins, outs)):
    np.save(os.path.join(here, f"in{i}.npy"), a)
    np.save(os.path.join(here, f"out{i}.npy"), b)
tensor = lambda n: {"dtype": "float32", "shape": [n], "stride": [1], "storage_offset": 0, "storage_numel": n}
case = {"name": "triton_poi_fused__native_batch_norm_legit_no_training_relu_16",
        "grid": [80, 1, 1], "config": {"XBLOCK": 1024},
        "args": [tensor(N)] + [tensor(C) for _ in range(4)] + [{"scalar": N}], "oracle": True}
with open(os.path.join(here, "kernel.json"), "w") as f:
    json.dump(case, f, indent=1)
