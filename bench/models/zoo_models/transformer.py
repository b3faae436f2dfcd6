"""Transformers of the zoo, written out in plain torch.nn: a vision
transformer, encoders (BERT, RoBERTa, T5, Whisper), decoders (GPT-2,
Llama-style) and the model of the training step. Attention is computed the
way each family's reference implementation does in its default (eager)
path: explicit softmax(QK^T)V where the mask or bias is part of the model
(BERT, RoBERTa, GPT-2, T5, Whisper) and scaled_dot_product_attention where the
reference calls it (ViT, Llama)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def heads(x, h):
    """(B, T, C) -> (B, h, T, C/h)."""
    b, t, c = x.shape
    return x.view(b, t, h, c // h).transpose(1, 2)


def merge(x):
    b, h, t, d = x.shape
    return x.transpose(1, 2).reshape(b, t, h * d)


class Attention(nn.Module):
    """Multi-head attention. `bias`: an additive (B or 1, h or 1, T, T) term
    (masks, relative position bias); `sdpa`: F.scaled_dot_product_attention."""

    def __init__(self, c, h, qkv_bias=True, sdpa=False, scale=True):
        super().__init__()
        self.h, self.sdpa = h, sdpa
        self.scale = 1.0 / math.sqrt(c // h) if scale else 1.0
        self.q = nn.Linear(c, c, bias=qkv_bias)
        self.k = nn.Linear(c, c, bias=qkv_bias)
        self.v = nn.Linear(c, c, bias=qkv_bias)
        self.o = nn.Linear(c, c, bias=qkv_bias)

    def forward(self, x, bias=None, causal=False):
        q, k, v = heads(self.q(x), self.h), heads(self.k(x), self.h), heads(self.v(x), self.h)
        if self.sdpa:
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=bias, is_causal=causal,
                                               scale=self.scale)
        else:
            s = (q @ k.transpose(-2, -1)) * self.scale
            if bias is not None:
                s = s + bias
            y = F.softmax(s, dim=-1) @ v
        return self.o(merge(y))


# -- ViT-B/16 (Dosovitskiy et al. 2021) ----------------------------------------

class ViTBlock(nn.Module):
    def __init__(self, c, h):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(c, eps=1e-6), nn.LayerNorm(c, eps=1e-6)
        self.attn = Attention(c, h, sdpa=True)
        self.fc1, self.fc2 = nn.Linear(c, 4 * c), nn.Linear(4 * c, c)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class ViT(nn.Module):
    def __init__(self, image=224, patch=16, c=768, h=12, layers=12, classes=1000):
        super().__init__()
        self.patch = nn.Conv2d(3, c, patch, patch)
        n = (image // patch) ** 2
        self.cls = nn.Parameter(torch.randn(1, 1, c) * 0.02)
        self.pos = nn.Parameter(torch.randn(1, n + 1, c) * 0.02)
        self.blocks = nn.ModuleList(ViTBlock(c, h) for _ in range(layers))
        self.ln = nn.LayerNorm(c, eps=1e-6)
        self.head = nn.Linear(c, classes)

    def forward(self, img):
        x = self.patch(img).flatten(2).transpose(1, 2)
        x = torch.cat((self.cls.expand(x.shape[0], -1, -1), x), 1) + self.pos
        for b in self.blocks:
            x = b(x)
        return self.head(self.ln(x[:, 0]))


# -- BERT (Devlin et al. 2019) and RoBERTa (Liu et al. 2019) -------------------

class PostLNLayer(nn.Module):
    """BERT's encoder layer: attention and MLP each followed by residual + LayerNorm."""

    def __init__(self, c, h, ff):
        super().__init__()
        self.attn = Attention(c, h)
        self.ln1, self.ln2 = nn.LayerNorm(c, eps=1e-12), nn.LayerNorm(c, eps=1e-12)
        self.fc1, self.fc2 = nn.Linear(c, ff), nn.Linear(ff, c)

    def forward(self, x, bias):
        x = self.ln1(x + self.attn(x, bias))
        return self.ln2(x + self.fc2(F.gelu(self.fc1(x))))


