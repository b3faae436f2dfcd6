#!/usr/bin/env python3
"""Fails when a source file is over --max-file lines or a function over
--max-function lines, listing each offender as path:line: what.

C and C++ functions are found by brace matching: a body is a `{` at
namespace, class or file scope that follows a parenthesised parameter list
(not `if`/`for`/`while`/`switch`/`catch`, not an initializer); it counts
from its signature's first line to its closing brace, lambdas and local
classes included. Python functions (and methods, nested ones too) come
from the ast module. Usage: check-sizes.py [--max-file N] [--max-function
N] PATH... (directories are walked for .c .cc .cpp .h .hpp .py files)."""
import argparse
import ast
import os
import re
import sys

CXX_SUFFIXES = (".c", ".cc", ".cpp", ".h", ".hpp")
CONTROL = re.compile(r"\b(if|for|while|switch|catch|return)\s*\($")
CONTAINER = re.compile(r"\b(namespace|class|struct|union|enum)\b[^()]*$|\bextern\s+\"C\"\s*$")


def strip_cxx(text):
    """Comments, string and character literals blanked; newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j, n - 1) - i + 1))
            i = j + 1
        elif c == "#" and (i == 0 or text[i - 1] == "\n"):  # preprocessor line, continuations too
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] != "\\":
                    break
                j = k + 1
            out.append(re.sub(r"[^\n]", " ", text[i:k]))
            i = k
        else:
            out.append(c)
            i += 1
    return "".join(out)


def cxx_functions(text):
    """(name, first line, lines) of every function body at namespace, class or file scope."""
    code = strip_cxx(text)
    found = []
    stack = []  # per open brace: "container", "function" or "other"
    head_start = 0  # where the text before the next brace starts
    for i, c in enumerate(code):
        if c in ";":
            if not stack or stack[-1] == "container":
                head_start = i + 1
        elif c == "{":
            head = code[head_start:i]
            outer = all(k == "container" for k in stack)
            kind = "other"
            flat = " ".join(head.split())
            if outer and CONTAINER.search(flat) and "(" not in flat.split("=")[0][-1:]:
                kind = "container" if not re.search(r"\)\s*$", flat) else "other"
            if outer and kind == "other":
                sig = re.sub(r"\s*(const|override|final|noexcept(\([^)]*\))?|mutable|->\s*[\w:<>,\s*&]+)\s*$", "", flat)
                sig = re.sub(r"\)\s*:\s*.*$", ")", sig) if ") :" in sig or "):" in sig else sig
                while True:
                    s2 = re.sub(r"\s*(const|override|final|noexcept|&&|&)\s*$", "", sig)
                    if s2 == sig:
                        break
                    sig = s2
                if sig.endswith(")") and not CONTROL.search(sig[: sig.find("(") + 1] if "(" in sig else sig) \
                        and not re.search(r"=\s*[^=]*$", sig.split("(")[0]):
                    kind = "function"
                    name = re.findall(r"([~\w:<>]+)\s*\(", sig)
                    start = head_start + len(head) - len(head.lstrip())
                    found.append([name[0] if name else "?", code.count("\n", 0, start) + 1, i])
                elif CONTAINER.search(flat) or flat == "" and not stack:
                    kind = "container"
            stack.append(kind)
            head_start = i + 1
        elif c == "}":
            kind = stack.pop() if stack else "other"
            if kind == "function" and all(k == "container" for k in stack):
                f = found[-1]
                f[2] = code.count("\n", 0, i) + 1 - f[1] + 1
            if not stack or stack[-1] == "container":
                head_start = i + 1
    return [tuple(f) for f in found]


def python_functions(text, path):
    tree = ast.parse(text, filename=path)
    return [(node.name, node.lineno, node.end_lineno - node.lineno + 1)
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def files_under(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, names in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(names):
                if name.endswith(CXX_SUFFIXES + (".py",)):
                    yield os.path.join(root, name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-file", type=int, default=800)
    ap.add_argument("--max-function", type=int, default=100)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    offenders = 0
    for path in files_under(args.paths):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        lines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        if lines > args.max_file:
            print(f"{path}:1: file of {lines} lines (limit {args.max_file})")
            offenders += 1
        try:
            funcs = python_functions(text, path) if path.endswith(".py") else cxx_functions(text)
        except SyntaxError as e:
            print(f"{path}:{e.lineno}: cannot parse: {e.msg}")
            offenders += 1
            continue
        for name, line, count in funcs:
            if count > args.max_function:
                print(f"{path}:{line}: function {name} of {count} lines (limit {args.max_function})")
                offenders += 1
    if offenders:
        print(f"{offenders} over the limits", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
