// Tensor descriptors (TMA): parsed and verified (the CPU pipeline rejects them later).
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func @descriptors
tt.func @descriptors(%base: !tt.ptr<f16>, %raw: !tt.ptr<i8>, %M: i32, %N: i32, %s: i64, %x: i32, %rows: tensor<8xi32>, %tile: tensor<8x64xf16>) {
  %c1 = arith.constant 1 : i64
  // Triton prints both types without the `!tt.` prefix.
  // CHECK: %[[D:.*]] = tt.make_tensor_descriptor %{{.*}}, [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}] : <f16>, <tensor<32x64xf16>>
  %d = tt.make_tensor_descriptor %base, [%M, %N], [%s, %c1] : <f16>, <tensor<32x64xf16>>
  // CHECK: tt.make_tensor_descriptor %{{.*}}, [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}] {padding = 2 : i32} : <f16>, <tensor<32x64xf16>>
  %dn = tt.make_tensor_descriptor %base, [%M, %N], [%s, %c1] {padding = 2 : i32} : <f16>, <tensor<32x64xf16>>
  // CHECK: %[[V:.*]] = tt.descriptor_load %[[D]][%{{.*}}, %{{.*}}] : !tt.tensordesc<tensor<32x64xf16>> -> tensor<32x64xf16>
  %v = tt.descriptor_load %d[%x, %x] : !tt.tensordesc<tensor<32x64xf16>> -> tensor<32x64xf16>
  // CHECK: tt.descriptor_load %[[D]][%{{.*}}, %{{.*}}] cacheModifier = cg : !tt.tensordesc<tensor<32x64xf16>> -> tensor<2048xf16>
  %w = tt.descriptor_load %d[%x, %x] cacheModifier = cg : !tt.tensordesc<tensor<32x64xf16>> -> tensor<2048xf16>
  // CHECK: tt.descriptor_store %[[D]][%{{.*}}, %{{.*}}], %[[V]] : !tt.tensordesc<tensor<32x64xf16>>, tensor<32x64xf16>
  tt.descriptor_store %d[%x, %x], %v : !tt.tensordesc<tensor<32x64xf16>>, tensor<32x64xf16>
  // CHECK: tt.descriptor_reduce add, %[[D]][%{{.*}}, %{{.*}}], %[[V]] : !tt.tensordesc<tensor<32x64xf16>>, tensor<32x64xf16>
  tt.descriptor_reduce add, %d[%x, %x], %v : !tt.tensordesc<tensor<32x64xf16>>, tensor<32x64xf16>
  // CHECK: %[[G:.*]] = tt.reinterpret_tensor_descriptor %{{.*}} : !tt.ptr<i8> to !tt.tensordesc<tensor<1x64xf16>>
  %g = tt.reinterpret_tensor_descriptor %raw : !tt.ptr<i8> to !tt.tensordesc<tensor<1x64xf16>>
  // CHECK: tt.descriptor_gather %[[G]][%{{.*}}, %{{.*}}] : (!tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32) -> tensor<8x64xf16>
  %t = tt.descriptor_gather %g[%rows, %x] : (!tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32) -> tensor<8x64xf16>
  // CHECK: tt.descriptor_scatter %[[G]][%{{.*}}, %{{.*}}], %{{.*}} : !tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32, tensor<8x64xf16>
  tt.descriptor_scatter %g[%rows, %x], %tile : !tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32, tensor<8x64xf16>
  tt.return
}