class BertEncoder(nn.Module):
    """`roberta`: RoBERTa's embeddings (position ids counted from the padding
    mask with a cumulative sum, offset by the padding id; one token type) and
    its larger vocabulary; the layers are BERT's."""

    def __init__(self, vocab=30522, c=768, h=12, ff=3072, layers=12, max_pos=512,
                 roberta=False):
        super().__init__()
        self.roberta, self.pad = roberta, 1
        self.word = nn.Embedding(vocab, c)
        self.pos = nn.Embedding(max_pos + (2 if roberta else 0), c)
        self.token_type = nn.Embedding(1 if roberta else 2, c)
        self.ln = nn.LayerNorm(c, eps=1e-12)
        self.layers = nn.ModuleList(PostLNLayer(c, h, ff) for _ in range(layers))
        self.pool = nn.Linear(c, c)

    def forward(self, ids, mask):
        if self.roberta:
            used = ids.ne(self.pad).int()
            pos = (torch.cumsum(used, dim=1).type_as(used) * used).long() + self.pad
            types = torch.zeros_like(ids)
        else:
            pos = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
            types = (torch.arange(ids.shape[1], device=ids.device) >= ids.shape[1] // 2).long()
        x = self.ln(self.word(ids) + self.pos(pos) + self.token_type(types))
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * torch.finfo(x.dtype).min
        for layer in self.layers:
            x = layer(x, bias)
        return x, torch.tanh(self.pool(x[:, 0]))


def bert_inputs(batch, seq, vocab, pad_id, generator):
    """Token ids and an attention mask whose last quarter of each row but the
    first is padding (so the mask matters)."""
    ids = torch.randint(3, vocab, (batch, seq), generator=generator)
    mask = torch.ones(batch, seq, dtype=torch.long)
    for b in range(1, batch):
        mask[b, seq - seq // 4:] = 0
    ids = torch.where(mask.bool(), ids, torch.full_like(ids, pad_id))
    return ids, mask


# -- GPT-2 (Radford et al. 2019) -----------------------------------------------

class GPT2Block(nn.Module):
    def __init__(self, c, h):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(c), nn.LayerNorm(c)
        self.attn = Attention(c, h)
        self.fc1, self.fc2 = nn.Linear(c, 4 * c), nn.Linear(4 * c, c)

    def forward(self, x, bias):
        x = x + self.attn(self.ln1(x), bias)
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))


class GPT2(nn.Module):
    def __init__(self, vocab=50257, c=768, h=12, layers=12, max_pos=1024):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(vocab, c), nn.Embedding(max_pos, c)
        self.blocks = nn.ModuleList(GPT2Block(c, h) for _ in range(layers))
        self.ln = nn.LayerNorm(c)
        # GPT-2's initialization of the embeddings (the LM head is tied to
        # wte): N(0, 1) would give logits in the hundreds.
        nn.init.normal_(self.wte.weight, std=0.02)
        nn.init.normal_(self.wpe.weight, std=0.01)

    def forward(self, ids):
        t = ids.shape[1]
        x = self.wte(ids) + self.wpe(torch.arange(t, device=ids.device))
        causal = torch.ones(t, t, dtype=torch.bool, device=ids.device).tril()
        bias = torch.zeros(t, t, dtype=x.dtype, device=ids.device).masked_fill(~causal, float("-inf"))
        for b in self.blocks:
            x = b(x, bias)
        return self.ln(x) @ self.wte.weight.t()  # tied LM head


# -- Llama-style decoder (Touvron et al. 2023): RMSNorm, rotary, GQA, SwiGLU ---

class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.rand(d) + 0.5)

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    a, b = x.chunk(2, dim=-1)
    return torch.cat((-b, a), dim=-1)


class LlamaBlock(nn.Module):
    def __init__(self, c, h, kv_heads, ff):
        super().__init__()
        self.h, self.kv, self.d = h, kv_heads, c // h
        self.norm1, self.norm2 = RMSNorm(c), RMSNorm(c)
        self.q = nn.Linear(c, c, bias=False)
        self.k = nn.Linear(c, kv_heads * self.d, bias=False)
        self.v = nn.Linear(c, kv_heads * self.d, bias=False)
        self.o = nn.Linear(c, c, bias=False)
        self.gate = nn.Linear(c, ff, bias=False)
        self.up = nn.Linear(c, ff, bias=False)
        self.down = nn.Linear(ff, c, bias=False)

    def forward(self, x, cos, sin):
        b, t, c = x.shape
        y = self.norm1(x)
        q = self.q(y).view(b, t, self.h, self.d).transpose(1, 2)
        k = self.k(y).view(b, t, self.kv, self.d).transpose(1, 2)
        v = self.v(y).view(b, t, self.kv, self.d).transpose(1, 2)
        q, k = q * cos + rotate_half(q) * sin, k * cos + rotate_half(k) * sin
        rep = self.h // self.kv
        k, v = k.repeat_interleave(rep, dim=1), v.repeat_interleave(rep, dim=1)
        a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.o(merge(a))
        y = self.norm2(x)
        return x + self.down(F.silu(self.gate(y)) * self.up(y))


