// Verifier rules of block pointers, tensor descriptors, inline asm,
// map_elementwise, dot_scaled and print.
// RUN: triton-edge-opt %s -split-input-file -verify-diagnostics

tt.func @make_ptr_count(%b: !tt.ptr<f16>, %s: i64, %o: i32) {
  // expected-error @+1 {{expects 2 shape, 2 stride and 2 offset operands for a rank-2 block}}
  %0 = tt.make_tensor_ptr %b, [%s], [%s], [%o] {order = array<i32: 0>} : <tensor<16x16xf16>>
  tt.return
}

// -----

tt.func @make_ptr_order(%b: !tt.ptr<f16>, %s: i64, %o: i32) {
  // expected-error @+1 {{order must be a permutation of 0..1}}
  %0 = tt.make_tensor_ptr %b, [%s, %s], [%s, %s], [%o, %o] {order = array<i32: 0, 2>} : <tensor<16x16xf16>>
  tt.return
}

// -----

tt.func @make_ptr_base(%b: !tt.ptr<f32>, %s: i64, %o: i32) {
  // expected-error @+1 {{base points to the block's element type}}
  %0 = "tt.make_tensor_ptr"(%b, %s, %s, %o) <{order = array<i32: 0>}> : (!tt.ptr<f32>, i64, i64, i32) -> !tt.ptr<tensor<16xf16>>
  tt.return
}

// -----

tt.func @make_ptr_not_block(%b: !tt.ptr<f16>, %s: i64, %o: i32) {
  // expected-error @+1 {{result #0 must be pointer to a tensor}}
  %0 = "tt.make_tensor_ptr"(%b, %s, %s, %o) <{order = array<i32: 0>}> : (!tt.ptr<f16>, i64, i64, i32) -> !tt.ptr<f16>
  tt.return
}

// -----

tt.func @advance_count(%p: !tt.ptr<tensor<16x16xf16>>, %o: i32) {
  // expected-error @+1 {{expects 2 offsets for a rank-2 block, got 1}}
  %0 = tt.advance %p, [%o] : <tensor<16x16xf16>>
  tt.return
}

// -----

tt.func @desc_count(%b: !tt.ptr<f16>, %s: i32, %t: i64) {
  // expected-error @+1 {{expects 2 shape and 2 stride operands for a rank-2 block}}
  %0 = tt.make_tensor_descriptor %b, [%s], [%t] : <f16>, <tensor<16x16xf16>>
  tt.return
}

// -----

tt.func @desc_base(%b: !tt.ptr<f32>, %s: i32, %t: i64) {
  // expected-error @+1 {{base pointee type 'f32' must match the block element type 'f16'}}
  %0 = tt.make_tensor_descriptor %b, [%s], [%t] : <f32>, <tensor<16xf16>>
  tt.return
}

// -----

tt.func @desc_load_elem(%d: !tt.tensordesc<tensor<16x16xf16>>, %x: i32) {
  // expected-error @+1 {{descriptor block and tensor element types must match, got 'f16' and 'f32'}}
  %0 = tt.descriptor_load %d[%x, %x] : !tt.tensordesc<tensor<16x16xf16>> -> tensor<16x16xf32>
  tt.return
}

// -----

tt.func @desc_load_count(%d: !tt.tensordesc<tensor<16x16xf16>>, %x: i32) {
  // expected-error @+1 {{descriptor block and tensor must have the same number of elements, got 256 and 128}}
  %0 = tt.descriptor_load %d[%x, %x] : !tt.tensordesc<tensor<16x16xf16>> -> tensor<8x16xf16>
  tt.return
}

// -----

tt.func @desc_load_indices(%d: !tt.tensordesc<tensor<16x16xf16>>, %x: i32) {
  // expected-error @+1 {{expects 2 indices, got 1}}
  %0 = tt.descriptor_load %d[%x] : !tt.tensordesc<tensor<16x16xf16>> -> tensor<16x16xf16>
  tt.return
}

// -----

