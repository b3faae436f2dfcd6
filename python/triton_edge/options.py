"""Mechanism options: Triton compile options with environment defaults.

| option (triton.compile / kernel[grid](..., opt=...)) | environment | values | default |
| --- | --- | --- | --- |
| vec | TRITON_EDGE_VEC | on, off | on |
| db | TRITON_EDGE_DB | on, off | off |
| threads | TRITON_EDGE_THREADS | auto, 1..N | auto |
| dma | TRITON_EDGE_DMA | sync, async, prefetch | sync |
| te_target | TRITON_EDGE_TARGET | host, x86-64-v4, x86-64-v3, generic-sse | host |
| math | TRITON_EDGE_MATH | accurate, fast | accurate |
| extra_flags | TRITON_EDGE_FLAGS | more `triton-edge compile` flags | "" |
"""
from __future__ import annotations

import os

# `te_target`, not `target`: Triton's metadata already has a `target` (the GPUTarget).
DEFAULTS = {"vec": "on", "db": "off", "threads": "auto", "dma": "sync", "te_target": "host",
            "math": "accurate", "extra_flags": ""}
CHOICES = {"vec": ("on", "off"), "db": ("on", "off"), "dma": ("sync", "async", "prefetch"),
           "math": ("accurate", "fast")}


def env_default(name: str) -> str:
    env = "TRITON_EDGE_" + (name[3:] if name.startswith("te_") else name).upper()
    return os.environ.get(env, DEFAULTS[name])


def normalize(name: str, value) -> str:
    if isinstance(value, bool):
        value = "on" if value else "off"
    value = str(value)
    if name in CHOICES and value not in CHOICES[name]:
        raise ValueError(f"triton-edge option {name}={value!r}: expected one of {', '.join(CHOICES[name])}")
    if name == "threads" and value != "auto" and not (value.isdigit() and int(value) >= 1):
        raise ValueError(f"triton-edge option threads={value!r}: expected 'auto' or a count >= 1")
    return value
