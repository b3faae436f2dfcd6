// A noinline device function returning several values (two blocks and a
// scalar) is inlined like a single-result one, each result replaced by its
// returned value; llvm.intr.assume (tl.assume), in the kernel or the helper,
// is a hint and leaves nothing behind.
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  tt.func private @sum_diff(%x: tensor<16xf32>, %y: tensor<16xf32>, %n: i32) -> (tensor<16xf32>, tensor<16xf32>, i32) attributes {noinline = true} {
    %c0 = arith.constant 0 : i32
    %pos = arith.cmpi sgt, %n, %c0 : i32
    llvm.intr.assume %pos : i1
    %s = arith.addf %x, %y : tensor<16xf32>
    %d = arith.subf %x, %y : tensor<16xf32>
    %m = arith.muli %n, %n : i32
    tt.return %s, %d, %m : tensor<16xf32>, tensor<16xf32>, i32
  }
  tt.func public @kernel(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c16 = arith.constant 16 : i32
    %lt = arith.cmpi slt, %n, %c16 : i32
    llvm.intr.assume %lt : i1
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    %res:3 = tt.call @sum_diff(%x, %x, %n) : (tensor<16xf32>, tensor<16xf32>, i32) -> (tensor<16xf32>, tensor<16xf32>, i32)
    %q = arith.mulf %res#0, %res#1 : tensor<16xf32>
    %o = tt.addptr %out, %res#2 : !tt.ptr<f32>, i32
    %po = tt.splat %o : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %poi, %q : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-NOT: tt.call
// CHECK-NOT: @sum_diff
// CHECK-NOT: assume
// CHECK-LABEL: func.func @kernel__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: i32
// CHECK: %[[NN:[a-z0-9_]+]] = arith.muli %[[N]], %[[N]] : i32
// CHECK: scf.for
// CHECK:   %[[X:[a-z0-9_]+]] = memref.load %[[IN]]
// CHECK:   %[[S:[a-z0-9_]+]] = arith.addf %[[X]], %[[X]] : f32
// CHECK:   %[[D:[a-z0-9_]+]] = arith.subf %[[X]], %[[X]] : f32
// CHECK:   %[[Q:[a-z0-9_]+]] = arith.mulf %[[S]], %[[D]] : f32
// CHECK:   memref.store %[[Q]], %[[OUT]]
// CHECK-NOT: assume
