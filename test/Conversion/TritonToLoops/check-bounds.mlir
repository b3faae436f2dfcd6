// check-bounds=true: every access is compared with its argument's storage
// size; out-of-bounds lanes that the kernel's mask enables are reported to
// te_rt_bounds_fail (argument index, first lane's index, numel, program id)
// and must be skipped. Without the option there is no check.
//
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops="check-bounds=true" | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s --check-prefix=NOCHECK

module {
  tt.func public @masked(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai, %m : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x, %m : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK: func.func private @te_rt_bounds_fail(i32, i64, i64, i32, i32, i32)
// CHECK-LABEL: func.func @masked__body(
// CHECK: %[[M:[a-z0-9_]+]] = arith.cmpi slt, %{{.*}}, %{{.*}} : vector<16xi32>
// CHECK: %[[LO:[a-z0-9_]+]] = arith.cmpi slt, %[[OFF:[a-z0-9_]+]], %{{.*}} : vector<16xi64>
// CHECK: %[[HI:[a-z0-9_]+]] = arith.cmpi sge, %[[OFF]], %{{.*}} : vector<16xi64>
// CHECK: %[[OOB:[a-z0-9_]+]] = arith.ori %[[LO]], %[[HI]] : vector<16xi1>
// CHECK: %[[BAD:[a-z0-9_]+]] = arith.andi %[[OOB]], %[[M]] : vector<16xi1>
// CHECK: %[[ANY:[a-z0-9_]+]] = vector.reduction <or>, %[[BAD]] : vector<16xi1> into i1
// CHECK: scf.if %[[ANY]] {
// CHECK: func.call @te_rt_bounds_fail(
// CHECK: }
// The lanes accessed are those the kernel enables AND that are in bounds.
// CHECK: %[[USE:[a-z0-9_]+]] = arith.andi %{{.*}}, %{{.*}} : vector<16xi1>
// CHECK: vector.maskedload %{{.*}}[%{{.*}}], %[[USE]], %{{.*}}
// CHECK: func.call @te_rt_bounds_fail(
// CHECK: %[[USE2:[a-z0-9_]+]] = arith.andi %{{.*}}, %{{.*}} : vector<16xi1>
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}], %[[USE2]], %{{.*}}

// NOCHECK-NOT: te_rt_bounds_fail
// NOCHECK: vector.maskedload %{{.*}}[%{{.*}}], %[[M:[a-z0-9_]+]], %{{.*}}
// NOCHECK: vector.maskedstore %{{.*}}[%{{.*}}], %[[M]], %{{.*}}
