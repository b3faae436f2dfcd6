"""Generates the big inputs of the reliability tests (too large to commit).

  gen_inputs.py chain N OUT.ttir       a valid kernel: N chained arith.addf
  gen_inputs.py addptr-chain N OUT.ttir  N chained scalar tt.addptr feeding a load
  gen_inputs.py addptr-tensor-chain N OUT.ttir   the same and N tensor tt.addptr
  gen_inputs.py int-chain N OUT.ttir   N chained scalar arith.addi/muli feeding a
                                       pointer offset
  gen_inputs.py broadcast-chain N OUT.ttir  N chained tt.broadcast (1x16 -> 1x16),
                                       every other one through an addf
  gen_inputs.py select-chain N OUT.ttir     N chained arith.select
  gen_inputs.py mask-chain N OUT.ttir  a store mask of N chained arith.andi
  gen_inputs.py mixed-chain N OUT.ttir N links alternating tensor tt.addptr and a
                                       same-shape tt.broadcast of the pointers
  gen_inputs.py nest-if N OUT.ttir     N nested scf.if around a store
  gen_inputs.py nest-for N OUT.ttir    N nested scf.for carrying a block
  gen_inputs.py nest-attr N OUT.ttir   an attribute nested N deep ([[[...]]])
  gen_inputs.py nest-module N OUT.ttir N nested `module {`
  gen_inputs.py nest-loc N OUT.ttir    a location nested N deep (loc(fused[...]))
  gen_inputs.py nest-json N OUT.json   a JSON array nested N deep
  gen_inputs.py nest-case N FILE       kernel.json FILE with an N-deep field
  gen_inputs.py big N OUT.json         a profile padded past N bytes
"""
import json
import sys

HEAD = ("module {\n  tt.func public @k(%x: !tt.ptr<f32> {tt.divisibility = 16 : i32}, "
        "%y: !tt.ptr<f32> {tt.divisibility = 16 : i32}) {\n")
TAIL = "    tt.return\n  }\n}\n"


def chain(n):
    out = [HEAD,
           "    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>\n",
           "    %xs = tt.splat %x : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
           "    %xp = tt.addptr %xs, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
           "    %v0 = tt.load %xp : tensor<16x!tt.ptr<f32>>\n"]
    for i in range(1, n + 1):
        out.append(f"    %v{i} = arith.addf %v{i-1}, %v0 : tensor<16xf32>\n")
    out += ["    %ys = tt.splat %y : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
            "    %yp = tt.addptr %ys, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
            f"    tt.store %yp, %v{n} : tensor<16x!tt.ptr<f32>>\n", TAIL]
    return "".join(out)


def addptr_chain(n, tensor_links):
    out = [HEAD,
           "    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>\n",
           "    %pid = tt.get_program_id x : i32\n",
           "    %s0 = tt.addptr %x, %pid : !tt.ptr<f32>, i32\n"]
    # A non-constant offset: an addptr of 0 folds away, link by link.
    for i in range(1, n + 1):
        out.append(f"    %s{i} = tt.addptr %s{i-1}, %pid : !tt.ptr<f32>, i32\n")
    out += [f"    %t{n} = tt.splat %s{n} : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
            "    %pids = tt.splat %pid : i32 -> tensor<16xi32>\n"]
    # Tensor links add the program id too: a constant 0 would fold link by
    # link after the conversion, and the greedy rewriter rechecks the whole
    # enclosing loop after each fold (quadratic, upstream).
    for i in range(n + 1, n + tensor_links + 1):
        out.append(f"    %t{i} = tt.addptr %t{i-1}, %pids : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n")
    out += [f"    %xp = tt.addptr %t{n + tensor_links}, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
            "    %v = tt.load %xp : tensor<16x!tt.ptr<f32>>\n",
            "    %ys = tt.splat %y : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
            "    %yp = tt.addptr %ys, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
            "    tt.store %yp, %v : tensor<16x!tt.ptr<f32>>\n", TAIL]
    return "".join(out)


