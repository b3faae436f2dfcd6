// tt.dot on 16x16 f32 tiles: the operands are materialized in per-program
// buffers, the accumulator is initialized from the C operand, and the
// product is an i-k-j loop nest whose inner loop is a 16-lane
// broadcast(a[i][k]) * b[k][:] + acc[i][:] (math.fma).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @mm(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %c: !tt.ptr<f32>) {
    %c16 = arith.constant dense<16> : tensor<16x1xi32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %rows = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %cols = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %ro = arith.muli %rows, %c16 : tensor<16x1xi32>
    %rb = tt.broadcast %ro : tensor<16x1xi32> -> tensor<16x16xi32>
    %cb = tt.broadcast %cols : tensor<1x16xi32> -> tensor<16x16xi32>
    %off = arith.addi %rb, %cb : tensor<16x16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %x = tt.load %pai : tensor<16x16x!tt.ptr<f32>>
    %pb = tt.splat %b : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pbi = tt.addptr %pb, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %y = tt.load %pbi : tensor<16x16x!tt.ptr<f32>>
    %zero = arith.constant dense<0.0> : tensor<16x16xf32>
    %d = tt.dot %x, %y, %zero : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
    %pc = tt.splat %c : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pci = tt.addptr %pc, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %pci, %d : tensor<16x16x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @mm__body(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>, %[[B:[a-z0-9]+]]: memref<?xf32>, %[[C:[a-z0-9]+]]: memref<?xf32>
// CHECK-DAG: %[[ACC:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16x16xf32>
// CHECK-DAG: %[[BB:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16x16xf32>
// CHECK-DAG: %[[AB:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16x16xf32>
// Operand tiles.
// CHECK: %[[AV:[a-z0-9_]+]] = vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: vector.store %[[AV]], %[[AB]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// CHECK: %[[BV:[a-z0-9_]+]] = vector.load %[[B]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: vector.store %[[BV]], %[[BB]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// Accumulator init from the C operand (zeros).
// CHECK: vector.store %{{.*}}, %[[ACC]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// The i-k-j product.
// CHECK: scf.for %[[I:[a-z0-9_]+]] =
// CHECK: scf.for %[[K:[a-z0-9_]+]] =
// CHECK: %[[AIK:[a-z0-9_]+]] = memref.load %[[AB]][%[[I]], %[[K]]] : memref<16x16xf32>
// CHECK: scf.for %[[J:[a-z0-9_]+]] =
// CHECK: %[[BKJ:[a-z0-9_]+]] = vector.load %[[BB]][%[[K]], %[[J]]] : memref<16x16xf32>, vector<16xf32>
// CHECK: %[[CIJ:[a-z0-9_]+]] = vector.load %[[ACC]][%[[I]], %[[J]]] : memref<16x16xf32>, vector<16xf32>
// CHECK: %[[AS:[a-z0-9_]+]] = vector.broadcast %[[AIK]] : f32 to vector<16xf32>
// CHECK: %[[F:[a-z0-9_]+]] = math.fma %[[AS]], %[[BKJ]], %[[CIJ]] : vector<16xf32>
// CHECK: vector.store %[[F]], %[[ACC]][%[[I]], %[[J]]] : memref<16x16xf32>, vector<16xf32>
// Result store.
// CHECK: %[[R:[a-z0-9_]+]] = vector.load %[[ACC]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<16xf32>
// CHECK: vector.store %[[R]], %[[C]][%{{.*}}] : memref<?xf32>, vector<16xf32>
