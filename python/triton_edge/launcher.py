"""From the arguments Triton passes to a launcher to the compiled kernel's
arguments (no Triton import: tested in the normal suite)."""
from __future__ import annotations

import re

_DESC = re.compile(r"tensordesc<([^[>]*)\[([^\]]*)\]")


class ArgPlan:
    """`signature`: the Triton signature types of the @triton.jit function's
    arguments, in order ('*fp32', 'i32', 'constexpr', 'tensordesc<fp32[16, 16]>', ...).
    Constexprs (and arguments Triton specialized to constexpr) are dropped;
    tensor descriptors are expanded the way Triton's rewrite of descriptors to
    pointers expects: base, shape (i64), strides (i64), one i1 per flag of
    `descriptor_flags` (padding-is-nan; Triton 3.9 adds round-f32-to-tf32:
    triton_edge.backend.compat.DESCRIPTOR_FLAGS), shape (i32), strides (i64)."""

    def __init__(self, signature, descriptor_flags=("padding_is_nan",)):
        self.signature = list(signature)
        self.descriptor_flags = tuple(descriptor_flags)
        self.kinds = []
        for ty in self.signature:
            if ty == "constexpr":
                self.kinds.append(("drop", 0))
            elif isinstance(ty, str) and ty.startswith("tensordesc"):
                m = _DESC.match(ty)
                ndim = m.group(2).count(",") + 1 if m else 0
                self.kinds.append(("desc", ndim))
            else:
                self.kinds.append(("pass", 0))

    def kernel_args(self, args):
        if len(args) != len(self.kinds):
            raise TypeError(f"the kernel signature has {len(self.kinds)} arguments, the launch passed {len(args)}")
        out = []
        for (kind, ndim), a in zip(self.kinds, args):
            if kind == "pass":
                out.append(a)
            elif kind == "desc":
                shape = [int(s) for s in a.shape]
                strides = [int(s) for s in a.strides]
                if len(shape) != ndim:
                    raise TypeError(f"tensor descriptor of rank {len(shape)}, kernel expects {ndim}")
                flags = [_descriptor_flag(a, f) for f in self.descriptor_flags]
                out += [a.base, *shape, *strides, *flags, *shape, *strides]
        return out


def _descriptor_flag(desc, flag):
    if flag == "padding_is_nan":
        return getattr(desc, "padding", "zero") == "nan"
    if flag == "round_f32_to_tf32":  # the CPU computes in IEEE f32 either way
        return bool(getattr(desc, "round_f32_to_tf32", False))
    raise ValueError(f"unknown tensor-descriptor flag {flag!r}")


# ---------------------------------------------------------------------------
# What the kernel's TTIR tells the launcher before it runs: the arguments the
# kernel may write (to refuse read-only buffers), the divisibility Triton
# specialized arguments on (to refuse misaligned pointers and scalars the
# compiled code would mishandle), and the elements that unmasked top-level
# loads/stores address for a given grid (to refuse too-small tensors).

_NAME = re.compile(r"%[A-Za-z0-9_$.\-]+")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_DEF = re.compile(r"^\s*(%[^=]*?)\s*=\s*\"?([A-Za-z_][\w.]*)\"?(.*)$")
_DIVISIBILITY = re.compile(r"tt\.divisibility\s*=\s*(\d+)")
_TERMINATORS = ("scf.yield", "scf.condition", "tt.reduce.return", "tt.scan.return")
_LINEAR_COPIES = ("tt.splat", "tt.broadcast", "tt.expand_dims", "arith.extsi", "arith.extui",
                  "arith.index_cast", "tt.reshape")


def _split_top(text: str):
    """Splits at commas outside (), <>, {}, [] (the arguments of tt.func)."""
    out, depth, cur = [], 0, []
    for ch in text:
        if ch in "(<{[":
            depth += 1
        elif ch in ")>}]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        out.append("".join(cur))
    return out


def _strip_locs(line: str) -> str:
    """The line without its loc(...) attributes (strings already blanked)."""
    while True:
        i = line.find("loc(")
        if i < 0 or (i and (line[i - 1].isalnum() or line[i - 1] == "_")):
            return line
        depth, j = 0, i + 3
        while j < len(line):
            depth += {"(": 1, ")": -1}.get(line[j], 0)
            j += 1
            if depth == 0:
                break
        line = line[:i] + line[j:]


