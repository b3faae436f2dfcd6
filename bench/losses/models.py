"""RegNetY-400MF-style and RoBERTa-style models written out in plain torch.nn
(no torchvision/transformers), for comparing triton-edge's kernels with
Inductor C++'s kernels for the same fused nodes (bench/losses/kernels.py).

RegNetY: stem conv, stages of Y blocks (1x1 conv, grouped 3x3 conv with
group width 8, squeeze-excite with sigmoid gating, 1x1 conv, residual, ReLU);
widths and depths of RegNetY-400MF (Radosavovic et al. 2020), depths scaled
by `depth_scale`. RoBERTa: word + position (from the padding mask's
cumulative sum) + token-type embeddings, LayerNorm, post-LN encoder layers
with erf GELU, the attention mask added to the scores.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class SqueezeExcite(nn.Module):
    def __init__(self, c, reduced):
        super().__init__()
        self.reduce = nn.Conv2d(c, reduced, 1)
        self.expand = nn.Conv2d(reduced, c, 1)

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        return x * torch.sigmoid(self.expand(F.relu(self.reduce(s))))


def conv_bn(cin, cout, k, stride=1, groups=1):
    return nn.Sequential(nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
                         nn.BatchNorm2d(cout))


class YBlock(nn.Module):
    def __init__(self, cin, cout, stride, group_width=8, se_ratio=0.25):
        super().__init__()
        self.a = conv_bn(cin, cout, 1)
        self.b = conv_bn(cout, cout, 3, stride, groups=cout // group_width)
        self.se = SqueezeExcite(cout, max(1, int(round(cin * se_ratio))))
        self.c = conv_bn(cout, cout, 1)
        self.proj = conv_bn(cin, cout, 1, stride) if (stride != 1 or cin != cout) else None

    def forward(self, x):
        y = F.relu(self.a(x))
        y = F.relu(self.b(y))
        y = self.c(self.se(y))
        return F.relu(y + (self.proj(x) if self.proj is not None else x))


class RegNetY(nn.Module):
    WIDTHS = (48, 104, 208, 440)
    DEPTHS = (1, 3, 6, 6)

    def __init__(self, depth_scale=1.0, classes=1000):
        super().__init__()
        layers = [conv_bn(3, 32, 3, 2), nn.ReLU()]
        cin = 32
        for w, d in zip(self.WIDTHS, self.DEPTHS):
            for i in range(max(1, round(d * depth_scale))):
                layers.append(YBlock(cin, w, 2 if i == 0 else 1))
                cin = w
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(self.features(x).mean((2, 3)))


class RobertaLayer(nn.Module):
    def __init__(self, d, heads, ff):
        super().__init__()
        self.h = heads
        self.q, self.k, self.v = nn.Linear(d, d), nn.Linear(d, d), nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.fc1 = nn.Linear(d, ff)
        self.fc2 = nn.Linear(ff, d)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)

    def forward(self, x, bias):
        B, T, C = x.shape
        split = lambda t: t.view(B, T, self.h, C // self.h).permute(0, 2, 1, 3)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        s = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(C // self.h) + bias
        p = torch.softmax(s, dim=-1)
        a = torch.matmul(p, v).permute(0, 2, 1, 3).contiguous().view(B, T, C)
        x = self.ln1(self.o(a) + x)
        return self.ln2(self.fc2(F.gelu(self.fc1(x))) + x)


class Roberta(nn.Module):
    PAD = 1

    def __init__(self, vocab=50265, d=768, heads=12, ff=3072, layers=2, max_pos=514):
        super().__init__()
        self.word = nn.Embedding(vocab, d, padding_idx=self.PAD)
        self.pos = nn.Embedding(max_pos, d, padding_idx=self.PAD)
        self.tok = nn.Embedding(1, d)
        self.ln = nn.LayerNorm(d, eps=1e-5)
        self.layers = nn.ModuleList(RobertaLayer(d, heads, ff) for _ in range(layers))

    def forward(self, ids, mask):
        keep = ids.ne(self.PAD).int()
        pos = (torch.cumsum(keep, dim=1).type_as(keep) * keep).long() + self.PAD
        x = self.ln(self.word(ids) + self.pos(pos) + self.tok(torch.zeros_like(ids)))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, bias)
        return x


def randomize_bn(model, seed=1):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=g) * 0.1)


def make(name, small=False):
    """(model, inputs tuple). small: fewer blocks/layers and smaller inputs for 2 cores."""
    torch.manual_seed(0)
    if name == "regnety":
        m = RegNetY(depth_scale=0.5 if small else 1.0).eval()
        randomize_bn(m)
        return m, (torch.randn(1, 3, 224, 224),)
    if name == "roberta":
        m = Roberta(layers=2 if small else 12).eval()
        T = 128
        ids = torch.randint(3, 50265, (1, T))
        ids[0, T - 16:] = Roberta.PAD  # padded tail, as a batch of sentences has
        mask = (ids != Roberta.PAD).long()
        return m, (ids, mask)
    raise ValueError(name)
