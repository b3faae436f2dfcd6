// The lane facts of make_range, splat, broadcast, expand_dims, addptr and
// select are not AxisInfo's transfer rules: convert-triton-to-loops derives
// them while it evaluates a block at a nest position (Evaluate.cpp,
// LayoutOps.cpp, LoadStore.cpp) and hands them to AxisInfo's rules for the
// integer ops. They show in the access each load becomes: a vector.load
// where the lanes are proven contiguous, a vector.gather where they are
// not, one scalar load where every lane reads the same element. 16 lanes.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  // make_range(0, 64) at an aligned position: the base is a multiple of 16,
  // so `% 16` keeps unit stride.
  // CHECK-LABEL: func.func @range_aligned__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.gather
  // CHECK: vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<16xf32>
  // CHECK-NOT: vector.gather
  // CHECK: return
  tt.func public @range_aligned(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c16 = arith.constant dense<16> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %col = arith.remsi %idx, %c16 : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pac = tt.addptr %pa, %col : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pac : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // make_range(8, 72): the base is only a multiple of 8; lanes still have
  // unit stride (the store), but `% 16` may wrap inside the 16 lanes.
  // CHECK-LABEL: func.func @range_unaligned__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.load %[[A]]
  // CHECK: vector.gather %[[A]]
  // CHECK: vector.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<?xf32>, vector<16xf32>
  tt.func public @range_unaligned(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c16 = arith.constant dense<16> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 72 : i32, start = 8 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %col = arith.remsi %idx, %c16 : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pac = tt.addptr %pa, %col : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pac : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // A [4, 16] block: rows * 16 + cols, with rows expanded and broadcast
  // along the lanes (uniform there) and cols along the other axis: unit
  // stride.
  // CHECK-LABEL: func.func @rows__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.gather
  // CHECK: vector.load %[[A]][%{{.*}}] : memref<?xf32>, vector<16xf32>
  // CHECK-NOT: vector.gather
  // CHECK: return
  tt.func public @rows(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c16 = arith.constant dense<16> : tensor<4x1xi32>
    %rows = tt.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32>
    %cols = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %r2 = tt.expand_dims %rows {axis = 1 : i32} : tensor<4xi32> -> tensor<4x1xi32>
    %r16 = arith.muli %r2, %c16 : tensor<4x1xi32>
    %rb = tt.broadcast %r16 : tensor<4x1xi32> -> tensor<4x16xi32>
    %c2 = tt.expand_dims %cols {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %cb = tt.broadcast %c2 : tensor<1x16xi32> -> tensor<4x16xi32>
    %idx = arith.addi %rb, %cb : tensor<4x16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<4x16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<4x16x!tt.ptr<f32>>, tensor<4x16xi32>
    %x = tt.load %pai : tensor<4x16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<4x16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<4x16x!tt.ptr<f32>>, tensor<4x16xi32>
    tt.store %poi, %x : tensor<4x16x!tt.ptr<f32>>
    tt.return
  }

  // The same block read transposed, rows + cols * 4: stride 4 along the
  // lanes, a gather.
  // CHECK-LABEL: func.func @columns__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.load %[[A]]
  // CHECK: vector.gather %[[A]]
  // CHECK: return
  tt.func public @columns(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c4 = arith.constant dense<4> : tensor<1x16xi32>
    %rows = tt.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32>
    %cols = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %r2 = tt.expand_dims %rows {axis = 1 : i32} : tensor<4xi32> -> tensor<4x1xi32>
    %rb = tt.broadcast %r2 : tensor<4x1xi32> -> tensor<4x16xi32>
    %c2 = tt.expand_dims %cols {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %c4s = arith.muli %c2, %c4 : tensor<1x16xi32>
    %cb = tt.broadcast %c4s : tensor<1x16xi32> -> tensor<4x16xi32>
    %idx = arith.addi %rb, %cb : tensor<4x16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<4x16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<4x16x!tt.ptr<f32>>, tensor<4x16xi32>
    %x = tt.load %pai : tensor<4x16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<4x16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<4x16x!tt.ptr<f32>>, tensor<4x16xi32>
    tt.store %poi, %x : tensor<4x16x!tt.ptr<f32>>
    tt.return
  }

  // Offsets chosen by a select have no lane fact, even when both sides are
  // contiguous.
  // CHECK-LABEL: func.func @select__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.load %[[A]]
  // CHECK: vector.gather %[[A]]
  // CHECK: return
  tt.func public @select(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>, %flag: i1) {
    %c1 = arith.constant dense<1> : tensor<64xi32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %r1 = arith.addi %r, %c1 : tensor<64xi32>
    %f = tt.splat %flag : i1 -> tensor<64xi1>
    %idx = arith.select %f, %r, %r1 : tensor<64xi1>, tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // A splat of one pointer: every lane reads the same element, one scalar
  // load.
  // CHECK-LABEL: func.func @uniform__body(
  // CHECK-SAME: %[[A:[a-z0-9]+]]: memref<?xf32>
  // CHECK-NOT: vector.gather %[[A]]
  // CHECK-NOT: vector.load %[[A]]
  // CHECK: memref.load %[[A]][%{{.*}}] : memref<?xf32>
  // CHECK-NOT: vector.gather %[[A]]
  // CHECK-NOT: vector.load %[[A]]
  // CHECK: return
  tt.func public @uniform(%a: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %pid = tt.get_program_id x : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.addptr %a, %pid : !tt.ptr<f32>, i32
    %pa = tt.splat %p : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %x = tt.load %pa : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %x : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}
