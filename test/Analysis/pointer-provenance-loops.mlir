// PointerProvenance through the pointers loops carry: an iter_arg points
// into an argument when its initial value and the value each iteration
// carries back both do. A loop that starts in one argument and carries a
// pointer into another carries addresses into both: scf.for converts (its
// loads read whichever argument holds the address); scf.while is refused
// (it carries element offsets, which would index the first argument's
// storage with the second's).
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --test-print-pointer-provenance
// RUN: not triton-edge-opt %s --split-input-file --convert-triton-to-loops 2>&1 | FileCheck %s --check-prefix=CONV

// CONV-NOT: error
tt.func @walk(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c4 = arith.constant 4 : i32
  %step = arith.constant dense<16> : tensor<16xi32>
  %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  // expected-remark @below {{result 0: argument 0}}
  %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 0}}
  %pai = tt.addptr %pa, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
  %zero = arith.constant dense<0.0> : tensor<16xf32>
  // expected-remark @below {{region 0 arg 1: argument 0}}
  // expected-remark @below {{result 0: argument 0}}
  %res:2 = scf.for %i = %c0 to %c4 step %c1 iter_args(%p = %pai, %acc = %zero) -> (tensor<16x!tt.ptr<f32>>, tensor<16xf32>) : i32 {
    %x = tt.load %p : tensor<16x!tt.ptr<f32>>
    %s = arith.addf %acc, %x : tensor<16xf32>
    // expected-remark @below {{result 0: argument 0}}
    %next = tt.addptr %p, %step : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    scf.yield %next, %s : tensor<16x!tt.ptr<f32>>, tensor<16xf32>
  }
  // After the loop: still argument 0.
  %last = tt.load %res#0 : tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
  tt.store %poi, %res#1 : tensor<16x!tt.ptr<f32>>
  tt.return
}

// -----

// The first iteration reads %a, the next ones %b.
tt.func @swap(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  // expected-remark @below {{result 0: argument 0}}
  %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 0}}
  %pai = tt.addptr %pa, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
  // expected-remark @below {{result 0: argument 1}}
  %pb = tt.splat %b : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %pbi = tt.addptr %pb, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
  %zero = arith.constant dense<0.0> : tensor<16xf32>
  // expected-remark @below {{region 0 arg 1: address into arguments 0, 1}}
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  %res:2 = scf.for %i = %c0 to %c2 step %c1 iter_args(%p = %pai, %acc = %zero) -> (tensor<16x!tt.ptr<f32>>, tensor<16xf32>) : i32 {
    // The values derived from the carried pointer are addresses too.
    // expected-remark @below {{result 0: address into arguments 0, 1}}
    %p1 = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %p1 : tensor<16x!tt.ptr<f32>>
    %s = arith.addf %acc, %x : tensor<16xf32>
    scf.yield %pbi, %s : tensor<16x!tt.ptr<f32>>, tensor<16xf32>
  }
  tt.return
}

// -----

// scf.while: the before region's arguments start as the inits and then
// take what the after region yields.
tt.func @while_walk(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %n: i32) {
  %c1 = arith.constant 1 : i32
  %c0 = arith.constant 0 : i32
  // expected-remark @below {{region 0 arg 0: argument 0}}
  // expected-remark @below {{region 1 arg 0: argument 0}}
  // expected-remark @below {{result 0: argument 0}}
  %w:2 = scf.while (%p = %a, %i = %c0) : (!tt.ptr<f32>, i32) -> (!tt.ptr<f32>, i32) {
    %go = arith.cmpi slt, %i, %n : i32
    scf.condition(%go) %p, %i : !tt.ptr<f32>, i32
  } do {
  ^bb0(%q: !tt.ptr<f32>, %j: i32):
    // expected-remark @below {{result 0: argument 0}}
    %q1 = tt.addptr %q, %c1 : !tt.ptr<f32>, i32
    %j1 = arith.addi %j, %c1 : i32
    scf.yield %q1, %j1 : !tt.ptr<f32>, i32
  }
  %x = tt.load %w#0 : !tt.ptr<f32>
  // expected-remark @below {{region 0 arg 0: address into arguments 0, 1}}
  // expected-remark @below {{region 1 arg 0: address into arguments 0, 1}}
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  %v:2 = scf.while (%p = %a, %i = %c0) : (!tt.ptr<f32>, i32) -> (!tt.ptr<f32>, i32) {
    %go = arith.cmpi slt, %i, %n : i32
    scf.condition(%go) %p, %i : !tt.ptr<f32>, i32
  } do {
  ^bb0(%q: !tt.ptr<f32>, %j: i32):
    %j1 = arith.addi %j, %c1 : i32
    scf.yield %b, %j1 : !tt.ptr<f32>, i32
  }
  %y = tt.load %v#0 : !tt.ptr<f32>
  tt.return
}
// CONV: pointer-provenance-loops.mlir:[[# @LINE - 11]]:{{[0-9]+}}: error: this pointer may point into several kernel arguments: only tt.load and tt.store can use such a pointer, made by selects, scf.if or scf.for (not scf.while)
