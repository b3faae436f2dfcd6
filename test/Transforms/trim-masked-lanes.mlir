// triton-edge-trim-masked-lanes: a block dimension masked by range < C (a
// constant) shrinks to C rounded up to the granule when no store and no
// reduction can see its lanes >= C. Every other function below keeps its
// block: a store or a reduction would see a dead lane, a scan or a
// loop-carried block sees the dimension, or rounding up gains nothing.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-trim-masked-lanes=granule=32 | FileCheck %s
// RUN: triton-edge-opt %s --split-input-file --triton-edge-trim-masked-lanes=granule=64 | FileCheck %s --check-prefix=G64
// RUN: not triton-edge-opt %s --split-input-file --triton-edge-trim-masked-lanes=granule=0 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: granule must be positive

// A layer-norm row of 96 in a 128-lane block: sum of select(mask, x, 0),
// then a masked store of x - mean.
// BEFORE-LABEL: tt.func public @row_norm
// BEFORE: tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
// CHECK-LABEL: tt.func public @row_norm
// CHECK-SAME: attributes {te.trimmed_lanes}
// CHECK: tt.make_range {end = 96 : i32, start = 0 : i32} : tensor<96xi32>
// CHECK: %[[TRUE:.*]] = arith.constant dense<true> : tensor<1x96xi1>
// CHECK-NOT: arith.cmpi
// CHECK: arith.andi %[[TRUE]], %{{.*}} : tensor<1x96xi1>
// CHECK: tt.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x96x!tt.ptr<f32>>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x96xi1>, tensor<1x96xf32>
// CHECK: "tt.reduce"
// CHECK: (tensor<1x96xf32>) -> tensor<1xf32>
// CHECK: tt.broadcast %{{.*}} : tensor<1x1xf32> -> tensor<1x96xf32>
// CHECK: tt.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x96x!tt.ptr<f32>>
// 96 rounds up to 128 lanes of 64: nothing to gain.
// G64-LABEL: tt.func public @row_norm
// G64-NOT: te.trimmed_lanes
// G64: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @row_norm(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %rows: i32) {
    %c96 = arith.constant 96 : i32
    %zero = arith.constant dense<0.0> : tensor<1x128xf32>
    %bound = arith.constant dense<96> : tensor<1x128xi32>
    %pid = tt.get_program_id x : i32
    %rowok = arith.cmpi slt, %pid, %rows : i32
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %r2 = tt.expand_dims %r {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %lanemask = arith.cmpi slt, %r2, %bound : tensor<1x128xi32>
    %base = arith.muli %pid, %c96 : i32
    %bases = tt.splat %base : i32 -> tensor<1x128xi32>
    %idx = arith.addi %r2, %bases : tensor<1x128xi32>
    %rowoks = tt.splat %rowok : i1 -> tensor<1x128xi1>
    %mask = arith.andi %lanemask, %rowoks : tensor<1x128xi1>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<1x128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %idx : tensor<1x128x!tt.ptr<f32>>, tensor<1x128xi32>
    %x = tt.load %ptrs, %mask, %zero : tensor<1x128x!tt.ptr<f32>>
    %xs = arith.select %mask, %x, %zero : tensor<1x128xi1>, tensor<1x128xf32>
    %sum = "tt.reduce"(%xs) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tt.reduce.return %s : f32
    }) : (tensor<1x128xf32>) -> tensor<1xf32>
    %sum2 = tt.expand_dims %sum {axis = 1 : i32} : tensor<1xf32> -> tensor<1x1xf32>
    %mean = tt.broadcast %sum2 : tensor<1x1xf32> -> tensor<1x128xf32>
    %y = arith.subf %x, %mean : tensor<1x128xf32>
    %op = tt.splat %out : !tt.ptr<f32> -> tensor<1x128x!tt.ptr<f32>>
    %optrs = tt.addptr %op, %idx : tensor<1x128x!tt.ptr<f32>>, tensor<1x128xi32>
    tt.store %optrs, %y, %mask : tensor<1x128x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A row max over 40 of 128 lanes: masked loads whose other is -inf feed
