// `%` and `//` in index math (Inductor's x0 = xindex % 16, x1 = xindex // 16)
// keep a load contiguous when the divisor is a multiple of the vector width:
// the lane-0 index goes through divsi/remsi once and the 16 lanes are one
// vector.load. With a divisor of 8 a 16-lane vector spans two rows, so the
// access must become a gather. A run-time divisor counts by its known
// divisibility (`tt.divisibility`, Triton's `offs % N` with N a multiple of
// 16): 16 keeps the load contiguous, 8 does not.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @divmod(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c16 = arith.constant dense<16> : tensor<64xi32>
    %c32 = arith.constant dense<32> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %col = arith.remsi %idx, %c16 : tensor<64xi32>
    %row = arith.divsi %idx, %c16 : tensor<64xi32>
    %rowoff = arith.muli %row, %c32 : tensor<64xi32>
    %src = arith.addi %rowoff, %col : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %src : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @divmod8(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c8 = arith.constant dense<8> : tensor<64xi32>
    %c32 = arith.constant dense<32> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %col = arith.remsi %idx, %c8 : tensor<64xi32>
    %row = arith.divsi %idx, %c8 : tensor<64xi32>
    %rowoff = arith.muli %row, %c32 : tensor<64xi32>
    %src = arith.addi %rowoff, %col : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %src : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @mod_arg(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32 {tt.divisibility = 16 : i32}) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %col = arith.remsi %idx, %ns : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %col : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @mod_arg8(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32 {tt.divisibility = 8 : i32}) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %col = arith.remsi %idx, %ns : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %col : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @divmod__body(
// CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[C16:[a-z0-9_]+]] = arith.constant 16 : i32
// CHECK: %[[ROW:[a-z0-9_]+]] = arith.divsi %[[I0:[a-z0-9_]+]], %[[C16]] : i32
// CHECK: %[[COL:[a-z0-9_]+]] = arith.remsi %[[I0]], %[[C16]] : i32
// CHECK: vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK-NOT: vector.gather
// CHECK: vector.store
// CHECK: return

// CHECK-LABEL: func.func @divmod8__body(
// CHECK-SAME: %[[A8:[a-z0-9]+]]: memref<?xf32>
// CHECK-NOT: vector.load %[[A8]]
// CHECK: vector.gather %[[A8]][%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<16xi64>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: vector.store

// CHECK-LABEL: func.func @mod_arg__body(
// CHECK-SAME: %[[AN:[a-z0-9]+]]: memref<?xf32>
// CHECK: arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK: vector.load %[[AN]][%{{.*}}] : memref<?xf32>, vector<16xf32>
// CHECK-NOT: vector.gather
// CHECK: return

// CHECK-LABEL: func.func @mod_arg8__body(
// CHECK-SAME: %[[AN8:[a-z0-9]+]]: memref<?xf32>
// CHECK-NOT: vector.load %[[AN8]]
// CHECK: vector.gather %[[AN8]]
