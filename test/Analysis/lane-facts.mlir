// AxisInfo's transfer rules (transferLaneFact), one integer op at a time,
// for a nest of 16 lanes. `test.lane_fact` seeds a lane index as the
// conversion knows it (a make_range at an aligned position: lane j holds
// base + j, 16 divides base); other arguments are uniform with their
// tt.divisibility. "stride = S, divisor = D": lane j holds base + j * S and
// the power of two D divides base.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --test-print-lane-facts="width=16"

tt.func @constants() {
  // expected-remark @below {{stride = 0, divisor = 64}}
  %c64 = arith.constant 64 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %c3 = arith.constant 3 : i32
  // expected-remark @below {{stride = 0, divisor = 2}}
  %cm6 = arith.constant -6 : i32
  // Zero is divisible by everything (up to the cap).
  // expected-remark @below {{stride = 0, divisor = 1073741824}}
  %c0 = arith.constant 0 : i32
  // A splat tensor constant is uniform too.
  // expected-remark @below {{stride = 0, divisor = 32}}
  %t = arith.constant dense<32> : tensor<16xi32>
  tt.return
}

// -----

tt.func @add_sub(%lane: i32 {test.lane_fact = array<i64: 1, 16>},
                 %n: i32 {tt.divisibility = 16 : i32}, %m: i32) {
  // expected-remark @below {{stride = 0, divisor = 64}}
  %c64 = arith.constant 64 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %c3 = arith.constant 3 : i32
  // Strides add, the divisor is the smaller one.
  // expected-remark @below {{stride = 1, divisor = 16}}
  %idx = arith.addi %c64, %lane : i32
  // expected-remark @below {{stride = 2, divisor = 16}}
  %twice = arith.addi %lane, %lane : i32
  // expected-remark @below {{stride = 1, divisor = 1}}
  %idx3 = arith.addi %idx, %c3 : i32
  // expected-remark @below {{stride = 0, divisor = 16}}
  %nn = arith.addi %n, %c64 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %nm = arith.addi %n, %m : i32
  // Strides subtract.
  // expected-remark @below {{stride = -1, divisor = 16}}
  %down = arith.subi %n, %lane : i32
  // expected-remark @below {{stride = 0, divisor = 16}}
  %zero = arith.subi %lane, %lane : i32
  tt.return
}

// -----

tt.func @muli(%lane: i32 {test.lane_fact = array<i64: 1, 16>},
              %n: i32 {tt.divisibility = 16 : i32}, %m: i32) {
  // expected-remark @below {{stride = 0, divisor = 1}}
  %c3 = arith.constant 3 : i32
  // expected-remark @below {{stride = 0, divisor = 8}}
  %c8 = arith.constant 8 : i32
  // A constant factor scales the stride, on either side; divisors multiply.
  // expected-remark @below {{stride = 3, divisor = 16}}
  %x3 = arith.muli %lane, %c3 : i32
  // expected-remark @below {{stride = 8, divisor = 128}}
  %x8 = arith.muli %c8, %lane : i32
  // Uniform times uniform stays uniform, even when neither is a constant.
  // expected-remark @below {{stride = 0, divisor = 16}}
  %nm = arith.muli %n, %m : i32
  // expected-remark @below {{stride = 0, divisor = 256}}
  %nn = arith.muli %n, %n : i32
  // A lane index times a run-time value has no compile-time stride.
  // expected-remark @below {{not affine}}
  %lm = arith.muli %lane, %m : i32
  // expected-remark @below {{not affine}}
  %sq = arith.muli %lane, %lane : i32
  // Divisors are capped.
  // expected-remark @below {{stride = 0, divisor = 1048576}}
  %big = arith.constant 1048576 : i32
  // expected-remark @below {{stride = 0, divisor = 1073741824}}
  %cap = arith.muli %big, %big : i32
  tt.return
}

// -----

