// triton-edge-version-full-tiles: a loop whose masks compare lanes affine in
// the induction variable with loop-invariant bounds runs, when one test
// before it proves every such mask all-true on every iteration, a copy with
// plain loads and stores; the masked original runs otherwise.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --canonicalize --cse --loop-invariant-code-motion --triton-edge-version-full-tiles --canonicalize --cse | FileCheck %s

// 1-D, n elements: the whole tile [off, off + 1024) in bounds: off + 1008 +
// 15 < n (the last vector's last lane), and no i32 lane wrapped.
// CHECK-LABEL: func.func @gelu__body
// CHECK-SAME: %[[N:arg2]]: i32
// CHECK: %[[OFF:.*]] = arith.muli %{{.*}}, %c1024_i32 : i32
// CHECK: %[[OFF64:.*]] = arith.extsi %[[OFF]] : i32 to i64
// CHECK: %[[LAST:.*]] = arith.addi %[[OFF64]], %c1023_i64 : i64
// CHECK: %[[N64:.*]] = arith.extsi %[[N]] : i32 to i64
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[LAST]], %[[N64]] : i64
// CHECK: %[[OK:.*]] = arith.andi %[[IN]], %{{.*}} : i1
// CHECK: scf.if %[[OK]] {
// CHECK-NEXT: scf.for
// CHECK-NOT: vector.maskedload
// CHECK-NOT: vector.maskedstore
// CHECK-NOT: arith.cmpi
// CHECK: vector.load %arg0
// CHECK: vector.store %{{.*}}, %arg1
// CHECK: } {te.full_tiles}
// CHECK-NEXT: } else {
// CHECK-NEXT: scf.for
// CHECK: %[[M:.*]] = arith.cmpi slt
// CHECK: vector.maskedload %arg0[%{{.*}}], %[[M]]
// CHECK: vector.maskedstore %arg1[%{{.*}}], %[[M]]
// CHECK-NOT: te.full_tiles
// CHECK: } {te.program_loop}
module {
  tt.func public @gelu(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c1024 = arith.constant 1024 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c1024 : i32
    %r = tt.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %s = tt.splat %off : i32 -> tensor<1024xi32>
    %idx = arith.addi %s, %r : tensor<1024xi32>
    %ns = tt.splat %n : i32 -> tensor<1024xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<1024xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    %x = tt.load %p, %m : tensor<1024x!tt.ptr<f32>>
    %y = arith.mulf %x, %x : tensor<1024xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    tt.store %q, %y, %m : tensor<1024x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// 2-D tile (8 rows x 64 columns, masks ymask & xmask): the column loop of
// each row is versioned; the test includes the row's own mask.
// CHECK-LABEL: func.func @add2d__body
// CHECK: scf.for %{{.*}} = %c0 to %c8 step %c1 {
// CHECK: %[[ROWOK:.*]] = arith.cmpi slt, %{{.*}}, %arg2 : i32
// CHECK: %[[COLS:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : i64
// CHECK: %[[BOTH:.*]] = arith.andi %[[ROWOK]], %[[COLS]] : i1
// CHECK: %[[OK:.*]] = arith.andi %[[BOTH]], %{{.*}} : i1
// CHECK: scf.if %[[OK]] {
// CHECK-NOT: vector.masked
// CHECK: vector.load
// CHECK: vector.store
// CHECK: } {te.full_tiles}
// CHECK-NEXT: } else {
// CHECK: vector.maskedload
// CHECK: vector.maskedstore
module {
  tt.func public @add2d(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %ynumel: i32, %xnumel: i32) {
    %c8 = arith.constant 8 : i32
    %c64 = arith.constant 64 : i32
    %pidy = tt.get_program_id y : i32
    %pidx = tt.get_program_id x : i32
    %yoff = arith.muli %pidy, %c8 : i32
    %xoff = arith.muli %pidx, %c64 : i32
    %ry = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %rx = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %ys = tt.splat %yoff : i32 -> tensor<8xi32>
    %xs = tt.splat %xoff : i32 -> tensor<64xi32>
    %yi = arith.addi %ys, %ry : tensor<8xi32>
    %xi = arith.addi %xs, %rx : tensor<64xi32>
    %yn = tt.splat %ynumel : i32 -> tensor<8xi32>
    %xn = tt.splat %xnumel : i32 -> tensor<64xi32>
    %ym = arith.cmpi slt, %yi, %yn : tensor<8xi32>
    %xm = arith.cmpi slt, %xi, %xn : tensor<64xi32>
    %yi2 = tt.expand_dims %yi {axis = 1 : i32} : tensor<8xi32> -> tensor<8x1xi32>
    %xi2 = tt.expand_dims %xi {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %ym2 = tt.expand_dims %ym {axis = 1 : i32} : tensor<8xi1> -> tensor<8x1xi1>
    %xm2 = tt.expand_dims %xm {axis = 0 : i32} : tensor<64xi1> -> tensor<1x64xi1>
    %xnum2 = tt.splat %xnumel : i32 -> tensor<8x1xi32>
    %row = arith.muli %yi2, %xnum2 : tensor<8x1xi32>
    %rowb = tt.broadcast %row : tensor<8x1xi32> -> tensor<8x64xi32>
    %colb = tt.broadcast %xi2 : tensor<1x64xi32> -> tensor<8x64xi32>
    %idx = arith.addi %rowb, %colb : tensor<8x64xi32>
    %ymb = tt.broadcast %ym2 : tensor<8x1xi1> -> tensor<8x64xi1>
    %xmb = tt.broadcast %xm2 : tensor<1x64xi1> -> tensor<8x64xi1>
    %m = arith.andi %ymb, %xmb : tensor<8x64xi1>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<8x64x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<8x64x!tt.ptr<f32>>, tensor<8x64xi32>
    %x = tt.load %p, %m : tensor<8x64x!tt.ptr<f32>>
    %y = arith.addf %x, %x : tensor<8x64xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<8x64x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<8x64x!tt.ptr<f32>>, tensor<8x64xi32>
    tt.store %q, %y, %m : tensor<8x64x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A gather (index loaded from memory) under the bounds mask gets an all-true
// mask; a data-dependent mask (x > 0) cannot be proven and stays.
// CHECK-LABEL: func.func @embed__body
// CHECK: %[[TRUE:.*]] = arith.constant dense<true> : vector<16xi1>
// CHECK: scf.if
// CHECK: %[[IDS:.*]] = vector.load %arg1
// CHECK: %[[IDS64:.*]] = arith.extsi %[[IDS]]
// CHECK: %[[V:.*]] = vector.gather %arg0[%c0] [%[[IDS64]]], %[[TRUE]]
// CHECK: %[[POS:.*]] = arith.cmpf ogt, %[[V]]
// CHECK: vector.maskedstore %arg2[%{{.*}}], %[[POS]], %[[V]]
// CHECK: } {te.full_tiles}
// CHECK: } else {
// CHECK: vector.maskedload %arg1
// CHECK: vector.gather %arg0[%c0] [%{{.*}}], %{{[0-9]+}}, %{{.*}}
// CHECK: vector.maskedstore
module {
  tt.func public @embed(%tab: !tt.ptr<f32>, %ids: !tt.ptr<i32>, %out: !tt.ptr<f32>, %n: i32) {
    %c256 = arith.constant 256 : i32
    %zero = arith.constant dense<0.0> : tensor<256xf32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c256 : i32
    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
    %s = tt.splat %off : i32 -> tensor<256xi32>
    %idx = arith.addi %s, %r : tensor<256xi32>
    %ns = tt.splat %n : i32 -> tensor<256xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<256xi32>
    %pid2 = tt.splat %ids : !tt.ptr<i32> -> tensor<256x!tt.ptr<i32>>
    %pi = tt.addptr %pid2, %idx : tensor<256x!tt.ptr<i32>>, tensor<256xi32>
    %id = tt.load %pi, %m : tensor<256x!tt.ptr<i32>>
    %pt = tt.splat %tab : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %pg = tt.addptr %pt, %id : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    %v = tt.load %pg, %m : tensor<256x!tt.ptr<f32>>
    %pos = arith.cmpf ogt, %v, %zero : tensor<256xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    tt.store %q, %v, %pos : tensor<256x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A loop whose mask is not affine in its lanes (a loaded value): untouched.
// CHECK-LABEL: func.func @nonaffine__body
// CHECK-NOT: scf.if
// CHECK-NOT: te.full_tiles
// CHECK: vector.maskedstore
// CHECK-NOT: scf.if
module {
  tt.func public @nonaffine(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.0> : tensor<256xf32>
    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %p = tt.addptr %pin, %r : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    %x = tt.load %p : tensor<256x!tt.ptr<f32>>
    %pos = arith.cmpf ogt, %x, %zero : tensor<256xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %q = tt.addptr %pout, %r : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    tt.store %q, %x, %pos : tensor<256x!tt.ptr<f32>>
    tt.return
  }
}
