// Contiguous pointwise load/add/store: with Vec's plan (16 lanes at
// vector-bytes=64) the block loop steps by 16 f32 lanes and uses
// vector.load/vector.store; without a plan it is a scalar loop over
// memref.load/memref.store.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s --check-prefix=VEC
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s --check-prefix=SCALAR

// Before: one Triton program over a 64-element block.
module {
  tt.func public @add(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %pb = tt.splat %b : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pbi = tt.addptr %pb, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %y = tt.load %pbi : tensor<64x!tt.ptr<f32>>
    %z = arith.addf %x, %y : tensor<64xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %z : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// After: a body function over a range of program ids; no tt ops are left.
// VEC-LABEL: func.func @add__body(
// VEC-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>, %[[B:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
// VEC-SAME: te.kernel = #te.kernel<"add", [!tt.ptr<f32>, !tt.ptr<f32>, !tt.ptr<f32>], ["arg0", "arg1", "arg2"]>
// VEC: scf.for %{{.*}} = %{{.*}} to %{{.*}} step
// VEC: %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// VEC: %[[C16:[a-z0-9_]+]] = arith.constant 16 : index
// VEC: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C16]] {
// VEC: %[[X:[a-z0-9_]+]] = vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// VEC: %[[Y:[a-z0-9_]+]] = vector.load %[[B]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// VEC: %[[Z:[a-z0-9_]+]] = arith.addf %[[X]], %[[Y]] : vector<16xf32>
// VEC: vector.store %[[Z]], %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// VEC-NOT: memref.load
// VEC-NOT: tt.

// SCALAR-LABEL: func.func @add__body(
// SCALAR: %[[C64:[a-z0-9_]+]] = arith.constant 64 : index
// SCALAR: %[[C1:[a-z0-9_]+]] = arith.constant 1 : index
// SCALAR: scf.for %{{.*}} = %{{.*}} to %[[C64]] step %[[C1]] {
// SCALAR: %[[X:[a-z0-9_]+]] = memref.load %{{.*}}[%{{.*}}] : memref<?xf32>
// SCALAR: %[[Y:[a-z0-9_]+]] = memref.load %{{.*}}[%{{.*}}] : memref<?xf32>
// SCALAR: %[[Z:[a-z0-9_]+]] = arith.addf %[[X]], %[[Y]] : f32
// SCALAR: memref.store %[[Z]], %{{.*}}[%{{.*}}] : memref<?xf32>
// SCALAR-NOT: vector.
// SCALAR-NOT: tt.
