#ifndef TRITON_EDGE_TRITON_DIALECT
#define TRITON_EDGE_TRITON_DIALECT

include "mlir/IR/OpBase.td"

def Triton_Dialect : Dialect {
  let name = "tt";
  let cppNamespace = "::mlir::triton";
  let summary = "Triton IR (TTIR) as Triton 3.x prints it";
  let description = [{
    The `tt` dialect reads the TTIR that Triton 3.x writes for Inductor's kernels
    unchanged: same op names, same textual syntax, same attributes. It is the
    import format of triton-edge; nothing downstream depends on Triton itself.
  }];
  // Besides tt, Triton's TTIR holds arith/math/scf/cf ops and also
  // gpu.barrier (tl.debug_barrier), llvm.intr.assume (tl.assume) and
  // ub.poison; loading them with tt lets any tool read TTIR unchanged.
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect",
                           "scf::SCFDialect", "cf::ControlFlowDialect",
                           "gpu::GPUDialect", "LLVM::LLVMDialect",
                           "ub::UBDialect",
                           // Passes annotate tt kernels with te attributes
                           // (the lane plan, the cost); loaded with tt, the
                           // te dialect verifies them.
                           "triton_edge::TritonEdgeDialect"];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let usePropertiesForAttributes = 1;
  let extraClassDeclaration = [{
    void registerTypes();
  }];
}

#endif
