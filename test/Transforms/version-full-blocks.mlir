// triton-edge-version-full-blocks: a loop whose blocks are masked by
// splat(iv) + range(0, R) < splat(n) gets its body versioned on
// iv + R <= n (in i64): a copy with the mask constant true, and the
// original body for the last, partial block. A mask on another bound (not
// the induction variable) stays as it is.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-version-full-blocks | FileCheck %s

// BEFORE-LABEL: tt.func public @row_sum
// BEFORE-NOT: scf.if
// CHECK-LABEL: tt.func public @row_sum
// CHECK-SAME: %[[N:[a-z0-9]+]]: i32
// CHECK: scf.for %[[IV:.*]] = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[A:.*]] = %{{.*}}) -> (f32) : i32 {
// CHECK: %[[IV64:.*]] = arith.extsi %[[IV]] : i32 to i64
// CHECK: %[[END:.*]] = arith.addi %[[IV64]], %{{.*}} : i64
// CHECK: %[[N64:.*]] = arith.extsi %[[N]] : i32 to i64
// CHECK: %[[FULL:.*]] = arith.cmpi sle, %[[END]], %[[N64]] : i64
// CHECK: %[[R:.*]] = scf.if %[[FULL]] -> (f32) {
// CHECK: %[[TRUE:.*]] = arith.constant dense<true> : tensor<16xi1>
// CHECK-NOT: arith.cmpi slt
// CHECK: tt.load %{{.*}}, %[[TRUE]], %{{.*}} : tensor<16x!tt.ptr<f32>>
// CHECK: scf.yield %{{.*}} : f32
// CHECK: } else {
// CHECK: %[[MASK:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : tensor<16xi32>
// CHECK: tt.load %{{.*}}, %[[MASK]], %{{.*}} : tensor<16x!tt.ptr<f32>>
// CHECK: scf.yield %{{.*}} : f32
// CHECK: }
// CHECK: scf.yield %[[R]] : f32
module {
  tt.func public @row_sum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c16 = arith.constant 16 : i32
    %zero = arith.constant 0.0 : f32
    %other = arith.constant dense<0.0> : tensor<16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %sum = scf.for %k = %c0 to %n step %c16 iter_args(%a = %zero) -> (f32) : i32 {
      %ks = tt.splat %k : i32 -> tensor<16xi32>
      %idx = arith.addi %ks, %r : tensor<16xi32>
      %ns = tt.splat %n : i32 -> tensor<16xi32>
      %mask = arith.cmpi slt, %idx, %ns : tensor<16xi32>
      %ptrs = tt.addptr %p, %idx : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
      %x = tt.load %ptrs, %mask, %other : tensor<16x!tt.ptr<f32>>
      %s = "tt.reduce"(%x) <{axis = 0 : i32}> ({
      ^bb0(%x0: f32, %x1: f32):
        %t = arith.addf %x0, %x1 : f32
        tt.reduce.return %t : f32
      }) : (tensor<16xf32>) -> f32
      %next = arith.addf %a, %s : f32
      scf.yield %next : f32
    }
    tt.store %out, %sum : !tt.ptr<f32>
    tt.return
  }
}

// -----

// The bound is compared with a value that is not the induction variable.
// CHECK-LABEL: tt.func public @other_index
// CHECK-NOT: scf.if
module {
  tt.func public @other_index(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32, %m: i32) {
    %c0 = arith.constant 0 : i32
    %c16 = arith.constant 16 : i32
    %other = arith.constant dense<0.0> : tensor<16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    scf.for %k = %c0 to %n step %c16 : i32 {
      %ms = tt.splat %m : i32 -> tensor<16xi32>
      %idx = arith.addi %ms, %r : tensor<16xi32>
      %ns = tt.splat %n : i32 -> tensor<16xi32>
      %mask = arith.cmpi slt, %idx, %ns : tensor<16xi32>
      %ptrs = tt.addptr %p, %idx : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
      %x = tt.load %ptrs, %mask, %other : tensor<16x!tt.ptr<f32>>
      %optrs = tt.addptr %po, %idx : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
      tt.store %optrs, %x, %mask : tensor<16x!tt.ptr<f32>>
    }
    tt.return
  }
}
