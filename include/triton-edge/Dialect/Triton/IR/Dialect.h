#ifndef TRITON_EDGE_DIALECT_TRITON_IR_DIALECT_H
#define TRITON_EDGE_DIALECT_TRITON_IR_DIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "triton-edge/Dialect/Triton/IR/TritonDialect.h.inc"
#include "triton-edge/Dialect/Triton/IR/TritonEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "triton-edge/Dialect/Triton/IR/TritonAttrs.h.inc"

#define GET_TYPEDEF_CLASSES
#include "triton-edge/Dialect/Triton/IR/TritonTypes.h.inc"

namespace mlir::triton {
/// For `!tt.ptr<T>` returns T; for `tensor<S x !tt.ptr<T>>` returns
/// `tensor<S x T>`; for a block pointer `!tt.ptr<tensor<S x T>>` returns
/// `tensor<S x T>`. Other types are returned unchanged.
Type getPointeeTensorType(Type ptrLike);
/// i1, or a tensor of i1 with the same shape as `type`.
Type getI1SameShape(Type type);
/// The element type of a scalar or tensor type.
Type getElementTypeOrSelf(Type type);
} // namespace mlir::triton

namespace mlir::OpTrait {
namespace impl {
LogicalResult verifyTritonTensorSize(Operation *op);
} // namespace impl
/// Triton's tensor-size rule: every ranked tensor operand or result of a tt op
/// has a power-of-two number of elements, at most 2^20 (in a function marked
/// `te.trimmed_lanes` by triton-edge-trim-masked-lanes, any number).
template <typename ConcreteType>
class TritonTensorSize : public TraitBase<ConcreteType, TritonTensorSize> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return impl::verifyTritonTensorSize(op);
  }
};
} // namespace mlir::OpTrait

#define GET_OP_CLASSES
#include "triton-edge/Dialect/Triton/IR/TritonOps.h.inc"

#endif
