// triton-edge-define-arith-semantics on loop-level IR (after the lowering to
// loops): integer division and remainder get the divisor selected to 1 where
// it is 0 (and, signed, where MIN / -1 overflows) and -1 (all bits set,
// the quotient's and the remainder's) selected where it was 0; shli/shrui
// by an amount above width - 1 give 0, shrsi's amount is clamped to
// width - 1; fptosi/fptoui convert at 16 bits for an 8-bit result (then
// trunci), select the conversion width's min/max at and beyond its range,
// and for NaN 0, or that width's MIN bit pattern from f64 or at 64 bits
// (the GPU's answers, docs/semantics.md). Left alone:
// constant divisors that are nonzero (and, signed, not -1), constant shift
// amounts below the width, index-typed ops.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-define-arith-semantics | FileCheck %s

// BEFORE-LABEL: func.func @signed_division
// BEFORE: arith.divsi %arg0, %arg1 : vector<8xi32>
// BEFORE: arith.remsi %arg0, %arg1 : vector<8xi32>
// CHECK-LABEL: func.func @signed_division
// CHECK-SAME: (%[[X:.*]]: vector<8xi32>, %[[Y:.*]]: vector<8xi32>)
// CHECK: %[[ONES:.*]] = arith.constant dense<-1> : vector<8xi32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0> : vector<8xi32>
// CHECK: %[[ISZ:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : vector<8xi32>
// CHECK: %[[MIN:.*]] = arith.constant dense<-2147483648> : vector<8xi32>
// CHECK: %[[ISMIN:.*]] = arith.cmpi eq, %[[X]], %[[MIN]] : vector<8xi32>
// CHECK: %[[ISM1:.*]] = arith.cmpi eq, %[[Y]], %[[ONES]] : vector<8xi32>
// CHECK: %[[OVF:.*]] = arith.andi %[[ISMIN]], %[[ISM1]] : vector<8xi1>
// CHECK: %[[BAD:.*]] = arith.ori %[[ISZ]], %[[OVF]] : vector<8xi1>
// CHECK: %[[ONE:.*]] = arith.constant dense<1> : vector<8xi32>
// CHECK: %[[SAFE:.*]] = arith.select %[[BAD]], %[[ONE]], %[[Y]] : vector<8xi1>, vector<8xi32>
// CHECK: %[[Q:.*]] = arith.divsi %[[X]], %[[SAFE]] : vector<8xi32>
// CHECK: %[[QD:.*]] = arith.select %[[ISZ]], %[[ONES]], %[[Q]] : vector<8xi1>, vector<8xi32>
// x % 0 is all bits set too (not the dividend):
// CHECK: %[[ONES2:.*]] = arith.constant dense<-1> : vector<8xi32>
// CHECK: %[[ISZ2:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : vector<8xi32>
// CHECK: %[[SAFE2:.*]] = arith.select %{{.*}}, %{{.*}}, %[[Y]] : vector<8xi1>, vector<8xi32>
// CHECK: %[[R:.*]] = arith.remsi %[[X]], %[[SAFE2]] : vector<8xi32>
// CHECK: %[[RD:.*]] = arith.select %[[ISZ2]], %[[ONES2]], %[[R]] : vector<8xi1>, vector<8xi32>
// CHECK: return %[[QD]], %[[RD]]
func.func @signed_division(%x: vector<8xi32>, %y: vector<8xi32>) -> (vector<8xi32>, vector<8xi32>) {
  %q = arith.divsi %x, %y : vector<8xi32>
  %r = arith.remsi %x, %y : vector<8xi32>
  return %q, %r : vector<8xi32>, vector<8xi32>
}

// -----

// Unsigned: only the zero divisor is undefined.
// BEFORE-LABEL: func.func @unsigned_division
// BEFORE: arith.divui %arg0, %arg1 : i64
// CHECK-LABEL: func.func @unsigned_division
// CHECK-SAME: (%[[X:.*]]: i64, %[[Y:.*]]: i64)
// CHECK: %[[ONES:.*]] = arith.constant -1 : i64
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[ISZ:.*]] = arith.cmpi eq, %[[Y]], %[[ZERO]] : i64
// CHECK: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-NOT: arith.andi
// CHECK: %[[SAFE:.*]] = arith.select %[[ISZ]], %[[ONE]], %[[Y]] : i64
// CHECK: %[[Q:.*]] = arith.divui %[[X]], %[[SAFE]] : i64
// CHECK: %[[QD:.*]] = arith.select %[[ISZ]], %[[ONES]], %[[Q]] : i64
// CHECK: %[[ONES2:.*]] = arith.constant -1 : i64
// CHECK: %[[R:.*]] = arith.remui %[[X]], %{{.*}} : i64
// CHECK: %[[RD:.*]] = arith.select %{{.*}}, %[[ONES2]], %[[R]] : i64
// CHECK: return %[[QD]], %[[RD]]
func.func @unsigned_division(%x: i64, %y: i64) -> (i64, i64) {
  %q = arith.divui %x, %y : i64
  %r = arith.remui %x, %y : i64
  return %q, %r : i64, i64
}

