// __nv_erfinvf: widened to f64, Winitzki's start (one log), three Halley
// steps (each an erf, an erfc and an exp), the sign copied back, rounded
// once to f32; scalar here (no Vec plan).
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  // CHECK-LABEL: func.func @erfinv
  // CHECK: arith.extf %{{.*}} : f32 to f64
  // CHECK: math.log %{{.*}} : f64
  // CHECK-COUNT-3: math.erf %{{.*}} : f64
  // CHECK: math.copysign %{{.*}} : f64
  // CHECK: arith.truncf %{{.*}} : f64 to f32
  tt.func public @erfinv(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_erfinvf"} : (tensor<16xf32>) -> tensor<16xf32>
    %q = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %qi, %y : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
