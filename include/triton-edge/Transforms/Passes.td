#ifndef TRITON_EDGE_TRANSFORMS_PASSES
#define TRITON_EDGE_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def EstimateProgramCost : Pass<"triton-edge-estimate-cost", "mlir::ModuleOp"> {
  let summary = "Estimate bytes moved and operations per program (MT cost model input)";
  let description = [{
    Walks each `<kernel>_programs` function produced by
    `convert-triton-to-loops` and attaches `te.bytes_per_program` and
    `te.ops_per_program` (f64) to it, counting memory accesses and arithmetic
    over the trip counts of the block loop nests. The runtime's thread-count
    choice (`--threads=auto`) combines them with its measured dispatch cost.
  }];
}

def ApproximateMath : Pass<"triton-edge-approximate-math", "mlir::ModuleOp"> {
  let summary = "Replace transcendental math ops by vectorizable polynomial approximations";
  let description = [{
    Applies upstream MLIR's math expansions and polynomial approximations
    (erf, exp, exp2, log, log2, log1p, tanh, expm1, sin, cos, atan, rsqrt...)
    so that scalar and vector code compute the same functions without libm
    calls. Ops with no approximation stay and are lowered to libm later.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect",
                           "mlir::vector::VectorDialect"];
}

#endif
