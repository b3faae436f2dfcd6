// Casts and elementwise math ops.
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func @casts
tt.func @casts(%p: !tt.ptr<f32>, %ps: tensor<8x!tt.ptr<f32>>, %i: tensor<8xi64>, %h: tensor<8xf16>, %f: tensor<8xf32>, %f8: tensor<8xf8E4M3FN>) {
  // CHECK: tt.ptr_to_int %{{.*}} : !tt.ptr<f32> -> i64
  %0 = tt.ptr_to_int %p : !tt.ptr<f32> -> i64
  // CHECK: tt.int_to_ptr %{{.*}} : i64 -> !tt.ptr<f32>
  %1 = tt.int_to_ptr %0 : i64 -> !tt.ptr<f32>
  // CHECK: tt.int_to_ptr %{{.*}} : tensor<8xi64> -> tensor<8x!tt.ptr<i8>>
  %2 = tt.int_to_ptr %i : tensor<8xi64> -> tensor<8x!tt.ptr<i8>>
  // CHECK: tt.ptr_to_int %{{.*}} : tensor<8x!tt.ptr<f32>> -> tensor<8xi64>
  %3 = tt.ptr_to_int %ps : tensor<8x!tt.ptr<f32>> -> tensor<8xi64>
  // CHECK: tt.bitcast %{{.*}} : tensor<8xf32> -> tensor<8xi32>
  %4 = tt.bitcast %f : tensor<8xf32> -> tensor<8xi32>
  // CHECK: tt.bitcast %{{.*}} : !tt.ptr<f32> -> !tt.ptr<i32>
  %5 = tt.bitcast %p : !tt.ptr<f32> -> !tt.ptr<i32>
  // CHECK: tt.bitcast %{{.*}} : tensor<8x!tt.ptr<f32>> -> tensor<8x!tt.ptr<bf16>>
  %6 = tt.bitcast %ps : tensor<8x!tt.ptr<f32>> -> tensor<8x!tt.ptr<bf16>>
  // Upcasts need no rounding mode, downcasts do.
  // CHECK: tt.fp_to_fp %{{.*}} : tensor<8xf8E4M3FN> -> tensor<8xf32>
  %7 = tt.fp_to_fp %f8 : tensor<8xf8E4M3FN> -> tensor<8xf32>
  // CHECK: tt.fp_to_fp %{{.*}}, rounding = rtne : tensor<8xf32> -> tensor<8xf8E5M2>
  %8 = tt.fp_to_fp %f, rounding = rtne : tensor<8xf32> -> tensor<8xf8E5M2>
  // CHECK: tt.fp_to_fp %{{.*}}, rounding = rtz : tensor<8xf32> -> tensor<8xf16>
  %9 = tt.fp_to_fp %f, rounding = rtz : tensor<8xf32> -> tensor<8xf16>
  tt.return
}

// CHECK-LABEL: tt.func @math
tt.func @math(%x: tensor<8xf32>, %lo: tensor<8xf32>, %hi: tensor<8xf32>, %s: f64, %a: tensor<8xi32>, %b: tensor<8xi32>, %u: i64) {
  // CHECK: tt.clampf %{{.*}}, %{{.*}}, %{{.*}}, propagateNan = all : tensor<8xf32>
  %0 = tt.clampf %x, %lo, %hi, propagateNan = all : tensor<8xf32>
  // CHECK: tt.clampf %{{.*}}, %{{.*}}, %{{.*}}, propagateNan = none : tensor<8xf32>
  %1 = tt.clampf %x, %lo, %hi, propagateNan = none : tensor<8xf32>
  // CHECK: tt.precise_sqrt %{{.*}} : tensor<8xf32>
  %2 = tt.precise_sqrt %x : tensor<8xf32>
  // CHECK: tt.precise_sqrt %{{.*}} : f64
  %3 = tt.precise_sqrt %s : f64
  // CHECK: tt.precise_divf %{{.*}}, %{{.*}} : tensor<8xf32>
  %4 = tt.precise_divf %x, %lo : tensor<8xf32>
  // CHECK: tt.mulhiui %{{.*}}, %{{.*}} : tensor<8xi32>
  %5 = tt.mulhiui %a, %b : tensor<8xi32>
  // CHECK: tt.mulhiui %{{.*}}, %{{.*}} : i64
  %6 = tt.mulhiui %u, %u : i64
  tt.return
}
