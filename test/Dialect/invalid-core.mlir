// Verifier rules of the core ops. Each case is a separate split.
// RUN: triton-edge-opt %s -split-input-file -verify-diagnostics

tt.func @size_not_pow2() {
  // expected-error @+1 {{tensor type 'tensor<3xi32>' has 3 elements; the number of elements must be a power of two}}
  %0 = tt.make_range {end = 3 : i32, start = 0 : i32} : tensor<3xi32>
  tt.return
}

// -----

tt.func @size_too_big(%x: f32) {
  // expected-error @+1 {{has 2097152 elements; at most 1048576 are allowed}}
  %0 = tt.splat %x : f32 -> tensor<2048x1024xf32>
  tt.return
}

// -----

tt.func @range_rank() {
  // expected-error @+1 {{result must be a 1-D tensor}}
  %0 = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<4x4xi32>
  tt.return
}

// -----

tt.func @range_order() {
  // expected-error @+1 {{end must be greater than start}}
  %0 = tt.make_range {end = 0 : i32, start = 16 : i32} : tensor<16xi32>
  tt.return
}

// -----

tt.func @range_count() {
  // expected-error @+1 {{number of elements in the result (16) must equal end - start (8)}}
  %0 = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<16xi32>
  tt.return
}

// -----

tt.func @splat_tensor(%x: tensor<4xf32>) {
  // expected-error @+1 {{source must be a scalar}}
  %0 = tt.splat %x : tensor<4xf32> -> tensor<4xf32>
  tt.return
}

// -----

tt.func @splat_elem(%x: f32) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = tt.splat %x : f32 -> tensor<4xf16>
  tt.return
}

// -----

tt.func @broadcast_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{source rank 1 differs from result rank 2}}
  %0 = tt.broadcast %x : tensor<4xf32> -> tensor<4x4xf32>
  tt.return
}

// -----

tt.func @broadcast_dim(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{dimension 0 of size 2 can only broadcast if it is 1}}
  %0 = tt.broadcast %x : tensor<2x4xf32> -> tensor<4x4xf32>
  tt.return
}

// -----

tt.func @expand_axis(%x: tensor<4xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 1}}
  %0 = tt.expand_dims %x {axis = 2 : i32} : tensor<4xf32> -> tensor<4x1xf32>
  tt.return
}

// -----

tt.func @expand_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{result shape must be the source shape with a 1 inserted at axis 0}}
  %0 = tt.expand_dims %x {axis = 0 : i32} : tensor<4xf32> -> tensor<4x1xf32>
  tt.return
}

// -----

tt.func @addptr_type(%p: tensor<4x!tt.ptr<f32>>, %o: tensor<4xi32>) {
  // expected-error @+1 {{all of {ptr, result} have same type}}
  %0 = "tt.addptr"(%p, %o) : (tensor<4x!tt.ptr<f32>>, tensor<4xi32>) -> tensor<4x!tt.ptr<f16>>
  tt.return
}

// -----

tt.func @return_count(%x: i32) -> i32 {
  // expected-error @+1 {{has 0 operands, but enclosing function (@return_count) returns 1}}
  tt.return
}

// -----

tt.func @return_type(%x: i32) -> i64 {
  // expected-error @+1 {{type of return operand 0 ('i32') doesn't match function result type ('i64')}}
  tt.return %x : i32
}

// -----

tt.func @call_missing(%x: i32) {
  // expected-error @+1 {{'nope' does not reference a valid function}}
  tt.call @nope(%x) : (i32) -> ()
  tt.return
}

// -----

tt.func private @f(%x: i32)
tt.func @call_types(%x: i64) {
  // expected-error @+1 {{operand type mismatch: expected operand type 'i32', but provided 'i64' for operand number 0}}
  tt.call @f(%x) : (i64) -> ()
  tt.return
}

// -----

tt.func @dot_rank(%a: tensor<16xf32>, %b: tensor<16xf32>, %c: tensor<16xf32>) {
  // expected-error @+1 {{operands must all be 2-D (or 3-D batched) tensors}}
  %0 = tt.dot %a, %b, %c : tensor<16xf32> * tensor<16xf32> -> tensor<16xf32>
  tt.return
}

// -----

tt.func @dot_k(%a: tensor<16x32xf16>, %b: tensor<16x16xf16>, %c: tensor<16x16xf32>) {
  // expected-error @+1 {{reduction dimensions differ: 32 vs 16}}
  %0 = tt.dot %a, %b, %c : tensor<16x32xf16> * tensor<16x16xf16> -> tensor<16x16xf32>
  tt.return
}

// -----

tt.func @dot_acc(%a: tensor<16x32xf16>, %b: tensor<32x16xf16>, %c: tensor<16x32xf32>) {
  // expected-error @+1 {{accumulator shape must be [M, N] of a:[M, K] * b:[K, N]}}
  %0 = tt.dot %a, %b, %c : tensor<16x32xf16> * tensor<32x16xf16> -> tensor<16x32xf32>
  tt.return
}

// -----

tt.func @dot_width(%a: tensor<16x32xf16>, %b: tensor<32x16xf32>, %c: tensor<16x16xf32>) {
  // expected-error @+1 {{element types of a and b must have the same bit width}}
  %0 = tt.dot %a, %b, %c : tensor<16x32xf16> * tensor<32x16xf32> -> tensor<16x16xf32>
  tt.return
}

// -----

tt.func @assert_cond(%c: tensor<4xi32>) {
  // expected-error @+1 {{operand #0 must be}}
  tt.assert %c, "x" : tensor<4xi32>
  tt.return
}
