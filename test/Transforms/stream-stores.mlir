// triton-edge-stream-stores: a whole-vector store into a kernel argument
// becomes scf.if (stream && aligned) { non-temporal store with the vector's
// alignment } else { the plain store }; `stream` is the body's
// te.stream_stores argument. Masked stores, stores into local tiles, scalar
// stores and bodies without the argument are left alone.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-stream-stores | FileCheck %s

// CHECK-LABEL: func.func @copy__body
// CHECK-SAME: memref<?xf32>, %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK-SAME: %[[S:[a-z0-9]+]]: i32 {te.stream_stores}
// CHECK: %[[ON:.*]] = arith.cmpi ne, %[[S]], %c0_i32
// CHECK: scf.for %[[I:.*]] = %c0 to %{{.*}} step %c16 {
// CHECK: %[[V:.*]] = vector.load
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[OUT]]
// CHECK: %[[OFF:.*]] = arith.muli %[[I]], %c4
// CHECK: %[[ADDR:.*]] = arith.addi %[[BASE]], %[[OFF]]
// CHECK: %[[LOW:.*]] = arith.andi %[[ADDR]], %c63
// CHECK: %[[AL:.*]] = arith.cmpi eq, %[[LOW]], %c0
// CHECK: %[[TAKE:.*]] = arith.andi %[[ON]], %[[AL]]
// CHECK: scf.if %[[TAKE]] {
// CHECK-NEXT: vector.store %[[V]], %[[OUT]][%[[I]]] {alignment = 64 : i64, nontemporal = true}
// CHECK-NEXT: } else {
// CHECK-NEXT: vector.store %[[V]], %[[OUT]][%[[I]]] : memref<?xf32>, vector<16xf32>
// CHECK-NEXT: }
// The masked store, the tile store and the scalar store stay as they were.
// CHECK-NEXT: vector.maskedstore %[[OUT]]
// CHECK-NEXT: vector.store %[[V]], %{{.*}}[%c0] : memref<64xf32>, vector<16xf32>
// CHECK: memref.store %{{.*}}, %[[OUT]][%[[I]]] : memref<?xf32>
// CHECK-NOT: nontemporal
func.func @copy__body(%in: memref<?xf32>, %out: memref<?xf32>, %n: index, %s: i32 {te.stream_stores}) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %tile = memref.alloca() : memref<64xf32>
  %m = vector.constant_mask [8] : vector<16xi1>
  scf.for %i = %c0 to %n step %c16 {
    %v = vector.load %in[%i] : memref<?xf32>, vector<16xf32>
    vector.store %v, %out[%i] : memref<?xf32>, vector<16xf32>
    vector.maskedstore %out[%i], %m, %v : memref<?xf32>, vector<16xi1>, vector<16xf32>
    vector.store %v, %tile[%c0] : memref<64xf32>, vector<16xf32>
    %e = vector.extract %v[0] : f32 from vector<16xf32>
    memref.store %e, %out[%i] : memref<?xf32>
  }
  return
}

// -----

// A body without te.stream_stores (no runtime flag): unchanged.
// CHECK-LABEL: func.func @plain__body
// CHECK-NOT: scf.if
// CHECK-NOT: nontemporal
// CHECK: vector.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<?xf16>, vector<32xf16>
func.func @plain__body(%in: memref<?xf16>, %out: memref<?xf16>, %i: index) {
  %v = vector.load %in[%i] : memref<?xf16>, vector<32xf16>
  vector.store %v, %out[%i] : memref<?xf16>, vector<32xf16>
  return
}
