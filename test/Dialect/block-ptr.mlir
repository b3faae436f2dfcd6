// Block pointers (tl.make_block_ptr / tl.advance) and loads/stores on them.
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func @block_ptr
tt.func @block_ptr(%base: !tt.ptr<f16>, %M: i64, %N: i64, %out: !tt.ptr<f16>) {
  %c1 = arith.constant 1 : i64
  %c0 = arith.constant 0 : i32
  %c32 = arith.constant 32 : i32
  // Triton prints the result type without the `!tt.` prefix.
  // CHECK: %[[P:.*]] = tt.make_tensor_ptr %{{.*}}, [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}] {order = array<i32: 1, 0>} : <tensor<32x64xf16>>
  %p = tt.make_tensor_ptr %base, [%M, %N], [%N, %c1], [%c0, %c0] {order = array<i32: 1, 0>} : <tensor<32x64xf16>>
  // CHECK: tt.load %[[P]] : !tt.ptr<tensor<32x64xf16>>
  %0 = tt.load %p : !tt.ptr<tensor<32x64xf16>>
  // CHECK: tt.load %[[P]] {boundaryCheck = array<i32: 0, 1>, padding = 1 : i32} : !tt.ptr<tensor<32x64xf16>>
  %1 = tt.load %p {boundaryCheck = array<i32: 0, 1>, padding = 1 : i32} : !tt.ptr<tensor<32x64xf16>>
  // CHECK: tt.load %[[P]] {boundaryCheck = array<i32: 1>, padding = 2 : i32} : !tt.ptr<tensor<32x64xf16>>
  %2 = tt.load %p {boundaryCheck = array<i32: 1>, padding = 2 : i32} : !tt.ptr<tensor<32x64xf16>>
  // CHECK: %[[Q:.*]] = tt.advance %[[P]], [%{{.*}}, %{{.*}}] : <tensor<32x64xf16>>
  %q = tt.advance %p, [%c32, %c0] : <tensor<32x64xf16>>
  // CHECK: tt.store %[[Q]], %{{.*}} {boundaryCheck = array<i32: 0>} : !tt.ptr<tensor<32x64xf16>>
  tt.store %q, %1 {boundaryCheck = array<i32: 0>} : !tt.ptr<tensor<32x64xf16>>
  // 1-D block pointer in another address space.
  // CHECK: tt.make_tensor_ptr %{{.*}}, [%{{.*}}], [%{{.*}}], [%{{.*}}] {order = array<i32: 0>} : <tensor<128xf32>, 3>
  %b3 = tt.int_to_ptr %M : i64 -> !tt.ptr<f32, 3>
  %r = tt.make_tensor_ptr %b3, [%M], [%c1], [%c0] {order = array<i32: 0>} : <tensor<128xf32>, 3>
  tt.return
}
