// A batched tt.dot ([B,M,K] x [B,K,N]) is the 2-D register-tiled nest
// inside a loop over the batch, whose index leads every buffer access (with
// 32 vector registers: tiles of 8 rows x 2 vectors of 8 lanes).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=32" --convert-triton-to-loops="vector-registers=32" | FileCheck %s

module {
  tt.func public @bmm(%a: !tt.ptr<f32>, %c: !tt.ptr<f32>) {
    %r = tt.make_range {end = 512 : i32, start = 0 : i32} : tensor<512xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<512x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %r : tensor<512x!tt.ptr<f32>>, tensor<512xi32>
    %x = tt.load %pai : tensor<512x!tt.ptr<f32>>
    %x3 = tt.reshape %x : tensor<512xf32> -> tensor<2x16x16xf32>
    %zero = arith.constant dense<0.0> : tensor<2x16x16xf32>
    %d = tt.dot %x3, %x3, %zero : tensor<2x16x16xf32> * tensor<2x16x16xf32> -> tensor<2x16x16xf32>
    %d1 = tt.reshape %d : tensor<2x16x16xf32> -> tensor<512xf32>
    %pc = tt.splat %c : !tt.ptr<f32> -> tensor<512x!tt.ptr<f32>>
    %pci = tt.addptr %pc, %r : tensor<512x!tt.ptr<f32>>, tensor<512xi32>
    tt.store %pci, %d1 : tensor<512x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @bmm__body(
// CHECK: %[[D:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<2x16x16xf32>
// CHECK: scf.for %[[BATCH:[a-z0-9_]+]] = %{{.*}} to %c2{{.*}} step %c1{{.*}} {
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c16{{.*}} {
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c8{{.*}} {
// CHECK: scf.for %[[K:[a-z0-9_]+]] = {{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: vector.load %{{.*}}[%[[BATCH]], %[[K]], %[[J]]] : memref<2x16x16xf32>, vector<8xf32>
// CHECK: memref.load %{{.*}}[%[[BATCH]], %[[I]], %[[K]]] : memref<2x16x16xf32>
// CHECK: math.fma {{.*}} : vector<8xf32>
// CHECK: scf.yield
// CHECK: vector.store %{{.*}}, %[[D]][%[[BATCH]], %[[I]], %[[J]]] : memref<2x16x16xf32>, vector<8xf32>
