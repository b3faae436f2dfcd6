#!/usr/bin/env python3
"""Rewrites the string-keyed te.* attributes of loop-level MLIR printed before
the te dialect existed into the dialect's syntax, leaving everything else
byte for byte: compare-emit-loops.sh uses it to show that moving to typed
attributes changed nothing but their spelling.

  te.kernel = "k", te.arg_types = [...], te.arg_names = [...]
      -> te.kernel = #te.kernel<"k", [...], [...]>
  te.bytes_per_program = B : f64, te.ops_per_program = N : f64
      -> te.program_cost = #te.program_cost<bytes = B, ops = N>
  te.double_buffered = 1 : i32 (2 : i32)
      -> te.double_buffered = #te.double_buffering<dma> (<prefetch>)
  te.program_split = K : i32 (on the function)
      -> te.max_program_split = K : i32

Text already in the dialect's syntax passes unchanged. Reads stdin, writes
stdout.
"""
import re
import sys

CLOSE = {"[": "]", "<": ">", "(": ")", "{": "}"}


def brackets(text, start=0):
    """Yields (index, char, depth) for each bracket or comma of text from
    start, outside strings and '->' arrows; depth counts the brackets open
    after the character (a closing one already popped)."""
    depth, i, quoted = [], start, False
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\":
                i += 1
            elif c == '"':
                quoted = False
        elif c == '"':
            quoted = True
        elif c in CLOSE:
            depth.append(CLOSE[c])
            yield i, c, len(depth)
        elif c == "-" and text[i + 1:i + 2] == ">":
            i += 1  # the arrow of a function type, not a bracket
        elif depth and c == depth[-1]:
            depth.pop()
            yield i, c, len(depth)
        elif c == ",":
            yield i, c, len(depth)
        i += 1


def split_top_level(text):
    """Splits a dictionary body at the commas outside brackets and strings."""
    parts, start = [], 0
    for i, c, depth in brackets(text):
        if c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def dictionary_end(line, open_at):
    """The index of the '}' closing the dictionary opened at open_at."""
    for i, c, depth in brackets(line, open_at):
        if c not in CLOSE and c != "," and depth == 0:
            return i
    return -1


def convert(entries):
    attrs = {}
    order = []
    for e in entries:
        key, _, value = e.partition(" = ")
        attrs[key] = value if _ else None
        order.append(key)
    if "te.arg_types" not in attrs and "te.bytes_per_program" not in attrs and \
            not re.fullmatch(r"\d+ : i32", attrs.get("te.double_buffered") or "") and \
            "te.program_split" not in attrs:
        return None
    out = {k: v for k, v in attrs.items()}
    if "te.arg_types" in out:
        name = out.pop("te.kernel")
        out["te.kernel"] = "#te.kernel<%s, %s, %s>" % (
            name, out.pop("te.arg_types"), out.pop("te.arg_names"))
    if "te.bytes_per_program" in out:
        strip = lambda v: v.removesuffix(" : f64")
        out["te.program_cost"] = "#te.program_cost<bytes = %s, ops = %s>" % (
            strip(out.pop("te.bytes_per_program")), strip(out.pop("te.ops_per_program")))
    db = out.get("te.double_buffered")
    if db and re.fullmatch(r"\d+ : i32", db):
        out["te.double_buffered"] = "#te.double_buffering<%s>" % (
            {"1": "dma", "2": "prefetch"}[db.split()[0]])
    if "te.program_split" in out:
        out["te.max_program_split"] = out.pop("te.program_split")
    # The printer sorts a dictionary by name.
    return ", ".join(k if out[k] is None else "%s = %s" % (k, out[k]) for k in sorted(out))


def rewrite(line):
    marker = " attributes {"
    at = line.find(marker)
    if not line.lstrip().startswith("func.func") or at < 0:
        return line
    open_at = at + len(marker) - 1
    end = dictionary_end(line, open_at)
    if end < 0:
        return line
    converted = convert(split_top_level(line[open_at + 1:end]))
    if converted is None:
        return line
    return line[:open_at + 1] + converted + line[end:]


for text in sys.stdin:
    sys.stdout.write(rewrite(text))
