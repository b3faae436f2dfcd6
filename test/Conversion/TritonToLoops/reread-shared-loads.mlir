// A load that feeds several nests is read by each of them when it is
// contiguous along its last dimension and nothing may write memory before the
// last of them: LayerNorm's row feeds the sum, the sum of squares and the
// normalized store, and the three nests each load it from %in (no copy into a
// stack buffer). With reread-shared-loads=false (what the pipeline passes
// where DB may stage the copies), it is copied once (the OFF prefix). A
// strided load (a column: a gather) or a store between its consumers keeps the
// copy (@column, @store_between).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops="reread-shared-loads=false" | FileCheck %s --check-prefix=OFF

module {
  tt.func public @norm_rows(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c256 = arith.constant 256 : i32
    %n = arith.constant dense<2.560000e+02> : tensor<1xf32>
    %pid = tt.get_program_id x : i32
    %row = arith.muli %pid, %c256 : i32
    %cols = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
    %base = tt.splat %row : i32 -> tensor<256xi32>
    %off = arith.addi %cols, %base : tensor<256xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    %x = tt.load %pi : tensor<256x!tt.ptr<f32>>
    %s = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<256xf32>) -> f32
    %sb = tt.splat %s : f32 -> tensor<256xf32>
    %mean = arith.divf %sb, %sb : tensor<256xf32>
    %d = arith.subf %x, %mean : tensor<256xf32>
    %d2 = arith.mulf %d, %d : tensor<256xf32>
    %v = "tt.reduce"(%d2) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<256xf32>) -> f32
    %vb = tt.splat %v : f32 -> tensor<256xf32>
    %y = arith.mulf %d, %vb : tensor<256xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %poi = tt.addptr %po, %off : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    tt.store %poi, %y : tensor<256x!tt.ptr<f32>>
    tt.return
  }

  tt.func public @column(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant dense<64> : tensor<64xi32>
    %rows = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %off = arith.muli %rows, %c64 : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
    %s = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<64xf32>) -> f32
    %sb = tt.splat %s : f32 -> tensor<64xf32>
    %y = arith.subf %x, %sb : tensor<64xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %rows : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %y : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  tt.func public @store_between(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %rows = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pi = tt.addptr %p, %rows : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %rows : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    %s = "tt.reduce"(%x) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<64xf32>) -> f32
    %sb = tt.splat %s : f32 -> tensor<64xf32>
    %y = arith.subf %x, %sb : tensor<64xf32>
    tt.store %poi, %y : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @norm_rows__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>
// CHECK-NOT: memref<256xf32>
// The sum nest reads %in (its first vector, then its loop).
// CHECK: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1xf32>
// The sum-of-squares nest reads %in.
// CHECK: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<64xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1xf32>
// The store nest reads %in.
// CHECK: vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK: vector.store
// CHECK-NOT: memref<256xf32>
// CHECK: return

// CHECK-LABEL: func.func @column__body(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[COPY:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// CHECK: vector.gather %[[IN]]
// CHECK: vector.store %{{.*}}, %[[COPY]]
// CHECK: vector.load %[[COPY]]
// CHECK: vector.load %[[COPY]]

// CHECK-LABEL: func.func @store_between__body(
// CHECK: %[[COPY:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<64xf32>
// CHECK: vector.store %{{.*}}, %[[COPY]]
// CHECK: vector.load %[[COPY]]
// CHECK: vector.load %[[COPY]]

// OFF-LABEL: func.func @norm_rows__body(
// OFF-SAME: %[[IN:[a-z0-9]+]]: memref<?xf32>
// OFF: %[[COPY:[a-z0-9_]+]] = memref.alloca() {{.*}} : memref<256xf32>
// OFF: %[[V:[a-z0-9_]+]] = vector.load %[[IN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// OFF: vector.store %[[V]], %[[COPY]][%{{.*}}] : memref<256xf32>, vector<16xf32>
// OFF-NOT: vector.load %[[IN]]
// OFF: vector.load %[[COPY]]
// OFF: vector.load %[[COPY]]
// OFF: vector.load %[[COPY]]
// OFF-LABEL: func.func @column__body(
