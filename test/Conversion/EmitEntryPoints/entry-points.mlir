// triton-edge-emit-entry-points runs on the LLVM dialect: for the kernel's
// `add__body` (from convert-triton-to-loops and the upstream lowerings) it
// writes the C ABI of runtime/include/triton-edge-rt/kernel_abi.h:
// `add_programs(const te_launch *, int64_t begin, int64_t end)`, which
// unpacks te_launch into the body's memref descriptors and scalars, and the
// `add_info` descriptor with the argument table and the vector width.
// RUN: triton-edge-opt %s --triton-edge-estimate-cost --triton-edge-vectorize=vector-bytes=64 --convert-triton-to-loops --convert-scf-to-cf \
// RUN:   --convert-vector-to-llvm --convert-math-to-llvm --finalize-memref-to-llvm \
// RUN:   --convert-arith-to-llvm --convert-index-to-llvm --convert-func-to-llvm \
// RUN:   --convert-cf-to-llvm --reconcile-unrealized-casts -o %t.llvm.mlir
// RUN: FileCheck %s --check-prefix=BEFORE < %t.llvm.mlir
// RUN: triton-edge-opt %t.llvm.mlir --triton-edge-emit-entry-points="vector-bytes=64" | FileCheck %s

module {
  tt.func public @add(%a: !tt.ptr<f32>, %b: !tt.ptr<f32>, %n: i32) {
    %c64 = arith.constant 64 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %c64 : i32
    %r = tt.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %s = tt.splat %off : i32 -> tensor<64xi32>
    %idx = arith.addi %s, %r : tensor<64xi32>
    %ns = tt.splat %n : i32 -> tensor<64xi32>
    %m = arith.cmpi slt, %idx, %ns : tensor<64xi32>
    %pa = tt.splat %a : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pai = tt.addptr %pa, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    %x = tt.load %pai, %m : tensor<64x!tt.ptr<f32>>
    %pb = tt.splat %b : !tt.ptr<f32> -> tensor<64x!tt.ptr<f32>>
    %pbi = tt.addptr %pb, %idx : tensor<64x!tt.ptr<f32>>, tensor<64xi32>
    tt.store %pbi, %x, %m : tensor<64x!tt.ptr<f32>>
    tt.return
  }
}

// Before: only the body, public, with expanded memref descriptors.
// BEFORE: llvm.func @add__body(
// BEFORE-SAME: te.kernel = #te.kernel<"add",
// BEFORE-NOT: @add_programs
// BEFORE-NOT: @add_info

// After: the body becomes internal and the two ABI symbols appear.
// CHECK-DAG: llvm.mlir.global internal constant @add_name("add\00")
// CHECK-DAG: llvm.mlir.global internal constant @add_argname0("arg0\00")
// CHECK-DAG: llvm.mlir.global internal constant @add_argname2("arg2\00")
// CHECK: llvm.func internal @add__body(
// CHECK-LABEL: llvm.func @add_programs(
// CHECK-SAME: %[[LAUNCH:[a-z0-9]+]]: !llvm.ptr, %[[BEGIN:[a-z0-9]+]]: i64, %[[END:[a-z0-9]+]]: i64)
// te_launch {args, numel, grid[3], context, dma, program_split,
// stream_stores}: the argument array, the numel array, the scalar n read
// through its pointer, the grid, the engine, the launch's split K and
// whether it streams its stores.
// CHECK: %[[ARGSP:[a-z0-9_]+]] = llvm.getelementptr %[[LAUNCH]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.struct<(ptr, ptr, array<3 x i32>, i32, ptr, i32, i32)>
// CHECK: %[[ARGS:[a-z0-9_]+]] = llvm.load %[[ARGSP]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.getelementptr %[[LAUNCH]][0, 1]
// CHECK: %[[NP:[a-z0-9_]+]] = llvm.getelementptr %[[ARGS]][2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[NPTR:[a-z0-9_]+]] = llvm.load %[[NP]] : !llvm.ptr -> !llvm.ptr
// CHECK: llvm.load %[[NPTR]] : !llvm.ptr -> i32
// CHECK: llvm.getelementptr %[[LAUNCH]][0, 2, 0]
// CHECK: llvm.getelementptr %[[LAUNCH]][0, 4]
// CHECK: %[[SPLITP:[a-z0-9_]+]] = llvm.getelementptr %[[LAUNCH]][0, 5]
// CHECK: %[[SPLIT:[a-z0-9_]+]] = llvm.load %[[SPLITP]] : !llvm.ptr -> i32
// CHECK: %[[STREAMP:[a-z0-9_]+]] = llvm.getelementptr %[[LAUNCH]][0, 6]
// CHECK: %[[STREAM:[a-z0-9_]+]] = llvm.load %[[STREAMP]] : !llvm.ptr -> i32
// CHECK: llvm.call @add__body({{.*}}, %[[BEGIN]], %[[END]], %{{.*}}, %[[SPLIT]], %[[STREAM]]) :
// CHECK: llvm.return
// Argument table: {is_pointer, dtype, name}: two f32 pointers (TE_F32 = 12),
// then the i32 scalar (TE_I32 = 4).
// CHECK-LABEL: llvm.mlir.global internal constant @add_arg_info() {{.*}} : !llvm.array<3 x struct<(i32, i32, ptr)>>
// CHECK: llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.mlir.constant(12 : i32) : i32
// CHECK: llvm.mlir.addressof @add_argname0
// CHECK: llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.mlir.constant(12 : i32) : i32
// CHECK: llvm.mlir.addressof @add_argname1
// CHECK: llvm.mlir.constant(0 : i32) : i32
// CHECK: llvm.mlir.constant(4 : i32) : i32
// CHECK: llvm.mlir.addressof @add_argname2
// te_kernel_info: abi_version 4, 3 args, the table, the name, the cost
// estimates of triton-edge-estimate-cost (2 x 64 x 4 bytes), vector_bytes
// 64, not double buffered, no program split.
// CHECK-LABEL: llvm.mlir.global external constant @add_info() {{.*}} : !llvm.struct<(i32, i32, ptr, ptr, f64, f64, i32, i32, i32)>
// CHECK: llvm.mlir.constant(4 : i32) : i32
// CHECK: llvm.mlir.constant(3 : i32) : i32
// CHECK: llvm.mlir.addressof @add_arg_info
// CHECK: llvm.mlir.addressof @add_name
// CHECK: llvm.mlir.constant(5.120000e+02 : f64) : f64
// CHECK: llvm.mlir.constant({{.*}} : f64) : f64
// CHECK: llvm.mlir.constant(64 : i32) : i32
// CHECK: llvm.mlir.constant(0 : i32) : i32
// CHECK: llvm.mlir.constant(1 : i32) : i32
// CHECK: llvm.return %{{.*}} : !llvm.struct<(i32, i32, ptr, ptr, f64, f64, i32, i32, i32)>
