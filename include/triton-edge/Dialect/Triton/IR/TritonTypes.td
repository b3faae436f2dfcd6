#ifndef TRITON_EDGE_TRITON_TYPES
#define TRITON_EDGE_TRITON_TYPES

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"
include "triton-edge/Dialect/Triton/IR/TritonDialect.td"

class TritonTypeDef<string name, string _mnemonic, list<Trait> traits = []>
    : TypeDef<Triton_Dialect, name, traits> {
  let mnemonic = _mnemonic;
}

// `!tt.ptr<f32>` or `!tt.ptr<f32, 1>` (address space), also `!tt.ptr<tensor<..>>`
// for block pointers.
def TT_PtrType : TritonTypeDef<"Pointer", "ptr"> {
  let summary = "pointer to a value in global memory";
  let parameters = (ins "Type":$pointeeType, "int":$addressSpace);
  let builders = [
    TypeBuilderWithInferredContext<(ins "Type":$pointeeType, "int":$addressSpace), [{
      return $_get(pointeeType.getContext(), pointeeType, addressSpace);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let skipDefaultBuilders = 1;
}

// The TMA tensor descriptor type (`!tt.tensordesc<tensor<...>>`); parsed so that
// kernels using it load, then rejected by the conversion with a clear error.
def TT_TensorDescType : TritonTypeDef<"TensorDesc", "tensordesc"> {
  let summary = "tensor descriptor";
  let parameters = (ins "RankedTensorType":$blockType);
  let assemblyFormat = "`<` $blockType `>`";
  let extraClassDeclaration = [{
    // The block type with signed/unsigned integer elements made signless (the
    // descriptor may carry signedness; the tensors loaded from it do not).
    ::mlir::RankedTensorType getSignlessBlockType() const;
  }];
}

def TT_Float : AnyTypeOf<[F8E4M3FN, F8E4M3FNUZ, F8E5M2, F8E5M2FNUZ, F8E4M3B11FNUZ, F16, BF16, F32, F64], "floating-point">;
def TT_FloatTensor : RankedTensorOf<[TT_Float]>;
def TT_FloatLike : AnyTypeOf<[TT_Float, TT_FloatTensor]>;
def TT_BoolTensor : RankedTensorOf<[I1]>;
def TT_BoolLike : AnyTypeOf<[I1, TT_BoolTensor]>;
def TT_Int : AnyTypeOf<[I1, I8, I16, I32, I64], "integer">;
def TT_IntTensor : RankedTensorOf<[TT_Int]>;
def TT_IntLike : AnyTypeOf<[TT_Int, TT_IntTensor]>;
def TT_I32Like : AnyTypeOf<[I32, RankedTensorOf<[I32]>]>;
def TT_I64Like : AnyTypeOf<[I64, RankedTensorOf<[I64]>]>;
// `Type` (not a bare TypeConstraint) so it can be a tensor element type; its
// C++ class is PointerType, so custom formats print it without `!tt.`, as
// Triton does (`: <f32>`).
def TT_Ptr : Type<CPred<"::mlir::isa<::mlir::triton::PointerType>($_self)">,
                  "ptr", "::mlir::triton::PointerType">;
// A block pointer: `!tt.ptr<tensor<...>>`.
def TT_TensorPtr : Type<And<[CPred<"::mlir::isa<::mlir::triton::PointerType>($_self)">,
    CPred<"::mlir::isa<::mlir::RankedTensorType>(::mlir::cast<::mlir::triton::PointerType>($_self).getPointeeType())">]>,
    "pointer to a tensor", "::mlir::triton::PointerType">;
def TT_PtrTensor : RankedTensorOf<[TT_Ptr]>;
def TT_PtrLike : AnyTypeOf<[TT_Ptr, TT_PtrTensor]>;
def TT_Type : AnyTypeOf<[TT_FloatLike, TT_IntLike, TT_PtrLike], "Triton value">;
def TT_Tensor : RankedTensorOf<[TT_Float, TT_Int, TT_Ptr]>;
def TT_FpIntTensor : RankedTensorOf<[TT_Float, TT_Int]>;
def TT_TensorDesc : Type<CPred<"::mlir::isa<::mlir::triton::TensorDescType>($_self)">,
                         "tensor descriptor", "::mlir::triton::TensorDescType">;

#endif
