// tt.fp_to_fp f32 -> f16 with rounding = rtz: the nearest-even truncf, then
// one ulp toward zero (the bits minus one) where it rounded away from zero,
// which is tested as back > x > 0 or back < x < 0 (no fabs: LLVM turns
// fabs(fpext(h)) into an f16 fabs, on which its loop vectorizer crashed for
// riscv64 without Zvfh; the second RUN line compiles the kernel that crashed:
// Triton's f32 -> fp8e4b15 store, through f16 bits).
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s
// RUN: triton-edge compile %s --target=riscv64-rvv --vec=off -o %t.so
// RUN: test -s %t.so

// CHECK-LABEL: func.func @narrow_rtz
// CHECK:      %[[T:.*]] = arith.truncf %[[X:.*]] : f32 to f16
// CHECK-NEXT: %[[B:.*]] = arith.extf %[[T]] : f16 to f32
// CHECK-NEXT: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[POS:.*]] = arith.cmpf ogt, %[[X]], %[[Z]] : f32
// CHECK-NEXT: %[[UP:.*]] = arith.cmpf ogt, %[[B]], %[[X]] : f32
// CHECK-NEXT: %[[A1:.*]] = arith.andi %[[POS]], %[[UP]] : i1
// CHECK-NEXT: %[[NEG:.*]] = arith.cmpf olt, %[[X]], %[[Z]] : f32
// CHECK-NEXT: %[[DOWN:.*]] = arith.cmpf olt, %[[B]], %[[X]] : f32
// CHECK-NEXT: %[[A2:.*]] = arith.andi %[[NEG]], %[[DOWN]] : i1
// CHECK-NEXT: %[[AWAY:.*]] = arith.ori %[[A1]], %[[A2]] : i1
// CHECK-NEXT: %[[BITS:.*]] = arith.bitcast %[[T]] : f16 to i16
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i16
// CHECK-NEXT: %[[SUB:.*]] = arith.subi %[[BITS]], %[[ONE]] : i16
// CHECK-NEXT: %[[STEP:.*]] = arith.bitcast %[[SUB]] : i16 to f16
// CHECK-NEXT: arith.select %[[AWAY]], %[[STEP]], %[[T]] : f16
// CHECK-NOT: math.absf
module {
  tt.func public @narrow_rtz(%x: !tt.ptr<f32>, %y: !tt.ptr<i8>, %n: i32) {
    %c128 = arith.constant dense<128> : tensor<256xi16>
    %c8 = arith.constant dense<8> : tensor<256xi16>
    %c7 = arith.constant dense<7> : tensor<256xi16>
    %c64 = arith.constant dense<64> : tensor<256xi16>
    %cmax = arith.constant dense<16128> : tensor<256xi16>
    %cmag = arith.constant dense<32767> : tensor<256xi16>
    %c256 = arith.constant 256 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c256 : i32
    %r = tt.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
    %s = tt.splat %off : i32 -> tensor<256xi32>
    %idx = arith.addi %s, %r : tensor<256xi32>
    %ns = tt.splat %n : i32 -> tensor<256xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<256xi32>
    %py = tt.splat %y : !tt.ptr<i8> -> tensor<256x!tt.ptr<i8>>
    %pyi = tt.addptr %py, %idx : tensor<256x!tt.ptr<i8>>, tensor<256xi32>
    %px = tt.splat %x : !tt.ptr<f32> -> tensor<256x!tt.ptr<f32>>
    %pxi = tt.addptr %px, %idx : tensor<256x!tt.ptr<f32>>, tensor<256xi32>
    %v = tt.load %pxi, %m : tensor<256x!tt.ptr<f32>>
    %h = tt.fp_to_fp %v, rounding = rtz : tensor<256xf32> -> tensor<256xf16>
    %bits = tt.bitcast %h : tensor<256xf16> -> tensor<256xi16>
    %mag = arith.andi %bits, %cmag : tensor<256xi16>
    %sat = arith.minui %mag, %cmax : tensor<256xi16>
    %rnd = arith.addi %sat, %c64 : tensor<256xi16>
    %e = arith.shrui %rnd, %c7 : tensor<256xi16>
    %hi = arith.shrui %bits, %c8 : tensor<256xi16>
    %sign = arith.andi %hi, %c128 : tensor<256xi16>
    %f8 = arith.ori %e, %sign : tensor<256xi16>
    %b = arith.trunci %f8 : tensor<256xi16> to tensor<256xi8>
    tt.store %pyi, %b, %m : tensor<256x!tt.ptr<i8>>
    tt.return
  }
}
