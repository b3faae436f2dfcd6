// tt.assert: a per-lane check that calls the runtime's te_rt_assert_fail
// with the message, the file and line of the assert, and the program id;
// with asserts=false the check is dropped.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops="asserts=false" | FileCheck %s --check-prefix=OFF

module {
  tt.func public @check(%in: !tt.ptr<i32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<i32> -> tensor<16x!tt.ptr<i32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<i32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<i32>>
    %c100 = arith.constant dense<100> : tensor<16xi32>
    %ok = arith.cmpi slt, %x, %c100 : tensor<16xi32>
    tt.assert %ok, "index out of range" : tensor<16xi1> loc(#loc1)
    tt.return
  }
}
#loc1 = loc("kernel.py":12:8)

// CHECK-DAG: llvm.mlir.global internal constant @[[MSG:[a-z0-9_]+]]("index out of range\00")
// CHECK-DAG: llvm.mlir.global internal constant @[[FILE:[a-z0-9_]+]]("kernel.py\00")
// CHECK-DAG: func.func private @te_rt_assert_fail(!llvm.ptr, !llvm.ptr, i32, i32, i32, i32)
// CHECK-LABEL: func.func @check__body(
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[PIDX:[a-z0-9_]+]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[X:[a-z0-9_]+]] = memref.load %{{.*}}[%{{.*}}] : memref<?xi32>
// CHECK: %[[OK:[a-z0-9_]+]] = arith.cmpi slt, %[[X]], %{{.*}} : i32
// CHECK: %[[BAD:[a-z0-9_]+]] = arith.xori %[[OK]], %{{.*}} : i1
// CHECK: scf.if %[[BAD]] {
// CHECK-DAG: llvm.mlir.addressof @[[MSG]]
// CHECK-DAG: llvm.mlir.addressof @[[FILE]]
// CHECK-DAG: %[[LINE:[a-z0-9_]+]] = arith.constant 12 : i32
// CHECK: func.call @te_rt_assert_fail(%{{.*}}, %{{.*}}, %[[LINE]], %[[PIDX]], %{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr, i32, i32, i32, i32) -> ()

// OFF-LABEL: func.func @check__body(
// OFF-NOT: te_rt_assert_fail
// The only scf.if left computes the program ids (1-D grid or not).
// OFF: scf.if %{{.*}} -> (i64, i64, i64)
// OFF-NOT: scf.if