tt.func @casts(%lane: i32 {test.lane_fact = array<i64: 3, 32>}) {
  // Extensions, truncations and index casts keep the fact.
  // expected-remark @below {{stride = 3, divisor = 32}}
  %s = arith.extsi %lane : i32 to i64
  // expected-remark @below {{stride = 3, divisor = 32}}
  %u = arith.extui %lane : i32 to i64
  // expected-remark @below {{stride = 3, divisor = 32}}
  %t = arith.trunci %s : i64 to i32
  // expected-remark @below {{stride = 3, divisor = 32}}
  %i = arith.index_cast %lane : i32 to index
  tt.return
}

// -----

// Inductor's x0 = xindex % C, x1 = xindex // C.
tt.func @div_rem(%lane: i32 {test.lane_fact = array<i64: 1, 16>},
                 %odd: i32 {test.lane_fact = array<i64: 1, 8>},
                 %n: i32 {tt.divisibility = 16 : i32}, %m: i32) {
  // expected-remark @below {{stride = 0, divisor = 16}}
  %c48 = arith.constant 48 : i32
  // expected-remark @below {{stride = 0, divisor = 8}}
  %c8 = arith.constant 8 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %c3 = arith.constant 3 : i32
  // 16 aligned lanes never straddle a multiple of 48: one quotient for all,
  // the remainder keeps unit stride (its base divisible by the lane count).
  // expected-remark @below {{stride = 0, divisor = 1}}
  %row = arith.divsi %lane, %c48 : i32
  // expected-remark @below {{stride = 1, divisor = 16}}
  %col = arith.remsi %lane, %c48 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %rowu = arith.divui %lane, %c48 : i32
  // expected-remark @below {{stride = 1, divisor = 16}}
  %colu = arith.remui %lane, %c48 : i32
  // A divisor smaller than the lanes: lanes straddle rows.
  // expected-remark @below {{not affine}}
  %col8 = arith.remsi %lane, %c8 : i32
  // expected-remark @below {{not affine}}
  %row8 = arith.divsi %lane, %c8 : i32
  // A base not aligned to the lanes.
  // expected-remark @below {{not affine}}
  %colOdd = arith.remsi %odd, %c48 : i32
  // A stride other than 1.
  // expected-remark @below {{stride = 3, divisor = 16}}
  %x3 = arith.muli %lane, %c3 : i32
  // expected-remark @below {{not affine}}
  %col3 = arith.remsi %x3, %c48 : i32
  // A run-time divisor of unknown divisibility.
  // expected-remark @below {{not affine}}
  %colm = arith.remsi %lane, %m : i32
  // Uniform by uniform: uniform, nothing known of the divisor.
  // expected-remark @below {{stride = 0, divisor = 1}}
  %q = arith.divsi %n, %c8 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %r = arith.remui %n, %m : i32
  tt.return
}

// -----

// Ops without a rule: the value goes through gathers and scatters.
tt.func @no_rule(%lane: i32 {test.lane_fact = array<i64: 1, 16>}, %c: i1) {
  // expected-remark @below {{stride = 0, divisor = 8}}
  %c8 = arith.constant 8 : i32
  // expected-remark @below {{stride = 0, divisor = 1}}
  %c3 = arith.constant 3 : i32
  // expected-remark @below {{not affine}}
  %sel = arith.select %c, %lane, %lane : i32
  // expected-remark @below {{not affine}}
  %shl = arith.shli %lane, %c3 : i32
  // expected-remark @below {{not affine}}
  %and = arith.andi %lane, %c8 : i32
  // expected-remark @below {{not affine}}
  %max = arith.maxsi %lane, %c8 : i32
  // expected-remark @below {{not affine}}
  %cmp = arith.cmpi slt, %lane, %c8 : i32
  // And whatever is computed from them.
  // expected-remark @below {{not affine (an operand is not)}}
  %after = arith.addi %sel, %c8 : i32
  tt.return
}
