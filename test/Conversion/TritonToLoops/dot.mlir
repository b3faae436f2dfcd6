// tt.dot on 16x16 f32 tiles: the operands are materialized in per-program
// buffers; the product is register-tiled. With 8 lanes (Vec's plan at
// vector-bytes=32) and 16 vector registers (the default), a tile is 6 rows x
// 2 vectors: 12 accumulators, plus 2 vectors of B and one broadcast of A,
// fill 15 registers. Column tiles are the outer loop and row tiles the inner
// one (rows 0..12 in tiles of 6), the 4 rows left over get one tile of their
// own. The accumulators start from C and are the iteration arguments of the
// loop over K, each step loading one scalar of A per row (broadcast) and one
// vector of B per column vector; D is stored once after the loop. With 32
// registers the tile is 8 x 2 (no rows left over). With an L1 of 256 bytes
// (half of it for a panel of B, 64 bytes per k) K is cut in blocks of 2:
// the first starts from C, the following ones, in a loop, from D. Without a
// plan the tile is 4 rows x 2 scalar columns.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=32" --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=32" --convert-triton-to-loops="vector-registers=32" | FileCheck %s --check-prefix=REG32
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=32" --convert-triton-to-loops="l1-bytes=256" | FileCheck %s --check-prefix=KBLOCK
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s --check-prefix=SCALAR

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
// CHECK: %[[AV:[a-z0-9_]+]] = vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<8xf32>
// CHECK: vector.store %[[AV]], %[[AB]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<8xf32>
// CHECK: %[[BV:[a-z0-9_]+]] = vector.load %[[B]][%{{.*}}] : memref<?xf32>, vector<8xf32>
// CHECK: vector.store %[[BV]], %[[BB]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<8xf32>
// Column tiles of 2 x 8 lanes outside, whole row tiles of 6 inside.
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c16{{.*}} {
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %c12{{.*}} step %c6{{.*}} {
// CHECK: %[[I1:[0-9]+]] = arith.addi %[[I]], %c1
// CHECK: %[[I5:[0-9]+]] = arith.addi %[[I]], %c5
// CHECK: %[[J1:[0-9]+]] = arith.addi %[[J]], %c8
// The accumulators start from C (zeros) and live in registers over K.
// CHECK: %[[Z:[0-9]+]] = vector.broadcast %{{.*}} : f32 to vector<8xf32>
// CHECK: %[[SUMS:[0-9]+]]:12 = scf.for %[[K:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[S00:[a-z0-9_]+]] = %[[Z]], %[[S01:[a-z0-9_]+]] = %{{.*}}, {{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK-NOT: %[[ACC]]
// CHECK: %[[B0:[0-9]+]] = vector.load %[[BB]][%[[K]], %[[J]]] : memref<16x16xf32>, vector<8xf32>
// CHECK: %[[B1:[0-9]+]] = vector.load %[[BB]][%[[K]], %[[J1]]] : memref<16x16xf32>, vector<8xf32>
// CHECK: %[[A0:[0-9]+]] = memref.load %[[AB]][%[[I]], %[[K]]] : memref<16x16xf32>
// CHECK: %[[A0V:[0-9]+]] = vector.broadcast %[[A0]] : f32 to vector<8xf32>
// CHECK: %[[F00:[0-9]+]] = math.fma %[[A0V]], %[[B0]], %[[S00]] : vector<8xf32>
// CHECK: %[[F01:[0-9]+]] = math.fma %[[A0V]], %[[B1]], %[[S01]] : vector<8xf32>
// CHECK: memref.load %[[AB]][%[[I1]], %[[K]]] : memref<16x16xf32>
// CHECK: memref.load %[[AB]][%[[I5]], %[[K]]] : memref<16x16xf32>
// CHECK-NOT: %[[ACC]]
// CHECK: scf.yield %[[F00]], %[[F01]], {{.*}} : vector<8xf32>
// CHECK-NEXT: }
// D is stored once per tile.
// CHECK-NEXT: vector.store %[[SUMS]]#0, %[[ACC]][%[[I]], %[[J]]] : memref<16x16xf32>, vector<8xf32>
// CHECK-NEXT: vector.store %[[SUMS]]#1, %[[ACC]][%[[I]], %[[J1]]] : memref<16x16xf32>, vector<8xf32>
// CHECK-NEXT: vector.store %[[SUMS]]#2, %[[ACC]][%[[I1]], %[[J]]] : memref<16x16xf32>, vector<8xf32>
// CHECK: vector.store %[[SUMS]]#11, %[[ACC]][%[[I5]], %[[J1]]] : memref<16x16xf32>, vector<8xf32>
// CHECK-NEXT: }
// Rows 12..15: one tile of 4 rows, in the same column tile.
// CHECK: %[[R:[0-9]+]]:8 = scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// CHECK: memref.load %[[AB]][%c12{{.*}}, %{{.*}}] : memref<16x16xf32>
// CHECK: memref.load %[[AB]][%c15{{.*}}, %{{.*}}] : memref<16x16xf32>
// CHECK: scf.yield
// CHECK: vector.store %[[R]]#0, %[[ACC]][%c12{{.*}}, %[[J]]] : memref<16x16xf32>, vector<8xf32>
// CHECK: vector.store %[[R]]#7, %[[ACC]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<8xf32>
// CHECK-NEXT: }
// Result store.
// CHECK: %[[RV:[a-z0-9_]+]] = vector.load %[[ACC]][%{{.*}}, %{{.*}}] : memref<16x16xf32>, vector<8xf32>
// CHECK: vector.store %[[RV]], %[[C]][%{{.*}}] : memref<?xf32>, vector<8xf32>

// 32 registers: 8 rows x 2 vectors, 16 accumulators, no partial tile.
// REG32-LABEL: func.func @mm__body(
// REG32: scf.for %{{.*}} = %{{.*}} to %c16{{.*}} step %c8{{.*}} {
// REG32: scf.for {{.*}} -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>) {
// REG32-COUNT-16: math.fma
// REG32: scf.yield
// REG32-COUNT-16: vector.store
// REG32-NOT: scf.for {{.*}} -> (vector<8xf32>

// K in blocks of 2: the first block's tiles start from C (a constant
// broadcast), the later blocks' from D.
// KBLOCK-LABEL: func.func @mm__body(
// KBLOCK: %[[D:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<16x16xf32>
// KBLOCK: vector.broadcast %{{.*}} : f32 to vector<8xf32>
// KBLOCK: scf.for %{{.*}} = %c0{{.*}} to %c2{{.*}} step %{{.*}} iter_args(
// KBLOCK: scf.for %[[KB:[a-z0-9_]+]] = %c2{{.*}} to %c16{{.*}} step %c2{{.*}} {
// KBLOCK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c16{{.*}} {
// KBLOCK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %c12{{.*}} step %c6{{.*}} {
// KBLOCK: %[[D0:[0-9]+]] = vector.load %[[D]][%[[I]], %{{.*}}] : memref<16x16xf32>, vector<8xf32>
// KBLOCK: %[[KE:[0-9]+]] = arith.addi %[[KB]], %c2{{.*}} : index
// KBLOCK: scf.for %{{.*}} = %[[KB]] to %[[KE]] step %{{.*}} iter_args(%{{.*}} = %[[D0]],

// SCALAR-LABEL: func.func @mm__body(
// SCALAR: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c2 {
// SCALAR: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c4 {
// SCALAR: scf.for {{.*}} iter_args({{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32) {
// SCALAR-COUNT-8: math.fma %{{.*}}, %{{.*}}, %{{.*}} : f32
// SCALAR: scf.yield
// SCALAR-COUNT-8: memref.store
