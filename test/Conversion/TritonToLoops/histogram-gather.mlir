// tt.histogram, tt.gather, tt.unsplat and tt.ptr_to_int: histogram counts
// into a zeroed buffer, only values in [0, bins) under the mask; gather
// reads its source buffer at the loaded index along the axis, an index out
// of range reading 0; unsplat is element 0; ptr_to_int is the argument's
// address plus the offset in bytes.
// RUN: triton-edge-opt %s --split-input-file --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @histogram(%x: !tt.ptr<i32>, %h: !tt.ptr<i32>) {
    %c40 = arith.constant dense<40> : tensor<64xi32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %px = tt.splat %x : !tt.ptr<i32> -> tensor<64x!tt.ptr<i32>>
    %pxi = tt.addptr %px, %r : tensor<64x!tt.ptr<i32>>, tensor<64xi32>
    %v = tt.load %pxi : tensor<64x!tt.ptr<i32>>
    %m = arith.cmpi slt, %r, %c40 : tensor<64xi32>
    %hist = tt.histogram %v, %m : tensor<64xi32> -> tensor<8xi32>
    %r8 = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %ph = tt.splat %h : !tt.ptr<i32> -> tensor<8x!tt.ptr<i32>>
    %phi = tt.addptr %ph, %r8 : tensor<8x!tt.ptr<i32>>, tensor<8xi32>
    tt.store %phi, %hist : tensor<8x!tt.ptr<i32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @histogram__body(
// CHECK: %[[COUNTS:[a-z0-9_]+]] = memref.alloca() {alignment = 64 : i64} : memref<8xi32>
// CHECK: scf.for %[[B:[a-z0-9_]+]] = %{{.*}} to %c8
// CHECK:   memref.store %{{.*}}, %[[COUNTS]][%[[B]]] : memref<8xi32>
// CHECK: scf.for
// CHECK:   %[[V:.*]] = memref.load %{{.*}} : memref<?xi32>
// CHECK:   %[[GE:.*]] = arith.cmpi sge, %[[V]], %{{.*}} : i32
// CHECK:   %[[LT:.*]] = arith.cmpi slt, %[[V]], %{{.*}} : i32
// CHECK:   %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:   %[[OK:.*]] = arith.andi %[[IN]], %{{.*}} : i1
// CHECK:   scf.if %[[OK]] {
// CHECK:     %[[BIN:.*]] = arith.index_cast %[[V]] : i32 to index
// CHECK:     %[[OLD:.*]] = memref.load %[[COUNTS]][%[[BIN]]] : memref<8xi32>
// CHECK:     %[[NEW:.*]] = arith.addi %[[OLD]], %{{.*}} : i32
// CHECK:     memref.store %[[NEW]], %[[COUNTS]][%[[BIN]]] : memref<8xi32>

// -----

module {
  tt.func public @gather(%s: !tt.ptr<f32>, %i: !tt.ptr<i64>, %o: !tt.ptr<f32>, %q: !tt.ptr<i64>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %ps = tt.splat %s : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %psi = tt.addptr %ps, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %src = tt.load %psi : tensor<16x!tt.ptr<f32>>
    %pi = tt.splat %i : !tt.ptr<i64> -> tensor<16x!tt.ptr<i64>>
    %pii = tt.addptr %pi, %r : tensor<16x!tt.ptr<i64>>, tensor<16xi32>
    %idx = tt.load %pii : tensor<16x!tt.ptr<i64>>
    %g = tt.gather %src[%idx] {axis = 0 : i32} : (tensor<16xf32>, tensor<16xi64>) -> tensor<16xf32>
    %po = tt.splat %o : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %poi, %g : tensor<16x!tt.ptr<f32>>
    %c0 = arith.constant 0 : i32
    %p0 = tt.addptr %s, %c0 : !tt.ptr<f32>, i32
    %p0s = tt.splat %p0 : !tt.ptr<f32> -> tensor<1x!tt.ptr<f32>>
    %e = tt.load %p0s : tensor<1x!tt.ptr<f32>>
    %u = tt.unsplat %e : tensor<1xf32>
    tt.store %o, %u : !tt.ptr<f32>
    %addr = tt.ptr_to_int %o : !tt.ptr<f32> -> i64
    tt.store %q, %addr : !tt.ptr<i64>
    tt.return
  }
}

// CHECK-LABEL: func.func @gather__body(
// CHECK-SAME: %[[S:[a-z0-9]+]]: memref<?xf32>, %[[I:[a-z0-9]+]]: memref<?xi64>, %[[O:[a-z0-9]+]]: memref<?xf32>
// Buffers are allocated at the entry's start: the last one first.
// CHECK: %[[OUT:[a-z0-9_]+]] = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK: %[[SRC:[a-z0-9_]+]] = memref.alloca() {alignment = 64 : i64} : memref<16xf32>
// CHECK: scf.for
// CHECK:   memref.store %{{.*}}, %[[SRC]]
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %c16
// CHECK:   %[[IX:.*]] = memref.load %[[I]][%{{.*}}] : memref<?xi64>
// CHECK:   %[[GE:.*]] = arith.cmpi sge, %[[IX]], %{{.*}} : i64
// CHECK:   %[[LT:.*]] = arith.cmpi slt, %[[IX]], %{{.*}} : i64
// CHECK:   %[[IN:.*]] = arith.andi %[[GE]], %[[LT]] : i1
// CHECK:   %[[SAFE:.*]] = arith.select %[[IN]], %[[IX]], %{{.*}} : i64
// CHECK:   %[[AT:.*]] = arith.index_cast %[[SAFE]] : i64 to index
// CHECK:   %[[V:.*]] = memref.load %[[SRC]][%[[AT]]] : memref<16xf32>
// CHECK:   %[[R:.*]] = arith.select %[[IN]], %[[V]], %{{.*}} : f32
// CHECK:   memref.store %[[R]], %[[OUT]][%[[J]]] : memref<16xf32>
// unsplat: element 0 of the one-element load, stored as a scalar
// CHECK: %[[E:.*]] = memref.load %[[S]][%{{.*}}] : memref<?xf32>
// CHECK: memref.store %[[E]], %[[O]][%{{.*}}] : memref<?xf32>
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[O]] : memref<?xf32> -> index
// CHECK: %[[B64:.*]] = arith.index_cast %[[BASE]] : index to i64
// CHECK: %[[BYTES:.*]] = arith.muli %{{.*}}, %c4_i64 : i64
// CHECK: arith.addi %[[B64]], %[[BYTES]] : i64
