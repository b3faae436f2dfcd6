// Verifier rules of loads, stores and atomics.
// RUN: triton-edge-opt %s -split-input-file -verify-diagnostics

tt.func @load_not_ptr(%p: tensor<4xi64>) {
  // expected-error @+1 {{expects a pointer or a tensor of pointers, got 'tensor<4xi64>'}}
  %0 = "tt.load"(%p) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<4xi64>) -> tensor<4xi64>
  tt.return
}

// -----

tt.func @load_result(%p: tensor<4x!tt.ptr<f32>>) {
  // expected-error @+1 {{result matches the pointee of ptr}}
  %0 = "tt.load"(%p) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<4x!tt.ptr<f32>>) -> tensor<4xf16>
  tt.return
}

// -----

tt.func @load_mask_shape(%p: tensor<4x!tt.ptr<f32>>, %m: tensor<8xi1>) {
  // expected-error @+1 {{mask is i1 of ptr's shape}}
  %0 = "tt.load"(%p, %m) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<4x!tt.ptr<f32>>, tensor<8xi1>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @load_other_type(%p: tensor<4x!tt.ptr<f32>>, %m: tensor<4xi1>, %o: tensor<4xf16>) {
  // expected-error @+1 {{other matches the result}}
  %0 = "tt.load"(%p, %m, %o) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<4x!tt.ptr<f32>>, tensor<4xi1>, tensor<4xf16>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @load_other_without_mask(%p: tensor<4x!tt.ptr<f32>>, %o: tensor<4xf32>) {
  // expected-error @+1 {{'other' requires a mask}}
  %0 = "tt.load"(%p, %o) <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (tensor<4x!tt.ptr<f32>>, tensor<4xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @load_boundary_not_block(%p: tensor<4x!tt.ptr<f32>>) {
  // expected-error @+1 {{boundaryCheck is only allowed with a block pointer}}
  %0 = tt.load %p {boundaryCheck = array<i32: 0>} : tensor<4x!tt.ptr<f32>>
  tt.return
}

// -----

tt.func @load_padding_not_block(%p: tensor<4x!tt.ptr<f32>>) {
  // expected-error @+1 {{padding is only allowed with a block pointer}}
  %0 = tt.load %p {padding = 1 : i32} : tensor<4x!tt.ptr<f32>>
  tt.return
}

// -----

tt.func @load_block_mask(%p: !tt.ptr<tensor<4xf32>>, %m: tensor<4xi1>) {
  // expected-error @+1 {{a block pointer access cannot have a mask}}
  %0 = tt.load %p, %m : !tt.ptr<tensor<4xf32>>
  tt.return
}

// -----

tt.func @load_boundary_range(%p: !tt.ptr<tensor<4x4xf32>>) {
  // expected-error @+1 {{boundaryCheck dimension 2 is out of range for rank 2}}
  %0 = tt.load %p {boundaryCheck = array<i32: 2>} : !tt.ptr<tensor<4x4xf32>>
  tt.return
}

// -----

tt.func @load_boundary_twice(%p: !tt.ptr<tensor<4x4xf32>>) {
  // expected-error @+1 {{boundaryCheck dimension 1 is listed twice}}
  %0 = tt.load %p {boundaryCheck = array<i32: 1, 1>} : !tt.ptr<tensor<4x4xf32>>
  tt.return
}

// -----

tt.func @store_not_ptr(%p: tensor<4xi64>, %v: tensor<4xi64>) {
  // expected-error @+1 {{expects a pointer or a tensor of pointers, got 'tensor<4xi64>'}}
  tt.store %p, %v : tensor<4xi64>
  tt.return
}

// -----

tt.func @store_value(%p: tensor<4x!tt.ptr<f32>>, %v: tensor<4xf16>) {
  // expected-error @+1 {{value matches the pointee of ptr}}
  "tt.store"(%p, %v) : (tensor<4x!tt.ptr<f32>>, tensor<4xf16>) -> ()
  tt.return
}

// -----

tt.func @store_boundary_not_block(%p: tensor<4x!tt.ptr<f32>>, %v: tensor<4xf32>) {
  // expected-error @+1 {{boundaryCheck is only allowed with a block pointer}}
  tt.store %p, %v {boundaryCheck = array<i32: 0>} : tensor<4x!tt.ptr<f32>>
  tt.return
}

// -----

tt.func @store_block_mask(%p: !tt.ptr<tensor<4xf32>>, %v: tensor<4xf32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{a block pointer access cannot have a mask}}
  tt.store %p, %v, %m : !tt.ptr<tensor<4xf32>>
  tt.return
}

// -----

tt.func @store_block_boundary(%p: !tt.ptr<tensor<4xf32>>, %v: tensor<4xf32>) {
  // expected-error @+1 {{boundaryCheck dimension -1 is out of range for rank 1}}
  tt.store %p, %v {boundaryCheck = array<i32: -1>} : !tt.ptr<tensor<4xf32>>
  tt.return
}

// -----

tt.func @rmw_result(%p: tensor<4x!tt.ptr<f32>>, %v: tensor<4xf32>) {
  // expected-error @+1 {{result type 'tensor<4xf16>' must match the value type 'tensor<4xf32>'}}
  %0 = tt.atomic_rmw fadd, relaxed, gpu, %p, %v : (tensor<4x!tt.ptr<f32>>, tensor<4xf32>) -> tensor<4xf16>
  tt.return
}

// -----

tt.func @rmw_val(%p: tensor<4x!tt.ptr<f32>>, %v: tensor<4xi32>) {
  // expected-error @+1 {{val matches the pointee of ptr}}
  %0 = tt.atomic_rmw add, relaxed, gpu, %p, %v : (tensor<4x!tt.ptr<f32>>, tensor<4xi32>) -> tensor<4xi32>
  tt.return
}

// -----

tt.func @cas_result(%p: !tt.ptr<i32>, %c: i32) {
  // expected-error @+1 {{result type 'i64' must match the value type 'i32'}}
  %0 = tt.atomic_cas acq_rel, gpu, %p, %c, %c : (!tt.ptr<i32>, i32, i32) -> i64
  tt.return
}

// -----

tt.func @cas_cmp(%p: !tt.ptr<i32>, %c: i64, %v: i32) {
  // expected-error @+1 {{cmp matches the pointee of ptr}}
  %0 = tt.atomic_cas acq_rel, gpu, %p, %c, %v : (!tt.ptr<i32>, i64, i32) -> i32
  tt.return
}
