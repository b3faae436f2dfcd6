// Pointers that are not one argument's element offset become byte
// addresses before the lowering (AddressPointers.cpp): a select between two
// arguments is a select of their addresses, and each load or store through
// such a pointer reads or writes every candidate argument whose storage
// holds the lane's address (LoadStore.cpp, accessByAddress). Integers made
// pointers and never dereferenced stay integers; a view of f32 storage as
// f64 is two f32 elements per access.
// RUN: triton-edge-opt %s --split-input-file --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops | FileCheck %s --check-prefix=VEC

// The program's pointer is chosen between %a and %b: their addresses are
// selected once, and the load reads %a where the address lies in %a's
// storage, else %b.
// CHECK-LABEL: func.func @scalar_where__body
// CHECK-SAME: %[[C:[a-z0-9]+]]: memref<?xi8>, %[[A:[a-z0-9]+]]: memref<?xf32>, %[[B:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[PA:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[PB:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: %[[SEL:.*]] = arith.select %{{.*}}, %{{.*}}, %{{.*}} : i64
// CHECK: scf.for
// CHECK: %[[ADDR:.*]] = arith.addi %[[SEL]], %{{.*}} : i64
// CHECK: memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: arith.cmpi sle
// CHECK: scf.if %{{.*}} -> (i32)
// CHECK: memref.load %[[A]]
// CHECK: memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: scf.if %{{.*}} -> (i32)
// CHECK: memref.load %[[B]]
// VEC-LABEL: func.func @scalar_where__body
// VEC: vector.gather %{{.*}}[%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<16xi64>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// VEC: vector.gather %{{.*}}[%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<16xi64>, vector<16xi1>, vector<16xf32> into vector<16xf32>
module {
  tt.func public @scalar_where(%cond: !tt.ptr<i8>, %a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %c8 = tt.load %cond : !tt.ptr<i8>
    %z = arith.constant 0 : i8
    %d = arith.cmpi ne, %c8, %z : i8
    %p = arith.select %d, %a, %b : !tt.ptr<f32>
    %ps = tt.splat %p : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %psi = tt.addptr %ps, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %v = tt.load %psi : tensor<16x!tt.ptr<f32>>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %poi, %v : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// Integers made pointers, selected, and stored as integers: the select of
// the integers themselves, no access through them.
// CHECK-LABEL: func.func @where_ptrs__body
// CHECK-SAME: %{{[a-z0-9]+}}: memref<?xi8>, %[[A:[a-z0-9]+]]: memref<?xi64>, %[[B:[a-z0-9]+]]: memref<?xi64>, %[[OUT:[a-z0-9]+]]: memref<?xi64>
// CHECK: %[[VA:.*]] = memref.load %[[A]]
// CHECK: %[[VB:.*]] = memref.load %[[B]]
// CHECK: %[[S:.*]] = arith.select %{{.*}}, %[[VA]], %[[VB]] : i64
// CHECK: memref.store %[[S]], %[[OUT]]
module {
  tt.func public @where_ptrs(%cond: !tt.ptr<i8>, %a: !tt.ptr<i64>, %b: !tt.ptr<i64>, %out: !tt.ptr<i64>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %pc = tt.splat %cond : !tt.ptr<i8> -> tensor<16x!tt.ptr<i8>>
    %pci = tt.addptr %pc, %r : tensor<16x!tt.ptr<i8>>, tensor<16xi32>
    %c8 = tt.load %pci : tensor<16x!tt.ptr<i8>>
    %z = arith.constant dense<0> : tensor<16xi8>
    %d = arith.cmpi ne, %c8, %z : tensor<16xi8>
    %pa = tt.splat %a : !tt.ptr<i64> -> tensor<16x!tt.ptr<i64>>
    %pai = tt.addptr %pa, %r : tensor<16x!tt.ptr<i64>>, tensor<16xi32>
    %va = tt.load %pai : tensor<16x!tt.ptr<i64>>
    %pb = tt.splat %b : !tt.ptr<i64> -> tensor<16x!tt.ptr<i64>>
    %pbi = tt.addptr %pb, %r : tensor<16x!tt.ptr<i64>>, tensor<16xi32>
    %vb = tt.load %pbi : tensor<16x!tt.ptr<i64>>
    %qa = tt.int_to_ptr %va : tensor<16xi64> -> tensor<16x!tt.ptr<i32>>
    %qb = tt.int_to_ptr %vb : tensor<16xi64> -> tensor<16x!tt.ptr<i32>>
    %s = arith.select %d, %qa, %qb : tensor<16xi1>, tensor<16x!tt.ptr<i32>>
    %si = tt.ptr_to_int %s : tensor<16x!tt.ptr<i32>> -> tensor<16xi64>
    %po = tt.splat %out : !tt.ptr<i64> -> tensor<16x!tt.ptr<i64>>
    %poi = tt.addptr %po, %r : tensor<16x!tt.ptr<i64>>, tensor<16xi32>
    tt.store %poi, %si : tensor<16x!tt.ptr<i64>>
    tt.return
  }
}

// -----

// An f64 stored through a view of f32 storage: its low and high 32 bits,
// as two f32 elements, when both lie inside the storage.
// CHECK-LABEL: func.func @wide_store__body
// CHECK-SAME: %[[OUT:[a-z0-9]+]]: memref<?xf32>
// CHECK: %[[BITS:.*]] = arith.bitcast %{{.*}} : f64 to i64
// CHECK: %[[BYTES:.*]] = arith.muli %{{.*}}, %c4_i64{{.*}} : i64
// CHECK: %[[LAST:.*]] = arith.subi %[[BYTES]], %c8_i64 : i64
// CHECK: %[[IDX:.*]] = arith.shrsi %{{.*}}, %c2_i64 : i64
// CHECK: scf.if
// CHECK: %[[LO:.*]] = arith.trunci %{{.*}} : i64 to i32
// CHECK: %[[LOF:.*]] = arith.bitcast %[[LO]] : i32 to f32
// CHECK: memref.store %[[LOF]], %[[OUT]]
// CHECK: %[[HI:.*]] = arith.shrui %[[BITS]], %c32_i64 : i64
// CHECK: %[[HIT:.*]] = arith.trunci %[[HI]] : i64 to i32
// CHECK: %[[HIF:.*]] = arith.bitcast %[[HIT]] : i32 to f32
// CHECK: %[[NEXT:.*]] = arith.addi %[[IDX]], %c1_i64 : i64
// CHECK: %[[NI:.*]] = arith.index_cast %[[NEXT]]
// CHECK: memref.store %[[HIF]], %[[OUT]][%[[NI]]]
module {
  tt.func public @wide_store(%out: !tt.ptr<f32>) {
    %q = tt.bitcast %out : !tt.ptr<f32> -> !tt.ptr<f64>
    %v = arith.constant 1.0e+50 : f64
    tt.store %q, %v : !tt.ptr<f64>
    tt.return
  }
}

// -----

// A loop that reads %a first and %b after carries an address.
// CHECK-LABEL: func.func @swap__body
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (i64, f32)
// CHECK: memref.load %arg0
// CHECK: memref.load %arg1
module {
  tt.func public @swap(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %zero = arith.constant 0.0 : f32
    %res:2 = scf.for %i = %c0 to %c2 step %c1 iter_args(%p = %a, %acc = %zero) -> (!tt.ptr<f32>, f32) : i32 {
      %x = tt.load %p : !tt.ptr<f32>
      %s = arith.addf %acc, %x : f32
      scf.yield %b, %s : !tt.ptr<f32>, f32
    }
    tt.store %out, %res#1 : !tt.ptr<f32>
    tt.return
  }
}