def _uses(text: str):
    return [n.split("#")[0] for n in _NAME.findall(text)]


class KernelFacts:
    """Facts from a kernel's TTIR text. `written`: indices of the pointer
    arguments that a store or atomic may address (all pointer arguments when
    the text is beyond this reading); `divisibility[i]`: Triton's
    tt.divisibility of argument i (1 when none)."""

    def __init__(self, ttir: str):
        text = _STRING.sub('""', ttir)
        m = re.search(r"tt\.func\s+(?:public\s+)?@[\w$.]+\(", text)
        if not m:
            raise ValueError("no tt.func in the TTIR")
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        self.names, self.is_pointer, self.divisibility = [], [], []
        for a in _split_top(text[m.end():i - 1]):
            name = a.split(":")[0].strip()
            self.names.append(name)
            self.is_pointer.append("!tt.ptr" in a.split(":", 1)[1].split("{")[0])
            d = _DIVISIBILITY.search(a)
            self.divisibility.append(int(d.group(1)) if d else 1)
        body_start = text.index("\n", i) + 1
        self.lines = self._body(text[body_start:])
        pointers = {i for i, p in enumerate(self.is_pointer) if p}
        several = len(re.findall(r"\btt\.func\b", text)) > 1 or "tt.call" in text
        self.written = pointers if several else self._written() & pointers
        self.accesses = self._unmasked_accesses()

    @staticmethod
    def _body(text):
        """The function body's lines (with their region depth), up to its '}'."""
        out, depth = [], 0
        for line in text.splitlines():
            line = _strip_locs(line).rstrip()
            s = line.strip()
            if s.startswith("}"):
                if depth == 0:
                    break
                depth -= 1
            out.append((depth, s))
            if s.endswith("{") and not s.startswith("}"):
                depth += 1
            elif s.startswith("}") and s.endswith("{"):
                depth += 1
        return out

    def _written(self):
        origin = {n: {i} for i, n in enumerate(self.names) if self.is_pointer[i]}
        written = set()
        for _ in range(64):  # fixpoint over loops' carried values
            before = (sum(len(v) for v in origin.values()), len(written))
            frames = []
            for _, s in self.lines:
                used = set().union(*[origin.get(n, set()) for n in _uses(s)])
                m = _DEF.match(s)
                op = m.group(2) if m else s.split(" ")[0].strip('"(')
                if s.startswith("}"):
                    top = frames.pop() if frames else []
                    if s.endswith("{"):
                        frames.append(top)
                    continue
                if op.startswith(_TERMINATORS) and frames:
                    for n in frames[-1]:
                        origin.setdefault(n, set()).update(used)
                if "store" in op or "atomic" in op:
                    written |= used
                elif m and (op != "tt.load" or "!tt.ptr<!tt.ptr" in s):
                    for n in _uses(m.group(1)):
                        origin.setdefault(n, set()).update(used)
                if s.startswith("^"):  # block arguments: the region's values
                    for n in _uses(s):
                        origin.setdefault(n, set()).update(
                            set().union(*[origin.get(f, set()) for f in frames[-1]]) if frames else set())
                if s.endswith("{"):
                    frames.append(_uses(s))
                    if frames[-1]:
                        both = set().union(*[origin.get(n, set()) for n in frames[-1]])
                        for n in frames[-1]:
                            origin.setdefault(n, set()).update(both)
            if before == (sum(len(v) for v in origin.values()), len(written)):
                return written
        return set(range(len(self.names)))

    def _unmasked_accesses(self):
        """(argument index, SSA name of the pointer, 'load'/'store') of the
        unmasked loads and stores of the body's top level (they always run)."""
        out = []
        for depth, s in self.lines:
            if depth:
                continue
            m = _DEF.match(s)
            op, rest = (m.group(2), m.group(3)) if m else (s.split(" ")[0], s.split(" ", 1)[-1])
            operands = _uses(rest.split(" : ")[0])
            if op == "tt.load" and len(operands) == 1:
                out.append((operands[0], "load"))
            elif op == "tt.store" and len(operands) == 2:
                out.append((operands[0], "store"))
        return out

    def _top_defs(self):
        defs = {}
        for depth, s in self.lines:
            m = _DEF.match(s)
            if depth == 0 and m and ":" not in m.group(1):
                defs[m.group(1).strip()] = (m.group(2), m.group(3))
        return defs

    def extents(self, grid, scalars):
        """[(argument index, highest element index, 'load'/'store')] that the
        unmasked top-level accesses reach for `grid`, `scalars` being the
        launch's values by argument index. Offsets are followed through
        constants, program ids, make_range, scalar arguments and integer
        add/sub/mul (one side constant); an offset beyond that is not checked.
        Every bound given is reached by some program: program ids and ranges
        are independent, and a range used twice is counted once."""
        if not self.accesses or 0 in grid:
            return []
        if not hasattr(self, "_defs"):
            self._defs, self._memo = self._top_defs(), {}
        key = (tuple(grid), tuple(sorted(scalars.items())))
        if key not in self._memo:
            if len(self._memo) > 256:
                self._memo.clear()
            self._memo[key] = self._extents(grid, scalars)
        return self._memo[key]

    def _extents(self, grid, scalars):
        env = {}
        for i, n in enumerate(self.names):
            if self.is_pointer[i]:
                env[n] = ("ptr", i, (0, {}))
            elif isinstance(scalars.get(i), int):
                env[n] = (scalars[i], {})
        out = []
        for name, kind in self.accesses:
            v = self._linear(name, env, grid)
            if v is not None and v[0] == "ptr":
                const, terms = v[2]
                hi = const + sum(c * (b[1] if c > 0 else b[0]) for (_, b), c in terms.items())
                out.append((v[1], hi, kind))
        return out

    def _linear(self, name, env, grid, depth=0):
        """name -> (const, {(source, (lo, hi)): coeff}), ('ptr', arg, linear), or None."""
        if name in env:
            return env[name]
        env[name] = None  # cycles and unknown ops: unknown
        d = self._defs.get(name)
        if d is None or depth > 200:
            return None
        op, rest = d
        args = _uses(rest.split(" : ")[0])
        r = None
        if op == "arith.constant":
            c = re.match(r"\s*(?:dense<)?(-?\d+)>?\s*:\s*(?:tensor<[\dx]*)?i\d", rest)
            r = (int(c.group(1)), {}) if c else None
        elif op == "tt.get_program_id":
            axis = "xyz".index(rest.split()[0]) if rest.split() and rest.split()[0] in "xyz" else 0
            r = (0, {(("pid", axis), (0, grid[axis] - 1)): 1})
        elif op == "tt.make_range":
            b = re.search(r"end\s*=\s*(-?\d+).*start\s*=\s*(-?\d+)", rest)
            r = (0, {((name,), (int(b.group(2)), int(b.group(1)) - 1)): 1}) if b else None
        elif op in _LINEAR_COPIES and len(args) == 1:
            r = self._linear(args[0], env, grid, depth + 1)
        elif op in ("arith.addi", "arith.subi", "arith.muli", "tt.addptr") and len(args) == 2:
            a = self._linear(args[0], env, grid, depth + 1)
            b = self._linear(args[1], env, grid, depth + 1)
            r = _combine(op, a, b)
        env[name] = r
        return r


def _combine(op, a, b):
    if a is None or b is None:
        return None
    if op == "tt.addptr":
        return ("ptr", a[1], _combine("arith.addi", a[2], b)) if a[0] == "ptr" and b[0] != "ptr" \
            and _combine("arith.addi", a[2], b) else None
    if a[0] == "ptr" or b[0] == "ptr":
        return None
    if op == "arith.muli":
        if a[1] and b[1]:
            return None
        k, lin = (a[0], b) if not a[1] else (b[0], a)
        return (k * lin[0], {s: k * c for s, c in lin[1].items()})
    sign = -1 if op == "arith.subi" else 1
    terms = dict(a[1])
    for s, c in b[1].items():
        terms[s] = terms.get(s, 0) + sign * c
    return (a[0] + sign * b[0], {s: c for s, c in terms.items() if c})
