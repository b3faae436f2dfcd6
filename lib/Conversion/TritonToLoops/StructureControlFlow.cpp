// Unstructured control flow inside tt.func bodies (cf.br / cf.cond_br:
// Triton lowers an early `return` inside an `if` to branches between
// blocks) lifted to scf.if / scf.while by upstream transformCFGToSCF before
// the lowering, which handles structured control flow only. ub.poison
// (values on paths that return early, or Triton's own) becomes zero.
#include "KernelLowering.h"

#include "mlir/Conversion/ControlFlowToSCF/ControlFlowToSCF.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/Dominance.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// The cf -> scf lifting of upstream, ending unreachable paths with
/// tt.return instead of func.return, and with zeros for the values of paths
/// that never produce them (any value refines poison; zeros keep the pass
/// within the dialects the lowering already loads).
class TritonCFGToSCF : public ControlFlowToSCFTransformation {
public:
  Value getUndefValue(Location loc, OpBuilder &builder, Type type) override {
    if (getElementTypeOrSelf(type).isIntOrIndexOrFloat())
      return arith::ConstantOp::create(builder, loc, type, builder.getZeroAttr(type));
    // No zero pointer: a placeholder, an error below if anything uses it.
    auto undef = UnrealizedConversionCastOp::create(builder, loc, TypeRange{type}, ValueRange{});
    undef->setAttr(kUndef, builder.getUnitAttr());
    return undef.getResult(0);
  }
  static constexpr StringLiteral kUndef = "te.undef";

  FailureOr<Operation *> createUnreachableTerminator(Location loc, OpBuilder &builder,
                                                     Region &region) override {
    auto fn = dyn_cast<tt::FuncOp>(region.getParentOp());
    if (!fn)
      return emitError(loc, "unreachable block outside a tt.func");
    SmallVector<Value> values;
    for (Type type : fn.getResultTypes())
      values.push_back(getUndefValue(loc, builder, type));
    return tt::ReturnOp::create(builder, loc, values).getOperation();
  }
};

/// `scf.index_switch %arg case c0 {..} case c1 {..} default {..}` as
/// `scf.if %arg == c0 {..} else { scf.if %arg == c1 {..} else {..} }`: the
/// lowering handles scf.if, and the lifting makes a switch of the blocks an
/// early `return` inside nested ifs branches to.
void replaceIndexSwitch(scf::IndexSwitchOp sw) {
  OpBuilder b(sw);
  Location loc = sw.getLoc();
  TypeRange types = sw.getResultTypes();
  ArrayRef<int64_t> cases = sw.getCases();
  if (cases.empty()) { // only the default region: its body in place
    Block &body = sw.getDefaultBlock();
    Operation *yield = body.getTerminator();
    sw.replaceAllUsesWith(yield->getOperands());
    yield->erase();
    sw->getBlock()->getOperations().splice(Block::iterator(sw), body.getOperations());
    sw.erase();
    return;
  }
  SmallVector<Value> results;
  for (auto [i, value] : llvm::enumerate(cases)) {
    Value caseValue = arith::ConstantIndexOp::create(b, loc, value);
    Value taken = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, sw.getArg(), caseValue);
    auto ifOp = scf::IfOp::create(b, loc, types, taken, /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    ifOp.getThenRegion().takeBody(sw.getCaseRegions()[i]);
    if (i == 0)
      results.assign(ifOp.getResults().begin(), ifOp.getResults().end());
    else // ends the else block of the previous case's scf.if
      scf::YieldOp::create(b, loc, ifOp.getResults());
    if (i + 1 == cases.size())
      ifOp.getElseRegion().takeBody(sw.getDefaultRegion());
    else
      b.createBlock(&ifOp.getElseRegion());
  }
  sw.replaceAllUsesWith(results);
  sw.erase();
}

/// ub.poison as zero: any value is a refinement of poison, and a defined
/// one keeps every later use (stores, compares) deterministic.
LogicalResult replacePoison(ub::PoisonOp poison) {
  Type type = poison.getType();
  Type elem = getElementTypeOrSelf(type);
  if (!elem.isIntOrIndexOrFloat())
    return poison.emitError("ub.poison of type ") << type << " is not supported";
  OpBuilder b(poison);
  TypedAttr zero = b.getZeroAttr(type);
  Value cst = arith::ConstantOp::create(b, poison.getLoc(), type, zero);
  poison.replaceAllUsesWith(cst);
  poison.erase();
  return success();
}
} // namespace

LogicalResult mlir::triton_edge::structureControlFlow(ModuleOp module) {
  for (auto fn : module.getOps<tt::FuncOp>()) {
    if (fn.isExternal() || fn.getBody().hasOneBlock())
      continue;
    TritonCFGToSCF lifting;
    DominanceInfo dominance(fn);
    FailureOr<bool> changed = transformCFGToSCF(fn.getBody(), lifting, dominance);
    if (failed(changed))
      return fn.emitError("could not structure the branches of '@") << fn.getName() << "'";
    Operation *left = nullptr;
    fn.walk([&](Operation *op) {
      if (!left && isa<cf::ControlFlowDialect>(op->getDialect()))
        left = op;
    });
    if (left)
      return left->emitError("'") << left->getName() << "' left after structuring branches";
    SmallVector<scf::IndexSwitchOp> switches;
    fn.walk([&](scf::IndexSwitchOp op) { switches.push_back(op); });
    for (scf::IndexSwitchOp op : switches)
      replaceIndexSwitch(op);
    SmallVector<UnrealizedConversionCastOp> undefs;
    fn.walk([&](UnrealizedConversionCastOp op) {
      if (op->hasAttr(TritonCFGToSCF::kUndef))
        undefs.push_back(op);
    });
    for (UnrealizedConversionCastOp op : undefs) {
      if (!op->use_empty())
        return op.emitError("a ") << op.getType(0)
                                  << " value undefined on some path of the branches is not supported";
      op.erase();
    }
  }
  SmallVector<ub::PoisonOp> poisons;
  module.walk([&](ub::PoisonOp op) { poisons.push_back(op); });
  for (ub::PoisonOp op : poisons)
    if (failed(replacePoison(op)))
      return failure();
  return success();
}