tt.func @desc_store_elem(%d: !tt.tensordesc<tensor<16xf16>>, %x: i32, %v: tensor<16xbf16>) {
  // expected-error @+1 {{descriptor block and tensor element types must match, got 'f16' and 'bf16'}}
  tt.descriptor_store %d[%x], %v : !tt.tensordesc<tensor<16xf16>>, tensor<16xbf16>
  tt.return
}

// -----

tt.func @desc_reduce_count(%d: !tt.tensordesc<tensor<16xf32>>, %x: i32, %v: tensor<32xf32>) {
  // expected-error @+1 {{descriptor block and tensor must have the same number of elements, got 16 and 32}}
  tt.descriptor_reduce max, %d[%x], %v : !tt.tensordesc<tensor<16xf32>>, tensor<32xf32>
  tt.return
}

// -----

tt.func @desc_gather_block(%d: !tt.tensordesc<tensor<2x64xf16>>, %r: tensor<8xi32>, %y: i32) {
  // expected-error @+1 {{descriptor block must be a 2-D tensor with one row}}
  %0 = tt.descriptor_gather %d[%r, %y] : (!tt.tensordesc<tensor<2x64xf16>>, tensor<8xi32>, i32) -> tensor<8x64xf16>
  tt.return
}

// -----

tt.func @desc_gather_offsets(%d: !tt.tensordesc<tensor<1x64xf16>>, %r: tensor<2x4xi32>, %y: i32) {
  // expected-error @+1 {{x offsets must be a 1-D tensor}}
  %0 = tt.descriptor_gather %d[%r, %y] : (!tt.tensordesc<tensor<1x64xf16>>, tensor<2x4xi32>, i32) -> tensor<8x64xf16>
  tt.return
}

// -----

tt.func @desc_gather_rank(%d: !tt.tensordesc<tensor<1x64xf16>>, %r: tensor<8xi32>, %y: i32) {
  // expected-error @+1 {{gathered tensor must be 2-D}}
  %0 = tt.descriptor_gather %d[%r, %y] : (!tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32) -> tensor<512xf16>
  tt.return
}

// -----

tt.func @desc_gather_rows(%d: !tt.tensordesc<tensor<1x64xf16>>, %r: tensor<8xi32>, %y: i32) {
  // expected-error @+1 {{gathered tensor must have one row per x offset (8)}}
  %0 = tt.descriptor_gather %d[%r, %y] : (!tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32) -> tensor<16x64xf16>
  tt.return
}

// -----

tt.func @desc_scatter_cols(%d: !tt.tensordesc<tensor<1x64xf16>>, %r: tensor<8xi32>, %y: i32, %v: tensor<8x32xf16>) {
  // expected-error @+1 {{gathered tensor must have the block's 64 columns}}
  tt.descriptor_scatter %d[%r, %y], %v : !tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32, tensor<8x32xf16>
  tt.return
}

// -----

tt.func @desc_scatter_elem(%d: !tt.tensordesc<tensor<1x64xf16>>, %r: tensor<8xi32>, %y: i32, %v: tensor<8x64xf32>) {
  // expected-error @+1 {{gathered tensor element type must match the block's ('f16')}}
  tt.descriptor_scatter %d[%r, %y], %v : !tt.tensordesc<tensor<1x64xf16>>, tensor<8xi32>, i32, tensor<8x64xf32>
  tt.return
}

// -----

tt.func @dot_scaled_rank(%a: tensor<64xf8E4M3FN>, %c: tensor<64xf32>) {
  // expected-error @+1 {{operands must be at least 2-D and of equal rank}}
  %0 = tt.dot_scaled %a, %a, %c lhs = e4m3 rhs = e4m3 {fastMath = false} : tensor<64xf8E4M3FN> * tensor<64xf8E4M3FN> -> tensor<64xf32>
  tt.return
}

// -----

tt.func @asm_pack(%a: tensor<16xi8>) {
  // expected-error @+1 {{number of input elements 16 must be a multiple of packed_element 32}}
  %0 = tt.elementwise_inline_asm "" {constraints = "=r,r", packed_element = 32 : i32, pure = true} %a : tensor<16xi8> -> tensor<16xi8>
  tt.return
}

// -----

