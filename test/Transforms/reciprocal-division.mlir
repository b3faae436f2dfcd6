// triton-edge-reciprocal-division: an f32 block divided by a broadcast
// divisor becomes (x * broadcast(1 / (y * s))) * broadcast(s), the reciprocal
// computed on the divisor before its broadcast, s = 2^32 for |y| < 2^-126,
// 2^-32 for |y| > 2^126, else 1. Left alone: a divisor that is a block of
// its own (no broadcast), an f64 division, a divisor with as many elements
// as the quotient.
// RUN: triton-edge-opt %s --split-input-file | FileCheck %s --check-prefix=BEFORE
// RUN: triton-edge-opt %s --split-input-file --triton-edge-reciprocal-division | FileCheck %s

// BEFORE-LABEL: tt.func public @rows
// BEFORE: arith.divf %{{.*}}, %{{.*}} : tensor<2x8xf32>
// CHECK-LABEL: tt.func public @rows
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[Y:.*]]: tensor<2x1xf32>
// CHECK: %[[AY:.*]] = math.absf %[[Y]] : tensor<2x1xf32>
// CHECK: %[[TINY:.*]] = arith.cmpf olt, %[[AY]], %{{.*}} : tensor<2x1xf32>
// CHECK: %[[HUGE:.*]] = arith.cmpf ogt, %[[AY]], %{{.*}} : tensor<2x1xf32>
// CHECK: %[[S1:.*]] = arith.select %[[HUGE]], %{{.*}}, %{{.*}} : tensor<2x1xi1>, tensor<2x1xf32>
// CHECK: %[[S:.*]] = arith.select %[[TINY]], %{{.*}}, %[[S1]] : tensor<2x1xi1>, tensor<2x1xf32>
// CHECK: %[[T:.*]] = arith.mulf %[[Y]], %[[S]] : tensor<2x1xf32>
// CHECK: %[[R:.*]] = arith.divf %{{.*}}, %[[T]] : tensor<2x1xf32>
// CHECK: %[[RB:.*]] = tt.broadcast %[[R]] : tensor<2x1xf32> -> tensor<2x8xf32>
// CHECK: %[[Q:.*]] = arith.mulf %[[X]], %[[RB]] : tensor<2x8xf32>
// CHECK: %[[SB:.*]] = tt.broadcast %[[S]] : tensor<2x1xf32> -> tensor<2x8xf32>
// CHECK: %[[OUT:.*]] = arith.mulf %[[Q]], %[[SB]] : tensor<2x8xf32>
// CHECK-NOT: arith.divf %{{.*}} : tensor<2x8xf32>
// CHECK: tt.return %[[OUT]]
module {
  tt.func public @rows(%x: tensor<2x8xf32>, %y: tensor<2x1xf32>) -> tensor<2x8xf32> {
    %yb = tt.broadcast %y : tensor<2x1xf32> -> tensor<2x8xf32>
    %q = arith.divf %x, %yb : tensor<2x8xf32>
    tt.return %q : tensor<2x8xf32>
  }
}

// -----

// A scalar divisor (tt.splat) and a splat constant.
// CHECK-LABEL: tt.func public @scalars
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK: tt.splat %{{.*}} : f32 -> tensor<16xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : f32
// CHECK-NOT: arith.divf %{{.*}} : tensor<16xf32>
module {
  tt.func public @scalars(%x: tensor<16xf32>, %y: f32) -> tensor<16xf32> {
    %ys = tt.splat %y : f32 -> tensor<16xf32>
    %q = arith.divf %x, %ys : tensor<16xf32>
    %c = arith.constant dense<7.680000e+02> : tensor<16xf32>
    %q2 = arith.divf %q, %c : tensor<16xf32>
    tt.return %q2 : tensor<16xf32>
  }
}

// -----

// CHECK-LABEL: tt.func public @left_alone
// CHECK: arith.divf %{{.*}}, %{{.*}} : tensor<16xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : tensor<16xf64>
// CHECK: arith.divf %{{.*}}, %{{.*}} : tensor<1x1xf32>
// CHECK-NOT: math.absf
module {
  tt.func public @left_alone(%x: tensor<16xf32>, %y: tensor<16xf32>, %xd: tensor<16xf64>, %yd: f64,
                             %a: tensor<1x1xf32>, %b: tensor<1x1xf32>) -> (tensor<16xf32>, tensor<16xf64>, tensor<1x1xf32>) {
    %q = arith.divf %x, %y : tensor<16xf32>
    %yds = tt.splat %yd : f64 -> tensor<16xf64>
    %qd = arith.divf %xd, %yds : tensor<16xf64>
    %bb = tt.broadcast %b : tensor<1x1xf32> -> tensor<1x1xf32>
    %q1 = arith.divf %a, %bb : tensor<1x1xf32>
    tt.return %q, %qd, %q1 : tensor<16xf32>, tensor<16xf64>, tensor<1x1xf32>
  }
}
