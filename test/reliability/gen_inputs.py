"""Generates the big inputs of the reliability tests (too large to commit).

  gen_inputs.py chain N OUT.ttir       a valid kernel: N chained arith.addf
  gen_inputs.py addptr-chain N OUT.ttir  N chained scalar tt.addptr feeding a load
  gen_inputs.py addptr-tensor-chain N OUT.ttir   the same and N tensor tt.addptr
  gen_inputs.py int-chain N OUT.ttir   N chained scalar arith.addi/muli feeding a
                                       pointer offset
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
           "    %z = arith.constant dense<0> : tensor<16xi32>\n",
           "    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>\n",
           "    %pid = tt.get_program_id x : i32\n",
           "    %s0 = tt.addptr %x, %pid : !tt.ptr<f32>, i32\n"]
    # A non-constant offset: an addptr of 0 folds away, link by link.
    for i in range(1, n + 1):
        out.append(f"    %s{i} = tt.addptr %s{i-1}, %pid : !tt.ptr<f32>, i32\n")
    out += [f"    %t{n} = tt.splat %s{n} : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>\n"]
    for i in range(n + 1, n + tensor_links + 1):
        out.append(f"    %t{i} = tt.addptr %t{i-1}, %z : tensor<16x!tt.ptr<f32>>, tensor<16xi32>\n")
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
