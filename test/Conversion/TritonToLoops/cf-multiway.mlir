// An early `return` two ifs deep (Triton: `if c1: if c2: v = .. else: return`)
// leaves two exits; upstream's cf -> scf lifting joins them with an
// scf.index_switch on the exit taken, which the structuring turns into a
// chain of scf.if on `exit == case` (the lowering handles scf.if only): no
// cf op and no scf.index_switch is left, and the store runs only on the
// path that did not return.
// RUN: triton-edge-opt %s --convert-triton-to-loops | FileCheck %s

module {
  tt.func public @nested_return(%p1: !tt.ptr<i32>, %p2: !tt.ptr<i32>, %p3: !tt.ptr<i32>,
                                %v1: !tt.ptr<i32>, %v2: !tt.ptr<i32>, %v3: !tt.ptr<i32>,
                                %out: !tt.ptr<i32>) {
    %c0 = arith.constant 0 : i32
    %c1 = tt.load %p1 : !tt.ptr<i32>
    %t1 = arith.cmpi ne, %c1, %c0 : i32
    cf.cond_br %t1, ^bb1, ^bb4
  ^bb1:
    %c2 = tt.load %p2 : !tt.ptr<i32>
    %t2 = arith.cmpi ne, %c2, %c0 : i32
    cf.cond_br %t2, ^bb2, ^bb3
  ^bb2:
    %x1 = tt.load %v1 : !tt.ptr<i32>
    cf.br ^bb7(%x1 : i32)
  ^bb3:
    tt.return
  ^bb4:
    %c3 = tt.load %p3 : !tt.ptr<i32>
    %t3 = arith.cmpi ne, %c3, %c0 : i32
    cf.cond_br %t3, ^bb5, ^bb6
  ^bb5:
    %x2 = tt.load %v2 : !tt.ptr<i32>
    cf.br ^bb7(%x2 : i32)
  ^bb6:
    %x3 = tt.load %v3 : !tt.ptr<i32>
    cf.br ^bb7(%x3 : i32)
  ^bb7(%val: i32):
    tt.store %out, %val : !tt.ptr<i32>
    tt.return
  }
}

// CHECK-LABEL: func.func @nested_return__body(
// CHECK-NOT: scf.index_switch
// CHECK-NOT: {{ cf\.}}
// CHECK: %[[EXIT:[0-9]+]]:2 = scf.if
// CHECK: %[[SEL:[0-9]+]] = arith.index_castui %[[EXIT]]#1 : i32 to index
// CHECK: %[[TAKEN:[0-9]+]] = arith.cmpi eq, %[[SEL]], %{{.*}} : index
// CHECK: scf.if %[[TAKEN]] {
// CHECK-NEXT: arith.index_cast
// CHECK-NEXT: memref.store %[[EXIT]]#0
// CHECK-NOT: scf.index_switch
// CHECK-NOT: {{ cf\.}}
// CHECK: return