// maximumf directly; the block becomes 64 lanes and the bound stays as a
// mask (40 < 64).
// CHECK-LABEL: tt.func public @row_max
// CHECK-SAME: attributes {te.trimmed_lanes}
// CHECK: tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : tensor<64xi32>
// CHECK: tt.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x!tt.ptr<f32>>
// CHECK: (tensor<64xf32>) -> f32
module {
  tt.func public @row_max(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %ninf = arith.constant dense<0xFF800000> : tensor<128xf32>
    %c40 = arith.constant 40 : i32
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %bound = tt.splat %c40 : i32 -> tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %x = tt.load %ptrs, %mask, %ninf : tensor<128x!tt.ptr<f32>>
    %m = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %s = arith.maximumf %a, %b : f32
      tt.reduce.return %s : f32
    }) : (tensor<128xf32>) -> f32
    tt.store %out, %m : !tt.ptr<f32>
    tt.return
  }
}

// -----

// maxnumf ignores NaN: over NaN lanes the masked -inf would be the result,
// so the lanes are not dead.
// CHECK-LABEL: tt.func public @row_maxnum
// CHECK-NOT: te.trimmed_lanes
// CHECK: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @row_maxnum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %ninf = arith.constant dense<0xFF800000> : tensor<128xf32>
    %c40 = arith.constant 40 : i32
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %bound = tt.splat %c40 : i32 -> tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %x = tt.load %ptrs, %mask, %ninf : tensor<128x!tt.ptr<f32>>
    %m = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %s = arith.maxnumf %a, %b : f32
      tt.reduce.return %s : f32
    }) : (tensor<128xf32>) -> f32
    tt.store %out, %m : !tt.ptr<f32>
    tt.return
  }
}

// -----

// The store is not masked: lanes >= 96 are written.
// CHECK-LABEL: tt.func public @unmasked_store
// CHECK-NOT: te.trimmed_lanes
// CHECK: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @unmasked_store(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.0> : tensor<128xf32>
    %bound = arith.constant dense<96> : tensor<128xi32>
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %x = tt.load %ptrs, %mask, %zero : tensor<128x!tt.ptr<f32>>
    %op = tt.splat %out : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %optrs = tt.addptr %op, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    tt.store %optrs, %x : tensor<128x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// A sum whose masked lanes hold 1.0, not the identity 0.0.
// CHECK-LABEL: tt.func public @not_identity
// CHECK-NOT: te.trimmed_lanes
// CHECK: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @not_identity(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %one = arith.constant dense<1.0> : tensor<128xf32>
    %bound = arith.constant dense<96> : tensor<128xi32>
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %x = tt.load %ptrs, %mask, %one : tensor<128x!tt.ptr<f32>>
    %xs = arith.select %mask, %x, %one : tensor<128xi1>, tensor<128xf32>
    %s = "tt.reduce"(%xs) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<128xf32>) -> f32
    tt.store %out, %s : !tt.ptr<f32>
    tt.return
  }
}

// -----

// A scan sees the dimension.
// CHECK-LABEL: tt.func public @scanned
// CHECK-NOT: te.trimmed_lanes
// CHECK: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @scanned(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.0> : tensor<128xf32>
    %bound = arith.constant dense<96> : tensor<128xi32>
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %x = tt.load %ptrs, %mask, %zero : tensor<128x!tt.ptr<f32>>
    %c = "tt.scan"(%x) <{axis = 0 : i32, reverse = false}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.scan.return %t : f32
    }) : (tensor<128xf32>) -> tensor<128xf32>
    %op = tt.splat %out : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %optrs = tt.addptr %op, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    tt.store %optrs, %c, %mask : tensor<128x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// The block is carried by a loop.
// CHECK-LABEL: tt.func public @loop_carried
// CHECK-NOT: te.trimmed_lanes
// CHECK: tt.make_range {end = 128 : i32, start = 0 : i32}
module {
  tt.func public @loop_carried(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %zero = arith.constant dense<0.0> : tensor<128xf32>
    %bound = arith.constant dense<96> : tensor<128xi32>
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %mask = arith.cmpi slt, %r, %bound : tensor<128xi32>
    %ip = tt.splat %in : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %ptrs = tt.addptr %ip, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    %acc = scf.for %k = %c0 to %n step %c1 iter_args(%a = %zero) -> (tensor<128xf32>) : i32 {
      %x = tt.load %ptrs, %mask, %zero : tensor<128x!tt.ptr<f32>>
      %s = arith.addf %a, %x : tensor<128xf32>
      scf.yield %s : tensor<128xf32>
    }
    %op = tt.splat %out : !tt.ptr<f32> -> tensor<128x!tt.ptr<f32>>
    %optrs = tt.addptr %op, %r : tensor<128x!tt.ptr<f32>>, tensor<128xi32>
    tt.store %optrs, %acc, %mask : tensor<128x!tt.ptr<f32>>
    tt.return
  }
}
