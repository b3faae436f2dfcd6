// PointerProvenance: which kernel argument each pointer value points into
// ("argument N"), through splat, addptr, expand_dims, broadcast, reshape,
// trans, same-size bitcasts (views) and selects of one argument; the
// pointers held as addresses instead ("address into arguments ...": selects
// of several arguments, views as elements of another size, tt.int_to_ptr
// of selected addresses), which loads and stores accept; and the located
// errors of the accesses whose pointer has no known argument.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --test-print-pointer-provenance

tt.func @views(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %flags: !tt.ptr<i1>, %n: i32) {
  %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
  // expected-remark @below {{result 0: argument 1}}
  %pb = tt.splat %b : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %pbr = tt.addptr %pb, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
  // expected-remark @below {{result 0: argument 1}}
  %e = tt.expand_dims %pbr {axis = 0 : i32} : tensor<16x!tt.ptr<f32>> -> tensor<1x16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %bc = tt.broadcast %e : tensor<1x16x!tt.ptr<f32>> -> tensor<4x16x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %t = tt.trans %bc {order = array<i32: 1, 0>} : tensor<4x16x!tt.ptr<f32>> -> tensor<16x4x!tt.ptr<f32>>
  // expected-remark @below {{result 0: argument 1}}
  %rs = tt.reshape %t : tensor<16x4x!tt.ptr<f32>> -> tensor<64x!tt.ptr<f32>>
  %x = tt.load %rs : tensor<64x!tt.ptr<f32>>
  // A scalar pointer.
  // expected-remark @below {{result 0: argument 0}}
  %q = tt.addptr %a, %n : !tt.ptr<f32>, i32
  %y = tt.load %q : !tt.ptr<f32>
  // A bool store through i8: i1 is stored as a byte, the same addresses.
  // expected-remark @below {{result 0: argument 2}}
  %f8 = tt.bitcast %flags : !tt.ptr<i1> -> !tt.ptr<i8>
  %z = tt.load %f8 : !tt.ptr<i8>
  // Same-size element types (float atomics through i32).
  // expected-remark @below {{result 0: argument 0}}
  %ai = tt.bitcast %a : !tt.ptr<f32> -> !tt.ptr<i32>
  %w = tt.load %ai : !tt.ptr<i32>
  tt.return
}

// -----

tt.func @selects(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %c: i1) {
  %c1 = arith.constant 1 : i32
  // expected-remark @below {{result 0: argument 0}}
  %a1 = tt.addptr %a, %c1 : !tt.ptr<f32>, i32
  // Both sides in argument 0.
  // expected-remark @below {{result 0: argument 0}}
  %same = arith.select %c, %a, %a1 : !tt.ptr<f32>
  %x = tt.load %same : !tt.ptr<f32>
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  %mixed = arith.select %c, %a, %b : !tt.ptr<f32>
  // An atomic needs one argument.
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  // expected-error @below {{this pointer may point into several kernel arguments: only tt.load and tt.store can use such a pointer, made by selects, scf.if or scf.for (not scf.while)}}
  %m1 = tt.addptr %mixed, %c1 : !tt.ptr<f32>, i32
  tt.store %mixed, %x : !tt.ptr<f32>
  %cst = arith.constant 1.0 : f32
  %old = tt.atomic_rmw fadd, relaxed, gpu, %m1, %cst : (!tt.ptr<f32>, f32) -> f32
  tt.return
}

// -----

tt.func @not_views(%a: !tt.ptr<f32>, %i: i64) {
  %c1 = arith.constant 1 : i32
  %cst = arith.constant 1.0 : f32
  // Different sizes are not the same offsets: addresses.
  // expected-remark @below {{result 0: address into argument 0}}
  %d = tt.bitcast %a : !tt.ptr<f32> -> !tt.ptr<f64>
  // expected-remark @below {{result 0: address into argument 0}}
  %d1 = tt.addptr %d, %c1 : !tt.ptr<f64>, i32
  %x = tt.load %d1 : !tt.ptr<f64>
  // Back to the argument's size: an element offset again.
  // expected-remark @below {{result 0: argument 0}}
  %f = tt.bitcast %d1 : !tt.ptr<f64> -> !tt.ptr<i32>
  // An integer made a pointer.
  // expected-remark @below {{result 0: unknown}}
  // expected-error @below {{cannot trace this pointer back to a kernel argument}}
  %p = tt.int_to_ptr %i : i64 -> !tt.ptr<f32>
  %y = tt.atomic_rmw fadd, relaxed, gpu, %p, %cst : (!tt.ptr<f32>, f32) -> f32
  tt.return
}

// -----

// tt.int_to_ptr of an address that derives from one pointer's tt.ptr_to_int
// (plus byte offsets, scalar and splat) has that pointer's argument; an
// integer loaded from memory has none.
tt.func @int_to_ptr(%a: !tt.ptr<f32>, %table: !tt.ptr<i64>) {
  %c8 = arith.constant 8 : i64
  %addr = tt.ptr_to_int %a : !tt.ptr<f32> -> i64
  %moved = arith.addi %c8, %addr : i64
  // expected-remark @below {{result 0: argument 0}}
  %p = tt.int_to_ptr %moved : i64 -> !tt.ptr<f32>
  %x = tt.load %p : !tt.ptr<f32>
  %s = tt.splat %moved : i64 -> tensor<4xi64>
  // expected-remark @below {{result 0: argument 0}}
  %ps = tt.int_to_ptr %s : tensor<4xi64> -> tensor<4x!tt.ptr<f32>>
  %xs = tt.load %ps : tensor<4x!tt.ptr<f32>>
  %loaded = tt.load %table : !tt.ptr<i64>
  // expected-remark @below {{result 0: unknown}}
  %q = tt.int_to_ptr %loaded : i64 -> !tt.ptr<f32>
  tt.return
}

// -----

// Addresses of two arguments selected (Triton's tl.where on pointers made
// integers and back), an scf.if choosing between arguments, and a loaded
// integer among the candidates (unknown).
tt.func @address_selects(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %table: !tt.ptr<i64>,
                         %c: i1) {
  %ia = tt.ptr_to_int %a : !tt.ptr<f32> -> i64
  %ib = tt.ptr_to_int %b : !tt.ptr<f32> -> i64
  %i = arith.select %c, %ia, %ib : i64
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  %p = tt.int_to_ptr %i : i64 -> !tt.ptr<f32>
  %x = tt.load %p : !tt.ptr<f32>
  // expected-remark @below {{result 0: address into arguments 0, 1}}
  %q = scf.if %c -> !tt.ptr<f32> {
    scf.yield %a : !tt.ptr<f32>
  } else {
    scf.yield %b : !tt.ptr<f32>
  }
  tt.store %q, %x : !tt.ptr<f32>
  %loaded = tt.load %table : !tt.ptr<i64>
  %j = arith.select %c, %ia, %loaded : i64
  // expected-remark @below {{result 0: unknown}}
  %u = tt.int_to_ptr %j : i64 -> !tt.ptr<f32>
  tt.return
}
