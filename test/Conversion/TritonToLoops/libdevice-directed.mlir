// __nv_fadd_rd: the round-to-nearest sum in f32, the sign of its exact
// error from a TwoSum expansion of a + b - r in f64, then one step down on
// r's bits where the error is negative; an exact zero takes the sign
// -((-a) + (-b)) gives (-0 rounding down). Scalar here (no Vec plan).
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  // CHECK-LABEL: func.func @fadd_rd
  // CHECK: %[[A:.*]] = memref.load
  // CHECK: %[[B:.*]] = memref.load
  // CHECK: %[[R:.*]] = arith.addf %[[A]], %[[B]] : f32
  // CHECK: arith.extf %[[R]] : f32 to f64
  // CHECK: %[[S:.*]] = arith.addf %{{.*}}, %{{.*}} : f64
  // CHECK-NEXT: %[[BV:.*]] = arith.subf %[[S]], %{{.*}} : f64
  // CHECK-NEXT: arith.subf %[[S]], %[[BV]] : f64
  // CHECK: %[[NEG:.*]] = arith.negf %[[R]] : f32
  // CHECK-NEXT: %[[BITS:.*]] = arith.bitcast %[[NEG]] : f32 to i32
  // CHECK: arith.addi %[[BITS]], %{{.*}} : i32
  // CHECK: %[[DOWN:.*]] = arith.bitcast %{{.*}} : i32 to f32
  // CHECK-NEXT: %[[NDOWN:.*]] = arith.negf %[[DOWN]] : f32
  // CHECK-NEXT: %[[STEP:.*]] = arith.select %{{.*}}, %[[NDOWN]], %[[R]] : f32
  // CHECK: %[[NSUM:.*]] = arith.addf %{{.*}}, %{{.*}} : f32
  // CHECK-NEXT: %[[ZERO:.*]] = arith.negf %[[NSUM]] : f32
  // CHECK: %[[OUT:.*]] = arith.select %{{.*}}, %[[ZERO]], %[[STEP]] : f32
  // CHECK: memref.store %[[OUT]]
  tt.func public @fadd_rd(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pai : tensor<16x!tt.ptr<f32>>
    %pb = tt.splat %b : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pbi = tt.addptr %pb, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %y = tt.load %pbi : tensor<16x!tt.ptr<f32>>
    %z = tt.extern_elementwise %x, %y {libname = "", libpath = "", pure = true, symbol = "__nv_fadd_rd"} : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
    %q = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %qi, %z : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