def int_chain(n):
    # Offsets stay multiples of 16 (pid * 16 added up), every other link
    # uses the previous one twice (a walk without a memo is exponential).
    # Nothing folds: canonicalization would otherwise rewrite the chain
    # link by link (quadratic in MLIR's greedy driver).
    out = [HEAD,
           "    %pid = tt.get_program_id x : i32\n",
           "    %c16 = arith.constant 16 : i32\n",
           "    %o0 = arith.muli %pid, %c16 : i32\n"]
    for i in range(1, n + 1):
        other = f"%o{i-1}" if i % 2 else "%o0"
        out.append(f"    %o{i} = arith.addi %o{i-1}, {other} : i32\n")
    out += ["    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>\n",
            f"    %os = tt.splat %o{n} : i32 -> tensor<16xi32>\n",
            "    %off = arith.addi %os, %r : tensor<16xi32>\n",
            "    %xs = tt.splat %x : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
            "    %xp = tt.addptr %xs, %off : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
            "    %v = tt.load %xp : tensor<16x!tt.ptr<f32>>\n",
            "    %ys = tt.splat %y : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
            "    %yp = tt.addptr %ys, %off : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
            "    tt.store %yp, %v : tensor<16x!tt.ptr<f32>>\n", TAIL]
    return "".join(out)


def load_store(body, value, mask=None):
    """A kernel: %v0 = x[r] (16 lanes), BODY, y[r] = VALUE."""
    m = f", {mask}" if mask else ""
    return "".join([HEAD,
                    "    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>\n",
                    "    %xs = tt.splat %x : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
                    "    %xp = tt.addptr %xs, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
                    "    %v0 = tt.load %xp : tensor<16x!tt.ptr<f32>>\n"] + body +
                   ["    %ys = tt.splat %y : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
                    "    %yp = tt.addptr %ys, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
                    f"    tt.store %yp, {value}{m} : tensor<16x!tt.ptr<f32>>\n", TAIL])


def broadcast_chain(n):
    body = ["    %b0 = tt.expand_dims %v0 {axis = 0 : i32} : tensor<16xf32> -> tensor<1x16xf32>\n"]
    for i in range(1, n + 1):
        if i % 2:
            body.append(f"    %b{i} = tt.broadcast %b{i-1} : tensor<1x16xf32> -> tensor<1x16xf32>\n")
        else:
            body.append(f"    %b{i} = arith.addf %b{i-1}, %b{i-1} : tensor<1x16xf32>\n")
    body.append(f"    %out = tt.reshape %b{n} : tensor<1x16xf32> -> tensor<16xf32>\n")
    return load_store(body, "%out")


def select_chain(n):
    body = ["    %half = arith.constant dense<5.0e-01> : tensor<16xf32>\n",
            "    %c = arith.cmpf ogt, %v0, %half : tensor<16xf32>\n",
            "    %s0 = arith.addf %v0, %half : tensor<16xf32>\n"]
    for i in range(1, n + 1):
        body.append(f"    %s{i} = arith.select %c, %s{i-1}, %v0 : tensor<16xi1>, tensor<16xf32>\n")
    return load_store(body, f"%s{n}")


def mask_chain(n):
    # m_i = m_(i-1) & (r < 16 + i): no link folds (x & x, or a conjunct
    # repeated, would, link by link, and MLIR's greedy rewriter rechecks the
    # enclosing loop after each fold: quadratic).
    body = ["    %c16 = arith.constant dense<16> : tensor<16xi32>\n",
            "    %m0 = arith.cmpi slt, %r, %c16 : tensor<16xi32>\n"]
    for i in range(1, n + 1):
        body += [f"    %b{i} = arith.constant dense<{16 + i}> : tensor<16xi32>\n",
                 f"    %k{i} = arith.cmpi slt, %r, %b{i} : tensor<16xi32>\n",
                 f"    %m{i} = arith.andi %m{i-1}, %k{i} : tensor<16xi1>\n"]
    return load_store(body, "%v0", mask=f"%m{n}")