class Llama(nn.Module):
    def __init__(self, vocab=32000, c=2048, h=32, kv_heads=4, ff=5632, layers=22,
                 theta=10000.0):
        super().__init__()
        self.embed = nn.Embedding(vocab, c)
        self.blocks = nn.ModuleList(LlamaBlock(c, h, kv_heads, ff) for _ in range(layers))
        self.norm = RMSNorm(c)
        self.head = nn.Linear(c, vocab, bias=False)
        d = c // h
        self.register_buffer("inv_freq", 1.0 / theta ** (torch.arange(0, d, 2).float() / d),
                             persistent=False)

    def forward(self, ids):
        t = ids.shape[1]
        f = torch.outer(torch.arange(t, device=ids.device, dtype=torch.float32), self.inv_freq)
        emb = torch.cat((f, f), dim=-1)
        cos, sin = emb.cos(), emb.sin()
        x = self.embed(ids)
        for b in self.blocks:
            x = b(x, cos, sin)
        return self.head(self.norm(x))


# -- T5 encoder (Raffel et al. 2020): RMS LayerNorm, relative position buckets --

class T5Encoder(nn.Module):
    def __init__(self, vocab=32128, c=512, h=8, ff=2048, layers=6, buckets=32, max_dist=128):
        super().__init__()
        self.h, self.buckets, self.max_dist = h, buckets, max_dist
        self.embed = nn.Embedding(vocab, c)
        self.rel = nn.Embedding(buckets, h)
        self.norms1 = nn.ModuleList(RMSNorm(c) for _ in range(layers))
        self.norms2 = nn.ModuleList(RMSNorm(c) for _ in range(layers))
        # T5 folds 1/sqrt(d) into its initialization, not into the attention.
        self.attn = nn.ModuleList(Attention(c, h, qkv_bias=False, scale=False)
                                  for _ in range(layers))
        self.wi = nn.ModuleList(nn.Linear(c, ff, bias=False) for _ in range(layers))
        self.wo = nn.ModuleList(nn.Linear(ff, c, bias=False) for _ in range(layers))
        self.norm = RMSNorm(c)

    def bucket(self, rel):
        """Bidirectional relative position buckets: exact below half of each
        direction's buckets, logarithmic up to max_dist."""
        n = self.buckets // 2
        out = (rel > 0).long() * n
        rel = rel.abs()
        exact = n // 2
        big = exact + (torch.log(rel.float().clamp(min=1) / exact)
                       / math.log(self.max_dist / exact) * (n - exact)).long()
        big = torch.minimum(big, torch.full_like(big, n - 1))
        return out + torch.where(rel < exact, rel, big)

    def forward(self, ids, mask):
        t = ids.shape[1]
        pos = torch.arange(t, device=ids.device)
        bias = self.rel(self.bucket(pos[None, :] - pos[:, None])).permute(2, 0, 1)[None]
        bias = bias + (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        x = self.embed(ids)
        for n1, at, n2, wi, wo in zip(self.norms1, self.attn, self.norms2, self.wi, self.wo):
            x = x + at(n1(x), bias)
            x = x + wo(F.relu(wi(n2(x))))
        return self.norm(x)


# -- Whisper encoder (Radford et al. 2022): conv stem, sinusoids, pre-LN -------

class WhisperEncoder(nn.Module):
    def __init__(self, mels=80, frames=3000, c=512, h=8, layers=6):
        super().__init__()
        self.conv1 = nn.Conv1d(mels, c, 3, padding=1)
        self.conv2 = nn.Conv1d(c, c, 3, stride=2, padding=1)
        t = frames // 2
        inv = torch.exp(-math.log(10000) / (c // 2 - 1) * torch.arange(c // 2))
        ang = torch.arange(t)[:, None] * inv[None, :]
        self.register_buffer("pos", torch.cat((ang.sin(), ang.cos()), 1), persistent=False)
        self.blocks = nn.ModuleList(ViTBlock(c, h) for _ in range(layers))
        for b in self.blocks:
            b.attn.sdpa = False
            b.ln1.eps = b.ln2.eps = 1e-5
        self.ln = nn.LayerNorm(c)

    def forward(self, mel):
        x = F.gelu(self.conv2(F.gelu(self.conv1(mel)))).transpose(1, 2) + self.pos
        for b in self.blocks:
            x = b(x)
        return self.ln(x)


# -- the training step's model: a small GPT-2 language model -------------------

class TinyLM(nn.Module):
    def __init__(self, vocab=8192, c=256, h=4, layers=2, max_pos=256):
        super().__init__()
        self.gpt = GPT2(vocab, c, h, layers, max_pos)

    def forward(self, ids, targets):
        logits = self.gpt(ids)
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten())
