"""The model zoo of bench/models/zoo.py: each entry builds a randomly
initialized model and its inputs at one of three sizes:

  full   the published architecture at its usual input size (the device machine),
  small  narrower and shallower, smaller inputs (a 2-core development machine),
  tiny   a few layers on small inputs (CI: correctness only).

make(name, size) -> Case. A forward case is timed as `model(*inputs)`; the
training case's `step(*inputs)` runs forward, backward and an SGD update."""
import os
import sys

import torch
import torch.nn as nn

from . import cnn, transformer as tf

SIZES = ("tiny", "small", "full")
_EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                         "python", "examples")


class Case:
    def __init__(self, name, family, model, inputs, what, train=False):
        self.name, self.family, self.model, self.inputs, self.what = name, family, model, inputs, what
        self.train = train


def _pick(size, tiny, small, full):
    return {"tiny": tiny, "small": small, "full": full}[size]


def _randomize_norms(model, seed=1):
    """Random BatchNorm statistics and affine parameters: at PyTorch's init
    (mean 0, variance 1, weight 1, bias 0) BN is the identity and a compiled
    BN that ignored its statistics would still match eager."""
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=g) + 0.5)
            m.weight.data.copy_(torch.rand(n, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=g) * 0.1)
        elif isinstance(m, nn.LayerNorm) and m.elementwise_affine:
            m.weight.data.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
            m.bias.data.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
    return model


def _image(size, tiny=64, small=128, full=224, batch=1):
    g = torch.Generator().manual_seed(2)
    s = _pick(size, tiny, small, full)
    return (torch.randn(batch, 3, s, s, generator=g),)


def resnet18(size):
    m = cnn.ResNet18(width=_pick(size, 0.25, 0.5, 1.0), depths=_pick(size, (1, 1, 1, 1), (2, 2, 2, 2), (2, 2, 2, 2)))
    return Case("resnet18", "cnn", m, _image(size), "ResNet-18, 1x3x224x224")


def mobilenetv3(size):
    if _EXAMPLES not in sys.path:
        sys.path.insert(0, _EXAMPLES)
    import models as examples  # python/examples/models.py: the written-out MobileNetV3-small
    m = examples.MobileNetV3Small()
    g = torch.Generator().manual_seed(3)
    for mod in m.modules():  # logits of O(1) at random init (as models.make does)
        if isinstance(mod, nn.Linear):
            mod.weight.data.normal_(0, 1.0 / mod.in_features ** 0.5, generator=g)
            mod.bias.data.normal_(0, 0.1, generator=g)
    return Case("mobilenetv3", "cnn", m, _image(size, 64, 160, 224), "MobileNetV3-small, 1x3x224x224")


def efficientnet_b0(size):
    m = cnn.EfficientNetB0(width=_pick(size, 0.25, 0.5, 1.0), depth=_pick(size, 0.34, 0.5, 1.0))
    return Case("efficientnet_b0", "cnn", m, _image(size), "EfficientNet-B0, 1x3x224x224")


def regnety_400mf(size):
    m = cnn.RegNetY400MF(width=_pick(size, 0.34, 0.5, 1.0),
                         depths=_pick(size, (1, 1, 1, 1), (1, 2, 3, 3), (1, 3, 6, 6)))
    return Case("regnety_400mf", "cnn", m, _image(size), "RegNetY-400MF (group width 8, SE), 1x3x224x224")


def shufflenetv2(size):
    m = cnn.ShuffleNetV2(width=_pick(size, 0.25, 0.5, 1.0), depths=_pick(size, (1, 2, 1), (2, 4, 2), (4, 8, 4)))
    return Case("shufflenetv2", "cnn", m, _image(size), "ShuffleNetV2 1.0x, 1x3x224x224")


def convnext_t(size):
    m = cnn.ConvNeXtT(width=_pick(size, 0.25, 0.5, 1.0),
                      depths=_pick(size, (1, 1, 1, 1), (2, 2, 3, 2), (3, 3, 9, 3)))
    return Case("convnext_t", "cnn", m, _image(size), "ConvNeXt-T, 1x3x224x224")


def vit_b16(size):
    c, h, n = _pick(size, (96, 3, 2), (192, 3, 4), (768, 12, 12))
    img = _pick(size, 64, 112, 224)
    m = tf.ViT(image=img, c=c, h=h, layers=n)
    return Case("vit_b16", "vision transformer", m, _image(size, 64, 112, 224), "ViT-B/16, 1x3x224x224")


