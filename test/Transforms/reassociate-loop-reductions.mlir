// triton-edge-reassociate-loop-reductions: a loop that carries a block of
// per-lane partials, read only by a tt.reduce with the same combiner after
// the loop, carries the reduced value instead; each iteration reduces
// select(mask, x, identity) and combines it into the carried value.
// Kernels the pass must leave alone: an initial value that is not the
// combiner's identity, a block of partials with another reader, a combine
// in the loop that differs from the reduction's combiner.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-reassociate-loop-reductions | FileCheck %s

// BEFORE-LABEL: tt.func public @masked_max
// BEFORE: scf.for {{.*}} -> (tensor<2x8xf32>)
// BEFORE: "tt.reduce"
// CHECK-LABEL: tt.func public @masked_max
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant dense<0xFF800000> : tensor<2xf32>
// CHECK: %[[R:.*]] = scf.for %{{.*}} iter_args(%[[ACC:.*]] = %[[NEGINF]]) -> (tensor<2xf32>)
// CHECK: %[[X:.*]] = tt.load
// CHECK: %[[ID:.*]] = arith.constant dense<0xFF800000> : tensor<2x8xf32>
// CHECK: %[[XM:.*]] = arith.select %[[MASK:.*]], %[[X]], %[[ID]] : tensor<2x8xi1>, tensor<2x8xf32>
// CHECK: %[[CHUNK:.*]] = "tt.reduce"(%[[XM]]) <{axis = 1 : i32}>
// CHECK: }) : (tensor<2x8xf32>) -> tensor<2xf32>
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[ACC]], %[[CHUNK]] : tensor<2xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf une, %[[ACC]], %[[ACC]] : tensor<2xf32>
// CHECK: %[[OR:.*]] = arith.ori %[[GT]], %[[NAN]] : tensor<2xi1>
// CHECK: %[[NEXT:.*]] = arith.select %[[OR]], %[[ACC]], %[[CHUNK]] : tensor<2xi1>, tensor<2xf32>
// CHECK: scf.yield %[[NEXT]] : tensor<2xf32>
// CHECK-NOT: "tt.reduce"
// CHECK: tt.store %{{.*}}, %[[R]] : tensor<2x!tt.ptr<f32>>
module {
  tt.func public @masked_max(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c8 = arith.constant 8 : i32
    %zero = arith.constant dense<0.0> : tensor<2x8xf32>
    %ninf = arith.constant dense<0xFF800000> : tensor<2x8xf32>
    %r = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %r1 = tt.expand_dims %r {axis = 0 : i32} : tensor<8xi32> -> tensor<1x8xi32>
    %r2 = tt.broadcast %r1 : tensor<1x8xi32> -> tensor<2x8xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<2x8x!tt.ptr<f32>>
    %acc = scf.for %k = %c0 to %n step %c8 iter_args(%a = %ninf) -> (tensor<2x8xf32>) : i32 {
      %ks = tt.splat %k : i32 -> tensor<2x8xi32>
      %idx = arith.addi %ks, %r2 : tensor<2x8xi32>
      %ns = tt.splat %n : i32 -> tensor<2x8xi32>
      %mask = arith.cmpi slt, %idx, %ns : tensor<2x8xi32>
      %ptrs = tt.addptr %p, %idx : tensor<2x8x!tt.ptr<f32>>, tensor<2x8xi32>
      %x = tt.load %ptrs, %mask, %zero : tensor<2x8x!tt.ptr<f32>>
      %gt = arith.cmpf ogt, %a, %x : tensor<2x8xf32>
      %nan = arith.cmpf une, %a, %a : tensor<2x8xf32>
      %or = arith.ori %gt, %nan : tensor<2x8xi1>
      %m = arith.select %or, %a, %x : tensor<2x8xi1>, tensor<2x8xf32>
      %next = arith.select %mask, %m, %a : tensor<2x8xi1>, tensor<2x8xf32>
      scf.yield %next : tensor<2x8xf32>
    }
    %red = "tt.reduce"(%acc) <{axis = 1 : i32}> ({
    ^bb0(%x0: f32, %x1: f32):
      %gt = arith.cmpf ogt, %x0, %x1 : f32
      %nan = arith.cmpf une, %x0, %x0 : f32
      %or = arith.ori %gt, %nan : i1
      %s = arith.select %or, %x0, %x1 : f32
      tt.reduce.return %s : f32
    }) : (tensor<2x8xf32>) -> tensor<2xf32>
    %r0 = tt.make_range {end = 2 : i32, start = 0 : i32} : tensor<2xi32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<2x!tt.ptr<f32>>
    %pos = tt.addptr %po, %r0 : tensor<2x!tt.ptr<f32>>, tensor<2xi32>
    tt.store %pos, %red : tensor<2x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// An unmasked sum over a 1-D block: the carried value becomes a scalar.
// CHECK-LABEL: tt.func public @sum_1d
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[R:.*]] = scf.for %{{.*}} iter_args(%[[ACC:.*]] = %[[Z]]) -> (f32)
// CHECK-NOT: arith.select
// CHECK: %[[CHUNK:.*]] = "tt.reduce"(%[[X:.*]]) <{axis = 0 : i32}>
// CHECK: }) : (tensor<8xf32>) -> f32
// CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[CHUNK]] : f32
// CHECK: scf.yield %[[NEXT]] : f32
// CHECK: tt.store %{{.*}}, %[[R]] : !tt.ptr<f32>
module {
  tt.func public @sum_1d(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c8 = arith.constant 8 : i32
    %zero = arith.constant dense<0.0> : tensor<8xf32>
    %r = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<8x!tt.ptr<f32>>
    %acc = scf.for %k = %c0 to %n step %c8 iter_args(%a = %zero) -> (tensor<8xf32>) : i32 {
      %ks = tt.splat %k : i32 -> tensor<8xi32>
      %idx = arith.addi %ks, %r : tensor<8xi32>
      %ptrs = tt.addptr %p, %idx : tensor<8x!tt.ptr<f32>>, tensor<8xi32>
      %x = tt.load %ptrs : tensor<8x!tt.ptr<f32>>
      %e = math.exp %x : tensor<8xf32>
      %next = arith.addf %a, %e : tensor<8xf32>
      scf.yield %next : tensor<8xf32>
    }
    %red = "tt.reduce"(%acc) <{axis = 0 : i32}> ({
    ^bb0(%x0: f32, %x1: f32):
      %s = arith.addf %x0, %x1 : f32
      tt.reduce.return %s : f32
    }) : (tensor<8xf32>) -> f32
    tt.store %out, %red : !tt.ptr<f32>
    tt.return
  }
}

// -----

// Left alone: a sum that starts at 1 (not the identity), a block of
// partials also stored after the loop, a loop that multiplies while the
// reduction adds.
// CHECK-LABEL: tt.func public @left_alone
// CHECK-COUNT-3: -> (tensor<8xf32>)
// CHECK-NOT: -> (f32)
module {
  tt.func public @left_alone(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c8 = arith.constant 8 : i32
    %zero = arith.constant dense<0.0> : tensor<8xf32>
    %one = arith.constant dense<1.0> : tensor<8xf32>
    %r = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<8x!tt.ptr<f32>>
    %ptrs = tt.addptr %p, %r : tensor<8x!tt.ptr<f32>>, tensor<8xi32>
    %x = tt.load %ptrs : tensor<8x!tt.ptr<f32>>
    %a1 = scf.for %k = %c0 to %n step %c8 iter_args(%a = %one) -> (tensor<8xf32>) : i32 {
      %next = arith.addf %a, %x : tensor<8xf32>
      scf.yield %next : tensor<8xf32>
    }
    %a2 = scf.for %k = %c0 to %n step %c8 iter_args(%a = %zero) -> (tensor<8xf32>) : i32 {
      %next = arith.addf %a, %x : tensor<8xf32>
      scf.yield %next : tensor<8xf32>
    }
    %a3 = scf.for %k = %c0 to %n step %c8 iter_args(%a = %one) -> (tensor<8xf32>) : i32 {
      %next = arith.mulf %a, %x : tensor<8xf32>
      scf.yield %next : tensor<8xf32>
    }
    %add = "tt.reduce"(%a1) <{axis = 0 : i32}> ({
    ^bb0(%x0: f32, %x1: f32):
      %s = arith.addf %x0, %x1 : f32
      tt.reduce.return %s : f32
    }) : (tensor<8xf32>) -> f32
    %add2 = "tt.reduce"(%a2) <{axis = 0 : i32}> ({
    ^bb0(%x0: f32, %x1: f32):
      %s = arith.addf %x0, %x1 : f32
      tt.reduce.return %s : f32
    }) : (tensor<8xf32>) -> f32
    %add3 = "tt.reduce"(%a3) <{axis = 0 : i32}> ({
    ^bb0(%x0: f32, %x1: f32):
      %s = arith.addf %x0, %x1 : f32
      tt.reduce.return %s : f32
    }) : (tensor<8xf32>) -> f32
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<8x!tt.ptr<f32>>
    %pos = tt.addptr %po, %r : tensor<8x!tt.ptr<f32>>, tensor<8xi32>
    tt.store %pos, %a2 : tensor<8x!tt.ptr<f32>>
    %s12 = arith.addf %add, %add2 : f32
    %s123 = arith.addf %s12, %add3 : f32
    tt.store %out, %s123 : !tt.ptr<f32>
    tt.return
  }
}
