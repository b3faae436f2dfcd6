// triton-edge-approximate-math: f32 exp/erf/tanh become branch-free f32
// arithmetic (exp by 2^k e^r; erf, tanh by per-interval polynomials read
// from 16-entry tables), log/sin/cos/pow f64
// arithmetic rounded once to f32 (docs/vector-math.md), for scalars and
// vectors alike; other functions get upstream's expansions and polynomial
// approximations; f64 math is left for libm.
// RUN: triton-edge-opt %s --triton-edge-approximate-math | FileCheck %s

// Scalar erf/tanh read their tables from private constant globals, 16 f32 each.
// CHECK: memref.global "private" constant @__te_math_table_{{[0-9A-F]+}} : memref<16xf32> = dense<

// exp: in f32, clamp to [-104, 89]; k = round(x log2 e) by adding 1.5 * 2^23
// (k read from the bits, no fptosi); r = x - k ln2 in two fmas; 2^k as two
// factors built in the exponent bits. NaN propagates (no select needed).
// CHECK-LABEL: func.func @exp_vec(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<16xf32>
// CHECK-DAG: %[[MAGIC:[a-z0-9_]+]] = arith.constant dense<0x4B400000> : vector<16xf32>
// CHECK-DAG: %[[LO:[a-z0-9_]+]] = arith.constant dense<-1.040000e+02> : vector<16xf32>
// CHECK-DAG: %[[HI:[a-z0-9_]+]] = arith.constant dense<8.900000e+01> : vector<16xf32>
// CHECK-NOT: arith.extf
// CHECK: %[[C1:[a-z0-9_]+]] = arith.cmpf olt, %[[X]], %[[LO]] : vector<16xf32>
// CHECK: %[[X1:[a-z0-9_]+]] = arith.select %[[C1]], %[[LO]], %[[X]]
// CHECK: %[[C2:[a-z0-9_]+]] = arith.cmpf ogt, %[[X1]], %[[HI]] : vector<16xf32>
// CHECK: %[[XC:[a-z0-9_]+]] = arith.select %[[C2]], %[[HI]], %[[X1]]
// CHECK: %[[T:[a-z0-9_]+]] = math.fma %[[XC]], %{{.*}}, %[[MAGIC]] : vector<16xf32>
// CHECK: %[[KF:[a-z0-9_]+]] = arith.subf %[[T]], %[[MAGIC]] : vector<16xf32>
// CHECK: %[[TB:[a-z0-9_]+]] = arith.bitcast %[[T]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[K:[a-z0-9_]+]] = arith.subi %[[TB]], %{{.*}} : vector<16xi32>
// CHECK: %[[NK:[a-z0-9_]+]] = arith.negf %[[KF]] : vector<16xf32>
// CHECK: %[[R1:[a-z0-9_]+]] = math.fma %[[NK]], %{{.*}}, %[[XC]] : vector<16xf32>
// CHECK: %[[R:[a-z0-9_]+]] = math.fma %[[NK]], %{{.*}}, %[[R1]] : vector<16xf32>
// CHECK: %[[P:[a-z0-9_]+]] = math.fma %[[R]], %{{.*}}, %{{.*}} : vector<16xf32>
// CHECK: %[[K1:[a-z0-9_]+]] = arith.shrsi %[[K]], %{{.*}} : vector<16xi32>
// CHECK: %[[K2:[a-z0-9_]+]] = arith.subi %[[K]], %[[K1]] : vector<16xi32>
// CHECK: arith.shli %{{.*}} : vector<16xi32>
// CHECK: %[[S1:[a-z0-9_]+]] = arith.bitcast %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: %[[PS:[a-z0-9_]+]] = arith.mulf %[[P]], %[[S1]] : vector<16xf32>
// CHECK: %[[S2:[a-z0-9_]+]] = arith.bitcast %{{.*}} : vector<16xi32> to vector<16xf32>
// CHECK: %[[OUT:[a-z0-9_]+]] = arith.mulf %[[PS]], %[[S2]] : vector<16xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: math.exp
func.func @exp_vec(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// erf in f32, scalar code (--vec=off) too: interval i = int(4|x|) (the
// index from a minnumf, NaN-free), u = 4|x| - i, coefficients read from
// 16-entry tables at i (scalar code: loads from constant globals, no vector
// registers), Horner in fma, then fma(u, Q, fma(u, M, C)) and copysign
// (erf(-0) = -0). No exp, no division.
// CHECK-LABEL: func.func @erf_scalar(
// CHECK-SAME: %[[X:[a-z0-9]+]]: f32
// CHECK-NOT: arith.extf
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[X]] : f32
// CHECK: %[[V:[a-z0-9_]+]] = arith.mulf %[[A]], %{{.*}} : f32
// CHECK: %[[VI:[a-z0-9_]+]] = arith.minnumf %[[V]], %{{.*}} : f32
// CHECK: %[[I:[a-z0-9_]+]] = arith.fptosi %[[VI]] : f32 to i32
// CHECK: %[[IF:[a-z0-9_]+]] = arith.sitofp %[[I]] : i32 to f32
// CHECK: %[[U:[a-z0-9_]+]] = arith.subf %{{.*}}, %[[IF]] : f32
// CHECK: %[[G:[a-z0-9_]+]] = memref.get_global @__te_math_table_{{[0-9A-F]+}} : memref<16xf32>
// CHECK: %[[POS:[a-z0-9_]+]] = arith.index_cast %[[I]] : i32 to index
// CHECK: memref.load %[[G]][%[[POS]]] : memref<16xf32>
// CHECK: math.fma %{{.*}}, %[[U]], %{{.*}} : f32
// CHECK: %[[BASE:[a-z0-9_]+]] = math.fma %[[U]], %{{.*}}, %{{.*}} : f32
// CHECK: %[[R:[a-z0-9_]+]] = math.fma %[[U]], %{{.*}}, %[[BASE]] : f32
// CHECK: %[[OUT:[a-z0-9_]+]] = math.copysign %[[R]], %[[X]] : f32
// CHECK: return %[[OUT]]
// CHECK-NOT: math.erf
// CHECK-NOT: math.exp
// CHECK-NOT: arith.divf
func.func @erf_scalar(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}

