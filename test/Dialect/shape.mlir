// Shape ops: reshape, trans, cat, join, split, unsplat, histogram, gather.
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func @reshape_trans
tt.func @reshape_trans(%a: tensor<4x8xf32>, %b: tensor<2x4x8xi16>) {
  // CHECK: tt.reshape %{{.*}} : tensor<4x8xf32> -> tensor<32xf32>
  %0 = tt.reshape %a : tensor<4x8xf32> -> tensor<32xf32>
  // CHECK: tt.reshape %{{.*}} allow_reorder : tensor<4x8xf32> -> tensor<8x4xf32>
  %1 = tt.reshape %a allow_reorder : tensor<4x8xf32> -> tensor<8x4xf32>
  // CHECK: tt.reshape %{{.*}} allow_reorder efficient_layout : tensor<4x8xf32> -> tensor<2x16xf32>
  %2 = tt.reshape %a allow_reorder efficient_layout : tensor<4x8xf32> -> tensor<2x16xf32>
  // CHECK: tt.reshape %{{.*}} efficient_layout : tensor<4x8xf32> -> tensor<1x32xf32>
  %3 = tt.reshape %a efficient_layout : tensor<4x8xf32> -> tensor<1x32xf32>
  // CHECK: tt.trans %{{.*}} {order = array<i32: 1, 0>} : tensor<4x8xf32> -> tensor<8x4xf32>
  %4 = tt.trans %a {order = array<i32: 1, 0>} : tensor<4x8xf32> -> tensor<8x4xf32>
  // CHECK: tt.trans %{{.*}} {order = array<i32: 2, 0, 1>} : tensor<2x4x8xi16> -> tensor<8x2x4xi16>
  %5 = tt.trans %b {order = array<i32: 2, 0, 1>} : tensor<2x4x8xi16> -> tensor<8x2x4xi16>
  tt.return
}

// CHECK-LABEL: tt.func @cat_join_split
tt.func @cat_join_split(%a: tensor<4x8xf32>, %b: tensor<4x8xf32>) -> tensor<4x8xf32> {
  // CHECK: tt.cat %{{.*}}, %{{.*}} : tensor<4x8xf32> -> tensor<8x8xf32>
  %0 = tt.cat %a, %b : tensor<4x8xf32> -> tensor<8x8xf32>
  // CHECK: tt.join %{{.*}}, %{{.*}} : tensor<4x8xf32> -> tensor<4x8x2xf32>
  %1 = tt.join %a, %b : tensor<4x8xf32> -> tensor<4x8x2xf32>
  // CHECK: %[[L:.*]], %[[R:.*]] = tt.split %{{.*}} : tensor<4x8x2xf32> -> tensor<4x8xf32>
  %l, %r = tt.split %1 : tensor<4x8x2xf32> -> tensor<4x8xf32>
  // CHECK: arith.addf %[[L]], %[[R]]
  %2 = arith.addf %l, %r : tensor<4x8xf32>
  tt.return %2 : tensor<4x8xf32>
}

// CHECK-LABEL: tt.func @unsplat_histogram_gather
tt.func @unsplat_histogram_gather(%one: tensor<1x1xf32>, %v: tensor<64xi32>, %m: tensor<64xi1>, %src: tensor<8x16xf32>, %idx: tensor<4x16xi32>) -> f32 {
  // CHECK: %[[S:.*]] = tt.unsplat %{{.*}} : tensor<1x1xf32>
  %0 = tt.unsplat %one : tensor<1x1xf32>
  // CHECK: tt.histogram %{{.*}} : tensor<64xi32> -> tensor<16xi32>
  %1 = tt.histogram %v : tensor<64xi32> -> tensor<16xi32>
  // CHECK: tt.histogram %{{.*}}, %{{.*}} : tensor<64xi32> -> tensor<8xi32>
  %2 = tt.histogram %v, %m : tensor<64xi32> -> tensor<8xi32>
  // CHECK: tt.gather %{{.*}}[%{{.*}}] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<4x16xf32>
  %3 = tt.gather %src[%idx] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<4x16xf32>
  // CHECK: tt.gather %{{.*}}[%{{.*}}] {axis = 0 : i32, efficient_layout} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<4x16xf32>
  %4 = tt.gather %src[%idx] {axis = 0 : i32, efficient_layout} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<4x16xf32>
  // CHECK: tt.return %[[S]] : f32
  tt.return %0 : f32
}
