// triton-edge-promote-f64: every float type (values, pointees, constants,
// signature, region arguments) becomes f64; extf/truncf/fp_to_fp between
// now equal types disappear; integer types stay. Bitcasts of float values
// keep float32 bits; float pointer reinterpretations are refused at the op.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics --triton-edge-promote-f64 | FileCheck %s

// CHECK-LABEL: tt.func public @mixed
// CHECK-SAME: (%{{.*}}: !tt.ptr<f64>, %{{.*}}: !tt.ptr<f64>, %{{.*}}: !tt.ptr<i64>, %{{.*}}: f64)
// CHECK: arith.constant dense<1.500000e+00> : tensor<16xf64>
// CHECK: tt.load %{{.*}} : tensor<16x!tt.ptr<f64>>
// CHECK-NOT: arith.extf
// CHECK-NOT: arith.truncf
// CHECK: arith.mulf %{{.*}} : tensor<16xf64>
// CHECK: "tt.reduce"
// CHECK: ^bb0(%{{.*}}: f64, %{{.*}}: f64):
// CHECK: tt.load %{{.*}} : !tt.ptr<i64>
module {
  tt.func public @mixed(%in: !tt.ptr<f16>, %out: !tt.ptr<f32>, %idx: !tt.ptr<i64>, %s: f32) {
    %c = arith.constant dense<1.5> : tensor<16xf32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %p = tt.splat %in : !tt.ptr<f16> -> tensor<16x!tt.ptr<f16>>
    %pi = tt.addptr %p, %r : tensor<16x!tt.ptr<f16>>, tensor<16xi32>
    %x = tt.load %pi : tensor<16x!tt.ptr<f16>>
    %xf = arith.extf %x : tensor<16xf16> to tensor<16xf32>
    %y = arith.mulf %xf, %c : tensor<16xf32>
    %yh = arith.truncf %y : tensor<16xf32> to tensor<16xf16>
    %yf = arith.extf %yh : tensor<16xf16> to tensor<16xf32>
    %sum = "tt.reduce"(%yf) <{axis = 0 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %t = arith.addf %a, %b : f32
      tt.reduce.return %t : f32
    }) : (tensor<16xf32>) -> f32
    %i = tt.load %idx : !tt.ptr<i64>
    %w = arith.mulf %sum, %s : f32
    tt.store %out, %w : !tt.ptr<f32>
    tt.return
  }
}

// -----

// Float bits keep their float32 meaning: truncate before the cast, extend
// after it.
// CHECK-LABEL: tt.func public @bits
// CHECK: %[[X:.*]] = tt.load %{{.*}} : !tt.ptr<f64>
// CHECK: %[[T:.*]] = arith.truncf %[[X]] : f64 to f32
// CHECK: %[[B:.*]] = tt.bitcast %[[T]] : f32 -> i32
// CHECK: %[[F:.*]] = tt.bitcast %[[B]] : i32 -> f32
// CHECK: %[[E:.*]] = arith.extf %[[F]] : f32 to f64
// CHECK: tt.store %{{.*}}, %[[E]] : !tt.ptr<f64>
module {
  tt.func public @bits(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %x = tt.load %in : !tt.ptr<f32>
    %b = tt.bitcast %x : f32 -> i32
    %f = tt.bitcast %b : i32 -> f32
    tt.store %out, %f : !tt.ptr<f32>
    tt.return
  }
}

// -----

module {
  tt.func public @float_pointer(%in: !tt.ptr<f32>, %out: !tt.ptr<i32>) {
    // expected-error @below {{cannot evaluate in float64: the kernel reinterprets a float pointer}}
    %p = tt.bitcast %in : !tt.ptr<f32> -> !tt.ptr<i32>
    %x = tt.load %p : !tt.ptr<i32>
    tt.store %out, %x : !tt.ptr<i32>
    tt.return
  }
}
