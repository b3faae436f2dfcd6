// triton-edge-promote-f64: every float type of a tt kernel (values, pointers'
// pointees, constants, signatures) becomes f64. `check` compiles a kernel this
// way to get a float64 evaluation of the same program, the yardstick of its
// tolerance rule (docs/case-format.md).
#include "triton-edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_PROMOTEF64
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
namespace tt = mlir::triton;

namespace {

Type promote(Type t) {
  MLIRContext *ctx = t.getContext();
  if (auto f = dyn_cast<FloatType>(t))
    return f.getWidth() < 64 ? Float64Type::get(ctx) : t;
  if (auto r = dyn_cast<RankedTensorType>(t))
    return r.clone(promote(r.getElementType()));
  if (auto p = dyn_cast<tt::PointerType>(t))
    return tt::PointerType::get(promote(p.getPointeeType()), p.getAddressSpace());
  if (auto fn = dyn_cast<FunctionType>(t)) {
    SmallVector<Type> ins, outs;
    for (Type i : fn.getInputs())
      ins.push_back(promote(i));
    for (Type o : fn.getResults())
      outs.push_back(promote(o));
    return FunctionType::get(ctx, ins, outs);
  }
  return t;
}

Attribute promote(Attribute a) {
  if (auto f = dyn_cast<FloatAttr>(a)) {
    Type t = promote(f.getType());
    return t == f.getType() ? a : FloatAttr::get(t, f.getValueAsDouble());
  }
  if (auto d = dyn_cast<DenseFPElementsAttr>(a)) {
    auto type = cast<ShapedType>(d.getType());
    Type t = promote(type.getElementType());
    if (t == type.getElementType())
      return a;
    SmallVector<double> values;
    for (APFloat v : d.getValues<APFloat>())
      values.push_back(v.convertToDouble());
    return DenseElementsAttr::get(type.clone(t), ArrayRef<double>(values));
  }
  if (auto ta = dyn_cast<TypeAttr>(a))
    return TypeAttr::get(promote(ta.getValue()));
  return a;
}

struct PromoteF64
    : public triton_edge::impl::PromoteF64Base<PromoteF64> {
  struct Bitcast {
    Operation *op;
    Type from, to; // the cast's types before promotion
  };

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Bitcast> bitcasts;
    // Bit reinterpretations keep their original float type around the cast
    // (truncate before, extend after): the bits are the float32 ones, the
    // rest of the kernel stays in f64. Pointer bitcasts to or from a float
    // pointee would read float64 storage with another width: refuse them.
    WalkResult refused = module.walk([&](Operation *op) {
      if (!isa<tt::BitcastOp, arith::BitcastOp>(op))
        return WalkResult::advance();
      Type from = op->getOperand(0).getType(), to = op->getResult(0).getType();
      if (promote(from) == from && promote(to) == to)
        return WalkResult::advance();
      if (isa<tt::PointerType>(getElementTypeOrSelf(from))) {
        op->emitError("cannot evaluate in float64: the kernel reinterprets a "
                      "float pointer");
        return WalkResult::interrupt();
      }
      bitcasts.push_back({op, from, to});
      return WalkResult::advance();
    });
    if (refused.wasInterrupted())
      return signalPassFailure();

    SmallVector<Operation *> sameTypeCasts;
    module.walk([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            arg.setType(promote(arg.getType()));
      for (OpResult r : op->getResults())
        r.setType(promote(r.getType()));
      for (NamedAttribute attr : op->getAttrs()) {
        Attribute p = promote(attr.getValue());
        if (p != attr.getValue())
          op->setAttr(attr.getName(), p);
      }
      // Float conversions between now equal types are identities.
      if (isa<arith::ExtFOp, arith::TruncFOp, tt::FpToFpOp>(op) &&
          op->getOperand(0).getType() == op->getResult(0).getType())
        sameTypeCasts.push_back(op);
    });
    for (Operation *op : sameTypeCasts) {
      op->getResult(0).replaceAllUsesWith(op->getOperand(0));
      op->erase();
    }
    for (const Bitcast &c : bitcasts) {
      OpBuilder b(c.op);
      Location loc = c.op->getLoc();
      Value src = c.op->getOperand(0);
      if (src.getType() != c.from) {
        src = arith::TruncFOp::create(b, loc, c.from, src);
        c.op->setOperand(0, src);
      }
      Value result = c.op->getResult(0);
      if (promote(c.to) != c.to) {
        result.setType(c.to);
        b.setInsertionPointAfter(c.op);
        auto ext = arith::ExtFOp::create(b, loc, promote(c.to), result);
        result.replaceAllUsesExcept(ext, ext);
      }
    }
  }
};

} // namespace
