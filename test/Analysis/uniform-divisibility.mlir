// AxisInfo's uniformDivisibility: the power of two known to divide a value
// that is the same for every lane (a scalar of the program, or its splat),
// from the kernel arguments' tt.divisibility, constants, splats,
// extensions, index casts and integer + - *. Anything else is a leaf: 1.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --test-print-uniform-divisibility

tt.func @rules(%a: i32 {tt.divisibility = 16 : i32}, %b: i32, %p: !tt.ptr<i32>) {
  // expected-remark @below {{divisibility = 4}}
  %c4 = arith.constant 4 : i32
  // expected-remark @below {{divisibility = 2}}
  %c6 = arith.constant 6 : i32
  // expected-remark @below {{divisibility = 1073741824}}
  %c0 = arith.constant 0 : i32
  // expected-remark @below {{divisibility = 64}}
  %x = arith.muli %a, %c4 : i32
  // expected-remark @below {{divisibility = 1024}}
  %xx = arith.muli %x, %a : i32
  // expected-remark @below {{divisibility = 2}}
  %y = arith.addi %x, %c6 : i32
  // expected-remark @below {{divisibility = 16}}
  %z = arith.subi %x, %a : i32
  // expected-remark @below {{divisibility = 64}}
  %x0 = arith.addi %x, %c0 : i32
  // An argument without tt.divisibility is a leaf.
  // expected-remark @below {{divisibility = 4}}
  %w = arith.muli %b, %c4 : i32
  // expected-remark @below {{divisibility = 1}}
  %wb = arith.addi %w, %b : i32
  // expected-remark @below {{divisibility = 64}}
  %e = arith.extsi %x : i32 to i64
  // expected-remark @below {{divisibility = 64}}
  %u = arith.extui %x : i32 to i64
  // expected-remark @below {{divisibility = 64}}
  %i = arith.index_cast %x : i32 to index
  // expected-remark @below {{divisibility = 64}}
  %s = tt.splat %x : i32 -> tensor<16xi32>
  tt.return
}

// -----

// Leaves: what the analysis does not look through.
tt.func @leaves(%a: i32 {tt.divisibility = 16 : i32}, %p: !tt.ptr<i32>) {
  // expected-remark @below {{divisibility = 1}}
  %pid = tt.get_program_id x : i32
  // expected-remark @below {{divisibility = 1}}
  %l = tt.load %p : !tt.ptr<i32>
  // expected-remark @below {{divisibility = 4}}
  %c4 = arith.constant 4 : i32
  // Division, truncation and shifts are not followed (a divisible value
  // may give anything).
  // expected-remark @below {{divisibility = 1}}
  %q = arith.divsi %a, %c4 : i32
  // expected-remark @below {{divisibility = 1}}
  %sh = arith.shli %a, %c4 : i32
  // expected-remark @below {{divisibility = 1}}
  %c1 = arith.constant 1 : index
  // expected-remark @below {{divisibility = 1073741824}}
  %c0 = arith.constant 0 : index
  // expected-remark @below {{divisibility = 8}}
  %c8 = arith.constant 8 : index
  scf.for %iv = %c0 to %c8 step %c1 {
    // A loop's induction variable is a leaf.
    // expected-remark @below {{divisibility = 1}}
    %v = arith.addi %iv, %c0 : index
  }
  tt.return
}

// -----

// tt.divisibility is read on kernel arguments only.
tt.func @device(%a: i32 {tt.divisibility = 16 : i32}) {
  // expected-remark @below {{divisibility = 16}}
  %x = arith.addi %a, %a : i32
  tt.return
}
func.func @not_a_kernel(%a: i32 {tt.divisibility = 16 : i32}) {
  // expected-remark @below {{divisibility = 1}}
  %x = arith.addi %a, %a : i32
  return
}
