#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::triton;

#include "triton-edge/Dialect/Triton/IR/TritonDialect.cpp.inc"
#include "triton-edge/Dialect/Triton/IR/TritonEnums.cpp.inc"

void TritonDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "triton-edge/Dialect/Triton/IR/TritonOps.cpp.inc"
      >();
}

Attribute TritonDialect::parseAttribute(DialectAsmParser &parser, Type) const {
  parser.emitError(parser.getNameLoc(), "the tt dialect defines no attributes");
  return {};
}
void TritonDialect::printAttribute(Attribute, DialectAsmPrinter &) const {}
