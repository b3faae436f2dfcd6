// triton-edge-split-programs: a program whose body is one loop nest becomes
// K virtual programs (linear id v: program v / K, chunk v % K) that each run
// trips [c*T/K, (c+1)*T/K) of the nest's outermost loop. K is the body's
// te.program_split argument (the launch's te_launch.program_split, at least
// 1); the largest K the nest supports (max-split=4 here) is recorded on the
// function as te.max_program_split. Programs with several nests are left alone, with a remark.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --canonicalize --triton-edge-split-programs="max-split=4" 2>/dev/null | FileCheck %s
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops --canonicalize --triton-edge-split-programs="max-split=4" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// CHECK-LABEL: func.func @scale__body
// CHECK-SAME: %[[SPLIT:[a-z0-9]+]]: i32 {te.program_split}, %{{[a-z0-9]+}}: i32 {te.stream_stores})
// CHECK-SAME: te.max_program_split = 4 : i32
// CHECK: %[[KI:.*]] = arith.index_cast %[[SPLIT]] : i32 to index
// CHECK: %[[K:.*]] = arith.maxsi %[[KI]], %c1
// CHECK: %[[WHOLE:.*]] = arith.cmpi eq, %[[K]], %c1
// CHECK: scf.for %[[V:.*]] = %arg{{[0-9]+}} to %arg{{[0-9]+}} step %c1
// A launch that does not split (K = 1) runs whole programs, no division.
// CHECK: %[[IDS:.*]]:3 = scf.if %[[WHOLE]] -> (index, index, index) {
// CHECK-NOT: arith.divui
// CHECK: scf.yield %[[V]], %{{.*}}, %{{.*}} : index, index, index
// CHECK: } else {
// CHECK: %[[PROGRAM:.*]] = arith.divui %[[V]], %[[K]]
// CHECK: %[[CHUNK:.*]] = arith.remui %[[V]], %[[K]]
// 64 trips of 16 lanes: chunk c starts at trip c * 64 / K.
// CHECK: %[[T0:.*]] = arith.muli %[[CHUNK]], %c64
// CHECK: %[[Q0:.*]] = arith.divui %[[T0]], %[[K]]
// CHECK: %[[S0:.*]] = arith.muli %[[Q0]], %c16
// CHECK: %[[FIRST:.*]] = arith.addi %{{.*}}, %[[S0]]
// CHECK: %[[NEXT:.*]] = arith.addi %[[CHUNK]], %c1
// CHECK: %[[T1:.*]] = arith.muli %[[NEXT]], %c64
// CHECK: %[[Q1:.*]] = arith.divui %[[T1]], %[[K]]
// CHECK: %[[S1:.*]] = arith.muli %[[Q1]], %c16
// CHECK: %[[E1:.*]] = arith.addi %{{.*}}, %[[S1]]
// CHECK: %[[END:.*]] = arith.minui %[[E1]], %c1024
// CHECK: scf.yield %[[PROGRAM]], %[[FIRST]], %[[END]]
// CHECK: arith.index_cast %[[IDS]]#0 : index to i64
// CHECK: scf.for %{{.*}} = %[[IDS]]#1 to %[[IDS]]#2 step %c16
module {
  tt.func public @scale(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c1024 = arith.constant 1024 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c1024 : i32
    %r = tt.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %s = tt.splat %off : i32 -> tensor<1024xi32>
    %idx = arith.addi %s, %r : tensor<1024xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    %x = tt.load %p : tensor<1024x!tt.ptr<f32>>
    %y = arith.mulf %x, %x : tensor<1024xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    tt.store %q, %y : tensor<1024x!tt.ptr<f32>>
    tt.return
  }
}

// -----

// Two nests (the row sum is materialized before the store nest): not split.
// REMARK: remark: MT: programs not split: the program has several loop nests
// CHECK-LABEL: func.func @rowsum__body
// CHECK-NOT: te.max_program_split
module {
  tt.func public @rowsum(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %p = tt.addptr %pin, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %p : tensor<64x!tt.ptr<f32>>
    %x2 = tt.reshape %x : tensor<64xf32> -> tensor<8x8xf32>
    %sum = "tt.reduce"(%x2) <{axis = 1 : i32}> ({
    ^bb0(%a: f32, %b: f32):
      %c = arith.addf %a, %b : f32
      tt.reduce.return %c : f32
    }) : (tensor<8x8xf32>) -> tensor<8xf32>
    %r8 = tt.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<8x!tt.ptr<f32>>
    %q = tt.addptr %pout, %r8 : tensor<8x!tt.ptr<f32>>, tensor<8xi32>
    tt.store %q, %sum : tensor<8x!tt.ptr<f32>>
    tt.return
  }
}
