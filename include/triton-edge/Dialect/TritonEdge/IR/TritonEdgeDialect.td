#ifndef TRITON_EDGE_TRITONEDGE_DIALECT
#define TRITON_EDGE_TRITONEDGE_DIALECT

include "mlir/IR/OpBase.td"

def TritonEdge_Dialect : Dialect {
  let name = "te";
  let cppNamespace = "::mlir::triton_edge";
  let summary = "The contracts between triton-edge's passes";
  let description = [{
    The `te` dialect holds no operations: it declares the attributes one pass
    writes and a later pass reads (the lane plan, the loops the conversion
    builds, the kernel's ABI, its cost, what DB and MT applied). The dialect's
    verifier checks that each appears only where it means something and with
    its type; passes reach them through the accessors of
    `triton-edge/Dialect/TritonEdge/IR/Dialect.h`, never by name.
  }];
  // Attributes on upstream operations, managed through the generated
  // helpers (`<Name>AttrHelper`). Argument attributes of the kernel body
  // (`te.dma_engine`, `te.program_split`, `te.stream_stores`) are not here:
  // the helpers act on operations; Dialect.h has their accessors.
  let discardableAttrs = (ins
    // Vec: the lane plan triton-edge-vectorize writes on tt ops.
    "::mlir::DenseI64ArrayAttr":$lanes,
    "::mlir::IntegerAttr":$reduce_lanes,
    // triton-edge-trim-masked-lanes: this tt.func's blocks may be any
    // multiple of the vector width.
    "::mlir::UnitAttr":$trimmed_lanes,
    // triton-edge-estimate-cost: per-program bytes and ops.
    "::mlir::triton_edge::ProgramCostAttr":$program_cost,
    // convert-triton-to-loops: the kernel body and its loops.
    "::mlir::triton_edge::KernelAttr":$kernel,
    "::mlir::UnitAttr":$program_loop,
    "::mlir::UnitAttr":$kernel_region,
    // The placeholder of a value undefined on some path of structured
    // branches (an error if anything uses it).
    "::mlir::UnitAttr":$undef,
    // DB: what triton-edge-double-buffer applied, and its buffer selects.
    "::mlir::triton_edge::DoubleBufferingAttr":$double_buffered,
    "::mlir::UnitAttr":$buffer_select,
    // MT: the largest number of virtual programs triton-edge-split-programs
    // lets one Triton program run as.
    "::mlir::IntegerAttr":$max_program_split,
    // Vec: the copy of a vector loop whose masks are proven all-true.
    "::mlir::UnitAttr":$full_tiles
  );
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
  let dependentDialects = ["scf::SCFDialect", "arith::ArithDialect",
                           "LLVM::LLVMDialect"];
}

#endif
