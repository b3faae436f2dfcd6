// cf branches in a tt.func (Triton's early `return` inside `if`) are lifted
// to structured control flow before the lowering: the early return guards
// the rest of the kernel with an scf.if, and a join block's argument
// becomes an scf.if result. No cf op is left.
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @early_return(%out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c2 = arith.constant 2 : i32
    %two = arith.constant 2.0 : f32
    %three = arith.constant 3.0 : f32
    %pid = tt.get_program_id x : i32
    %done = arith.cmpi sge, %pid, %n : i32
    cf.cond_br %done, ^bb1, ^bb2
  ^bb1:
    tt.return
  ^bb2:
    %odd = arith.remsi %pid, %c2 : i32
    %even = arith.cmpi eq, %odd, %c0 : i32
    cf.cond_br %even, ^bb3, ^bb4
  ^bb3:
    cf.br ^bb5(%two : f32)
  ^bb4:
    cf.br ^bb5(%three : f32)
  ^bb5(%s: f32):
    %p = tt.addptr %out, %pid : !tt.ptr<f32>, i32
    tt.store %p, %s : !tt.ptr<f32>
    tt.return
  }
}

// CHECK-LABEL: func.func @early_return__body(
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK-NOT: {{ cf\.}}
// CHECK: scf.if
// CHECK: %[[S:[a-z0-9_]+]] = scf.if %{{.*}} -> (f32) {
// CHECK: memref.store %[[S]], %[[OUT]][%{{.*}}] : memref<?xf32>
// CHECK-NOT: {{ cf\.}}
// CHECK: return
