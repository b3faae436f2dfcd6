// The rules of x % C and x // C depend on the lane count W: the lanes must
// start at a multiple of W and C must be one (compare lane-facts.mlir, 16
// lanes); the remainder's base is then known to be a multiple of W, not of C.
// RUN: triton-edge-opt %s --verify-diagnostics --test-print-lane-facts="width=32"

tt.func @div_rem_32(%lane: i32 {test.lane_fact = array<i64: 1, 32>},
                    %lane16: i32 {test.lane_fact = array<i64: 1, 16>}) {
  // expected-remark @below {{stride = 0, divisor = 16}}
  %c48 = arith.constant 48 : i32
  // expected-remark @below {{stride = 0, divisor = 128}}
  %c128 = arith.constant 128 : i32
  // 48 is no multiple of 32 lanes.
  // expected-remark @below {{not affine}}
  %col48 = arith.remsi %lane, %c48 : i32
  // expected-remark @below {{stride = 1, divisor = 32}}
  %col = arith.remsi %lane, %c128 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %row = arith.divsi %lane, %c128 : i32
  // Lanes aligned to 16 only.
  // expected-remark @below {{not affine}}
  %col16 = arith.remsi %lane16, %c128 : i32
  tt.return
}
