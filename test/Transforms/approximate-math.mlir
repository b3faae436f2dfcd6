// triton-edge-approximate-math: f32 exp/erf/tanh become f32 arithmetic
// (exp by 2^k e^r, with a branch for all-normal results; erf, tanh by
// per-interval polynomials read from 16-entry tables), log/sin/cos/pow f64
// arithmetic rounded once to f32 (docs/vector-math.md), for scalars and
// vectors alike; other functions get upstream's expansions and polynomial
// approximations; f64 math is left for libm.
// RUN: triton-edge-opt %s --triton-edge-approximate-math | FileCheck %s

// Scalar erf/tanh read their tables from private constant globals, 16 f32 each.
// CHECK: memref.global "private" constant @__te_math_table_{{[0-9A-F]+}} : memref<16xf32> = dense<

// exp: in f32. When every lane has x in [-86, 87] (a normal result), a
// branch takes k = round(x log2 e) by adding 1.5 * 2^23 (k read from the
// bits, no fptosi), r = x - k ln2 in two fmas, e^r by a polynomial, and adds
// k to its exponent field. Otherwise: x clamped to [-104, 89], the same
// reduction, 2^k as two factors built in the exponent bits. NaN takes the
// general branch and propagates (no select needed).
// CHECK-LABEL: func.func @exp_vec(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<16xf32>
// CHECK-DAG: %[[MAGIC:[a-z0-9_]+]] = arith.constant dense<0x4B400000> : vector<16xf32>
// CHECK-DAG: %[[LO:[a-z0-9_]+]] = arith.constant dense<-1.040000e+02> : vector<16xf32>
// CHECK-DAG: %[[HI:[a-z0-9_]+]] = arith.constant dense<8.900000e+01> : vector<16xf32>
// CHECK-DAG: %[[NLO:[a-z0-9_]+]] = arith.constant dense<-8.600000e+01> : vector<16xf32>
// CHECK-DAG: %[[NHI:[a-z0-9_]+]] = arith.constant dense<8.700000e+01> : vector<16xf32>
// CHECK-NOT: arith.extf
// CHECK: %[[GE:[a-z0-9_]+]] = arith.cmpf oge, %[[X]], %[[NLO]] : vector<16xf32>
// CHECK: %[[LE:[a-z0-9_]+]] = arith.cmpf ole, %[[X]], %[[NHI]] : vector<16xf32>
// CHECK: %[[IN:[a-z0-9_]+]] = arith.andi %[[GE]], %[[LE]] : vector<16xi1>
// CHECK: %[[ALL:[a-z0-9_]+]] = vector.reduction <and>, %[[IN]] : vector<16xi1> into i1
// CHECK: %[[OUT:[a-z0-9_]+]] = scf.if %[[ALL]] -> (vector<16xf32>) {
// CHECK: %[[FT:[a-z0-9_]+]] = math.fma %[[X]], %{{.*}}, %[[MAGIC]] : vector<16xf32>
// CHECK: %[[FTB:[a-z0-9_]+]] = arith.bitcast %[[FT]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[FK:[a-z0-9_]+]] = arith.subi %[[FTB]], %{{.*}} : vector<16xi32>
// CHECK: %[[FPB:[a-z0-9_]+]] = arith.bitcast %[[FP:[a-z0-9_]+]] : vector<16xf32> to vector<16xi32>
// CHECK-NEXT: %[[FKS:[a-z0-9_]+]] = arith.shli %[[FK]], %{{.*}} : vector<16xi32>
// CHECK-NEXT: %[[FS:[a-z0-9_]+]] = arith.addi %[[FPB]], %[[FKS]] : vector<16xi32>
// CHECK-NEXT: %[[FR:[a-z0-9_]+]] = arith.bitcast %[[FS]] : vector<16xi32> to vector<16xf32>
// CHECK-NEXT: scf.yield %[[FR]] : vector<16xf32>
// CHECK-NEXT: } else {
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
// CHECK: %[[SLOW:[a-z0-9_]+]] = arith.mulf %[[PS]], %[[S2]] : vector<16xf32>
// CHECK: scf.yield %[[SLOW]] : vector<16xf32>
// CHECK: return %[[OUT]]
// CHECK-NOT: math.exp
func.func @exp_vec(%x: vector<16xf32>) -> vector<16xf32> {
  %y = math.exp %x : vector<16xf32>
  return %y : vector<16xf32>
}

