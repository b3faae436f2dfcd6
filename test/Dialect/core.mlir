// Core TTIR ops as Triton 3.6 prints them: parse, verify, print, re-parse.
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s -mlir-print-op-generic | triton-edge-opt | FileCheck %s

// CHECK-LABEL: tt.func public @pointwise(
// CHECK-SAME: %{{.*}}: !tt.ptr<f32> {tt.divisibility = 16 : i32}
tt.func public @pointwise(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) attributes {noinline = false} {
  // CHECK: %[[PID:.*]] = tt.get_program_id x : i32
  %pid = tt.get_program_id x : i32
  // CHECK: tt.get_num_programs z : i32
  %np = tt.get_num_programs z : i32
  %c = arith.constant 256 : i32
  %off = arith.muli %pid, %c : i32
  // CHECK: tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
  %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
  // CHECK: tt.splat %{{.*}} : i32 -> tensor<256xi32>
  %s = tt.splat %off : i32 -> tensor<256xi32>
  %idx = arith.addi %s, %r : tensor<256xi32>
  %ns = tt.splat %n : i32 -> tensor<256xi32>
  %mask = arith.cmpi slt, %idx, %ns : tensor<256xi32>
  %p = tt.splat %in : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
  // CHECK: tt.addptr %{{.*}}, %{{.*}} : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
  %pa = tt.addptr %p, %idx : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
  %zero = arith.constant dense<0.000000e+00> : tensor<256xf32>
  // CHECK: tt.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<256x!tt.ptr<f32>>
  %x = tt.load %pa, %mask, %zero : tensor<256x!tt.ptr<f32>>
  // CHECK: tt.load %{{.*}}, %{{.*}} cacheModifier = ca evictionPolicy = evict_last {isVolatile = true} : tensor<256x!tt.ptr<f32>>
  %y = tt.load %pa, %mask evictionPolicy = evict_last cacheModifier = ca {isVolatile = true} : tensor<256x!tt.ptr<f32>>
  // CHECK: tt.extern_elementwise %{{.*}} {libname = "", libpath = "", pure = true, symbol = "__nv_erff"} : (tensor<256xf32>) -> tensor<256xf32>
  %e = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_erff"} : (tensor<256xf32>) -> tensor<256xf32>
  %q = tt.splat %out : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
  %qa = tt.addptr %q, %idx : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
  // CHECK: tt.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<256x!tt.ptr<f32>>
  tt.store %qa, %e, %mask : tensor<256x!tt.ptr<f32>>
  // CHECK: tt.store %{{.*}}, %{{.*}} cacheModifier = wb : tensor<256x!tt.ptr<f32>>
  tt.store %qa, %y cacheModifier = wb : tensor<256x!tt.ptr<f32>>
  // Scalar pointer arithmetic and scalar load/store.
  // CHECK: tt.addptr %{{.*}}, %{{.*}} : !tt.ptr<f32>, i32
  %sp = tt.addptr %in, %pid : !tt.ptr<f32>, i32
  // CHECK: tt.load %{{.*}} : !tt.ptr<f32>
  %sv = tt.load %sp : !tt.ptr<f32>
  tt.store %sp, %sv : !tt.ptr<f32>
  // CHECK: tt.return
  tt.return
}

// CHECK-LABEL: tt.func @shapes
tt.func @shapes(%a: tensor<32xf32>) -> tensor<4x32xf32> {
  // CHECK: tt.expand_dims %{{.*}} {axis = 0 : i32} : tensor<32xf32> -> tensor<1x32xf32>
  %0 = tt.expand_dims %a {axis = 0 : i32} : tensor<32xf32> -> tensor<1x32xf32>
  // CHECK: tt.broadcast %{{.*}} : tensor<1x32xf32> -> tensor<4x32xf32>
  %1 = tt.broadcast %0 : tensor<1x32xf32> -> tensor<4x32xf32>
  // CHECK: tt.return %{{.*}} : tensor<4x32xf32>
  tt.return %1 : tensor<4x32xf32>
}