def mixed_chain(n):
    body = ["    %ps0 = tt.splat %x : !tt.ptr<f32> -> tensor<1x16x!tt.ptr<f32>>\n",
            "    %r2 = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>\n",
            "    %pid = tt.get_program_id x : i32\n",
            "    %pids = tt.splat %pid : i32 -> tensor<1x16xi32>\n"]
    for i in range(1, n + 1):
        if i % 2:
            body.append(f"    %ps{i} = tt.addptr %ps{i-1}, %pids : tensor<1x16x!tt.ptr<f32>>, tensor<1x16xi32>\n")
        else:
            body.append(f"    %ps{i} = tt.broadcast %ps{i-1} : tensor<1x16x!tt.ptr<f32>> -> tensor<1x16x!tt.ptr<f32>>\n")
    body += [f"    %pl = tt.addptr %ps{n}, %r2 : tensor<1x16x!tt.ptr<f32>>, tensor<1x16xi32>\n",
             "    %l2 = tt.load %pl : tensor<1x16x!tt.ptr<f32>>\n",
             "    %out = tt.reshape %l2 : tensor<1x16xf32> -> tensor<16xf32>\n"]
    return load_store(body, "%out")


def nest_if(n):
    body = ["    %true = arith.constant true\n"]
    body += ["    scf.if %true {\n" for i in range(n)]
    body += ["    %w = arith.addf %v0, %v0 : tensor<16xf32>\n",
             "    %ys = tt.splat %y : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n",
             "    %yp = tt.addptr %ys, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n",
             "    tt.store %yp, %w : tensor<16x!tt.ptr<f32>>\n"]
    body += ["    }\n"] * n
    return load_store(body, "%v0")


def nest_for(n):
    body = ["    %c0 = arith.constant 0 : i32\n", "    %c1 = arith.constant 1 : i32\n"]
    for i in range(n):
        prev = "%v0" if i == 0 else f"%a{i-1}"
        body.append(f"    %f{i} = scf.for %i{i} = %c0 to %c1 step %c1 iter_args(%a{i} = {prev}) "
                    "-> (tensor<16xf32>) : i32 {\n")
    body.append(f"    %w = arith.addf %a{n-1}, %a{n-1} : tensor<16xf32>\n")
    body.append("    scf.yield %w : tensor<16xf32>\n")
    for i in reversed(range(n)):
        inner = "%w" if i == n - 1 else f"%f{i+1}"
        if i != n - 1:
            body.append(f"    scf.yield {inner} : tensor<16xf32>\n")
        body.append("    }\n")
    return load_store(body, "%f0")


def main():
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "chain":
        text = chain(n)
    elif kind == "addptr-chain":
        text = addptr_chain(n, 0)
    elif kind == "addptr-tensor-chain":
        text = addptr_chain(n, n)
    elif kind == "int-chain":
        text = int_chain(n)
    elif kind == "broadcast-chain":
        text = broadcast_chain(n)
    elif kind == "select-chain":
        text = select_chain(n)
    elif kind == "mask-chain":
        text = mask_chain(n)
    elif kind == "mixed-chain":
        text = mixed_chain(n)
    elif kind == "nest-if":
        text = nest_if(n)
    elif kind == "nest-for":
        text = nest_for(n)
    elif kind == "nest-attr":
        text = HEAD[:HEAD.rindex("{")] + "attributes {deep = " + "[" * n + "]" * n + "} {\n" + TAIL
    elif kind == "nest-module":
        text = "module {\n" * n + "}\n" * n
    elif kind == "nest-loc":
        text = HEAD + "    tt.return loc(" + "fused[" * n + '"a":1:1' + "]" * n + ")\n  }\n}\n"
    elif kind == "nest-json":
        text = "[" * n + "]" * n
    elif kind == "nest-case":
        with open(path) as f:
            case = f.read()
        text = case.replace("{", '{"deep": ' + "[" * n + "]" * n + ",", 1)
    elif kind == "big":
        text = json.dumps({"name": "big", "description": "x" * n})
    else:
        sys.exit(f"unknown kind {kind}")
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