// -----

// Constant divisors: 7 (splat, and broadcast from a scalar) and a dense
// vector without 0 or -1 keep the plain op; -1 (signed) and 0 are guarded.
// CHECK-LABEL: func.func @constant_divisors
// CHECK-SAME: (%[[X:.*]]: vector<4xi32>)
// CHECK-NEXT: arith.constant
// CHECK-NEXT: arith.constant
// CHECK-NEXT: vector.broadcast
// CHECK-NEXT: arith.constant
// CHECK-NEXT: %[[A:.*]] = arith.divsi %[[X]], %{{.*}} : vector<4xi32>
// CHECK-NEXT: %[[B:.*]] = arith.remui %[[X]], %{{.*}} : vector<4xi32>
// CHECK-NEXT: %[[C:.*]] = arith.remsi %[[X]], %{{.*}} : vector<4xi32>
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: %[[D:.*]] = arith.divsi %[[X]], %{{.*}} : vector<4xi32>
// CHECK: %[[DD:.*]] = arith.select %{{.*}}, %{{.*}}, %[[D]]
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: %[[E:.*]] = arith.divui %[[X]], %{{.*}} : vector<4xi32>
// CHECK: %[[ED:.*]] = arith.select %{{.*}}, %{{.*}}, %[[E]]
// CHECK: return %[[A]], %[[B]], %[[C]], %[[DD]], %[[ED]]
func.func @constant_divisors(%x: vector<4xi32>) -> (vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>) {
  %c7 = arith.constant dense<7> : vector<4xi32>
  %s7 = arith.constant 7 : i32
  %b7 = vector.broadcast %s7 : i32 to vector<4xi32>
  %mixed = arith.constant dense<[3, -5, 2, 9]> : vector<4xi32>
  %a = arith.divsi %x, %c7 : vector<4xi32>
  %b = arith.remui %x, %b7 : vector<4xi32>
  %c = arith.remsi %x, %mixed : vector<4xi32>
  %m1 = arith.constant dense<[3, -1, 2, 9]> : vector<4xi32>
  %d = arith.divsi %x, %m1 : vector<4xi32>
  %z = arith.constant dense<[3, 0, 2, 9]> : vector<4xi32>
  %e = arith.divui %x, %z : vector<4xi32>
  return %a, %b, %c, %d, %e : vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>, vector<4xi32>
}

// -----

