// A costly element-wise value (here softmax's exp) that feeds two nests, the
// row sum and the normalized store, is computed once into a stack buffer at
// its program point and read back by both nests, instead of being recomputed
// in each: one math.exp, in the nest that writes the buffer. The input load
// then feeds the max nest and the exp nest. With a buffer larger than
// `l1-bytes` the exp is recomputed in both nests (the second RUN line).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops="l1-bytes=512" | FileCheck %s --check-prefix=LARGE

module {
  tt.func public @softmax_rows(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant dense<64> : tensor<4x1xi32>
    %c4 = arith.constant 4 : i32
    %pid = tt.get_program_id x : i32
    %row0 = arith.muli %pid, %c4 : i32
    %rr = tt.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32>
    %rs = tt.splat %row0 : i32 -> tensor<4xi32>
    %rows = arith.addi %rs, %rr : tensor<4xi32>
    %rows2 = tt.expand_dims %rows {axis = 1 : i32} : tensor<4xi32> -> tensor<4x1xi32>
    %cols = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %cols2 = tt.expand_dims %cols {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %rowoff = arith.muli %rows2, %c64 : tensor<4x1xi32>
    %rb = tt.broadcast %rowoff : tensor<4x1xi32> -> tensor<4x64xi32>
    %cb = tt.broadcast %cols2 : tensor<1x64xi32> -> tensor<4x64xi32>
    %off = arith.addi %rb, %cb : tensor<4x64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<4x64x!tt.ptr<f32>>
    %pi = tt.addptr %p, %off : tensor<4x64x!tt.ptr<f32>>, tensor<4x64xi32>
    %x = tt.load %pi : tensor<4x64x!tt.ptr<f32>>
    %m = "tt.reduce"(%x) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.maxnumf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<4x64xf32>) -> tensor<4xf32>
    %m2 = tt.expand_dims %m {axis = 1 : i32} : tensor<4xf32> -> tensor<4x1xf32>
    %mb = tt.broadcast %m2 : tensor<4x1xf32> -> tensor<4x64xf32>
    %d = arith.subf %x, %mb : tensor<4x64xf32>
    %e = math.exp %d : tensor<4x64xf32>
    %s = "tt.reduce"(%e) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<4x64xf32>) -> tensor<4xf32>
    %s2 = tt.expand_dims %s {axis = 1 : i32} : tensor<4xf32> -> tensor<4x1xf32>
    %sb = tt.broadcast %s2 : tensor<4x1xf32> -> tensor<4x64xf32>
    %y = arith.divf %e, %sb : tensor<4x64xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<4x64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %off : tensor<4x64x!tt.ptr<f32>>, tensor<4x64xi32>
    tt.store %poi, %y : tensor<4x64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @softmax_rows__body(
// The max nest.
// CHECK: arith.maxnumf %{{.*}}, %{{.*}} : vector<32xf32>
// CHECK: memref.store %{{.*}}, %[[MAX:[a-z0-9_]+]][%{{.*}}] : memref<4xf32>
// The exp nest: the kernel's one math.exp, written to the buffer.
// CHECK: scf.for %[[R:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: scf.for %[[C:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: memref.load %[[MAX]][%[[R]]] : memref<4xf32>
// CHECK: %[[E:[a-z0-9_]+]] = math.exp %{{.*}} : vector<16xf32>
// CHECK: vector.store %[[E]], %[[EXPS:[a-z0-9_]+]][%[[R]], %[[C]]] : memref<4x64xf32>, vector<16xf32>
// The sum nest and the store nest read the buffer.
// CHECK-NOT: math.exp
// CHECK: vector.load %[[EXPS]][%{{.*}}, %{{.*}}] : memref<4x64xf32>, vector<64xf32>
// CHECK-NOT: math.exp
// CHECK: memref.store %{{.*}}, %[[SUM:[a-z0-9_]+]][%{{.*}}] : memref<4xf32>
// CHECK-NOT: math.exp
// CHECK: vector.load %[[EXPS]][%{{.*}}, %{{.*}}] : memref<4x64xf32>, vector<16xf32>
// CHECK-NOT: math.exp
// CHECK: memref.load %[[SUM]]
// CHECK-NOT: math.exp
// CHECK: return

// LARGE-LABEL: func.func @softmax_rows__body(
// LARGE: %[[E1:[a-z0-9_]+]] = math.exp %{{.*}} : vector<64xf32>
// LARGE-NOT: vector.store %[[E1]]
// LARGE: vector.extract_strided_slice %[[E1]]
// LARGE: math.exp %{{.*}} : vector<16xf32>
// LARGE-NOT: math.exp
// LARGE: return
