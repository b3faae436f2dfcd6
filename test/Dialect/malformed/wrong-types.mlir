// Well-formed text with wrong types: located verifier/parser errors.
// RUN: not triton-edge-opt %s -split-input-file 2>&1 | FileCheck %s

tt.func @ptr_type(%x: !tt.ptr<f32>) {
  // CHECK: wrong-types.mlir:[[@LINE+1]]:8: error: 'tt.splat' op requires the same element type for all operands and results
  %0 = tt.splat %x : !tt.ptr<f32> -> tensor<16x!tt.ptr<f16>>
  tt.return
}

// -----

tt.func @not_a_ptr(%x: f32) {
  // CHECK: wrong-types.mlir:[[@LINE+1]]:8: error: 'tt.load' op expects a pointer or a tensor of pointers, got 'f32'
  %0 = tt.load %x : f32
  tt.return
}

// -----

tt.func @range(%x: f32) {
  // CHECK: wrong-types.mlir:[[@LINE+1]]:8: error: 'tt.make_range' op result #0 must be ranked tensor of 32-bit signless integer values
  %0 = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xf32>
  tt.return
}

// -----

// A pointer type without a pointee.
// CHECK: wrong-types.mlir:[[@LINE+1]]:{{[0-9]+}}: error: expected non-function type
tt.func @bad_ptr(%x: !tt.ptr<>) {
  tt.return
}

// -----

// CHECK: wrong-types.mlir:[[@LINE+1]]:{{[0-9]+}}: error: unknown {{ *}}type `bogus` in dialect `tt`
tt.func @bad_type(%x: !tt.bogus<f32>) {
  tt.return
}