// Shifts by a variable amount; a constant 31 at i32 is left alone, 32 is not.
// BEFORE-LABEL: func.func @shifts
// BEFORE: arith.shli %arg0, %arg1 : vector<8xi32>
// CHECK-LABEL: func.func @shifts
// CHECK-SAME: (%[[X:.*]]: vector<8xi32>, %[[S:.*]]: vector<8xi32>, %[[X8:.*]]: i8, %[[S8:.*]]: i8)
// CHECK: %[[W1:.*]] = arith.constant dense<31> : vector<8xi32>
// CHECK: %[[FAR:.*]] = arith.cmpi ugt, %[[S]], %[[W1]] : vector<8xi32>
// CHECK: %[[L:.*]] = arith.shli %[[X]], %[[S]] : vector<8xi32>
// CHECK: %[[ZERO:.*]] = arith.constant dense<0> : vector<8xi32>
// CHECK: %[[LD:.*]] = arith.select %[[FAR]], %[[ZERO]], %[[L]] : vector<8xi1>, vector<8xi32>
// CHECK: %[[W8:.*]] = arith.constant 7 : i8
// CHECK: %[[C:.*]] = arith.minui %[[S8]], %[[W8]] : i8
// CHECK: %[[A:.*]] = arith.shrsi %[[X8]], %[[C]] : i8
// CHECK: %[[FAR8:.*]] = arith.cmpi ugt, %[[S8]], %{{.*}} : i8
// CHECK: %[[U:.*]] = arith.shrui %[[X8]], %[[S8]] : i8
// CHECK: %[[UD:.*]] = arith.select %[[FAR8]], %{{.*}}, %[[U]] : i8
// CHECK: %[[K31:.*]] = arith.shli %[[X]], %{{.*}} : vector<8xi32>
// CHECK-NEXT: arith.constant dense<32>
// CHECK-NEXT: arith.constant dense<31>
// CHECK-NEXT: arith.cmpi ugt
// CHECK: %[[K32:.*]] = arith.shli %[[X]], %{{.*}} : vector<8xi32>
// CHECK-NEXT: arith.constant dense<0>
// CHECK-NEXT: %[[K32D:.*]] = arith.select %{{.*}}, %{{.*}}, %[[K32]]
// CHECK: return %[[LD]], %[[A]], %[[UD]], %[[K31]], %[[K32D]]
func.func @shifts(%x: vector<8xi32>, %s: vector<8xi32>, %x8: i8, %s8: i8) -> (vector<8xi32>, i8, i8, vector<8xi32>, vector<8xi32>) {
  %l = arith.shli %x, %s : vector<8xi32>
  %a = arith.shrsi %x8, %s8 : i8
  %u = arith.shrui %x8, %s8 : i8
  %c31 = arith.constant dense<31> : vector<8xi32>
  %k31 = arith.shli %x, %c31 : vector<8xi32>
  %c32 = arith.constant dense<32> : vector<8xi32>
  %k32 = arith.shli %x, %c32 : vector<8xi32>
  return %l, %a, %u, %k31, %k32 : vector<8xi32>, i8, i8, vector<8xi32>, vector<8xi32>
}

// -----

