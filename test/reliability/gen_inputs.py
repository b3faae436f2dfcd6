"""Generates the big inputs of the reliability tests (too large to commit).

  gen_inputs.py chain N OUT.ttir       a valid kernel: N chained arith.addf
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


def main():
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if kind == "chain":
        text = chain(n)
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