// erf on 16 lanes: each table read is one lane-by-lane gather from a
// 16-entry constant (what the x86 backend emits as one vpermps).
// CHECK-LABEL: func.func @erf_vec(
// CHECK: %[[I:[a-z0-9_]+]] = arith.fptosi %{{.*}} : vector<16xf32> to vector<16xi32>
// CHECK: %[[I15:[a-z0-9_]+]] = vector.extract %[[I]][15] : i32 from vector<16xi32>
// CHECK: %[[P15:[a-z0-9_]+]] = arith.index_cast %[[I15]] : i32 to index
// CHECK: %[[E15:[a-z0-9_]+]] = vector.extract %[[T:[a-z0-9_]+]][%[[P15]]] : f32 from vector<16xf32>
// CHECK: vector.from_elements %{{.*}}, %[[E15]] : vector<16xf32>
// CHECK: math.copysign
// CHECK-NOT: math.erf
func.func @erf_vec(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.erf %x : vector<16xf32>
  return %y : vector<16xf32>
}

// tanh: |x| clamped to 9.5 (NaN kept), interval from the bits of |x| + 1
// (quarter octaves), u = |x| - left; on 8 lanes (AVX2) each 16-entry table
// is two 8-entry halves read at i & 7 and selected by i >> 3.
// CHECK-LABEL: func.func @tanh_vec(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<8xf32>
// CHECK-NOT: arith.extf
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[X]] : vector<8xf32>
// CHECK: %[[AP1:[a-z0-9_]+]] = arith.addf %{{.*}} : vector<8xf32>
// CHECK: %[[B:[a-z0-9_]+]] = arith.bitcast %[[AP1]] : vector<8xf32> to vector<8xi32>
// CHECK: arith.shrui %[[B]], %{{.*}} : vector<8xi32>
// CHECK: %[[I:[a-z0-9_]+]] = arith.minsi %{{.*}} : vector<8xi32>
// CHECK: %[[LO:[a-z0-9_]+]] = arith.andi %[[I]], %{{.*}} : vector<8xi32>
// CHECK: %[[HI:[a-z0-9_]+]] = arith.shrui %[[I]], %{{.*}} : vector<8xi32>
// CHECK: vector.extract %{{.*}} : f32 from vector<8xf32>
// CHECK: %[[SEL:[a-z0-9_]+]] = arith.cmpi eq, %[[HI]], %{{.*}} : vector<8xi32>
// CHECK: arith.select %[[SEL]], %{{.*}} : vector<8xi1>, vector<8xf32>
// CHECK: %[[OUT:[a-z0-9_]+]] = math.copysign %{{.*}}, %[[X]] : vector<8xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: arith.divf
func.func @tanh_vec(%x: vector<8xf32>) -> vector<8xf32> {
  %y = math.tanh %x : vector<8xf32>
  return %y : vector<8xf32>
}

// log keeps the f64 evaluation.
// CHECK-LABEL: func.func @log_scalar(
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.fma %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK-NOT: math.log
// CHECK: return
func.func @log_scalar(%x: f32) -> f32 {
  %y = math.log %x : f32
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
