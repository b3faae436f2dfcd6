// triton-edge-approximate-math: f32 exp/erf/tanh/log/sin/cos/pow become
// branch-free f64 arithmetic rounded once to f32 (docs/vector-math.md), for
// scalars and vectors alike; other functions get upstream's expansions and
// polynomial approximations; f64 math is left for libm.
// RUN: triton-edge-opt %s --triton-edge-approximate-math | FileCheck %s

// exp: widen, 2^k * e^u with k = floor(t + 1/2) built in the exponent bits.
// CHECK-LABEL: func.func @exp_vec(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<16xf32>
// CHECK: %[[XD:[a-z0-9_]+]] = arith.extf %[[X]] : vector<16xf32> to vector<16xf64>
// CHECK: math.floor %{{.*}} : vector<16xf64>
// CHECK: math.fma %{{.*}} : vector<16xf64>
// CHECK: arith.fptosi %{{.*}} : vector<16xf64> to vector<16xi64>
// CHECK: arith.shli %{{.*}} : vector<16xi64>
// CHECK: arith.bitcast %{{.*}} : vector<16xi64> to vector<16xf64>
// CHECK: %[[R:[a-z0-9_]+]] = arith.truncf %{{.*}} : vector<16xf64> to vector<16xf32>
// NaN in, NaN out.
// CHECK: %[[NAN:[a-z0-9_]+]] = arith.cmpf uno, %[[X]], %[[X]] : vector<16xf32>
// CHECK: %[[OUT:[a-z0-9_]+]] = arith.select %[[NAN]], %[[X]], %[[R]] : vector<16xi1>, vector<16xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: math.exp
func.func @exp_vec(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// The same for scalar code (--vec=off).
// CHECK-LABEL: func.func @erf_scalar(
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.fma %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT: math.erf
// CHECK: return
func.func @erf_scalar(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}

// CHECK-LABEL: func.func @tanh_log_sin_cos(
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK-NOT: math.sin
// CHECK-NOT: math.cos
// CHECK: return
func.func @tanh_log_sin_cos(%x: vector<8xf32>) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
  %a = math.tanh %x : vector<8xf32>
  %b = math.log %x : vector<8xf32>
  %c = math.sin %x : vector<8xf32>
  %d = math.cos %x : vector<8xf32>
  return %a, %b, %c, %d : vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>
}

// A constant integer exponent is binary powering in f64: x^3 = x * x^2.
// CHECK-LABEL: func.func @pow_cube(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<16xf32>
// CHECK: %[[XD:[a-z0-9_]+]] = arith.extf %[[X]] : vector<16xf32> to vector<16xf64>
// CHECK: %[[SQ:[a-z0-9_]+]] = arith.mulf %[[XD]], %[[XD]] : vector<16xf64>
// CHECK: %[[CUBE:[a-z0-9_]+]] = arith.mulf %[[XD]], %[[SQ]] : vector<16xf64>
// CHECK: %[[R:[a-z0-9_]+]] = arith.truncf %[[CUBE]] : vector<16xf64> to vector<16xf32>
// CHECK: return %[[R]]
func.func @pow_cube(%x: vector<16xf32>) -> vector<16xf32> {
  %c = arith.constant dense<3.0> : vector<16xf32>
  %y = math.powf %x, %c : vector<16xf32>
  return %y : vector<16xf32>
}

// A general exponent: 2^(y log2|x|) with the IEEE special cases as selects.
// CHECK-LABEL: func.func @pow_general(
// CHECK-NOT: math.powf
// CHECK: math.floor
// CHECK: arith.select
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @pow_general(%x: f32, %y: f32) -> f32 {
  %r = math.powf %x, %y : f32
  return %r : f32
}

// fpowi (__nv_powif) with a runtime exponent goes through the same f64 pow.
// CHECK-LABEL: func.func @powi_runtime(
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK-NOT: math.fpowi
// CHECK: return
func.func @powi_runtime(%x: f32, %n: i32) -> f32 {
  %r = math.fpowi %x, %n : f32, i32
  return %r : f32
}

// Upstream handles the rest: rsqrt = 1 / sqrt, atan a polynomial.
// CHECK-LABEL: func.func @upstream(
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK-NOT: math.rsqrt
// CHECK-NOT: math.atan
// CHECK: return
func.func @upstream(%x: vector<16xf32>) -> (vector<16xf32>, vector<16xf32>) {
  %a = math.rsqrt %x : vector<16xf32>
  %b = math.atan %x : vector<16xf32>
  return %a, %b : vector<16xf32>, vector<16xf32>
}

// f64 math is not approximated (libm later).
// CHECK-LABEL: func.func @f64_untouched(
// CHECK: math.exp %{{.*}} : f64
func.func @f64_untouched(%x: f64) -> f64 {
  %y = math.exp %x : f64
  return %y : f64
}
