"""Does an ATen operator slow down the triton-edge launch right after it?

    python pool_contention.py [--threads 2] [--rounds 21] [--numel 802816] [--mm 256]

A model compiled by torch.compile(cpu_backend="triton") alternates ATen
calls (convolutions, matrix products on PyTorch's OpenMP team) with our
kernels. After a parallel region the OpenMP team's threads keep spinning
for a while; a launch on another pool of threads right then competes with
them for the cores. This times one pointwise kernel (y = relu(x * a + b),
the shape of a batch-norm + ReLU) at --threads contexts, interleaved
(timing.py), in three settings:
  alone        back to back, no ATen call in between
  after aten   right after torch.mm at torch.set_num_threads(--threads)
  after sleep  after torch.mm and then a 20 ms sleep (the team has gone quiet)
Only the kernel's launch is timed. Each setting runs on every pool of
--pools (triton_edge.set_launch_pool, switched per sample: own = the
runtime's thread pool, openmp = PyTorch's OpenMP team), all interleaved;
ratios are per round against the first pool's sample of the same setting
(> 1: that pool slower). Run it again with OMP_WAIT_POLICY=PASSIVE (the
team sleeps at once after a region) to see what its spinning costs."""
import argparse
import os
import random
import sys
import time

import torch
import triton
import triton.language as tl

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import timing  # noqa: E402

import triton_edge  # noqa: E402

triton_edge.activate()


@triton.jit
def scale_shift_relu(x_ptr, y_ptr, n, a, b, BLOCK: tl.constexpr):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask)
    tl.store(y_ptr + offs, tl.maximum(x * a + b, 0.0), mask=mask)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=21)
    p.add_argument("--numel", type=int, default=64 * 112 * 112)
    p.add_argument("--mm", type=int, default=256, help="size of the square torch.mm")
    p.add_argument("--calls", type=int, default=20, help="timed launches per sample")
    p.add_argument("--pools", default="own,openmp", help="launch pools to compare")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    triton_edge.set_launch_threads(a.threads)
    x, y = torch.randn(a.numel), torch.empty(a.numel)
    m1, m2 = torch.randn(a.mm, a.mm), torch.randn(a.mm, a.mm)
    block = 4096
    grid = (triton.cdiv(a.numel, block),)

    def kernel():
        scale_shift_relu[grid](x, y, a.numel, 0.5, 0.25, BLOCK=block)

    kernel()
    assert torch.allclose(y, torch.relu(x * 0.5 + 0.25))

    def sample(pool, before):
        triton_edge.set_launch_pool(pool)
        spent = 0.0
        for _ in range(a.calls):
            before()
            t0 = time.perf_counter()
            kernel()
            spent += time.perf_counter() - t0
        return spent / a.calls

    settings = {
        "alone": lambda: None,
        "after aten": lambda: torch.mm(m1, m2),
        "after sleep": lambda: (torch.mm(m1, m2), time.sleep(0.02)),
    }
    pools = a.pools.split(",")
    variants = [(p, s) for s in settings for p in pools]
    samples = {v: [] for v in variants}
    rng = random.Random(12345)
    for v in variants:
        sample(v[0], settings[v[1]])  # warm up
    for _ in range(a.rounds):
        rng.shuffle(variants)
        for v in variants:
            samples[v].append(sample(v[0], settings[v[1]]))
    triton_edge.set_launch_pool("auto")
    print(f"threads {a.threads}, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}, "
          f"openmp = {triton_edge.launch_pool()[1] or '(none loaded)'}, numel {a.numel}, "
          f"mm {a.mm}, {a.rounds} rounds x {a.calls} launches; us per launch, median [95% CI]")
    for s in settings:
        for p in pools:
            med, lo, hi = timing.median_ci(samples[(p, s)])
            r = timing.paired_ratio(samples[(p, s)], samples[(pools[0], s)])
            print(f"  {s:12s} {p:7s} {med * 1e6:9.1f} [{lo * 1e6:.1f}, {hi * 1e6:.1f}]"
                  f"   / {pools[0]} {r[0]:.2f} [{r[1]:.2f}, {r[2]:.2f}]")


if __name__ == "__main__":
    main()
