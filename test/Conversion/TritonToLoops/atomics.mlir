// Atomics: tensor atomic_rmw is a per-lane scalar loop of memref.atomic_rmw
// (fadd -> addf, float max -> maximumf) at gathered addresses; a scalar
// integer add is one memref.atomic_rmw addi; atomic_cas (no memref
// equivalent) is a memref.generic_atomic_rmw comparing and selecting.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @atomics(%out: !tt.ptr<f32>, %idx: !tt.ptr<i32>, %cnt: !tt.ptr<i32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %pi = tt.splat %idx : !tt.ptr<i32> -> tensor<16x!tt.ptr<i32>>
    %pii = tt.addptr %pi, %r : tensor<16x!tt.ptr<i32>>, tensor<16xi32>
    %i = tt.load %pii : tensor<16x!tt.ptr<i32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %i : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %one = arith.constant dense<1.0> : tensor<16xf32>
    %old = tt.atomic_rmw fadd, relaxed, gpu, %poi, %one : (tensor<16x!tt.ptr<f32>>, tensor<16xf32>) -> tensor<16xf32>
    %m = tt.atomic_rmw max, acq_rel, gpu, %poi, %one : (tensor<16x!tt.ptr<f32>>, tensor<16xf32>) -> tensor<16xf32>
    %c1 = arith.constant 1 : i32
    %prev = tt.atomic_rmw add, acq_rel, gpu, %cnt, %c1 : (!tt.ptr<i32>, i32) -> i32
    %c0 = arith.constant 0 : i32
    %cas = tt.atomic_cas acq_rel, gpu, %cnt, %c0, %c1 : (!tt.ptr<i32>, i32, i32) -> i32
    tt.return
  }
}

// CHECK-LABEL: func.func @atomics__body(
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[IDX:[a-z0-9]+]]: memref<?xi32>, %[[CNT:[a-z0-9]+]]: memref<?xi32>
// The index block is loaded once (contiguous) into a per-program buffer.
// CHECK: %[[IV:[a-z0-9_]+]] = vector.load %[[IDX]][%{{.*}}] : memref<?xi32>, vector<16xi32>
// CHECK: vector.store %[[IV]], %[[BUF:[a-z0-9_]+]][%{{.*}}] : memref<16xi32>, vector<16xi32>
// One lane at a time: the atomics are not vectorized.
// CHECK: %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// CHECK: scf.for %[[L:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %[[C1]] {
// CHECK: memref.load %[[BUF]][%[[L]]] : memref<16xi32>
// CHECK: memref.atomic_rmw addf %{{.*}}, %[[OUT]][%{{.*}}] : (f32, memref<?xf32>) -> f32
// CHECK: }
// CHECK: scf.for
// CHECK: memref.atomic_rmw maximumf %{{.*}}, %[[OUT]][%{{.*}}] : (f32, memref<?xf32>) -> f32
// CHECK: }
// CHECK: memref.atomic_rmw addi %{{.*}}, %[[CNT]][%{{.*}}] : (i32, memref<?xi32>) -> i32
// CHECK: memref.generic_atomic_rmw %[[CNT]][%{{.*}}] : memref<?xi32> {
// CHECK-NEXT: ^bb0(%[[CUR:[a-z0-9_]+]]: i32):
// CHECK-NEXT: %[[EQ:[a-z0-9_]+]] = arith.cmpi eq, %[[CUR]], %{{.*}} : i32
// CHECK-NEXT: %[[NEW:[a-z0-9_]+]] = arith.select %[[EQ]], %{{.*}}, %[[CUR]] : i32
// CHECK-NEXT: memref.atomic_yield %[[NEW]] : i32
// CHECK-NOT: tt.atomic
