// An extern_elementwise symbol the compiler does not know is an error that
// names the symbol, at the op's file:line:col (here this file's own
// location, and a kernel.py location when the TTIR carries one).
// RUN: not triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops 2>&1 | FileCheck %s

module {
  tt.func public @bad(%in: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: unsupported libdevice function '__nv_frobnicatef' in tt.extern_elementwise
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_frobnicatef"} : (tensor<16xf32>) -> tensor<16xf32>
    tt.store %pi, %y : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// -----

module {
  tt.func public @bad_loc(%in: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    // CHECK: kernel.py:7:12: error: unsupported libdevice function '__nv_not_a_functionf' in tt.extern_elementwise
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_not_a_functionf"} : (tensor<16xf32>) -> tensor<16xf32> loc(#loc1)
    tt.store %pi, %y : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
#loc1 = loc("kernel.py":7:12)

// -----

// Arity and operand kinds come from a table: a call that does not fit it is
// an error at the op, not a crash (these used to index missing operands).
module {
  tt.func public @pow_one_operand(%in: !tt.ptr<f32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f32>>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_powf' takes 2 operands, got 1 in tt.extern_elementwise
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_powf"} : (tensor<16xf32>) -> tensor<16xf32>
    tt.store %pi, %y : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}

// -----

module {
  tt.func public @scalar_exp_no_operand(%out: !tt.ptr<f32>) {
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_expf' takes 1 operand, got 0 in tt.extern_elementwise
    %y = tt.extern_elementwise {libname = "", libpath = "", pure = true, symbol = "__nv_expf"} : () -> f32
    tt.store %out, %y : !tt.ptr<f32>
    tt.return
  }
}

// -----

module {
  tt.func public @erf_of_int(%in: !tt.ptr<i32>, %out: !tt.ptr<f32>) {
    %x = tt.load %in : !tt.ptr<i32>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_erff' operand 0 must be a float in tt.extern_elementwise
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_erff"} : (i32) -> f32
    tt.store %out, %y : !tt.ptr<f32>
    tt.return
  }
}

// -----

module {
  tt.func public @fma_mixed(%in: !tt.ptr<f32>, %d: !tt.ptr<f64>) {
    %x = tt.load %in : !tt.ptr<f32>
    %z = tt.load %d : !tt.ptr<f64>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_fmaf' operand 2 must have the result's element type in tt.extern_elementwise
    %y = tt.extern_elementwise %x, %x, %z {libname = "", libpath = "", pure = true, symbol = "__nv_fmaf"} : (f32, f32, f64) -> f32
    tt.store %in, %y : !tt.ptr<f32>
    tt.return
  }
}

// -----

// frsqrt_rn exists for f32 only (its exact midpoint test needs more than
// f64 for an f64 operand): an f64 call is rejected.
module {
  tt.func public @frsqrt_rn_f64(%in: !tt.ptr<f64>, %out: !tt.ptr<f64>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f64> -> tensor<16x!tt.ptr<f64>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f64>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f64>>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_frsqrt_rn' takes and returns a 32-bit float
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_frsqrt_rn"} : (tensor<16xf64>) -> tensor<16xf64>
    %q = tt.splat %out : !tt.ptr<f64> -> tensor<16x!tt.ptr<f64>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<f64>>, tensor<16xi32>
    tt.store %qi, %y : tensor<16x!tt.ptr<f64>>
    tt.return
  }
}

// -----

module {
  tt.func public @float_as_int_width(%in: !tt.ptr<f64>, %out: !tt.ptr<i32>) {
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f64> -> tensor<16x!tt.ptr<f64>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f64>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f64>>
    // CHECK: invalid-libdevice.mlir:[[@LINE+1]]:10: error: libdevice function '__nv_float_as_int' result and operand differ in width
    %y = tt.extern_elementwise %x {libname = "", libpath = "", pure = true, symbol = "__nv_float_as_int"} : (tensor<16xf64>) -> tensor<16xi32>
    %q = tt.splat %out : !tt.ptr<i32> -> tensor<16x!tt.ptr<i32>>
    %qi = tt.addptr %q, %r : tensor<16x!tt.ptr<i32>>, tensor<16xi32>
    tt.store %qi, %y : tensor<16x!tt.ptr<i32>>
    tt.return
  }
}
