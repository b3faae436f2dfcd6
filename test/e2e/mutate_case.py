#!/usr/bin/env python3
"""Edits a copy of the add_1d corpus case for check's tests: `cancel`
replaces the add by (a + 1e8) - 1e8 (float32 loses a), `bits` by a round trip
of a's bits through i32 (no float64 evaluation)."""
import sys

mode, case = sys.argv[1], sys.argv[2]
path = case + "/kernel.ttir"
text = open(path).read()
add = "%tmp2 = arith.addf %tmp0_4, %tmp1_6 : tensor<256xf32>"
assert add in text, "not the add_1d kernel"
t = "tensor<256xf32>"
if mode == "cancel":
    new = (f"%big = arith.constant dense<1.0e+08> : {t}\n"
           f"    %s = arith.addf %tmp0_4, %big : {t}\n"
           f"    %tmp2 = arith.subf %s, %big : {t}")
elif mode == "bits":
    new = (f"%b = tt.bitcast %tmp0_4 : {t} -> tensor<256xi32>\n"
           f"    %tmp2 = tt.bitcast %b : tensor<256xi32> -> {t}")
else:
    sys.exit(f"unknown mode {mode}")
open(path, "w").write(text.replace(add, new))
