// Triton 3.9's cache hints: one #tt.cache_policy attribute on loads and
// stores (3.6 wrote cacheModifier/evictionPolicy in the op's syntax). Parsed,
// printed back, and ignored by the lowering (a hint only).
// RUN: triton-edge-opt %s | triton-edge-opt | FileCheck %s
// RUN: triton-edge-opt %s --triton-edge-loops | FileCheck %s --check-prefix=LOOPS
// RUN: sed -e 's/eviction_policy = evict_first/eviction_policy = evict_sometimes/' %s | not triton-edge-opt 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: expected ::mlir::triton::EvictionPolicy to be one of: evict_normal, evict_first, evict_last

// CHECK-LABEL: tt.func public @hinted
// LOOPS-LABEL: func.func @hinted
tt.func public @hinted(%in: !tt.ptr<f32>, %out: !tt.ptr<f32>) {
  %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
  %p = tt.splat %in : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
  %a = tt.addptr %p, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
  // CHECK: tt.load %{{.*}} {cachePolicy = #tt.cache_policy<cache_modifier = none, eviction_policy = evict_first>}
  // LOOPS: vector.load
  %x = tt.load %a {cachePolicy = #tt.cache_policy<cache_modifier = none, eviction_policy = evict_first>} : tensor<64x!tt.ptr<f32>>
  %q = tt.splat %out : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
  %b = tt.addptr %q, %r : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
  // CHECK: tt.store %{{.*}}, %{{.*}} {cachePolicy = #tt.cache_policy<cache_modifier = cs, eviction_policy = evict_last>}
  tt.store %b, %x {cachePolicy = #tt.cache_policy<cache_modifier = cs, eviction_policy = evict_last>} : tensor<64x!tt.ptr<f32>>
  tt.return
}
