// Verifier rules of casts and shape ops.
// RUN: triton-edge-opt %s -split-input-file -verify-diagnostics

tt.func @bitcast_ptr_int(%p: !tt.ptr<f32>) {
  // expected-error @+1 {{cannot bitcast between a pointer and a non-pointer}}
  %0 = tt.bitcast %p : !tt.ptr<f32> -> i64
  tt.return
}

// -----

tt.func @bitcast_addrspace(%p: !tt.ptr<f32>) {
  // expected-error @+1 {{cannot bitcast pointers between address spaces 1 and 3}}
  %0 = tt.bitcast %p : !tt.ptr<f32> -> !tt.ptr<f32, 3>
  tt.return
}

// -----

tt.func @bitcast_width(%x: tensor<4xf32>) {
  // expected-error @+1 {{cannot bitcast a 32-bit type to a 16-bit type}}
  %0 = tt.bitcast %x : tensor<4xf32> -> tensor<4xi16>
  tt.return
}

// -----

tt.func @bitcast_shape(%x: tensor<4xf32>) {
  // expected-error @+1 {{all non-scalar operands/results must have the same shape}}
  %0 = tt.bitcast %x : tensor<4xf32> -> tensor<8xi32>
  tt.return
}

// -----

tt.func @int_to_ptr_width(%x: i32) {
  // expected-error @+1 {{operand #0 must be}}
  %0 = tt.int_to_ptr %x : i32 -> !tt.ptr<f32>
  tt.return
}

// -----

tt.func @fp_downcast(%x: tensor<4xf32>) {
  // expected-error @+1 {{a rounding mode is required for a floating-point downcast from 'f32' to 'f16'}}
  %0 = tt.fp_to_fp %x : tensor<4xf32> -> tensor<4xf16>
  tt.return
}

// -----

tt.func @clampf_types(%x: tensor<4xf32>, %y: tensor<4xf16>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "tt.clampf"(%x, %y, %x) <{propagateNan = 0 : i32}> : (tensor<4xf32>, tensor<4xf16>, tensor<4xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @mulhiui_float(%x: f32) {
  // expected-error @+1 {{operand #0 must be}}
  %0 = tt.mulhiui %x, %x : f32
  tt.return
}

// -----

tt.func @unsplat_count(%x: tensor<2x1xf32>) {
  // expected-error @+1 {{source tensor must have exactly one element, got 2}}
  %0 = tt.unsplat %x : tensor<2x1xf32>
  tt.return
}

// -----

tt.func @reshape_count(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{source and result must have the same number of elements, got 32 and 16}}
  %0 = tt.reshape %x : tensor<4x8xf32> -> tensor<16xf32>
  tt.return
}

// -----

tt.func @reshape_elem(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = tt.reshape %x : tensor<4x8xf32> -> tensor<32xi32>
  tt.return
}

// -----

tt.func @trans_size(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{order has 3 entries but the source has rank 2}}
  %0 = tt.trans %x {order = array<i32: 1, 0, 2>} : tensor<4x8xf32> -> tensor<8x4xf32>
  tt.return
}

// -----

tt.func @trans_perm(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{order must be a permutation of 0..1}}
  %0 = tt.trans %x {order = array<i32: 1, 1>} : tensor<4x8xf32> -> tensor<8x8xf32>
  tt.return
}

// -----

tt.func @trans_shape(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{result shape must be the source shape permuted by order}}
  %0 = tt.trans %x {order = array<i32: 1, 0>} : tensor<4x8xf32> -> tensor<4x8xf32>
  tt.return
}

// -----

tt.func @cat_count(%a: tensor<4xf32>) {
  // expected-error @+1 {{result must have as many elements as both operands together, expected 8 but got 16}}
  %0 = tt.cat %a, %a : tensor<4xf32> -> tensor<16xf32>
  tt.return
}

// -----