// erf in f32, scalar code (--vec=off) too: |x| clamped below 4 (one
// compare-select that keeps NaN), t = (4|x| - 1/2) + 1.5 * 2^23 holds the
// interval i = round(4|x| - 1/2) in its low bits (i = bits & 15, no
// float-int conversion, NaN-free), u = 4|x| - i exact in one fma,
// coefficients read from 16-entry tables at i (scalar code: loads from
// constant globals, no vector registers), Horner in fma, then fma(u, Q,
// fma(u, M, C)) and copysign (erf(-0) = -0). No exp, no division.
// CHECK-LABEL: func.func @erf_scalar(
// CHECK-SAME: %[[X:[a-z0-9]+]]: f32
// CHECK-DAG: %[[FOUR:[a-z0-9_]+]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[MAGIC:[a-z0-9_]+]] = arith.constant 0x4B400000 : f32
// CHECK-DAG: %[[TOP:[a-z0-9_]+]] = arith.constant 3.99999976 : f32
// CHECK-NOT: arith.extf
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[X]] : f32
// CHECK: %[[GT:[a-z0-9_]+]] = arith.cmpf ogt, %[[A]], %[[TOP]] : f32
// CHECK: %[[AC:[a-z0-9_]+]] = arith.select %[[GT]], %[[TOP]], %[[A]] : f32
// CHECK-NOT: arith.minnumf
// CHECK: %[[S:[a-z0-9_]+]] = math.fma %[[AC]], %[[FOUR]], %{{.*}} : f32
// CHECK: %[[T:[a-z0-9_]+]] = arith.addf %[[S]], %[[MAGIC]] : f32
// CHECK: %[[BITS:[a-z0-9_]+]] = arith.bitcast %[[T]] : f32 to i32
// CHECK: %[[I:[a-z0-9_]+]] = arith.andi %[[BITS]], %{{.*}} : i32
// CHECK: %[[NI:[a-z0-9_]+]] = arith.subf %[[MAGIC]], %[[T]] : f32
// CHECK: %[[U:[a-z0-9_]+]] = math.fma %[[AC]], %[[FOUR]], %[[NI]] : f32
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
// CHECK-NOT: arith.fptosi
// CHECK-NOT: arith.sitofp
func.func @erf_scalar(%x: f32) -> f32 {
  %y = math.erf %x : f32
  return %y : f32
}

// erf on 16 lanes: each table read is one lane-by-lane gather from a
// 16-entry constant (what the x86 backend emits as one vpermps).
// CHECK-LABEL: func.func @erf_vec(
// CHECK: %[[I:[a-z0-9_]+]] = arith.andi %{{.*}} : vector<16xi32>
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

// GELU (Inductor's erf form, 0.5x * (1 + erf(x * 0.70710677))): the product
// x * c is folded into erf's two fmas (4c = 2.82842708, |x| clamped to 4/c
// below), the tail becomes x * (0.5 + erf/2) with tables halved (C_1 / 2 =
// 0.138163194): one multiply and one add fewer than the formula.
// CHECK-LABEL: func.func @gelu_erf(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<16xf32>
// CHECK-DAG: %[[K4:[a-z0-9_]+]] = arith.constant dense<2.82842708> : vector<16xf32>
// CHECK-DAG: %[[TOP:[a-z0-9_]+]] = arith.constant dense<5.65685415> : vector<16xf32>
// CHECK-DAG: %[[HALF:[a-z0-9_]+]] = arith.constant dense<5.000000e-01> : vector<16xf32>
// CHECK-DAG: arith.constant dense<[0.000000e+00, 0.138163194,
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[X]] : vector<16xf32>
// CHECK: arith.cmpf ogt, %[[A]], %[[TOP]]
// CHECK: math.fma %{{.*}}, %[[K4]], %{{.*}}
// CHECK: %[[E:[a-z0-9_]+]] = math.copysign %{{.*}}, %[[X]] : vector<16xf32>
// CHECK: %[[P:[a-z0-9_]+]] = arith.addf %[[E]], %[[HALF]] : vector<16xf32>
// CHECK: %[[R:[a-z0-9_]+]] = arith.mulf %[[X]], %[[P]] : vector<16xf32>
// CHECK: return %[[R]]
// CHECK-NOT: math.erf
func.func @gelu_erf(%x: vector<16xf32>) -> vector<16xf32> {
  %half = arith.constant dense<0.5> : vector<16xf32>
  %c = arith.constant dense<0.707106769> : vector<16xf32>
  %one = arith.constant dense<1.0> : vector<16xf32>
  %h = arith.mulf %x, %half : vector<16xf32>
  %xc = arith.mulf %x, %c : vector<16xf32>
  %e = math.erf %xc : vector<16xf32>
  %p = arith.addf %e, %one : vector<16xf32>
  %r = arith.mulf %h, %p : vector<16xf32>
  return %r : vector<16xf32>
}

