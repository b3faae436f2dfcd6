// A per-channel parameter read along a channels-last tensor (Inductor's
// x0 = xindex % 104, tl.load(w + x0)): 104 is not a multiple of the vector
// width, so the lanes are not affine, but a 16-lane vector crosses a
// multiple of 104 in only a few of its positions. The load tests, once per
// vector, that the remainder of lane 0 leaves room for 16 lanes and reads
// one vector there. Vector starts are multiples of 16 and 104 = 8 (mod 16),
// so a vector that wraps does it at its middle lane: it reads two 8-lane
// vectors, from the remainder of lane 0 and from 0, joined (masked halves
// under a mask); the gather is kept for a negative or overflowing index. A
// divisor of 100 (4 mod 16) can wrap at lanes 4, 8 or 12: the gather. A
// uniform offset added to the remainder (x0 + 104 * pid) keeps the tests and
// offsets both halves. A divisor below the width (% 8) always wraps: a
// gather alone, no test.
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @channels_last(%x: !tt.ptr<f32>, %w: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c1024 = arith.constant 1024 : i32
    %c104 = arith.constant dense<104> : tensor<1024xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c1024 : i32
    %r = tt.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %s = tt.splat %off : i32 -> tensor<1024xi32>
    %idx = arith.addi %s, %r : tensor<1024xi32>
    %ch = arith.remsi %idx, %c104 : tensor<1024xi32>
    %px = tt.splat %x : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %pxi = tt.addptr %px, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    %xv = tt.load %pxi : tensor<1024x!tt.ptr<f32>>
    %pw = tt.splat %w : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %pwi = tt.addptr %pw, %ch : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    %wv = tt.load %pwi : tensor<1024x!tt.ptr<f32>>
    %y = arith.mulf %xv, %wv : tensor<1024xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    tt.store %poi, %y : tensor<1024x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @remainder_plus_uniform(%w: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c104 = arith.constant 104 : i32
    %v104 = arith.constant dense<104> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ch = arith.remsi %idx, %v104 : tensor<64xi32>
    %row = arith.muli %pid, %c104 : i32
    %rows = tt.splat %row : i32 -> tensor<64xi32>
    %src = arith.addi %ch, %rows : tensor<64xi32>
    %pw = tt.splat %w : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pwi = tt.addptr %pw, %src : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %wv = tt.load %pwi : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %wv : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @masked_halves(%w: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c64 = arith.constant 64 : i32
    %v24 = arith.constant dense<24> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<64xi32>
    %ch = arith.remsi %idx, %v24 : tensor<64xi32>
    %pw = tt.splat %w : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pwi = tt.addptr %pw, %ch : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %wv = tt.load %pwi, %m : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %wv, %m : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @wraps_anywhere(%w: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %v100 = arith.constant dense<100> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ch = arith.remsi %idx, %v100 : tensor<64xi32>
    %pw = tt.splat %w : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pwi = tt.addptr %pw, %ch : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %wv = tt.load %pwi : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %wv : tensor<64x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @remainder_below_width(%w: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %c8 = arith.constant dense<8> : tensor<64xi32>
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ch = arith.remsi %idx, %c8 : tensor<64xi32>
    %pw = tt.splat %w : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pwi = tt.addptr %pw, %ch : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %wv = tt.load %pwi : tensor<64x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %wv : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @channels_last__body(
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<?xf32>, %[[W:[a-z0-9]+]]: memref<?xf32>
// CHECK: vector.load %[[X]]
// CHECK: %[[C104:[a-z0-9_]+]] = arith.constant 104 : i32
// CHECK: %[[START:[a-z0-9_]+]] = arith.remsi %[[I0:[a-z0-9_]+]], %[[C104]] : i32
// CHECK: %[[C88:[a-z0-9_]+]] = arith.constant 88 : i32
// CHECK: %[[NONNEG:[a-z0-9_]+]] = arith.cmpi sge, %[[I0]], %{{.*}} : i32
// CHECK: %[[NOOVF:[a-z0-9_]+]] = arith.cmpi sle, %[[I0]], %{{.*}} : i32
// CHECK: %[[NOWRAP:[a-z0-9_]+]] = arith.cmpi sle, %[[START]], %[[C88]] : i32
// CHECK: %[[BOTH:[a-z0-9_]+]] = arith.andi %[[NONNEG]], %[[NOOVF]] : i1
// CHECK: %[[OK:[a-z0-9_]+]] = arith.andi %[[BOTH]], %[[NOWRAP]] : i1
// CHECK: %[[START64:[a-z0-9_]+]] = arith.extsi %[[START]] : i32 to i64
// CHECK: %[[BASE:[a-z0-9_]+]] = arith.addi %{{.*}}, %[[START64]] : i64
// CHECK: %[[BASE2:[a-z0-9_]+]] = arith.addi %{{.*}}, %{{.*}} : i64
// CHECK: %[[WV:[a-z0-9_]+]] = scf.if %[[OK]] -> (vector<16xf32>) {
// CHECK:   %[[IDX:[a-z0-9_]+]] = arith.index_cast %[[BASE]] : i64 to index
// CHECK:   %[[CONT:[a-z0-9_]+]] = vector.load %[[W]][%[[IDX]]] : memref<?xf32>, vector<16xf32>
// CHECK:   scf.yield %[[CONT]]
// CHECK: } else {
// CHECK:   %[[WRAPPED:[a-z0-9_]+]] = scf.if %[[BOTH]] -> (vector<16xf32>) {
// CHECK:     %[[LOIDX:[a-z0-9_]+]] = arith.index_cast %[[BASE]] : i64 to index
// CHECK:     %[[LO:[a-z0-9_]+]] = vector.load %[[W]][%[[LOIDX]]] : memref<?xf32>, vector<8xf32>
// CHECK:     %[[HIIDX:[a-z0-9_]+]] = arith.index_cast %[[BASE2]] : i64 to index
// CHECK:     %[[HI:[a-z0-9_]+]] = vector.load %[[W]][%[[HIIDX]]] : memref<?xf32>, vector<8xf32>
// CHECK:     %[[JOINED:[a-z0-9_]+]] = vector.shuffle %[[LO]], %[[HI]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
// CHECK:     scf.yield %[[JOINED]]
// CHECK:   } else {
// CHECK:     %[[GATH:[a-z0-9_]+]] = vector.gather %[[W]]
// CHECK:     scf.yield %[[GATH]]
// CHECK:   }
// CHECK:   scf.yield %[[WRAPPED]]
// CHECK: }
// CHECK: arith.mulf %{{.*}}, %[[WV]] : vector<16xf32>

// CHECK-LABEL: func.func @remainder_plus_uniform__body(
// CHECK: %[[START2:[a-z0-9_]+]] = arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK: %[[SHIFTED:[a-z0-9_]+]] = arith.addi %[[START2]], %{{.*}} : i32
// CHECK: arith.extsi %[[SHIFTED]] : i32 to i64
// CHECK: scf.if %{{.*}} -> (vector<16xf32>) {
// CHECK:   vector.load
// CHECK: } else {
// CHECK:   vector.gather

// CHECK-LABEL: func.func @masked_halves__body(
// CHECK: %[[M:[a-z0-9_]+]] = arith.cmpi slt, %{{.*}} : vector<16xi32>
// CHECK: scf.if %{{.*}} -> (vector<16xf32>) {
// CHECK:   vector.maskedload %{{.*}}, %[[M]], %{{.*}} : memref<?xf32>, vector<16xi1>, vector<16xf32>
// CHECK: } else {
// CHECK:   scf.if %{{.*}} -> (vector<16xf32>) {
// CHECK:     %[[MLO:[a-z0-9_]+]] = vector.extract_strided_slice %[[M]] {offsets = [0], sizes = [8], strides = [1]}
// CHECK:     %[[LO:[a-z0-9_]+]] = vector.maskedload %{{.*}}, %[[MLO]], %{{.*}} : memref<?xf32>, vector<8xi1>, vector<8xf32>
// CHECK:     %[[MHI:[a-z0-9_]+]] = vector.extract_strided_slice %[[M]] {offsets = [8], sizes = [8], strides = [1]}
// CHECK:     %[[HI:[a-z0-9_]+]] = vector.maskedload %{{.*}}, %[[MHI]], %{{.*}} : memref<?xf32>, vector<8xi1>, vector<8xf32>
// CHECK:     vector.shuffle %[[LO]], %[[HI]]
// CHECK:   } else {
// CHECK:     vector.gather

// CHECK-LABEL: func.func @wraps_anywhere__body(
// CHECK-NOT: vector<8xf32>
// CHECK: scf.if %{{.*}} -> (vector<16xf32>) {
// CHECK:   vector.load %{{.*}} : memref<?xf32>, vector<16xf32>
// CHECK: } else {
// CHECK-NEXT: %{{.*}} = arith.constant 0 : index
// CHECK-NEXT: vector.gather
// CHECK-NOT: vector<8xf32>
// CHECK: return

// CHECK-LABEL: func.func @remainder_below_width__body(
// CHECK-SAME: %[[W8:[a-z0-9]+]]: memref<?xf32>
// CHECK-NOT: -> (vector<16xf32>)
// CHECK-NOT: vector.load %[[W8]]
// CHECK: vector.gather %[[W8]]
// CHECK-NOT: -> (vector<16xf32>)
// CHECK: return
