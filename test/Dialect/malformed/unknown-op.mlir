// An op the tt dialect does not define: a located error, exit code 1, no crash.
// RUN: not triton-edge-opt %s 2>&1 | FileCheck %s

tt.func @f(%x: i32) {
  // CHECK: unknown-op.mlir:[[@LINE+1]]:8: error: custom op 'tt.foo' is unknown
  %0 = tt.foo %x : i32
  tt.return
}
