// tt.call of a noinline device function is inlined before the lowering
// (mlir::inlineCall with the tt dialect's inliner interface), nested calls
// too; the helpers are erased once no call is left, so only the kernel's
// body function remains.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func private @twice(%x: tensor<64xf32>) -> tensor<64xf32> attributes {noinline = true} {
    %y = arith.addf %x, %x : tensor<64xf32>
    tt.return %y : tensor<64xf32>
  }
  tt.func private @scale_abs(%x: tensor<64xf32>, %s: f32) -> tensor<64xf32> attributes {noinline = true} {
    %ss = tt.splat %s : f32 -> tensor<64xf32>
    %m = arith.mulf %x, %ss : tensor<64xf32>
    %a = math.absf %m : tensor<64xf32>
    %t = tt.call @twice(%a) : (tensor<64xf32>) -> tensor<64xf32>
    tt.return %t : tensor<64xf32>
  }
  tt.func public @kernel(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %s: f32) {
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
    %y = tt.call @scale_abs(%x, %s) : (tensor<64xf32>, f32) -> tensor<64xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %y : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-NOT: tt.call
// CHECK-NOT: @twice
// CHECK-NOT: @scale_abs
// CHECK-LABEL: func.func @kernel__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[S:[a-z0-9]+]]: f32
// One fused nest: load, the helpers' multiply, abs and add, store.
// CHECK: %[[X:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: %[[SS:[a-z0-9_]+]] = vector.broadcast %[[S]] : f32 to vector<16xf32>
// CHECK: %[[M:[a-z0-9_]+]] = arith.mulf %[[X]], %[[SS]] : vector<16xf32>
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[M]] : vector<16xf32>
// CHECK: %[[T:[a-z0-9_]+]] = arith.addf %[[A]], %[[A]] : vector<16xf32>
// CHECK: vector.store %[[T]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK-NOT: tt.call
