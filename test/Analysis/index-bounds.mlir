// IndexBounds: the exclusive upper bounds a kernel's asserts state for the
// values it loads from its integer arguments (Inductor's
// `tl.device_assert((0 <= tmp) & (tmp < N))` on indirect indices), which
// `run` and `check` use to generate inputs that pass them.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --test-print-index-bounds

// Inductor's embedding guard: tmp = idx + (idx < 0) * 512.
// expected-remark @below {{index bounds: argument 0 < 512;}}
tt.func @embedding(%idx: !tt.ptr<i64>, %table: !tt.ptr<f32>) {
  %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  %p = tt.splat %idx : !tt.ptr<i64> -> tensor<16x!tt.ptr<i64>>
  %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<i64>>, tensor<16xi32>
  %x = tt.load %pi : tensor<16x!tt.ptr<i64>>
  %c0 = arith.constant dense<0> : tensor<16xi64>
  %c512 = arith.constant dense<512> : tensor<16xi64>
  %neg = arith.cmpi slt, %x, %c0 : tensor<16xi64>
  %wrap = arith.addi %x, %c512 : tensor<16xi64>
  %tmp = arith.select %neg, %wrap, %x : tensor<16xi1>, tensor<16xi64>
  %lo = arith.cmpi sle, %c0, %tmp : tensor<16xi64>
  %hi = arith.cmpi slt, %tmp, %c512 : tensor<16xi64>
  %ok = arith.andi %lo, %hi : tensor<16xi1>
  tt.assert %ok, "index out of bounds: 0 <= tmp < 512" : tensor<16xi1>
  tt.return
}

// -----

// Two asserts on one argument: the smaller bound; unsigned compares count;
// a second argument gets its own bound.
// expected-remark @below {{index bounds: argument 0 < 64; argument 2 < 7;}}
tt.func @two(%i: !tt.ptr<i32>, %data: !tt.ptr<f32>, %j: !tt.ptr<i32>) {
  %x = tt.load %i : !tt.ptr<i32>
  %y = tt.load %j : !tt.ptr<i32>
  %c100 = arith.constant 100 : i32
  %c64 = arith.constant 64 : i32
  %c7 = arith.constant 7 : i32
  %a = arith.cmpi slt, %x, %c100 : i32
  tt.assert %a, "x < 100" : i1
  %b = arith.cmpi ult, %x, %c64 : i32
  tt.assert %b, "x < 64" : i1
  %y2 = arith.muli %y, %y : i32
  %c = arith.cmpi slt, %y2, %c7 : i32
  tt.assert %c, "y * y < 7" : i1
  tt.return
}

// -----

// Not a bound: a float argument's values, a compare not with a positive
// constant, a compare that is not `<`, a compare outside any assert, and
// an integer computed from no load.
// expected-remark @below {{index bounds: none}}
tt.func @not_bounds(%f: !tt.ptr<f32>, %i: !tt.ptr<i32>, %n: i32) {
  %x = tt.load %f : !tt.ptr<f32>
  %xi = arith.fptosi %x : f32 to i32
  %c10 = arith.constant 10 : i32
  %c0 = arith.constant 0 : i32
  %a = arith.cmpi slt, %xi, %c10 : i32
  tt.assert %a, "float index" : i1
  %y = tt.load %i : !tt.ptr<i32>
  %b = arith.cmpi slt, %y, %n : i32
  tt.assert %b, "y < n" : i1
  %c = arith.cmpi sle, %y, %c10 : i32
  tt.assert %c, "y <= 10" : i1
  %d = arith.cmpi slt, %y, %c0 : i32
  tt.assert %d, "y < 0" : i1
  %e = arith.cmpi slt, %y, %c10 : i32
  %pid = tt.get_program_id x : i32
  %g = arith.cmpi slt, %pid, %c10 : i32
  tt.assert %g, "pid < 10" : i1
  tt.return
}
