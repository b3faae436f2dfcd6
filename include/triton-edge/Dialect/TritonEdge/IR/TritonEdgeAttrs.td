#ifndef TRITON_EDGE_TRITONEDGE_ATTRS
#define TRITON_EDGE_TRITONEDGE_ATTRS

include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

class TritonEdge_Attr<string name, string attrMnemonic>
    : AttrDef<TritonEdge_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def TritonEdge_KernelAttr : TritonEdge_Attr<"Kernel", "kernel"> {
  let summary = "the Triton kernel a lowered body implements, and its C ABI";
  let description = [{
    On the `<name>__body` function convert-triton-to-loops builds (and the
    LLVM function it becomes): the Triton kernel's name and, per kernel
    argument, its tt type and TTIR name. triton-edge-emit-entry-points writes
    the C entry point and `te_kernel_info` from it.

    ```mlir
    te.kernel = #te.kernel<"add_kernel", [!tt.ptr<f32>, i32], ["x_ptr", "n"]>
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    ArrayRefParameter<"::mlir::Type">:$argTypes,
    ArrayRefParameter<"::mlir::StringAttr">:$argNames
  );
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def TritonEdge_ProgramCostAttr : TritonEdge_Attr<"ProgramCost", "program_cost"> {
  let summary = "per-program bytes moved and operations, the MT cost model's input";
  let description = [{
    Written on the tt kernel by triton-edge-estimate-cost, carried to the
    kernel body; triton-edge-emit-entry-points divides it by the program split
    into `te_kernel_info.bytes_per_program` / `ops_per_program`.

    ```mlir
    te.program_cost = #te.program_cost<bytes = 6.144000e+03, ops = 1.026000e+03>
    ```
  }];
  let parameters = (ins APFloatParameter<"bytes moved">:$bytes,
                        APFloatParameter<"operations">:$ops);
  let builders = [
    AttrBuilder<(ins "double":$bytes, "double":$ops), [{
      return $_get($_ctxt, ::llvm::APFloat(bytes), ::llvm::APFloat(ops));
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

// The codes of te_kernel_info.double_buffered (runtime kernel_abi.h).
def TritonEdge_DoubleBuffering : I32EnumAttr<"DoubleBuffering",
    "what triton-edge-double-buffer applied", [
      I32EnumAttrCase<"Dma", 1, "dma">,
      I32EnumAttrCase<"Prefetch", 2, "prefetch">]> {
  let cppNamespace = "::mlir::triton_edge";
  let genSpecializedAttr = 0;
}

def TritonEdge_DoubleBufferingAttr
    : EnumAttr<TritonEdge_Dialect, TritonEdge_DoubleBuffering, "double_buffering"> {
  let summary = "DB applied: DMA into N scratchpad buffers, or in-place prefetching";
  let assemblyFormat = "`<` $value `>`";
}

#endif
