// A vector plan whose lanes do not divide the loop they would run on (a
// hand-written or corrupted `te.lanes`) is an error at the op, not a
// miscompile.
// RUN: not triton-edge-opt %s --convert-triton-to-loops 2>&1 | FileCheck %s

module {
  tt.func public @bad_plan(%out: !tt.ptr<f32>) {
    %one = arith.constant dense<1.0> : tensor<16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    // CHECK: invalid-plan.mlir:[[@LINE+1]]:5: error: vector plan: 3 lanes do not divide a loop of 16 elements
    tt.store %pi, %one {te.lanes = array<i64: 3>} : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
