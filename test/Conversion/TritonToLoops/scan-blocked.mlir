// A float add scan (tl.cumsum over 64 f32) lowers blocked, as the GPU's tree
// adds: 8 blocks of 8 summed in order (totals kept in a memref<8xf32>), the
// totals scanned in place in log2(8) = 3 passes of decreasing length, then
// blocks 1..7 offset by the total before them. An integer add scan is exact
// in any order and stays one sequential loop.
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  // CHECK-LABEL: func.func @cumsum_f32
  // CHECK: %[[TOT:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8xf32>
  // Phase 1: blocks of 8, each in order.
  // CHECK: scf.for %[[BLK:.*]] = %c0{{.*}} to %c8{{.*}} step %c1
  // CHECK: scf.for {{.*}} = %c1{{.*}} to %c8{{.*}} step %c1{{.*}} iter_args
  // CHECK: arith.addf
  // CHECK: memref.store {{.*}}, %[[TOT]][%[[BLK]]]
  // Phase 2: the totals, in passes over 7, 6 and 4 of them.
  // CHECK: scf.for {{.*}} = %c0{{.*}} to %c7
  // CHECK: arith.addf
  // CHECK: memref.store {{.*}}, %[[TOT]]
  // CHECK: scf.for {{.*}} = %c0{{.*}} to %c6
  // CHECK: arith.addf
  // CHECK: scf.for {{.*}} = %c0{{.*}} to %c4
  // CHECK: arith.addf
  // Phase 3: offsets.
  // CHECK: scf.for %[[J:.*]] = %c1{{.*}} to %c8
  // CHECK: memref.load %[[TOT]]
  // CHECK: scf.for {{.*}} = %c0{{.*}} to %c8
  // CHECK: arith.addf
  // CHECK-NOT: arith.addf
  // CHECK: return
  tt.func public @cumsum_f32(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
    %s = "tt.scan"(%x) <{axis = 0 : i32, reverse = false}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.scan.return %t : f32
    }) : (tensor<64xf32>) -> tensor<64xf32>
    %q = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %qi = tt.addptr %q, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %qi, %s : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // CHECK-LABEL: func.func @cumsum_i32
  // CHECK-NOT: memref<8xi32>
  // CHECK: scf.for {{.*}} = %c1{{.*}} to %c64{{.*}} step %c1{{.*}} iter_args
  // CHECK: arith.addi
  // CHECK-NOT: iter_args
  // CHECK: return
  tt.func public @cumsum_i32(%in: !tt.ptr<i32>, %out: !tt.ptr<i32>) {
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<i32> -> tensor<64x!tt.ptr<i32>>
    %pi = tt.addptr %p, %r : tensor<64x!tt.ptr<i32>>, tensor<64xi32>
    %x = tt.load %pi : tensor<64x!tt.ptr<i32>>
    %s = "tt.scan"(%x) <{axis = 0 : i32, reverse = false}> ({
    ^bb0(%a: i32, %b: i32):
      %t = arith.addi %a, %b : i32
      tt.scan.return %t : i32
    }) : (tensor<64xi32>) -> tensor<64xi32>
    %q = tt.splat %out : !tt.ptr<i32> -> tensor<64x!tt.ptr<i32>>
    %qi = tt.addptr %q, %r : tensor<64x!tt.ptr<i32>>, tensor<64xi32>
    tt.store %qi, %s : tensor<64x!tt.ptr<i32>>
    tt.return
  }
}
