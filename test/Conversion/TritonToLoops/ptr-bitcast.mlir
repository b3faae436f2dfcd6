// A tt.bitcast between pointers to elements of one size is a view of the
// same argument (Inductor stores bools through !tt.ptr<i1> cast to
// !tt.ptr<i8>; Triton's float atomic max goes through !tt.ptr<i32>): same
// offsets, same memref, the values bitcast at the access. A wider pointee
// is an address (AddressPointers.cpp) accessed as the argument's elements
// it covers; a narrower one is an error at the access.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --convert-triton-to-loops | FileCheck %s

// CHECK-LABEL: func.func @bool_store__body
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xi8>
// CHECK: memref.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<?xi8>
module {
  tt.func public @bool_store(%in: !tt.ptr<f32>, %out: !tt.ptr<i1>) {
    %zero = arith.constant dense<0.0> : tensor<16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    %gt = arith.cmpf ogt, %x, %zero : tensor<16xf32>
    %q = tt.splat %out : !tt.ptr<i1> -> tensor<16x!tt.ptr<i1>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<i1>>, tensor<16xi32>
    %q8 = tt.bitcast %qi : tensor<16x!tt.ptr<i1>> -> tensor<16x!tt.ptr<i8>>
    %b = arith.extui %gt : tensor<16xi1> to tensor<16xi8>
    tt.store %q8, %b : tensor<16x!tt.ptr<i8>>
    tt.return
  }
}

// -----

// CHECK-LABEL: func.func @as_int__body
// CHECK-SAME: %[[X:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[L:[a-z0-9_]+]] = memref.load %[[X]][%{{.*}}] : memref<?xf32>
// CHECK: %[[I:[a-z0-9_]+]] = arith.bitcast %[[L]] : f32 to i32
// CHECK: %[[N:[a-z0-9_]+]] = arith.xori %[[I]], %{{.*}} : i32
// CHECK: %[[F:[a-z0-9_]+]] = arith.bitcast %[[N]] : i32 to f32
// CHECK: memref.store %[[F]], %[[X]][%{{.*}}] : memref<?xf32>
module {
  tt.func public @as_int(%x: !tt.ptr<f32>) {
    %q = tt.bitcast %x : !tt.ptr<f32> -> !tt.ptr<i32>
    %v = tt.load %q : !tt.ptr<i32>
    %sign = arith.constant -2147483648 : i32
    %neg = arith.xori %v, %sign : i32
    tt.store %q, %neg : !tt.ptr<i32>
    tt.return
  }
}

// -----

// Four i8 elements per i32 lane, scattered little-endian.
// CHECK-LABEL: func.func @wider__body
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xi8>
// CHECK-COUNT-4: memref.store %{{.*}}, %[[OUT]][%{{.*}}] : memref<?xi8>
// CHECK-NOT: memref.store
module {
  tt.func public @wider(%out: !tt.ptr<i8>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %q = tt.splat %out : !tt.ptr<i8> -> tensor<16x!tt.ptr<i8>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<i8>>, tensor<16xi32>
    %q32 = tt.bitcast %qi : tensor<16x!tt.ptr<i8>> -> tensor<16x!tt.ptr<i32>>
    %v = arith.constant dense<1> : tensor<16xi32>
    tt.store %q32, %v : tensor<16x!tt.ptr<i32>>
    tt.return
  }
}

// -----

module {
  tt.func public @narrower(%in: !tt.ptr<f32>, %out: !tt.ptr<f16>) {
    %h = tt.bitcast %in : !tt.ptr<f32> -> !tt.ptr<f16>
    // expected-error @below {{an access of 2-byte elements into argument 0, whose elements are 4 bytes, is not supported}}
    %v = tt.load %h : !tt.ptr<f16>
    tt.store %out, %v : !tt.ptr<f16>
    tt.return
  }
}
