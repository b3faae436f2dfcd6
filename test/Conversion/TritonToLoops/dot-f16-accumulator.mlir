// tt.dot with a 16-bit float accumulator (tl.dot(..., out_dtype=tl.float16)):
// the products are summed in f32 iteration arguments, C is widened into
// them, and each sum is rounded to f16 once, after the loop over K (the GPU
// rounds only between MMA steps; rounding after every product loses up to
// K/2 ulps).
// RUN: triton-edge-opt %s --triton-edge-vectorize="vector-bytes=32" --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @mm_f16(%a: !tt.ptr<f16>, %b: !tt.ptr<f16>, %c: !tt.ptr<f16>) {
    %c16 = arith.constant dense<16> : tensor<16x1xi32>
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %rows = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %cols = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %ro = arith.muli %rows, %c16 : tensor<16x1xi32>
    %rb = tt.broadcast %ro : tensor<16x1xi32> -> tensor<16x16xi32>
    %cb = tt.broadcast %cols : tensor<1x16xi32> -> tensor<16x16xi32>
    %off = arith.addi %rb, %cb : tensor<16x16xi32>
    %pa = tt.splat %a : !tt.ptr<f16> -> tensor<16x16x!tt.ptr<f16>>
    %pai = tt.addptr %pa, %off : tensor<16x16x!tt.ptr<f16>>, tensor<16x16xi32>
    %x = tt.load %pai : tensor<16x16x!tt.ptr<f16>>
    %pb = tt.splat %b : !tt.ptr<f16> -> tensor<16x16x!tt.ptr<f16>>
    %pbi = tt.addptr %pb, %off : tensor<16x16x!tt.ptr<f16>>, tensor<16x16xi32>
    %y = tt.load %pbi : tensor<16x16x!tt.ptr<f16>>
    %zero = arith.constant dense<0.0> : tensor<16x16xf16>
    %d = tt.dot %x, %y, %zero : tensor<16x16xf16> * tensor<16x16xf16> -> tensor<16x16xf16>
    %pc = tt.splat %c : !tt.ptr<f16> -> tensor<16x16x!tt.ptr<f16>>
    %pci = tt.addptr %pc, %off : tensor<16x16x!tt.ptr<f16>>, tensor<16x16xi32>
    tt.store %pci, %d : tensor<16x16x!tt.ptr<f16>>
    tt.return
  }
}

// CHECK-LABEL: func.func @mm_f16__body(
// CHECK: %[[C:[0-9]+]] = arith.extf %{{.*}} : vector<8xf16> to vector<8xf32>
// CHECK: scf.for {{.*}} iter_args(%{{[a-z0-9_]+}} = %[[C]],{{.*}} -> (vector<8xf32>
// CHECK:   arith.extf %{{.*}} : vector<8xf16> to vector<8xf32>
// CHECK:   math.fma %{{.*}}, %{{.*}}, %{{.*}} : vector<8xf32>
// CHECK-NOT: math.fma {{.*}} : vector<8xf16>
// CHECK: arith.truncf %{{.*}} : vector<8xf32> to vector<8xf16>
