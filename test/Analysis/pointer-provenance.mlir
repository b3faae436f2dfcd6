// PointerProvenance: which kernel argument each pointer value points into
// ("argument N"), through splat, addptr, expand_dims, broadcast, reshape,
// trans, same-size bitcasts (views) and selects of one argument; and the
// located errors of the accesses whose pointer has none.
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
  // expected-remark @below {{result 0: no single argument}}
  // expected-error @below {{cannot trace this pointer back to one kernel argument}}
  %mixed = arith.select %c, %a, %b : !tt.ptr<f32>
  // expected-remark @below {{result 0: no single argument}}
  %m1 = tt.addptr %mixed, %c1 : !tt.ptr<f32>, i32
  tt.store %mixed, %x : !tt.ptr<f32>
  tt.return
}

// -----

tt.func @not_views(%a: !tt.ptr<f32>, %i: i64) {
  %c1 = arith.constant 1 : i32
  %cst = arith.constant 1.0 : f32
  // Different sizes are not the same offsets.
  // expected-remark @below {{result 0: no single argument}}
  // expected-error @below {{bitcasts between pointers to element types of different sizes are not supported}}
  %h = tt.bitcast %a : !tt.ptr<f32> -> !tt.ptr<f16>
  // expected-remark @below {{result 0: no single argument}}
  %h1 = tt.addptr %h, %c1 : !tt.ptr<f16>, i32
  %x = tt.load %h1 : !tt.ptr<f16>
  // An integer made a pointer.
  // expected-remark @below {{result 0: no single argument}}
  // expected-error @below {{cannot trace this pointer back to one kernel argument}}
  %p = tt.int_to_ptr %i : i64 -> !tt.ptr<f32>
  %y = tt.atomic_rmw fadd, relaxed, gpu, %p, %cst : (!tt.ptr<f32>, f32) -> f32
  tt.return
}