tt.func @cat_operands(%a: tensor<4xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{requires all operands to have the same type}}
  %0 = "tt.cat"(%a, %b) : (tensor<4xf32>, tensor<8xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @join_shape(%a: tensor<4xf32>) {
  // expected-error @+1 {{result shape must be the operand shape with a trailing dimension of 2}}
  %0 = tt.join %a, %a : tensor<4xf32> -> tensor<2x4xf32>
  tt.return
}

// -----

tt.func @join_elem(%a: tensor<4xf32>) {
  // expected-error @+1 {{result element type must match the operands'}}
  %0 = tt.join %a, %a : tensor<4xf32> -> tensor<4x2xf16>
  tt.return
}

// -----

tt.func @split_last(%a: tensor<4x4xf32>) {
  // expected-error @+1 {{last dimension of the source must be 2}}
  %0, %1 = tt.split %a : tensor<4x4xf32> -> tensor<4xf32>
  tt.return
}

// -----

tt.func @split_shape(%a: tensor<4x2xf32>) {
  // expected-error @+1 {{result shape must be the source shape without its last dimension}}
  %0, %1 = tt.split %a : tensor<4x2xf32> -> tensor<8xf32>
  tt.return
}

// -----

tt.func @split_elem(%a: tensor<4x2xf32>) {
  // expected-error @+1 {{result element type must match the source's}}
  %0, %1 = tt.split %a : tensor<4x2xf32> -> tensor<4xf16>
  tt.return
}

// -----

tt.func @split_results(%a: tensor<4x2xf32>) {
  // expected-error @+1 {{outLHS and outRHS have the same type}}
  %0, %1 = "tt.split"(%a) : (tensor<4x2xf32>) -> (tensor<4xf32>, tensor<4xf16>)
  tt.return
}

// -----

tt.func @histogram_rank(%a: tensor<16xi32>) {
  // expected-error @+1 {{result must be a 1-D tensor of bins}}
  %0 = tt.histogram %a : tensor<16xi32> -> tensor<4x4xi32>
  tt.return
}

// -----

tt.func @histogram_mask(%a: tensor<16xi32>, %m: tensor<8xi1>) {
  // expected-error @+1 {{mask is i1 of src's shape}}
  %0 = "tt.histogram"(%a, %m) : (tensor<16xi32>, tensor<8xi1>) -> tensor<8xi32>
  tt.return
}

// -----

tt.func @gather_shape(%s: tensor<8x16xf32>, %i: tensor<4x16xi32>) {
  // expected-error @+1 {{indices and result shapes must match}}
  %0 = tt.gather %s[%i] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<8x16xf32>
  tt.return
}

// -----

tt.func @gather_elem(%s: tensor<8x16xf32>, %i: tensor<4x16xi32>) {
  // expected-error @+1 {{source and result element types must match}}
  %0 = tt.gather %s[%i] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<4x16xi32>) -> tensor<4x16xf16>
  tt.return
}

// -----

tt.func @gather_rank(%s: tensor<8x16xf32>, %i: tensor<64xi32>) {
  // expected-error @+1 {{source and indices ranks must match}}
  %0 = tt.gather %s[%i] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<64xi32>) -> tensor<64xf32>
  tt.return
}

// -----

tt.func @gather_axis(%s: tensor<8x16xf32>, %i: tensor<8x16xi32>) {
  // expected-error @+1 {{gather axis 2 must be less than the source rank 2}}
  %0 = tt.gather %s[%i] {axis = 2 : i32} : (tensor<8x16xf32>, tensor<8x16xi32>) -> tensor<8x16xf32>
  tt.return
}

// -----

tt.func @gather_dim(%s: tensor<8x16xf32>, %i: tensor<4x8xi32>) {
  // expected-error @+1 {{indices dimension 1 must match the corresponding source dimension}}
  %0 = tt.gather %s[%i] {axis = 0 : i32} : (tensor<8x16xf32>, tensor<4x8xi32>) -> tensor<4x8xf32>
  tt.return
}
