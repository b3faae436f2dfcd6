"""torch.compile on CPU with Inductor's cpu_backend="triton" through
triton-edge: a GPT-2 block, a Llama MLP and a MobileNetV3-small forward
(random init), compared with eager, and their latency next to eager and the
default Inductor C++ backend at 1 and N threads.

    python models.py [--threads 1,16] [--reps 20] [--models gpt2,llama,mobilenet]
"""
import argparse
import math
import os
import statistics
import sys
import time
import traceback

import torch
import torch.nn as nn
import torch.nn.functional as F

import triton_edge


class CausalSelfAttention(nn.Module):
    def __init__(self, C, H):
        super().__init__()
        self.H = H
        self.qkv = nn.Linear(C, 3 * C)
        self.proj = nn.Linear(C, C)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=2)
        q = q.view(B, T, self.H, C // self.H).transpose(1, 2)
        k = k.view(B, T, self.H, C // self.H).transpose(1, 2)
        v = v.view(B, T, self.H, C // self.H).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        mask = torch.tril(torch.ones(T, T, dtype=torch.bool, device=x.device))
        att = att.masked_fill(~mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.proj(y)


class GPT2Block(nn.Module):
    def __init__(self, C=384, H=6):
        super().__init__()
        self.ln1 = nn.LayerNorm(C)
        self.attn = CausalSelfAttention(C, H)
        self.ln2 = nn.LayerNorm(C)
        self.fc = nn.Linear(C, 4 * C)
        self.proj = nn.Linear(4 * C, C)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.rand(d) + 0.5)

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class LlamaMLP(nn.Module):
    def __init__(self, d=512, hidden=1376):
        super().__init__()
        self.norm = RMSNorm(d)
        self.gate = nn.Linear(d, hidden, bias=False)
        self.up = nn.Linear(d, hidden, bias=False)
        self.down = nn.Linear(hidden, d, bias=False)

    def forward(self, x):
        h = self.norm(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


def _divisible8(v):
    return max(8, int(v + 4) // 8 * 8)


class SqueezeExcite(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.reduce = nn.Conv2d(c, _divisible8(c / 4), 1)
        self.expand = nn.Conv2d(_divisible8(c / 4), c, 1)

    def forward(self, x):
        s = F.adaptive_avg_pool2d(x, 1)
        return x * F.hardsigmoid(self.expand(F.relu(self.reduce(s))))


class InvertedResidual(nn.Module):
    def __init__(self, cin, k, cexp, cout, se, hswish, stride):
        super().__init__()
        act = nn.Hardswish if hswish else nn.ReLU
        layers = []
        if cexp != cin:
            layers += [nn.Conv2d(cin, cexp, 1, bias=False), nn.BatchNorm2d(cexp), act()]
        layers += [nn.Conv2d(cexp, cexp, k, stride, k // 2, groups=cexp, bias=False),
                   nn.BatchNorm2d(cexp), act()]
        if se:
            layers.append(SqueezeExcite(cexp))
        layers += [nn.Conv2d(cexp, cout, 1, bias=False), nn.BatchNorm2d(cout)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class MobileNetV3Small(nn.Module):
    """MobileNetV3-small (Howard et al. 2019, table 2) written out, for machines
    without torchvision (its wheel does not load beside the CPU build of
    PyTorch the CI installs)."""
    # kernel, expansion, out, squeeze-excite, hard-swish, stride
    BLOCKS = [(3, 16, 16, 1, 0, 2), (3, 72, 24, 0, 0, 2), (3, 88, 24, 0, 0, 1),
              (5, 96, 40, 1, 1, 2), (5, 240, 40, 1, 1, 1), (5, 240, 40, 1, 1, 1),
              (5, 120, 48, 1, 1, 1), (5, 144, 48, 1, 1, 1), (5, 288, 96, 1, 1, 2),
              (5, 576, 96, 1, 1, 1), (5, 576, 96, 1, 1, 1)]

    def __init__(self, classes=1000):
        super().__init__()
        layers = [nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16), nn.Hardswish()]
        cin = 16
        for k, cexp, cout, se, hs, stride in self.BLOCKS:
            layers.append(InvertedResidual(cin, k, cexp, cout, se, hs, stride))
            cin = cout
        layers += [nn.Conv2d(cin, 576, 1, bias=False), nn.BatchNorm2d(576), nn.Hardswish()]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Linear(576, 1024), nn.Hardswish(), nn.Dropout(0.2),
                                        nn.Linear(1024, classes))

    def forward(self, x):
        return self.classifier(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


def make(name):
    torch.manual_seed(0)
    if name == "gpt2":
        return GPT2Block().eval(), torch.randn(2, 128, 384)
    if name == "llama":
        return LlamaMLP().eval(), torch.randn(4, 64, 512)
    if name == "mobilenet":
        try:
            import torchvision
            m = torchvision.models.mobilenet_v3_small(weights=None).eval()
        except Exception:  # not installed, or its wheel does not load beside this torch
            print("      mobilenet: torchvision unavailable; the written-out MobileNetV3-small")
            m = MobileNetV3Small().eval()
        # torchvision's init (BN at mean 0 / var 1, classifier at std 0.01, zero
        # biases) makes the logits tiny at random init, which would make the
        # comparison with eager weak: random BN statistics and a larger
        # classifier init give O(1) outputs.
        g = torch.Generator().manual_seed(1)
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                n = mod.num_features
                mod.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
                mod.running_var.copy_(torch.rand(n, generator=g) + 0.5)
                mod.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
                mod.bias.data.copy_(torch.randn(n, generator=g) * 0.1)
            elif isinstance(mod, nn.Linear):
                mod.weight.data.normal_(0, 1.0 / mod.in_features ** 0.5, generator=g)
                mod.bias.data.normal_(0, 0.1, generator=g)
        return m, torch.randn(1, 3, 224, 224)
    raise ValueError(name)


def timeit(fn, x, reps):
    for _ in range(3):
        fn(x)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn(x)
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts) * 1e3


def compiled(model, backend):
    # The backend is an option of this compile, not the global config with
    # torch._dynamo.reset() in between: a reset drops every compiled frame, and
    # the first model called afterwards is compiled again under whatever the
    # global config says then (the C++ backend, had it been set last).
    import torch._inductor.config as cfg
    cfg.fx_graph_cache = False
    return torch.compile(model, dynamic=False, options={"cpu_backend": backend})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", default="1,16")
    p.add_argument("--reps", type=int, default=20)
    p.add_argument("--models", default=os.environ.get("MODELS", "gpt2,llama,mobilenet"))
    a = p.parse_args()
    threads = [int(t) for t in a.threads.split(",")]
    failed = 0
    rows = []
    counter = {"launches": 0}
    with torch.no_grad():
        for name in a.models.split(","):
            try:
                model, x = make(name)
                ref = model(x)
                ct = compiled(model, "triton")
                triton_edge.set_launch_threads(None)
                got = ct(x)
                err = (got - ref).abs().max().item()
                tol = 1e-3 * max(1.0, ref.abs().max().item())
                ok = torch.allclose(got, ref, atol=tol, rtol=1e-3)
                n0 = triton_edge.launch_count()
                ct(x)
                nk = triton_edge.launch_count() - n0
                print(f"{'PASS' if ok else 'FAIL'}  {name}: torch.compile(cpu_backend='triton') vs eager "
                      f"max abs err {err:.3g} (tol {tol:.3g}, output max |x| {ref.abs().max().item():.3g}, "
                      f"mean |x| {ref.abs().mean().item():.3g}); {nk} triton-edge launches per forward")
                failed += not ok
                for t in threads:
                    # Inductor C++ writes the thread count of its compile into
                    # its kernels (#pragma omp parallel num_threads): one
                    # compile per thread count.
                    torch.set_num_threads(t)
                    cc = compiled(model, "cpp")
                    got_cpp = cc(x)
                    print(f"      {name}: inductor C++ ({t} threads) vs eager max abs err "
                          f"{(got_cpp - ref).abs().max().item():.3g}")
                    triton_edge.set_launch_threads(t)
                    n0 = triton_edge.launch_count()
                    r = {"model": name, "threads": t, "eager": timeit(model, x, a.reps),
                         "inductor_cpp": timeit(cc, x, a.reps)}
                    if triton_edge.launch_count() != n0:
                        raise RuntimeError("the Inductor C++ variant launched triton-edge kernels")
                    r["triton_edge"] = timeit(ct, x, a.reps)
                    if triton_edge.launch_count() - n0 != nk * (a.reps + 3):
                        raise RuntimeError("the triton-edge variant did not launch its kernels "
                                           "on every forward (recompiled for another backend?)")
                    rows.append(r)
                    print(f"      {name} @ {t:2d} threads: eager {r['eager']:.3f} ms, inductor C++ "
                          f"{r['inductor_cpp']:.3f} ms, inductor triton (triton-edge) {r['triton_edge']:.3f} ms")
                triton_edge.set_launch_threads(None)
            except Exception as e:
                failed += 1
                print(f"FAIL  {name}: {type(e).__name__}: {str(e)[:2000]}")
                traceback.print_exc(limit=4)
    print("\nmodel      threads  eager ms  inductor-C++ ms  inductor-triton(triton-edge) ms")
    for r in rows:
        print(f"{r['model']:10s} {r['threads']:7d}  {r['eager']:8.3f}  {r['inductor_cpp']:15.3f}  {r['triton_edge']:15.3f}")
    print(f"models: {len(a.models.split(',')) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
