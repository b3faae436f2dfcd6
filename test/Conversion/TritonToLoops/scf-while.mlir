// scf.while with a data-dependent trip count: the scalar counter and the
// scalar pointer (an i64 element offset) stay SSA values of the new
// scf.while; the carried tensor lives in a buffer the before region reads
// and one scf.condition forwards into, which the body reads and the yield
// writes back into the first. The loop is marked te.kernel_region.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @while_sum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c64 = arith.constant 64 : i32
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %res:3 = scf.while (%i = %c0, %p = %in, %acc = %zero) : (i32, !tt.ptr<f32>, tensor<64xf32>) -> (i32, !tt.ptr<f32>, tensor<64xf32>) {
      %more = arith.cmpi slt, %i, %n : i32
      scf.condition(%more) %i, %p, %acc : i32, !tt.ptr<f32>, tensor<64xf32>
    } do {
    ^bb0(%i: i32, %p: !tt.ptr<f32>, %acc: tensor<64xf32>):
      %ps = tt.splat %p : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
      %pi = tt.addptr %ps, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
      %a2 = arith.addf %acc, %x : tensor<64xf32>
      %p2 = tt.addptr %p, %c64 : !tt.ptr<f32>, i32
      %i2 = arith.addi %i, %c1 : i32
      scf.yield %i2, %p2, %a2 : i32, !tt.ptr<f32>, tensor<64xf32>
    }
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %res#2 : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @while_sum__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>, %[[N:[a-z0-9]+]]: i32
// CHECK-DAG: %[[FWD:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// CHECK-DAG: %[[CUR:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// Init: the zero tensor is written into the before region's buffer.
// CHECK: vector.store %{{.*}}, %[[CUR]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: %[[R:[a-z0-9_]+]]:2 = scf.while (%[[I:[a-z0-9_]+]] = %{{.*}}, %[[P:[a-z0-9_]+]] = %{{.*}}) : (i32, i64) -> (i32, i64) {
// CHECK: %[[MORE:[a-z0-9_]+]] = arith.cmpi slt, %[[I]], %[[N]] : i32
// The forwarded tensor: copied from the before buffer into its own (one
// element at a time: Vec's plan does not cover the before region yet).
// CHECK: %[[A:[a-z0-9_]+]] = memref.load %[[CUR]][%{{.*}}] : memref<64xf32>
// CHECK: memref.store %[[A]], %[[FWD]][%{{.*}}] : memref<64xf32>
// CHECK: scf.condition(%[[MORE]]) %[[I]], %[[P]] : i32, i64
// CHECK: } do {
// CHECK: ^bb0(%[[BI:[a-z0-9_]+]]: i32, %[[BP:[a-z0-9_]+]]: i64):
// The scalars, then the body's nest: it reads the forwarded buffer and the
// input at the carried offset, and writes the sum into the before region's
// buffer.
// CHECK: %[[P2:[a-z0-9_]+]] = arith.addi %[[BP]], %{{.*}} : i64
// CHECK: %[[I2:[a-z0-9_]+]] = arith.addi %[[BI]], %{{.*}} : i32
// CHECK: %[[F:[a-z0-9_]+]] = vector.load %[[FWD]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: %[[X:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: %[[S:[a-z0-9_]+]] = arith.addf %[[F]], %[[X]] : vector<16xf32>
// CHECK: vector.store %[[S]], %[[CUR]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: scf.yield %[[I2]], %[[P2]] : i32, i64
// CHECK: } attributes {te.kernel_region}
// After the loop, the result is stored from the forwarded buffer.
// CHECK: %[[V:[a-z0-9_]+]] = vector.load %[[FWD]][%{{.*}}] : memref<64xf32>, vector<16xf32>
// CHECK: vector.store %[[V]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
