// Ops that cannot run on a CPU target, or that the lowering does not
// handle, are clear errors at the op's location, not crashes or silent
// miscompiles.
// RUN: not triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops 2>&1 | FileCheck %s

module {
  tt.func public @asm(%in: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: inline assembly cannot run on this target
    %y = tt.elementwise_inline_asm "mov.b32 $0, $1;" {constraints = "=r,r", packed_element = 1 : i32, pure = true} %x : tensor<16xf32> -> tensor<16xf32>
    tt.store %pi, %y : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// -----

module {
  tt.func public @tensor_desc(%base: !tt.ptr<f32>, %n: i32) {
    %c1 = arith.constant 1 : i64
    %c0 = arith.constant 0 : i32
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: 'tt.make_tensor_descriptor' (tensor descriptors) is not supported yet
    %d = tt.make_tensor_descriptor %base, [%n], [%c1] : <f32>, <tensor<64xf32>>
    %x = tt.descriptor_load %d[%c0] : !tt.tensordesc<tensor<64xf32>> -> tensor<64xf32>
    tt.return
  }
}

// -----

module {
  tt.func private @ext(f32) -> f32
  tt.func public @call_external(%out: !tt.ptr<f32>, %x: f32) {
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: tt.call of the external function '@ext' cannot be inlined (no body)
    %y = tt.call @ext(%x) : (f32) -> f32
    tt.store %out, %y : !tt.ptr<f32>
    tt.return
  }
}

// -----

module {
  tt.func private @forever(%x: f32) -> f32 attributes {noinline = true} {
    %y = tt.call @forever(%x) : (f32) -> f32
    tt.return %y : f32
  }
  tt.func public @call_recursive(%out: !tt.ptr<f32>, %x: f32) {
    // CHECK: error: tt.call chain deeper than 32 (recursive device functions are not supported)
    %y = tt.call @forever(%x) : (f32) -> f32
    tt.store %out, %y : !tt.ptr<f32>
    tt.return
  }
}

// -----

module {
  tt.func public @int_to_ptr(%table: !tt.ptr<i64>, %out: !tt.ptr<f32>) {
    %a = tt.load %table : !tt.ptr<i64>
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: 'tt.int_to_ptr' is not supported: pointers must derive from kernel arguments
    %p = tt.int_to_ptr %a : i64 -> !tt.ptr<f32>
    %v = tt.load %p : !tt.ptr<f32>
    tt.store %out, %v : !tt.ptr<f32>
    tt.return
  }
}

// -----

// An address moved by 6 bytes is not an f32 element's: the offset must be
// provably a multiple of the element size.
module {
  tt.func public @int_to_ptr_misaligned(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c6 = arith.constant 6 : i64
    %addr = tt.ptr_to_int %in : !tt.ptr<f32> -> i64
    %moved = arith.addi %addr, %c6 : i64
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: 'tt.int_to_ptr': cannot prove that the byte offset added to the address is a multiple of the element size (4 bytes)
    %p = tt.int_to_ptr %moved : i64 -> !tt.ptr<f32>
    %v = tt.load %p : !tt.ptr<f32>
    tt.store %out, %v : !tt.ptr<f32>
    tt.return
  }
}

// -----

// The address of an f32 argument read as f16: narrower than the
// argument's elements (a wider pointee is read element by element,
// address-pointers.mlir).
module {
  tt.func public @int_to_ptr_narrower(%in: !tt.ptr<f32>, %out: !tt.ptr<f16>) {
    %addr = tt.ptr_to_int %in : !tt.ptr<f32> -> i64
    %p = tt.int_to_ptr %addr : i64 -> !tt.ptr<f16>
    // CHECK: invalid-unsupported.mlir:[[@LINE+1]]:10: error: an access of 2-byte elements into argument 0, whose elements are 4 bytes, is not supported (only whole multiples of its elements)
    %v = tt.load %p : !tt.ptr<f16>
    tt.store %out, %v : !tt.ptr<f16>
    tt.return
  }
}
