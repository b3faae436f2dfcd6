// triton-edge-define-arith-semantics with nan-sign (targets whose float
// conversions return a canonical positive NaN: riscv64-rvv's profile sets
// canonical_nan): truncf/extf between 16/32/64-bit floats or in the result's
// bits the sign of a NaN operand, in integers (a float select would become
// LLVM's fneg(fabs), which its RISC-V loop vectorizer crashes on for f16).
// Without the option, and for fp8, the conversions are left alone. The
// e2e side: the conformance-edge step's fp8_roundtrip_bfloat16[float8e4b15]
// on riscv64-rvv (a bf16 NaN with its sign set, through f32 and f16).
// RUN: triton-edge-opt %s --split-input-file --triton-edge-define-arith-semantics | FileCheck %s --check-prefix=OFF
// RUN: triton-edge-opt %s --split-input-file --triton-edge-define-arith-semantics="nan-sign=true" | FileCheck %s

// OFF-LABEL: func.func @narrow
// OFF-NEXT: %[[R:.*]] = arith.truncf %arg0 : vector<8xf32> to vector<8xf16>
// OFF-NEXT: return %[[R]]
// CHECK-LABEL: func.func @narrow
// CHECK-SAME: (%[[X:.*]]: vector<8xf32>)
// CHECK-NEXT: %[[R:.*]] = arith.truncf %[[X]] : vector<8xf32> to vector<8xf16>
// CHECK-NEXT: %[[XB:.*]] = arith.bitcast %[[X]] : vector<8xf32> to vector<8xi32>
// CHECK-NEXT: %[[C31:.*]] = arith.constant dense<31> : vector<8xi32>
// CHECK-NEXT: %[[S:.*]] = arith.shrui %[[XB]], %[[C31]] : vector<8xi32>
// CHECK-NEXT: %[[ST:.*]] = arith.trunci %[[S]] : vector<8xi32> to vector<8xi16>
// CHECK-NEXT: %[[C15:.*]] = arith.constant dense<15> : vector<8xi16>
// CHECK-NEXT: %[[SIGN:.*]] = arith.shli %[[ST]], %[[C15]] : vector<8xi16>
// CHECK-NEXT: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : vector<8xf32>
// CHECK-NEXT: %[[MASK:.*]] = arith.extsi %[[NAN]] : vector<8xi1> to vector<8xi16>
// CHECK-NEXT: %[[RB:.*]] = arith.bitcast %[[R]] : vector<8xf16> to vector<8xi16>
// CHECK-NEXT: %[[KEEP:.*]] = arith.andi %[[SIGN]], %[[MASK]] : vector<8xi16>
// CHECK-NEXT: %[[OR:.*]] = arith.ori %[[RB]], %[[KEEP]] : vector<8xi16>
// CHECK-NEXT: %[[OUT:.*]] = arith.bitcast %[[OR]] : vector<8xi16> to vector<8xf16>
// CHECK-NEXT: return %[[OUT]]
func.func @narrow(%x: vector<8xf32>) -> vector<8xf16> {
  %r = arith.truncf %x : vector<8xf32> to vector<8xf16>
  return %r : vector<8xf16>
}

// -----

// CHECK-LABEL: func.func @widen
// CHECK: %[[R:.*]] = arith.extf %{{.*}} : f32 to f64
// CHECK: arith.shrui %{{.*}} : i32
// CHECK: arith.extui %{{.*}} : i32 to i64
// CHECK: arith.shli %{{.*}} : i64
// CHECK: arith.cmpf uno
// CHECK: arith.bitcast %[[R]] : f64 to i64
// CHECK: %[[OUT:.*]] = arith.bitcast %{{.*}} : i64 to f64
// CHECK: return %[[OUT]]
func.func @widen(%x: f32) -> f64 {
  %r = arith.extf %x : f32 to f64
  return %r : f64
}

// -----

// fp8 conversions: triton-edge-expand-fp8's rules.
// CHECK-LABEL: func.func @fp8
// CHECK-NEXT: arith.truncf %arg0 : f32 to f8E5M2
// CHECK-NEXT: return
func.func @fp8(%x: f32) -> f8E5M2 {
  %r = arith.truncf %x : f32 to f8E5M2
  return %r : f8E5M2
}