tt.func @asm_pack_zero(%a: tensor<16xi8>) {
  // expected-error @+1 {{packed_element must be positive, got 0}}
  %0 = tt.elementwise_inline_asm "" {constraints = "=r,r", packed_element = 0 : i32, pure = true} %a : tensor<16xi8> -> tensor<16xi8>
  tt.return
}

// -----

tt.func @asm_shape(%a: tensor<16xi8>) {
  // expected-error @+1 {{all non-scalar operands/results must have the same shape}}
  %0 = tt.elementwise_inline_asm "" {constraints = "=r,r", packed_element = 1 : i32, pure = true} %a : tensor<16xi8> -> tensor<8xi8>
  tt.return
}

// -----

tt.func @print_signed(%a: tensor<16xi32>) {
  // expected-error @+1 {{isSigned must have one entry per argument (1), got 2}}
  tt.print "x" {hex = false, isSigned = array<i32: 1, 1>} : %a : tensor<16xi32>
  tt.return
}

// -----

tt.func @map_pack(%a: tensor<16xf32>) {
  // expected-error @+1 {{pack must be a power of 2, got 3}}
  %0 = "tt.map_elementwise"(%a) <{pack = 3 : i32}> ({
  ^bb0(%x: f32, %y: f32, %z: f32):
    tt.map_elementwise.return %x, %y, %z : f32, f32, f32
  }) : (tensor<16xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @map_nargs(%a: tensor<16xf32>) {
  // expected-error @+1 {{region must take 2 arguments, got 1}}
  %0 = "tt.map_elementwise"(%a) <{pack = 2 : i32}> ({
  ^bb0(%x: f32):
    tt.map_elementwise.return %x, %x : f32, f32
  }) : (tensor<16xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @map_argtypes(%a: tensor<16xf32>) {
  // expected-error @+1 {{region argument types must be the operands' element types, each repeated pack times}}
  %0 = "tt.map_elementwise"(%a) <{pack = 1 : i32}> ({
  ^bb0(%x: i32):
    %f = arith.sitofp %x : i32 to f32
    tt.map_elementwise.return %f : f32
  }) : (tensor<16xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @map_return(%a: tensor<16xf32>) {
  %0 = "tt.map_elementwise"(%a) <{pack = 1 : i32}> ({
  ^bb0(%x: f32):
    // expected-error @+1 {{returned types must be the results' element types, each repeated pack times}}
    tt.map_elementwise.return %x, %x : f32, f32
  }) : (tensor<16xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @map_store(%a: tensor<16xf32>, %p: !tt.ptr<f32>) {
  %0 = "tt.map_elementwise"(%a) <{pack = 1 : i32}> ({
  ^bb0(%x: f32):
    // expected-error @+1 {{stores are not supported inside tt.map_elementwise}}
    tt.store %p, %x : !tt.ptr<f32>
    tt.map_elementwise.return %x : f32
  }) : (tensor<16xf32>) -> tensor<16xf32>
  tt.return
}

// -----

tt.func @dot_scaled_k(%a: tensor<16x32xi8>, %b: tensor<32x16xf8E4M3FN>, %c: tensor<16x16xf32>) {
  // expected-error @+1 {{K of the first operand (64) differs from K of the second (32)}}
  %0 = tt.dot_scaled %a, %b, %c lhs = e2m1 rhs = e4m3 {fastMath = false} : tensor<16x32xi8> * tensor<32x16xf8E4M3FN> -> tensor<16x16xf32>
  tt.return
}

// -----

tt.func @dot_scaled_scale(%a: tensor<16x64xf8E4M3FN>, %s: tensor<16x4xi8>, %b: tensor<64x16xf8E4M3FN>, %c: tensor<16x16xf32>) {
  // expected-error @+1 {{lhs scale must be [16, 2] (one per 32 values along K), got 'tensor<16x4xi8>'}}
  %0 = tt.dot_scaled %a scale %s, %b, %c lhs = e4m3 rhs = e4m3 {fastMath = false} : tensor<16x64xf8E4M3FN>, tensor<16x4xi8> * tensor<64x16xf8E4M3FN> -> tensor<16x16xf32>
  tt.return
}
