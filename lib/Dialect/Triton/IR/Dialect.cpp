#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::triton;

#include "triton-edge/Dialect/Triton/IR/TritonDialect.cpp.inc"
#include "triton-edge/Dialect/Triton/IR/TritonEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "triton-edge/Dialect/Triton/IR/TritonAttrs.cpp.inc"

namespace {
/// Device functions (`tt.call` of a noinline helper) are inlined before the
/// lowering: every tt op may be inlined, and tt.return hands its operands to
/// the call's results.
struct TritonInlinerInterface : DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Operation *, bool) const final { return true; }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final { return true; }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final { return true; }
  void handleTerminator(Operation *op, ValueRange valuesToReplace) const final {
    for (auto [from, to] : llvm::zip(valuesToReplace, cast<ReturnOp>(op).getOperands()))
      from.replaceAllUsesWith(to);
  }
};
} // namespace

void TritonDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "triton-edge/Dialect/Triton/IR/TritonOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "triton-edge/Dialect/Triton/IR/TritonAttrs.cpp.inc"
      >();
  addInterfaces<TritonInlinerInterface>();
}