def _bert(size, roberta):
    c, h, ff, n = _pick(size, (96, 3, 384, 2), (256, 4, 1024, 4), (768, 12, 3072, 12))
    batch, seq = _pick(size, (2, 32), (2, 64), (2, 64))
    vocab = 50265 if roberta else 30522
    m = tf.BertEncoder(vocab=vocab, c=c, h=h, ff=ff, layers=n, roberta=roberta)
    ids, mask = tf.bert_inputs(batch, seq, vocab, 1 if roberta else 0, torch.Generator().manual_seed(4))
    name = "roberta" if roberta else "bert"
    what = f"{'RoBERTa' if roberta else 'BERT'}-base encoder, 2x64 tokens, padded mask"
    return Case(name, "language encoder", m, (ids, mask), what)


def bert(size):
    return _bert(size, False)


def roberta(size):
    return _bert(size, True)


def gpt2(size):
    c, h, n, vocab = _pick(size, (96, 3, 2, 4096), (256, 4, 4, 16384), (768, 12, 12, 50257))
    seq = _pick(size, 32, 64, 64)
    m = tf.GPT2(vocab=vocab, c=c, h=h, layers=n)
    ids = torch.randint(0, vocab, (1, seq), generator=torch.Generator().manual_seed(5))
    return Case("gpt2", "language decoder", m, (ids,), "GPT-2 small with LM head, 1x64 tokens")


def llama(size):
    c, h, kv, ff, n, vocab = _pick(size, (128, 4, 2, 352, 2, 4096), (256, 8, 2, 704, 4, 8192),
                                   (1024, 16, 4, 2816, 8, 32000))
    seq = _pick(size, 32, 64, 64)
    m = tf.Llama(vocab=vocab, c=c, h=h, kv_heads=kv, ff=ff, layers=n)
    ids = torch.randint(0, vocab, (1, seq), generator=torch.Generator().manual_seed(6))
    return Case("llama", "language decoder", m, (ids,),
                "Llama-style (RMSNorm, rotary, GQA 16/4, SwiGLU), d=1024, 8 layers, 1x64 tokens")


def t5_encoder(size):
    c, h, ff, n = _pick(size, (96, 3, 384, 2), (256, 4, 1024, 4), (512, 8, 2048, 6))
    batch, seq = _pick(size, (2, 32), (2, 64), (2, 128))
    m = tf.T5Encoder(c=c, h=h, ff=ff, layers=n)
    ids, mask = tf.bert_inputs(batch, seq, 32128, 0, torch.Generator().manual_seed(7))
    return Case("t5_encoder", "language encoder", m, (ids, mask), "T5-small encoder, 2x128 tokens, padded mask")


def whisper_encoder(size):
    c, h, n, frames = _pick(size, (96, 3, 2, 200), (192, 3, 2, 600), (384, 6, 4, 1000))
    m = tf.WhisperEncoder(c=c, h=h, layers=n, frames=frames)
    mel = torch.randn(1, 80, frames, generator=torch.Generator().manual_seed(8))
    return Case("whisper_encoder", "audio encoder", m, (mel,), "Whisper-tiny encoder, 80x1000 frames")


def train_lm(size):
    c, h, n, vocab = _pick(size, (64, 2, 1, 1024), (128, 4, 2, 4096), (256, 4, 2, 8192))
    batch, seq = _pick(size, (2, 32), (4, 64), (8, 128))
    m = tf.TinyLM(vocab=vocab, c=c, h=h, layers=n, max_pos=seq)
    g = torch.Generator().manual_seed(9)
    ids = torch.randint(0, vocab, (batch, seq), generator=g)
    targets = torch.randint(0, vocab, (batch, seq), generator=g)
    return Case("train_lm", "training step", m, (ids, targets),
                "training step (forward, backward, SGD) of a 2-layer GPT-2 LM, d=256, 8x128 tokens",
                train=True)


MODELS = {f.__name__: f for f in (resnet18, mobilenetv3, efficientnet_b0, regnety_400mf, shufflenetv2,
                                  convnext_t, vit_b16, bert, roberta, gpt2, llama, t5_encoder,
                                  whisper_encoder, train_lm)}


def make(name, size):
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; the zoo has {', '.join(MODELS)}")
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; sizes: {', '.join(SIZES)}")
    torch.manual_seed(0)
    case = MODELS[name](size)
    _randomize_norms(case.model)
    if not case.train:
        case.model.eval()
    return case
