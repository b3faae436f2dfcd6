#ifndef TRITON_EDGE_CONVERSION_PASSES
#define TRITON_EDGE_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertTritonToLoops : Pass<"convert-triton-to-loops", "mlir::ModuleOp"> {
  let summary = "Lower tt kernels to per-program loop nests over memrefs";
  let description = [{
    Turns each `tt.func` kernel into `func.func @<name>__body(memrefs...,
    scalars..., grid x/y/z, begin, end, dma engine, program split)`, a loop over the
    programs [begin, end) (`te.program_loop`) whose body computes one Triton
    program: block tensors become loop nests (fused across element-wise ops,
    materialized in stack buffers only at reductions, scans, dots, layout
    changes, loop-carried values, loads that must not be repeated, and
    costly element-wise values (exp, log, tanh, erf, libdevice calls) that
    feed several nests and fit in `l1-bytes`),
    `tt.load`/`tt.store` become contiguous vector accesses where the lane
    facts prove unit stride and gathers/scatters otherwise (a load
    contiguous along another dimension than the last is read by tiles of
    lanes x lanes along it and transposed in registers into a buffer), libdevice calls
    become `math` ops. The SIMD lanes follow the plan of
    `triton-edge-vectorize` (Vec): a nest over a value with `te.lanes` steps
    its innermost loop by that many lanes; without a plan the code is
    scalar. `tt.dot` becomes a register-tiled nest whose tile (rows of D by
    vectors of lanes, every accumulator in a register over the loop on K)
    fits `vector-registers`, and whose K loop is blocked so that the panel
    of B it sweeps stays in `l1-bytes` (Dot.cpp).
    The kernel's own loops and ifs are marked `te.kernel_region`;
    the body carries the kernel's name and argument types and names
    (`te.kernel = #te.kernel<...>`) for
    triton-edge-emit-entry-points.
  }];
  let options = [
    Option<"checkBounds", "check-bounds", "bool", /*default=*/"false",
           "Check every memory access against the argument's storage size">,
    Option<"enableAsserts", "asserts", "bool", /*default=*/"true",
           "Lower tt.assert to run-time checks">,
    Option<"vectorRegisters", "vector-registers", "int64_t", /*default=*/"16",
           "Vector registers of the target: the register tile of tt.dot">,
    Option<"l1Bytes", "l1-bytes", "int64_t", /*default=*/"32768",
           "Level-1 data cache bytes: tt.dot's K blocking keeps a panel of B there; "
           "a costly element-wise value feeding several nests is kept in a buffer up to this size">,
    Option<"rereadSharedLoads", "reread-shared-loads", "bool", /*default=*/"true",
           "A load contiguous along its last dimension that feeds several nests, with no "
           "write before the last, is read by each nest instead of copied into a stack buffer "
           "(off where DB stages the copies)">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::func::FuncDialect",
                           "mlir::math::MathDialect", "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect", "mlir::vector::VectorDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def EmitEntryPoints : Pass<"triton-edge-emit-entry-points", "mlir::ModuleOp"> {
  let summary = "Write the C ABI entry points of lowered kernels";
  let description = [{
    Runs on the LLVM dialect, after the upstream lowerings. For each
    `<name>__body` function made by `convert-triton-to-loops`, writes
    `<name>_programs(const te_launch *, int64_t begin, int64_t end)`, which
    unpacks the launch's argument array into the body's memref descriptors
    and scalars (and passes the launch's grid, DMA engine and program
    split), and the `<name>_info` descriptor with the argument table from
    the body's `te.kernel` (see
    runtime/include/triton-edge-rt/kernel_abi.h).
  }];
  let options = [
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"0",
           "Recorded in <name>_info: the SIMD width the kernel was compiled for">,
  ];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def LowerDmaToRuntime : Pass<"triton-edge-lower-dma", "mlir::ModuleOp"> {
  let summary = "Lower memref.dma_start/dma_wait to the runtime's DMA engine";
  let description = [{
    `memref.dma_start` becomes a call to `te_rt_dma_start(engine, dst, src,
    bytes)` whose token is stored in the tag memref; `memref.dma_wait` loads
    the token and calls `te_rt_dma_wait(engine, token)`. The engine is the
    function argument marked `te.dma_engine` (each worker context has its
    own). Upstream MLIR has no CPU lowering for these ops.
  }];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect",
                           "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"];
}

def ExpandFp8Conversions : Pass<"triton-edge-expand-fp8", "mlir::ModuleOp"> {
  let summary = "Expand arith.extf/truncf from and to fp8 into integer operations";
  let description = [{
    LLVM has no fp8 types (the LLVM type converter stores them as i8), and
    upstream `arith-expand` expands only f8E8M0 and f4E2M1. This pass rewrites
    every `arith.extf` from, and `arith.truncf` to, f8E4M3FN, f8E5M2,
    f8E4M3FNUZ, f8E5M2FNUZ and f8E4M3B11FNUZ (Triton's float8e4b15: bias 15)
    into integer operations on the bits, with Triton's rules
    (docs/semantics.md, "fp8"): exact widening; narrowing rounds to nearest
    even (`roundingmode = toward_zero`: toward zero), saturates finite
    overflow and infinity to the largest finite value, maps NaN to the
    type's NaN. Scalars and vectors alike. Other arithmetic on fp8 is first
    widened to f32 by upstream `arith-emulate-unsupported-floats`, except
    `math.absf`, which clears the sign bit (fnuz NaN 0x80 kept); fp8
    constants become their bit patterns.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

#endif
