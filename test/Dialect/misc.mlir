// Inline asm, print, map_elementwise, dot_scaled.
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func @inline_asm
tt.func @inline_asm(%a: tensor<16xi8>, %b: tensor<16xi32>) {
  // CHECK: tt.elementwise_inline_asm "shl.b32 $0, $0, 3;" {constraints = "=r,r", packed_element = 4 : i32, pure = true} %{{.*}} : tensor<16xi8> -> tensor<16xi8>
  %0 = tt.elementwise_inline_asm "shl.b32 $0, $0, 3;" {constraints = "=r,r", packed_element = 4 : i32, pure = true} %a : tensor<16xi8> -> tensor<16xi8>
  // Several results.
  // CHECK: tt.elementwise_inline_asm "mov" {constraints = "=r,=r,r,r", packed_element = 1 : i32, pure = false} %{{.*}}, %{{.*}} : tensor<16xi8>, tensor<16xi32> -> tensor<16xi32>, tensor<16xi8>
  %1:2 = tt.elementwise_inline_asm "mov" {constraints = "=r,=r,r,r", packed_element = 1 : i32, pure = false} %a, %b : tensor<16xi8>, tensor<16xi32> -> tensor<16xi32>, tensor<16xi8>
  tt.return
}

// CHECK-LABEL: tt.func @print
tt.func @print(%a: tensor<16xi32>, %f: f32) {
  // CHECK: tt.print " x: " {hex = false, isSigned = array<i32: 1, 0>} : %{{.*}}, %{{.*}} : tensor<16xi32>, f32
  tt.print " x: " {hex = false, isSigned = array<i32: 1, 0>} : %a, %f : tensor<16xi32>, f32
  // CHECK: tt.print "hello" {hex = true, isSigned = array<i32>}
  tt.print "hello" {hex = true, isSigned = array<i32>}
  tt.return
}

// CHECK-LABEL: tt.func @map_elementwise
tt.func @map_elementwise(%a: tensor<16xf32>, %b: tensor<16xi32>) -> tensor<16xf32> {
  // CHECK: "tt.map_elementwise"(%{{.*}}, %{{.*}}) <{pack = 2 : i32}> ({
  // CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32, %{{.*}}: i32, %{{.*}}: i32):
  // CHECK: tt.map_elementwise.return %{{.*}}, %{{.*}} : f32, f32
  // CHECK: }) : (tensor<16xf32>, tensor<16xi32>) -> tensor<16xf32>
  %0 = "tt.map_elementwise"(%a, %b) <{pack = 2 : i32}> ({
  ^bb0(%x0: f32, %x1: f32, %i0: i32, %i1: i32):
    %y0 = arith.sitofp %i0 : i32 to f32
    %y1 = arith.sitofp %i1 : i32 to f32
    %s0 = arith.addf %x0, %y0 : f32
    %s1 = arith.addf %x1, %y1 : f32
    tt.map_elementwise.return %s0, %s1 : f32, f32
  }) : (tensor<16xf32>, tensor<16xi32>) -> tensor<16xf32>
  tt.return %0 : tensor<16xf32>
}

// CHECK-LABEL: tt.func @dot_scaled
tt.func @dot_scaled(%a: tensor<32x64xf8E4M3FN>, %sa: tensor<32x2xi8>, %b: tensor<64x32xf8E5M2>, %c: tensor<32x32xf32>) {
  // CHECK: tt.dot_scaled %{{.*}} scale %{{.*}}, %{{.*}}, %{{.*}} lhs = e4m3 rhs = e5m2 {fastMath = false} : tensor<32x64xf8E4M3FN>, tensor<32x2xi8> * tensor<64x32xf8E5M2> -> tensor<32x32xf32>
  %0 = tt.dot_scaled %a scale %sa, %b, %c lhs = e4m3 rhs = e5m2 {fastMath = false} : tensor<32x64xf8E4M3FN>, tensor<32x2xi8> * tensor<64x32xf8E5M2> -> tensor<32x32xf32>
  // Mixed fp8 operands are fine for tt.dot as well (same bit width).
  // CHECK: tt.dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x64xf8E4M3FN> * tensor<64x32xf8E5M2> -> tensor<32x32xf32>
  %1 = tt.dot %a, %b, %c : tensor<32x64xf8E4M3FN> * tensor<64x32xf8E5M2> -> tensor<32x32xf32>
  tt.return
}
