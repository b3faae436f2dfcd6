#!/usr/bin/env python3
"""Edits copies of corpus cases for check's tests (no numpy needed):
  cancel CASE   add_1d's add becomes (a + 1e8) - 1e8 (float32 loses a)
  poke NPY I V  element I of a 1-D .npy becomes V (int64 or float32 file)
  noisy CASE    add_1d's out2.npy becomes (a + b) * (1 + 5e-5) + 3e-5, from
                a float64 sum (an oracle with its own, small, error)"""
import struct
import sys


def read_npy(path):
    data = open(path, "rb").read()
    assert data[:6] == b"\x93NUMPY", path
    major = data[6]
    if major == 1:
        hlen, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        hlen, start = struct.unpack("<I", data[8:12])[0], 12
    header = data[start:start + hlen].decode("latin1")
    fmt = {"'<i8'": "q", "'<f4'": "f"}[next(k for k in ("'<i8'", "'<f4'") if k in header)]
    body = data[start + hlen:]
    values = list(struct.unpack(f"<{len(body) // struct.calcsize(fmt)}{fmt}", body))
    return data[:start + hlen], fmt, values


def write_npy(path, head, fmt, values):
    open(path, "wb").write(head + struct.pack(f"<{len(values)}{fmt}", *values))


def edit_kernel(case, new):
    path = case + "/kernel.ttir"
    text = open(path).read()
    add = "%tmp2 = arith.addf %tmp0_4, %tmp1_6 : tensor<256xf32>"
    assert add in text, "not the add_1d kernel"
    open(path, "w").write(text.replace(add, new))


mode = sys.argv[1]
t = "tensor<256xf32>"
if mode == "cancel":
    edit_kernel(sys.argv[2], f"%big = arith.constant dense<1.0e+08> : {t}\n"
                f"    %s = arith.addf %tmp0_4, %big : {t}\n"
                f"    %tmp2 = arith.subf %s, %big : {t}")
elif mode == "poke":
    head, fmt, values = read_npy(sys.argv[2])
    values[int(sys.argv[3])] = (int if fmt == "q" else float)(sys.argv[4])
    write_npy(sys.argv[2], head, fmt, values)
elif mode == "noisy":
    case = sys.argv[2]
    _, _, a = read_npy(case + "/in0.npy")
    _, _, b = read_npy(case + "/in1.npy")
    head, fmt, _ = read_npy(case + "/out2.npy")
    write_npy(case + "/out2.npy", head, fmt,
              [(x + y) * (1 + 5e-5) + 3e-5 for x, y in zip(a, b)])
else:
    sys.exit(f"unknown mode {mode}")
