// RUN: triton-edge-opt %s --triton-edge-expand-fp8 | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-expand-fp8 --convert-arith-to-llvm \
// RUN:   --convert-func-to-llvm --reconcile-unrealized-casts | FileCheck %s --check-prefix=LLVM

// fp8 -> f32: the code's fields move into f32 positions, the exponent is
// rebiased by an integer add (127 - 7 = 120: 120 << 23 = 1006632960),
// subnormals are m * 2^(1-7-3); 0x7F (magnitude) is e4m3fn's NaN.
// CHECK-LABEL: func @ext_e4m3fn
// CHECK: %[[BYTE:.*]] = arith.bitcast %arg0 : f8E4M3FN to i8
// CHECK: arith.extui %[[BYTE]] : i8 to i32
// CHECK: %[[REBIAS:.*]] = arith.constant 1006632960 : i32
// CHECK: arith.addi %{{.*}}, %[[REBIAS]] : i32
// CHECK: arith.uitofp
// CHECK: %[[SUBSCALE:.*]] = arith.constant 0.001953125 : f32
// CHECK: arith.mulf %{{.*}}, %[[SUBSCALE]] : f32
// CHECK: %[[NAN:.*]] = arith.constant 2143289344 : i32
// CHECK: arith.select %{{.*}}, %[[NAN]], %{{.*}} : i32
// CHECK-NOT: arith.extf
// CHECK: return
func.func @ext_e4m3fn(%a: f8E4M3FN) -> f32 {
  %0 = arith.extf %a : f8E4M3FN to f32
  return %0 : f32
}

// f32 -> e5m2, to nearest even: the magnitude clamps to 57344 (0x47600000 =
// 1197473792, satfinite), NaN becomes 0x7F (127).
// CHECK-LABEL: func @trunc_e5m2
// CHECK: arith.bitcast %arg0 : f32 to i32
// CHECK: %[[MAX:.*]] = arith.constant 1197473792 : i32
// CHECK: arith.minui %{{.*}}, %[[MAX]] : i32
// CHECK: %[[INF:.*]] = arith.constant 2139095040 : i32
// CHECK: arith.cmpi ugt, %{{.*}}, %[[INF]] : i32
// CHECK: %[[NANCODE:.*]] = arith.constant 127 : i32
// CHECK: arith.select %{{.*}}, %[[NANCODE]], %{{.*}} : i32
// CHECK: %[[B:.*]] = arith.trunci %{{.*}} : i32 to i8
// CHECK: arith.bitcast %[[B]] : i8 to f8E5M2
func.func @trunc_e5m2(%x: f32) -> f8E5M2 {
  %0 = arith.truncf %x : f32 to f8E5M2
  return %0 : f8E5M2
}

// Vectors, f16 sources (widened exactly first), FNUZ targets (NaN 0x80 =
// 128, no negative zero), rtz, and constants as their bits.
// CHECK-LABEL: func @vector_fnuz
// CHECK: arith.extf %arg0 : vector<4xf16> to vector<4xf32>
// CHECK: arith.constant dense<128> : vector<4xi32>
// CHECK: arith.bitcast %{{.*}} : vector<4xi8> to vector<4xf8E4M3FNUZ>
func.func @vector_fnuz(%h: vector<4xf16>) -> vector<4xf8E4M3FNUZ> {
  %0 = arith.truncf %h : vector<4xf16> to vector<4xf8E4M3FNUZ>
  return %0 : vector<4xf8E4M3FNUZ>
}

// CHECK-LABEL: func @rtz_and_constant
// CHECK: arith.constant 56 : i8
// CHECK: arith.bitcast %{{.*}} : i8 to f8E4M3FN
// CHECK-NOT: arith.addi %{{.*}}, %{{.*}} : i32
// CHECK: arith.shrui
// CHECK-NOT: arith.truncf
func.func @rtz_and_constant(%x: f32) -> (f8E4M3FN, f8E5M2) {
  %c = arith.constant 1.0 : f8E4M3FN
  %0 = arith.truncf %x toward_zero : f32 to f8E5M2
  return %c, %0 : f8E4M3FN, f8E5M2
}

// Arithmetic on fp8 is widened to f32 (upstream emulation), then expanded.
// CHECK-LABEL: func @add_e5m2
// CHECK: arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-NOT: arith.extf %{{.*}} : f8E5M2
// CHECK-NOT: arith.truncf %{{.*}} to f8E5M2
func.func @add_e5m2(%a: f8E5M2, %b: f8E5M2) -> f8E5M2 {
  %0 = arith.addf %a, %b : f8E5M2
  return %0 : f8E5M2
}

// |x| clears the sign bit (exact; NaN codes stay NaN), no f32 round trip.
// In fnuz formats 0x80 (-128) is the NaN, not -0: it is kept.
// CHECK-LABEL: func @abs_e4m3fn
// CHECK-DAG: arith.constant dense<127> : vector<4xi8>
// CHECK-DAG: %[[B:.*]] = arith.bitcast %{{.*}} : vector<4xf8E4M3FN> to vector<4xi8>
// CHECK: %[[A:.*]] = arith.andi %[[B]], %{{.*}} : vector<4xi8>
// CHECK: arith.bitcast %[[A]] : vector<4xi8> to vector<4xf8E4M3FN>
// CHECK-NOT: math.absf
func.func @abs_e4m3fn(%a: vector<4xf8E4M3FN>) -> vector<4xf8E4M3FN> {
  %0 = math.absf %a : vector<4xf8E4M3FN>
  return %0 : vector<4xf8E4M3FN>
}

// CHECK-LABEL: func @abs_e5m2fnuz
// CHECK-DAG: %[[NAN:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[B:.*]] = arith.bitcast %{{.*}} : f8E5M2FNUZ to i8
// CHECK: %[[A:.*]] = arith.andi %[[B]], %{{.*}} : i8
// CHECK: %[[ISNAN:.*]] = arith.cmpi eq, %[[B]], %[[NAN]] : i8
// CHECK: arith.select %[[ISNAN]], %[[B]], %[[A]] : i8
func.func @abs_e5m2fnuz(%a: f8E5M2FNUZ) -> f8E5M2FNUZ {
  %0 = math.absf %a : f8E5M2FNUZ
  return %0 : f8E5M2FNUZ
}

// Nothing fp8 is left for the LLVM dialect; the values are i8.
// LLVM-NOT: f8E
// LLVM-LABEL: llvm.func @ext_e4m3fn(%arg0: i8) -> f32