// CHECK-LABEL: tt.func @reductions
tt.func @reductions(%a: tensor<8x16xf32>, %i: tensor<8x16xi32>) -> f32 {
  // CHECK: "tt.reduce"(%{{.*}}) <{axis = 1 : i32}> ({
  // CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32):
  // CHECK: tt.reduce.return %{{.*}} : f32
  // CHECK: }) : (tensor<8x16xf32>) -> tensor<8xf32>
  %r = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    tt.reduce.return %s : f32
  }) : (tensor<8x16xf32>) -> tensor<8xf32>
  // Two-operand (argmax-style) reduction to a scalar.
  // CHECK: "tt.reduce"(%{{.*}}, %{{.*}}) <{axis = 0 : i32}>
  // CHECK: tt.reduce.return %{{.*}}, %{{.*}} : f32, i32
  // CHECK: (tensor<8xf32>, tensor<8xi32>) -> (f32, i32)
  %ri = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
  %m:2 = "tt.reduce"(%r, %ri) <{axis = 0 : i32}> ({
  ^bb0(%v0: f32, %i0: i32, %v1: f32, %i1: i32):
    %gt = arith.cmpf ogt, %v0, %v1 : f32
    %v = arith.select %gt, %v0, %v1 : f32
    %ii = arith.select %gt, %i0, %i1 : i32
    tt.reduce.return %v, %ii : f32, i32
  }) : (tensor<8xf32>, tensor<8xi32>) -> (f32, i32)
  // CHECK: "tt.scan"(%{{.*}}) <{axis = 1 : i32, reverse = true}>
  // CHECK: tt.scan.return %{{.*}} : i32
  %c = "tt.scan"(%i) <{axis = 1 : i32, reverse = true}> ({
  ^bb0(%x: i32, %y: i32):
    %s = arith.addi %x, %y : i32
    tt.scan.return %s : i32
  }) : (tensor<8x16xi32>) -> tensor<8x16xi32>
  tt.return %m#0 : f32
}

// CHECK-LABEL: tt.func @atomics_dot_assert
tt.func @atomics_dot_assert(%p: tensor<16x!tt.ptr<f32>>, %v: tensor<16xf32>, %m: tensor<16xi1>, %ip: !tt.ptr<i32>, %a: tensor<16x32xf16>, %b: tensor<32x16xf16>, %c: tensor<16x16xf32>) {
  // CHECK: tt.atomic_rmw fadd, acq_rel, gpu, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<16x!tt.ptr<f32>>, tensor<16xf32>, tensor<16xi1>) -> tensor<16xf32>
  %0 = tt.atomic_rmw fadd, acq_rel, gpu, %p, %v, %m : (tensor<16x!tt.ptr<f32>>, tensor<16xf32>, tensor<16xi1>) -> tensor<16xf32>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  // CHECK: tt.atomic_cas relaxed, sys, %{{.*}}, %{{.*}}, %{{.*}} : (!tt.ptr<i32>, i32, i32) -> i32
  %1 = tt.atomic_cas relaxed, sys, %ip, %c0, %c1 : (!tt.ptr<i32>, i32, i32) -> i32
  // CHECK: tt.dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32xf16> * tensor<32x16xf16> -> tensor<16x16xf32>
  %2 = tt.dot %a, %b, %c : tensor<16x32xf16> * tensor<32x16xf16> -> tensor<16x16xf32>
  // CHECK: tt.dot %{{.*}}, %{{.*}}, %{{.*}}, inputPrecision = tf32 : tensor<16x32xf16> * tensor<32x16xf16> -> tensor<16x16xf32>
  %3 = tt.dot %a, %b, %c, inputPrecision = tf32 : tensor<16x32xf16> * tensor<32x16xf16> -> tensor<16x16xf32>
  // CHECK: tt.assert %{{.*}}, "index out of bounds" : tensor<16xi1>
  tt.assert %m, "index out of bounds" : tensor<16xi1>
  tt.return
}

// CHECK-LABEL: tt.func private @callee
tt.func private @callee(%x: i32) -> i32 {
  tt.return %x : i32
}
// CHECK-LABEL: tt.func @caller
tt.func @caller(%x: i32) -> i32 {
  // CHECK: tt.call @callee(%{{.*}}) : (i32) -> i32
  %0 = tt.call @callee(%x) : (i32) -> i32
  tt.return %0 : i32
}
