// An extern_elementwise symbol the compiler does not know is an error that
// names the symbol, at the op's file:line:col (here this file's own
// location, and a kernel.py location when the TTIR carries one).
// RUN: not triton-edge-opt %s --split-input-file --convert-triton-to-loops="vector-bytes=64" 2>&1 | FileCheck %s

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
