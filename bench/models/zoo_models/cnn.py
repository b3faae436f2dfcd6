"""Convolutional networks of the zoo, written out in plain torch.nn (no
torchvision: its wheel does not always load beside the CPU build of PyTorch).
Each follows its paper's block structure; `width` scales the channels and
`depths` the blocks per stage, so the same code gives the full network on the
device machine and a smaller one for a 2-core machine or CI."""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k, stride=1, groups=1, act=nn.ReLU):
    layers = [nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False),
              nn.BatchNorm2d(cout)]
    if act is not None:
        layers.append(act())
    return nn.Sequential(*layers)


def scaled(c, width, divisor=8):
    """Channels scaled by `width`, rounded to a multiple of `divisor` (>= divisor)."""
    return max(divisor, int(c * width + divisor / 2) // divisor * divisor)


# -- ResNet-18 (He et al. 2016) -------------------------------------------------

class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = conv_bn(cin, cout, 3, stride)
        self.conv2 = conv_bn(cout, cout, 3, act=None)
        self.down = conv_bn(cin, cout, 1, stride, act=None) if stride != 1 or cin != cout else None

    def forward(self, x):
        identity = x if self.down is None else self.down(x)
        return F.relu(self.conv2(self.conv1(x)) + identity)


class ResNet18(nn.Module):
    def __init__(self, width=1.0, depths=(2, 2, 2, 2), classes=1000):
        super().__init__()
        c = [scaled(w, width) for w in (64, 128, 256, 512)]
        self.stem = nn.Sequential(conv_bn(3, c[0], 7, 2), nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], c[0]
        for i, (cout, n) in enumerate(zip(c, depths)):
            for j in range(n):
                blocks.append(BasicBlock(cin, cout, 2 if j == 0 and i > 0 else 1))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.blocks(self.stem(x))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


# -- EfficientNet-B0 (Tan & Le 2019): MBConv with squeeze-excite and SiLU ------

class SqueezeExcite(nn.Module):
    def __init__(self, c, squeeze, act=nn.SiLU, gate=torch.sigmoid):
        super().__init__()
        self.reduce = nn.Conv2d(c, squeeze, 1)
        self.expand = nn.Conv2d(squeeze, c, 1)
        self.act, self.gate = act(), gate

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        return x * self.gate(self.expand(self.act(self.reduce(s))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, k, stride, expand):
        super().__init__()
        cexp = cin * expand
        layers = [] if expand == 1 else [conv_bn(cin, cexp, 1, act=nn.SiLU)]
        layers += [conv_bn(cexp, cexp, k, stride, groups=cexp, act=nn.SiLU),
                   SqueezeExcite(cexp, max(1, cin // 4)),
                   conv_bn(cexp, cout, 1, act=None)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.body(x)
        return x + y if self.residual else y


class EfficientNetB0(nn.Module):
    # expansion, kernel, stride, channels, repeats
    STAGES = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
              (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]

    def __init__(self, width=1.0, depth=1.0, classes=1000):
        super().__init__()
        cin = scaled(32, width)
        layers = [conv_bn(3, cin, 3, 2, act=nn.SiLU)]
        for e, k, s, c, n in self.STAGES:
            cout = scaled(c, width)
            for j in range(max(1, round(n * depth))):
                layers.append(MBConv(cin, cout, k, s if j == 0 else 1, e))
                cin = cout
        head = scaled(1280, width)
        layers.append(conv_bn(cin, head, 1, act=nn.SiLU))
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(head, classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


# -- RegNetY-400MF (Radosavovic et al. 2020): grouped 3x3 + squeeze-excite -----

class RegNetYBlock(nn.Module):
    def __init__(self, cin, cout, stride, group_width, se_ratio=0.25):
        super().__init__()
        groups = max(1, cout // group_width)
        self.a = conv_bn(cin, cout, 1)
        self.b = conv_bn(cout, cout, 3, stride, groups=groups)
        self.se = SqueezeExcite(cout, max(1, int(round(se_ratio * cin))), act=nn.ReLU)
        self.c = conv_bn(cout, cout, 1, act=None)
        self.proj = conv_bn(cin, cout, 1, stride, act=None) if stride != 1 or cin != cout else None

    def forward(self, x):
        identity = x if self.proj is None else self.proj(x)
        return F.relu(self.c(self.se(self.b(self.a(x)))) + identity)


class RegNetY400MF(nn.Module):
    def __init__(self, width=1.0, depths=(1, 3, 6, 6), classes=1000):
        super().__init__()
        widths = [scaled(w, width) for w in (48, 104, 208, 440)]
        cin = 32
        layers = [conv_bn(3, cin, 3, 2)]
        for w, n in zip(widths, depths):
            for j in range(n):
                layers.append(RegNetYBlock(cin, w, 2 if j == 0 else 1, group_width=8))
                cin = w
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


# -- ShuffleNetV2 1.0x (Ma et al. 2018): channel split, shuffle ----------------

def channel_shuffle(x, groups=2):
    b, c, h, w = x.shape
    return x.view(b, groups, c // groups, h, w).transpose(1, 2).reshape(b, c, h, w)


class ShuffleUnit(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        half = cout // 2
        self.stride = stride
        if stride > 1:
            self.branch1 = nn.Sequential(conv_bn(cin, cin, 3, stride, groups=cin, act=None),
                                         conv_bn(cin, half, 1))
        self.branch2 = nn.Sequential(conv_bn(cin if stride > 1 else half, half, 1),
                                     conv_bn(half, half, 3, stride, groups=half, act=None),
                                     conv_bn(half, half, 1))

    def forward(self, x):
        if self.stride == 1:
            a, b = x.chunk(2, dim=1)
            out = torch.cat((a, self.branch2(b)), 1)
        else:
            out = torch.cat((self.branch1(x), self.branch2(x)), 1)
        return channel_shuffle(out)


class ShuffleNetV2(nn.Module):
    def __init__(self, width=1.0, depths=(4, 8, 4), classes=1000):
        super().__init__()
        chans = [scaled(c, width, 4) for c in (116, 232, 464)]
        self.stem = nn.Sequential(conv_bn(3, 24, 3, 2), nn.MaxPool2d(3, 2, 1))
        layers, cin = [], 24
        for c, n in zip(chans, depths):
            for j in range(n):
                layers.append(ShuffleUnit(cin, c, 2 if j == 0 else 1))
                cin = c
        self.stages = nn.Sequential(*layers)
        self.conv5 = conv_bn(cin, 1024, 1)
        self.fc = nn.Linear(1024, classes)

    def forward(self, x):
        x = self.conv5(self.stages(self.stem(x)))
        return self.fc(x.mean((2, 3)))


# -- ConvNeXt-T (Liu et al. 2022): 7x7 depthwise, LayerNorm, inverted MLP ------

class LayerNorm2d(nn.LayerNorm):
    """LayerNorm over the channels of an NCHW tensor."""

    def forward(self, x):
        return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class ConvNeXtBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dw = nn.Conv2d(c, c, 7, padding=3, groups=c)
        self.norm = nn.LayerNorm(c, eps=1e-6)
        self.fc1 = nn.Linear(c, 4 * c)
        self.fc2 = nn.Linear(4 * c, c)
        # Layer scale: the paper initializes it to 1e-6, which would make every
        # block an identity at random init; O(0.1) keeps the blocks visible.
        self.gamma = nn.Parameter(torch.full((c,), 0.1))

    def forward(self, x):
        y = self.dw(x).permute(0, 2, 3, 1)
        y = self.fc2(F.gelu(self.fc1(self.norm(y)))) * self.gamma
        return x + y.permute(0, 3, 1, 2)


class ConvNeXtT(nn.Module):
    def __init__(self, width=1.0, depths=(3, 3, 9, 3), classes=1000):
        super().__init__()
        dims = [scaled(d, width) for d in (96, 192, 384, 768)]
        layers = [nn.Conv2d(3, dims[0], 4, 4), LayerNorm2d(dims[0], eps=1e-6)]
        for i, (d, n) in enumerate(zip(dims, depths)):
            if i:
                layers += [LayerNorm2d(dims[i - 1], eps=1e-6), nn.Conv2d(dims[i - 1], d, 2, 2)]
            layers += [ConvNeXtBlock(d) for _ in range(n)]
        self.features = nn.Sequential(*layers)
        self.norm = nn.LayerNorm(dims[-1], eps=1e-6)
        self.fc = nn.Linear(dims[-1], classes)

    def forward(self, x):
        return self.fc(self.norm(self.features(x).mean((2, 3))))
