// Syntax errors in tt ops: missing type, bad enum keyword.
// RUN: not triton-edge-opt %s -split-input-file 2>&1 | FileCheck %s

tt.func @missing_type(%p: !tt.ptr<f32>) {
  // CHECK: bad-syntax.mlir:[[@LINE+1]]:18: error: expected ':'
  %0 = tt.load %p loc(unknown)
  tt.return
}

// -----

tt.func @bad_axis() {
  // CHECK: bad-syntax.mlir:[[@LINE+1]]:26: error: custom op 'tt.get_program_id' expected {{.*}}[x, y, z]
  %0 = tt.get_program_id w : i32
  tt.return
}

// -----

tt.func @bad_rmw(%p: !tt.ptr<f32>, %v: f32) {
  // CHECK: bad-syntax.mlir:[[@LINE+1]]:22: error: custom op 'tt.atomic_rmw' expected {{.*}}[and, or, xor, add, fadd, max, min, umax, umin, exch]
  %0 = tt.atomic_rmw fmul, relaxed, gpu, %p, %v : (!tt.ptr<f32>, f32) -> f32
  tt.return
}

// -----

// An unterminated function body.
// CHECK: bad-syntax.mlir:{{[0-9]+}}:{{[0-9]+}}: error: expected operation name in quotes
tt.func @unterminated(%x: i32) {
  tt.return