// The tanh form's tail too (the tanh argument is not a product by a constant).
// CHECK-LABEL: func.func @gelu_tanh_tail(
// CHECK-SAME: %[[X:[a-z0-9]+]]: f32, %[[Y:[a-z0-9]+]]: f32
// CHECK: %[[T:[a-z0-9_]+]] = math.copysign %{{.*}}, %[[Y]] : f32
// CHECK: %[[P:[a-z0-9_]+]] = arith.addf %[[T]], %{{.*}} : f32
// CHECK: %[[R:[a-z0-9_]+]] = arith.mulf %[[X]], %[[P]] : f32
// CHECK: return %[[R]]
// CHECK-NOT: math.tanh
func.func @gelu_tanh_tail(%x: f32, %y: f32) -> f32 {
  %half = arith.constant 0.5 : f32
  %one = arith.constant 1.0 : f32
  %h = arith.mulf %half, %x : f32
  %t = math.tanh %y : f32
  %p = arith.addf %one, %t : f32
  %r = arith.mulf %p, %h : f32
  return %r : f32
}

// Not a GELU tail (the factor is x * 0.25): erf stays at scale 1, the
// formula's ops stay.
// CHECK-LABEL: func.func @not_gelu(
// CHECK: %[[E:[a-z0-9_]+]] = math.copysign
// CHECK: %[[P:[a-z0-9_]+]] = arith.addf %[[E]], %{{.*}} : f32
// CHECK: arith.mulf %{{.*}}, %[[P]] : f32
func.func @not_gelu(%x: f32) -> f32 {
  %q = arith.constant 0.25 : f32
  %one = arith.constant 1.0 : f32
  %h = arith.mulf %x, %q : f32
  %e = math.erf %x : f32
  %p = arith.addf %e, %one : f32
  %r = arith.mulf %h, %p : f32
  return %r : f32
}

// tanh: |x| clamped to 9.5 (NaN kept), interval from the bits of |x| + 1
// (quarter octaves): i = (bits >> 21) & 15 reads tables rotated by 12
// (interval k at (k + 12) mod 16: the left ends 1, 1.5, ... first), u = |x| -
// left; on 8 lanes (AVX2) each 16-entry table is two 8-entry halves read at
// i & 7 and selected by i >> 3.
// CHECK-LABEL: func.func @tanh_vec(
// CHECK-SAME: %[[X:[a-z0-9]+]]: vector<8xf32>
// CHECK-DAG: arith.constant dense<[1.000000e+00, 1.500000e+00, 2.000000e+00, 2.500000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> : vector<8xf32>
// CHECK-DAG: arith.constant dense<[7.000000e+00, 9.000000e+00, 9.000000e+00, 9.000000e+00, 0.000000e+00, 2.500000e-01, 5.000000e-01, 7.500000e-01]> : vector<8xf32>
// CHECK-NOT: arith.extf
// CHECK: %[[A:[a-z0-9_]+]] = math.absf %[[X]] : vector<8xf32>
// CHECK: %[[AP1:[a-z0-9_]+]] = arith.addf %{{.*}} : vector<8xf32>
// CHECK: %[[B:[a-z0-9_]+]] = arith.bitcast %[[AP1]] : vector<8xf32> to vector<8xi32>
// CHECK: %[[Q:[a-z0-9_]+]] = arith.shrui %[[B]], %{{.*}} : vector<8xi32>
// CHECK-NOT: arith.minsi
// CHECK: %[[I:[a-z0-9_]+]] = arith.andi %[[Q]], %{{.*}} : vector<8xi32>
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
