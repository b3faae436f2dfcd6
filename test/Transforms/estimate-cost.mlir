// triton-edge-estimate-cost attaches per-program byte and op estimates to
// each tt.func (read by the runtime's MT cost model through <name>_info):
// bytes = elements x element size over the loads and stores, times the trip
// counts of the enclosing scf.for loops (8 when the bound is not constant).
// RUN: triton-edge-opt %s --triton-edge-estimate-cost | FileCheck %s

// Before: no te.* attributes. After: 3 accesses x 64 x 4 bytes = 768.
// CHECK-LABEL: tt.func public @add(
// CHECK-SAME: te.program_cost = #te.program_cost<bytes = 7.680000e+02, ops = {{[0-9.e+]+}}>
module {
  tt.func public @add(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai : tensor<64x!tt.ptr<f32>>
    %pb = tt.splat %b : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pbi = tt.addptr %pb, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %y = tt.load %pbi : tensor<64x!tt.ptr<f32>>
    %z = arith.addf %x, %y : tensor<64xf32>
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %z : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // f16 halves the bytes: 2 accesses x 128 x 2 = 512.
  // CHECK-LABEL: tt.func public @copy_f16(
  // CHECK-SAME: te.program_cost = #te.program_cost<bytes = 5.120000e+02,
  tt.func public @copy_f16(%a: !tt.ptr<f16>, %out: !tt.ptr<f16>) {
    %r = tt.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %pa = tt.splat %a : !tt.ptr<f16> -> tensor<128x!tt.ptr<f16>>
    %pai = tt.addptr %pa, %r : tensor<128x!tt.ptr<f16>>, tensor<128xi32>
    %x = tt.load %pai : tensor<128x!tt.ptr<f16>>
    %po = tt.splat %out : !tt.ptr<f16> -> tensor<128x!tt.ptr<f16>>
    %poi = tt.addptr %po, %r : tensor<128x!tt.ptr<f16>>, tensor<128xi32>
    tt.store %poi, %x : tensor<128x!tt.ptr<f16>>
    tt.return
  }

  // A loop with a constant trip count of 4 multiplies its body's loads:
  // 4 x 64 x 4 = 1024, plus the final store of 64 x 4 = 256.
  // CHECK-LABEL: tt.func public @loop4(
  // CHECK-SAME: te.program_cost = #te.program_cost<bytes = 1.280000e+03,
  tt.func public @loop4(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
    %c0 = arith.constant 0 : i32
    %c256 = arith.constant 256 : i32
    %c64 = arith.constant 64 : i32
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %acc = scf.for %i = %c0 to %c256 step %c64 iter_args(%a = %zero) -> (tensor<64xf32>) : i32 {
      %s = tt.splat %i : i32 -> tensor<64xi32>
      %idx = arith.addi %s, %r : tensor<64xi32>
      %pi = tt.addptr %p, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
      %a2 = arith.addf %a, %x : tensor<64xf32>
      scf.yield %a2 : tensor<64xf32>
    }
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %acc : tensor<64x!tt.ptr<f32>>
    tt.return
  }

  // Unknown bound (a kernel argument): the loop counts as 8 trips:
  // 8 x 256 + 256 = 2304.
  // CHECK-LABEL: tt.func public @loop_n(
  // CHECK-SAME: te.program_cost = #te.program_cost<bytes = 2.304000e+03,
  tt.func public @loop_n(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c64 = arith.constant 64 : i32
    %zero = arith.constant dense<0.0> : tensor<64xf32>
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %acc = scf.for %i = %c0 to %n step %c64 iter_args(%a = %zero) -> (tensor<64xf32>) : i32 {
      %s = tt.splat %i : i32 -> tensor<64xi32>
      %idx = arith.addi %s, %r : tensor<64xi32>
      %pi = tt.addptr %p, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
      %x = tt.load %pi : tensor<64x!tt.ptr<f32>>
      %a2 = arith.addf %a, %x : tensor<64xf32>
      scf.yield %a2 : tensor<64xf32>
    }
    %po = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %poi = tt.addptr %po, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %poi, %acc : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}
