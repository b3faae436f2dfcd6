// acc = tt.dot(a, b, acc) in a loop, the accumulator read by nothing else:
// D is written in place into the loop-carried buffer of C (each tile reads
// its C into registers before it writes its D), and the end of the
// iteration copies nothing back. When the accumulator is also read
// elsewhere in the body, D gets a buffer of its own and is copied.
// RUN: triton-edge-opt %s --split-input-file --triton-edge-vectorize="vector-bytes=64" --convert-triton-to-loops="vector-registers=32" | FileCheck %s

module {
  tt.func public @acc_loop(%a: !tt.ptr<f32>, %c: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %rows = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %cols = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %c16 = arith.constant dense<16> : tensor<16x1xi32>
    %ro = arith.muli %rows, %c16 : tensor<16x1xi32>
    %rb = tt.broadcast %ro : tensor<16x1xi32> -> tensor<16x16xi32>
    %cb = tt.broadcast %cols : tensor<1x16xi32> -> tensor<16x16xi32>
    %off = arith.addi %rb, %cb : tensor<16x16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %zero = arith.constant dense<0.0> : tensor<16x16xf32>
    %acc = scf.for %i = %c0 to %n step %c1 iter_args(%s = %zero) -> (tensor<16x16xf32>) : i32 {
      %x = tt.load %pai : tensor<16x16x!tt.ptr<f32>>
      %d = tt.dot %x, %x, %s : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
      scf.yield %d : tensor<16x16xf32>
    }
    %pc = tt.splat %c : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pci = tt.addptr %pc, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %pci, %acc : tensor<16x16x!tt.ptr<f32>>
    tt.return
  }
}

// CHECK-LABEL: func.func @acc_loop__body(
// Three buffers: the operand tile as A and as B, and the accumulator (no D,
// no temporary).
// CHECK-COUNT-3: memref.alloca() {{.*}} : memref<16x16xf32>
// CHECK-NOT: memref.alloca
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} : i32 {
// The operand tile, stored as A and as B.
// CHECK-COUNT-2: vector.store %{{.*}}, %{{.*}} : memref<16x16xf32>, vector<16xf32>
// CHECK: scf.for %[[J:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c16
// CHECK: scf.for %[[I:[a-z0-9_]+]] = %{{.*}} to %{{.*}} step %c8
// CHECK: %[[C0:[0-9]+]] = vector.load %[[ACC:[a-z0-9_]+]][%[[I]], %[[J]]] : memref<16x16xf32>, vector<16xf32>
// CHECK: %[[SUMS:[0-9]+]]:8 = scf.for {{.*}} iter_args(%{{.*}} = %[[C0]],
// CHECK: vector.store %[[SUMS]]#0, %[[ACC]][%[[I]], %[[J]]] : memref<16x16xf32>, vector<16xf32>
// CHECK-NOT: memref.copy
// CHECK: } {te.kernel_region}

// -----

module {
  tt.func public @acc_read_twice(%a: !tt.ptr<f32>, %c: !tt.ptr<f32>, %n: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %rows = tt.expand_dims %r {axis = 1 : i32} : tensor<16xi32> -> tensor<16x1xi32>
    %cols = tt.expand_dims %r {axis = 0 : i32} : tensor<16xi32> -> tensor<1x16xi32>
    %c16 = arith.constant dense<16> : tensor<16x1xi32>
    %ro = arith.muli %rows, %c16 : tensor<16x1xi32>
    %rb = tt.broadcast %ro : tensor<16x1xi32> -> tensor<16x16xi32>
    %cb = tt.broadcast %cols : tensor<1x16xi32> -> tensor<16x16xi32>
    %off = arith.addi %rb, %cb : tensor<16x16xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    %zero = arith.constant dense<0.0> : tensor<16x16xf32>
    %acc = scf.for %i = %c0 to %n step %c1 iter_args(%s = %zero) -> (tensor<16x16xf32>) : i32 {
      %x = tt.load %pai : tensor<16x16x!tt.ptr<f32>>
      %d = tt.dot %x, %x, %s : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
      %e = arith.addf %d, %s : tensor<16x16xf32>
      scf.yield %e : tensor<16x16xf32>
    }
    %pc = tt.splat %c : !tt.ptr<f32> -> tensor<16x16x!tt.ptr<f32>>
    %pci = tt.addptr %pc, %off : tensor<16x16x!tt.ptr<f32>>, tensor<16x16xi32>
    tt.store %pci, %acc : tensor<16x16x!tt.ptr<f32>>
    tt.return
  }
}

// The accumulator is read again after the dot: D in a buffer of its own.
// CHECK-LABEL: func.func @acc_read_twice__body(
// CHECK-COUNT-5: memref.alloca() {{.*}} : memref<16x16xf32>
// CHECK: memref.copy
