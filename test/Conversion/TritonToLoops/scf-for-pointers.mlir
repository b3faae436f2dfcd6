// scf.for with a loop-carried tensor of pointers (`p += 64` each iteration,
// as in Triton's tutorial matmul): the pointers live in i64 buffers of
// element offsets, and with Vec's lanes they are read back as vectors of
// i64 (the buffer's element type, not the tensor's pointer type).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @ptr_walk(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %step = arith.constant dense<64> : tensor<64xi32>
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %p0 = tt.addptr %p, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %res:2 = scf.for %i = %c0 to %n step %c1 iter_args(%a = %zero, %pi = %p0) -> (tensor<64xf32>, tensor<64x!tt.ptr<f32>>) : i32 {
      %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
      %a2 = arith.addf %a, %x : tensor<64xf32>
      %pn = tt.addptr %pi, %step : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      scf.yield %a2, %pn : tensor<64xf32>, tensor<64x!tt.ptr<f32>>
    }
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %res#0 : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @ptr_walk__body(
// CHECK-DAG: %[[PNEXT:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xi64>
// CHECK-DAG: %[[PCUR:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xi64>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// The current offsets, 16 lanes at a time, address the input (a gather:
// nothing is known of their stride).
// CHECK: %[[OFF:[a-z0-9_]+]] = vector.load %[[PCUR]][%{{.*}}] : memref<64xi64>, vector<16xi64>
// CHECK: vector.gather %{{.*}}[%{{.*}}] [%[[OFF]]]
// The next offsets: the current ones plus 64.
// CHECK: %[[CUR2:[a-z0-9_]+]] = vector.load %[[PCUR]][%{{.*}}] : memref<64xi64>, vector<16xi64>
// CHECK: %[[NEXT:[a-z0-9_]+]] = arith.addi %[[CUR2]], %{{.*}} : vector<16xi64>
// CHECK: vector.store %[[NEXT]], %[[PNEXT]][%{{.*}}] : memref<64xi64>, vector<16xi64>
// CHECK: memref.copy %[[PNEXT]], %[[PCUR]] : memref<64xi64> to memref<64xi64>