// Float to int: f32 -> i32 (both bounds finite, NaN -> 0), f32 -> u8
// (converted to i16, saturated to [0, 65535], then truncated: 256.0 -> 0),
// f16 -> i64 (2^63 is beyond f16: the bounds are the infinities; NaN ->
// INT64_MIN at 64 bits), f64 -> i32 (NaN -> INT_MIN from f64), a vector f32 ->
// i8 (via i16: inf -> 32767 -> -1) and f64 -> u32 (NaN apart from negative
// values: 0x80000000).
// BEFORE-LABEL: func.func @float_to_int
// BEFORE: arith.fptosi %arg0 : vector<8xf32> to vector<8xi32>
// BEFORE: arith.fptoui %arg1 : f32 to i8
// BEFORE: arith.fptosi %arg4 : vector<4xf32> to vector<4xi8>
// CHECK-LABEL: func.func @float_to_int
// CHECK-SAME: (%[[F:.*]]: vector<8xf32>, %[[G:.*]]: f32, %[[H:.*]]: f16, %[[D:.*]]: f64, %[[V:.*]]: vector<4xf32>, %[[E:.*]]: f64)
// CHECK: %[[I:.*]] = arith.fptosi %[[F]] : vector<8xf32> to vector<8xi32>
// CHECK: %[[LO:.*]] = arith.constant dense<-2.14748365E+9> : vector<8xf32>
// CHECK: %[[ISLO:.*]] = arith.cmpf ole, %[[F]], %[[LO]] : vector<8xf32>
// CHECK: %[[HI:.*]] = arith.constant dense<2.14748365E+9> : vector<8xf32>
// CHECK: %[[ISHI:.*]] = arith.cmpf oge, %[[F]], %[[HI]] : vector<8xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[F]], %[[F]] : vector<8xf32>
// CHECK: %[[MIN:.*]] = arith.constant dense<-2147483648> : vector<8xi32>
// CHECK: %[[S1:.*]] = arith.select %[[ISLO]], %[[MIN]], %[[I]]
// CHECK: %[[MAX:.*]] = arith.constant dense<2147483647> : vector<8xi32>
// CHECK: %[[S2:.*]] = arith.select %[[ISHI]], %[[MAX]], %[[S1]]
// CHECK: %[[Z:.*]] = arith.constant dense<0> : vector<8xi32>
// CHECK: %[[S3:.*]] = arith.select %[[NAN]], %[[Z]], %[[S2]]
// CHECK: %[[U:.*]] = arith.fptoui %[[G]] : f32 to i16
// CHECK: %[[UHI:.*]] = arith.constant 6.553600e+04 : f32
// CHECK: %[[ISUHI:.*]] = arith.cmpf oge, %[[G]], %[[UHI]] : f32
// CHECK: %[[UMAX:.*]] = arith.constant -1 : i16
// CHECK: %[[U1:.*]] = arith.select %[[ISUHI]], %[[UMAX]], %[[U]] : i16
// CHECK: %[[ULO:.*]] = arith.cmpf ult, %[[G]], %{{.*}} : f32
// CHECK: %[[U2:.*]] = arith.select %[[ULO]], %{{.*}}, %[[U1]] : i16
// CHECK: %[[U8:.*]] = arith.trunci %[[U2]] : i16 to i8
// CHECK: %[[L:.*]] = arith.fptosi %[[H]] : f16 to i64
// CHECK: arith.constant 0xFC00 : f16
// CHECK: arith.constant 0x7C00 : f16
// CHECK: arith.constant -9223372036854775808 : i64
// CHECK-NEXT: %[[L3:.*]] = arith.select %{{.*}}, %{{.*}}, %[[L]] : i64
// CHECK-NEXT: arith.constant 9223372036854775807 : i64
// CHECK-NEXT: %[[L2:.*]] = arith.select %{{.*}}, %{{.*}}, %[[L3]]
// CHECK-NEXT: %[[LNAN:.*]] = arith.constant -9223372036854775808 : i64
// CHECK-NEXT: %[[L1:.*]] = arith.select %{{.*}}, %[[LNAN]], %[[L2]]
// CHECK: %[[N:.*]] = arith.fptosi %[[D]] : f64 to i32
// CHECK: %[[DNAN:.*]] = arith.cmpf uno, %[[D]], %[[D]] : f64
// CHECK: arith.constant 2147483647 : i32
// CHECK-NEXT: %[[N2:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i32
// CHECK-NEXT: %[[NNAN:.*]] = arith.constant -2147483648 : i32
// CHECK-NEXT: %[[N1:.*]] = arith.select %[[DNAN]], %[[NNAN]], %[[N2]] : i32
// CHECK: %[[B:.*]] = arith.fptosi %[[V]] : vector<4xf32> to vector<4xi16>
// CHECK: arith.constant dense<-3.276800e+04> : vector<4xf32>
// CHECK: arith.constant dense<3.276800e+04> : vector<4xf32>
// CHECK: arith.constant dense<-32768> : vector<4xi16>
// CHECK: arith.constant dense<32767> : vector<4xi16>
// CHECK: %[[BZ:.*]] = arith.constant dense<0> : vector<4xi16>
// CHECK-NEXT: %[[B1:.*]] = arith.select %{{.*}}, %[[BZ]], %{{.*}} : vector<4xi1>, vector<4xi16>
// CHECK-NEXT: %[[B8:.*]] = arith.trunci %[[B1]] : vector<4xi16> to vector<4xi8>
// CHECK: %[[W:.*]] = arith.fptoui %[[E]] : f64 to i32
// CHECK: %[[WNEG:.*]] = arith.cmpf olt, %[[E]], %{{.*}} : f64
// CHECK: %[[WNAN:.*]] = arith.cmpf uno, %[[E]], %[[E]] : f64
// CHECK: %[[W2:.*]] = arith.select %[[WNEG]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[WMIN:.*]] = arith.constant -2147483648 : i32
// CHECK: %[[W1:.*]] = arith.select %[[WNAN]], %[[WMIN]], %[[W2]] : i32
// CHECK: return %[[S3]], %[[U8]], %[[L1]], %[[N1]], %[[B8]], %[[W1]]
func.func @float_to_int(%f: vector<8xf32>, %g: f32, %h: f16, %d: f64, %v: vector<4xf32>, %e: f64) -> (vector<8xi32>, i8, i64, i32, vector<4xi8>, i32) {
  %i = arith.fptosi %f : vector<8xf32> to vector<8xi32>
  %u = arith.fptoui %g : f32 to i8
  %l = arith.fptosi %h : f16 to i64
  %n = arith.fptosi %d : f64 to i32
  %b = arith.fptosi %v : vector<4xf32> to vector<4xi8>
  %w = arith.fptoui %e : f64 to i32
  return %i, %u, %l, %n, %b, %w : vector<8xi32>, i8, i64, i32, vector<4xi8>, i32
}

// -----

// Index arithmetic (the compiler's own) is left alone.
// CHECK-LABEL: func.func @index_ops
// CHECK-NEXT: arith.divsi %arg0, %arg1 : index
// CHECK-NEXT: arith.shli %arg0, %arg1 : index
// CHECK-NEXT: return
func.func @index_ops(%x: index, %y: index) -> (index, index) {
  %q = arith.divsi %x, %y : index
  %s = arith.shli %x, %y : index
  return %q, %s : index, index
}
