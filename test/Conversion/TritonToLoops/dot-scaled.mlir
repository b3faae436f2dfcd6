// tt.dot_scaled: each operand is decoded into an f32 buffer (e2m1: the
// nibble of byte k/2 along K, low first; fp8: extf), times 2^(s - 127) of
// its e8m0 scale byte at k/32 (0xFF: NaN), then the tt.dot nest multiplies
// the buffers with fma into f32 accumulators. fp6 operands are a located
// error.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @dot_scaled(%A: !tt.ptr<i8>, %SA: !tt.ptr<i8>, %B: !tt.ptr<f8E5M2>, %D: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.000000e+00> : tensor<4x4xf32>
    %pa = tt.splat %A : !tt.ptr<i8> -> tensor<4x32x!tt.ptr<i8>>
    %a = tt.load %pa : tensor<4x32x!tt.ptr<i8>>
    %psa = tt.splat %SA : !tt.ptr<i8> -> tensor<4x2x!tt.ptr<i8>>
    %sa = tt.load %psa : tensor<4x2x!tt.ptr<i8>>
    %pb = tt.splat %B : !tt.ptr<f8E5M2> -> tensor<64x4x!tt.ptr<f8E5M2>>
    %b = tt.load %pb : tensor<64x4x!tt.ptr<f8E5M2>>
    %d = tt.dot_scaled %a scale %sa, %b, %zero lhs = e2m1 rhs = e5m2 {fastMath = false} : tensor<4x32xi8>, tensor<4x2xi8> * tensor<64x4xf8E5M2> -> tensor<4x4xf32>
    %pd = tt.splat %D : !tt.ptr<f32> -> tensor<4x4x!tt.ptr<f32>>
    tt.store %pd, %d : tensor<4x4x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @dot_scaled__body(
// CHECK-DAG: %[[BF:[a-z0-9_]+]] = memref.alloca() {alignment = 64 : i64} : memref<64x4xf32>
// CHECK-DAG: %[[AF:[a-z0-9_]+]] = memref.alloca() {alignment = 64 : i64} : memref<4x64xf32>
// A: byte k/2, its high nibble for odd k, decoded as e2m1, times the scale
// CHECK: scf.for %[[M:[a-z0-9_]+]] = %{{.*}} to %c4
// CHECK:   scf.for %[[K:[a-z0-9_]+]] = %{{.*}} to %c64
// CHECK:     arith.divui %[[K]], %c2
// CHECK:     %[[BYTE:.*]] = memref.load %{{.*}} : memref<?xi8>
// CHECK:     %[[ODD:.*]] = arith.cmpi ne
// CHECK:     %[[HIGH:.*]] = arith.shrui %[[BYTE]], %{{.*}} : i8
// CHECK:     arith.select %[[ODD]], %[[HIGH]], %[[BYTE]] : i8
// CHECK:     arith.uitofp %{{.*}} : i32 to f32
// CHECK:     %[[BLOCK:.*]] = arith.divui %[[K]], %c32
// CHECK:     %[[S:.*]] = memref.load %{{.*}} : memref<?xi8>
// CHECK:     arith.cmpi eq, %{{.*}}, %c255_i32
// CHECK:     %[[SCALE:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK:     %[[X:.*]] = arith.mulf %{{.*}}, %[[SCALE]] : f32
// CHECK:     memref.store %[[X]], %[[AF]][%[[M]], %[[K]]] : memref<4x64xf32>
// B: fp8 extended, no scale
// CHECK: scf.for %[[KB:[a-z0-9_]+]] = %{{.*}} to %c64
// CHECK:   scf.for %[[N:[a-z0-9_]+]] = %{{.*}} to %c4
// CHECK:     %[[V:.*]] = memref.load %{{.*}} : memref<?xf8E5M2>
// CHECK:     %[[VF:.*]] = arith.extf %[[V]] : f8E5M2 to f32
// CHECK:     memref.store %[[VF]], %[[BF]][%[[KB]], %[[N]]] : memref<64x4xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c64{{.*}} iter_args
// CHECK:   memref.load %[[BF]]
// CHECK:   memref.load %[[AF]]
// CHECK:   math.fma %{{.*}} : f32

// -----

module {
  tt.func public @dot_scaled_fp6(%A: !tt.ptr<i8>, %B: !tt.ptr<f8E5M2>, %D: !tt.ptr<f32>) {
    %zero = arith.constant dense<0.000000e+00> : tensor<4x4xf32>
    %pa = tt.splat %A : !tt.ptr<i8> -> tensor<4x64x!tt.ptr<i8>>
    %a = tt.load %pa : tensor<4x64x!tt.ptr<i8>>
    %pb = tt.splat %B : !tt.ptr<f8E5M2> -> tensor<64x4x!tt.ptr<f8E5M2>>
    %b = tt.load %pb : tensor<64x4x!tt.ptr<f8E5M2>>
    // expected-error @+1 {{tt.dot_scaled of e2m3 (fp6) operands is not supported}}
    %d = tt.dot_scaled %a, %b, %zero lhs = e2m3 rhs = e5m2 {fastMath = false} : tensor<4x64xi8> * tensor<64x4xf8E5M2> -> tensor<4x4xf32>
    %pd = tt.splat %D : !tt.ptr<f32> -> tensor<4x4x!tt.ptr<f32>>
    tt.store %pd, %d : tensor<4x4x!tt.ptr<f32>>
    tt.return
  }
}
