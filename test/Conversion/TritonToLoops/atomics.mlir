// Atomics: tensor atomic_rmw is a per-lane scalar loop of llvm.atomicrmw
// (fadd, float max -> fmax: a NaN operand is ignored) at the element's
// address in the argument; a scalar integer add is one llvm.atomicrmw add;
// atomic_cas is an llvm.cmpxchg (bits, as the GPU compares them); xor has
// its own kind; a masked atomic is guarded by an scf.if yielding 0.
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
    %m8 = arith.constant dense<8> : tensor<16xi32>
    %lo = arith.cmpi slt, %r, %m8 : tensor<16xi32>
    %x = tt.atomic_rmw xor, relaxed, gpu, %pii, %r, %lo : (tensor<16x!tt.ptr<i32>>, tensor<16xi32>, tensor<16xi1>) -> tensor<16xi32>
    tt.return
  }
}

// CHECK-LABEL: func.func @atomics__body(
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[IDX:[a-z0-9]+]]: memref<?xi32>, %[[CNT:[a-z0-9]+]]: memref<?xi32>
// The index block is loaded once (contiguous) into a per-program buffer.
// CHECK: %[[IV:[a-z0-9_]+]] = vector.load %[[IDX]][%{{.*}}] : memref<?xi32>, vector<16xi32>
// CHECK: vector.store %[[IV]], %[[BUF:[a-z0-9_]+]][%{{.*}}] : memref<16xi32>, vector<16xi32>
// One lane at a time: the atomics are not vectorized.
// CHECK: scf.for %[[L:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: memref.load %[[BUF]][%[[L]]] : memref<16xi32>
// CHECK: memref.extract_aligned_pointer_as_index %[[OUT]] : memref<?xf32> -> index
// CHECK: %[[P:[0-9]+]] = llvm.getelementptr %{{.*}}[%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK: llvm.atomicrmw fadd %[[P]], %{{.*}} monotonic : !llvm.ptr, f32
// CHECK: }
// CHECK: scf.for
// CHECK: llvm.atomicrmw fmax %{{.*}}, %{{.*}} acq_rel : !llvm.ptr, f32
// CHECK: }
// CHECK: memref.extract_aligned_pointer_as_index %[[CNT]]
// CHECK: llvm.atomicrmw add %{{.*}}, %{{.*}} acq_rel : !llvm.ptr, i32
// CHECK: %[[X:[0-9]+]] = llvm.cmpxchg %{{.*}}, %{{.*}}, %{{.*}} acq_rel acquire : !llvm.ptr, i32
// CHECK: llvm.extractvalue %[[X]][0] : !llvm.struct<(i32, i1)>
// Masked xor: the masked-off lanes touch nothing.
// CHECK: scf.for
// CHECK: scf.if %{{.*}} -> (i32) {
// CHECK: llvm.atomicrmw _xor %{{.*}}, %{{.*}} monotonic : !llvm.ptr, i32
// CHECK: } else {
// CHECK: scf.yield %c0_i32{{.*}} : i32
// CHECK-NOT: tt.atomic
// CHECK-NOT: generic_atomic_rmw
