// scf.for with a tensor iter_arg: the loop-carried block lives in two
// per-program buffers (current and next); the body reads one, writes the
// other, and memref.copy moves next into current at the end of each
// iteration. The loop bound stays the kernel's runtime scalar.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @loop_sum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c64 = arith.constant 64 : i32
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %acc = scf.for %i = %c0 to %n step %c64 iter_args(%a = %zero) -> (tensor<64xf32>) : i32 {
      %s = tt.splat %i : i32 -> tensor<64xi32>
      %idx = arith.addi %s, %r : tensor<64xi32>
      %pi = tt.addptr %p, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
      %a2 = arith.addf %a, %x : tensor<64xf32>
      scf.yield %a2 : tensor<64xf32>
    }
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %acc : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @loop_sum__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: i32
// CHECK-DAG: %[[NEXT:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// CHECK-DAG: %[[CUR:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// Init: the zero tensor is written into the current buffer.
// CHECK: vector.store %{{.*}}, %[[CUR]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} : i32 {
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[A:[a-z0-9_]+]] = vector.load %[[CUR]][%[[J]]] : memref<64xf32>, vector<16xf32>
// CHECK: %[[X:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: %[[S:[a-z0-9_]+]] = arith.addf %[[A]], %[[X]] : vector<16xf32>
// CHECK: vector.store %[[S]], %[[NEXT]][%[[J]]] : memref<64xf32>, vector<16xf32>
// CHECK: }
// CHECK: memref.copy %[[NEXT]], %[[CUR]] : memref<64xf32> to memref<64xf32>
// CHECK: }
// After the loop, the result is stored from the current buffer.
// CHECK: %[[R:[a-z0-9_]+]] = vector.load %[[CUR]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: vector.store %[[R]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
