#include "triton-edge/Analysis/AxisInfo.h"

#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

int64_t mlir::triton_edge::powerOfTwoDivisor(int64_t v) {
  if (v == 0)
    return kMaxDivisor;
  int64_t d = 1;
  while ((v % (d * 2)) == 0 && d < kMaxDivisor)
    d *= 2;
  return d;
}

std::optional<LaneFact>
mlir::triton_edge::transferLaneFact(Operation *op, ArrayRef<LaneFact> ops,
                                    ArrayRef<std::optional<int64_t>> constants,
                                    int64_t width) {
  if (isa<arith::ConstantOp>(op)) {
    APInt value;
    if (matchPattern(op->getResult(0), m_ConstantInt(&value)))
      return LaneFact::uniform(powerOfTwoDivisor(value.getSExtValue()));
    return std::nullopt;
  }
  if (isa<arith::AddIOp>(op))
    return LaneFact{ops[0].stride + ops[1].stride, std::min(ops[0].divisor, ops[1].divisor)};
  if (isa<arith::SubIOp>(op))
    return LaneFact{ops[0].stride - ops[1].stride, std::min(ops[0].divisor, ops[1].divisor)};
  if (isa<arith::MulIOp>(op)) {
    // The lane stride stays a compile-time constant only if the other factor
    // is one (or both are uniform).
    int64_t divisor = std::min(ops[0].divisor * ops[1].divisor, kMaxDivisor);
    for (int k = 0; k < 2; ++k) {
      const LaneFact &a = ops[k], &c = ops[1 - k];
      if (c.stride != 0)
        continue;
      if (constants[1 - k])
        return LaneFact{a.stride * *constants[1 - k], divisor};
      if (a.stride == 0)
        return LaneFact{0, divisor};
    }
    return std::nullopt;
  }
  if (isa<arith::ExtSIOp, arith::ExtUIOp, arith::TruncIOp, arith::IndexCastOp>(op))
    return ops[0];
  if (isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp>(op)) {
    if (ops[0].stride == 0 && ops[1].stride == 0)
      return LaneFact::uniform(1);
    // With base a multiple of the lane count W and a divisor C that W
    // divides, the W lanes never straddle a multiple of C: the quotient is
    // uniform and the remainder keeps unit stride. C is a positive constant
    // or a uniform value whose known divisibility W divides (a kernel
    // argument of `tt.divisibility` 16: Triton's `offs % M`); a run-time C
    // of 0 is covered too, since x % 0 = x and x / 0 = -1 (docs/semantics.md).
    if (ops[1].stride != 0 || ops[0].stride != 1 || ops[0].divisor % width != 0)
      return std::nullopt;
    std::optional<int64_t> c = constants[1];
    bool aligned = c ? *c > 0 && *c % width == 0 : ops[1].divisor % width == 0;
    if (aligned)
      return isa<arith::DivSIOp, arith::DivUIOp>(op) ? LaneFact::uniform(1)
                                                     : LaneFact{1, width};
    return std::nullopt;
  }
  return std::nullopt;
}

namespace {
/// The ops uniformDivisibility looks through; anything else is a leaf.
bool isDivisibilityTransfer(Operation *op) {
  return isa<tt::SplatOp, arith::ConstantOp, arith::AddIOp, arith::SubIOp, arith::MulIOp,
             arith::ExtSIOp, arith::ExtUIOp, arith::IndexCastOp>(op);
}

/// A leaf's divisibility: a kernel argument's `tt.divisibility`, else 1.
int64_t leafDivisibility(Value v) {
  auto arg = dyn_cast<BlockArgument>(v);
  if (!arg)
    return 1;
  auto fn = dyn_cast<tt::FuncOp>(arg.getOwner()->getParentOp());
  if (fn && arg.getOwner() == &fn.getBody().front())
    if (auto div = fn.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(), "tt.divisibility"))
      return div.getInt();
  return 1;
}

/// `def`'s divisibility from its operands', all already in `known`.
int64_t transferDivisibility(Operation *def, const DenseMap<Value, int64_t> &known) {
  if (isa<tt::SplatOp>(def))
    return known.lookup(def->getOperand(0));
  SmallVector<LaneFact> facts;
  SmallVector<std::optional<int64_t>> constants;
  for (Value operand : def->getOperands()) {
    facts.push_back(LaneFact::uniform(known.lookup(operand)));
    constants.push_back(getConstantIntValue(operand));
  }
  std::optional<LaneFact> fact = transferLaneFact(def, facts, constants, 1);
  return fact ? fact->divisor : 1;
}
} // namespace

int64_t mlir::triton_edge::uniformDivisibility(Value v) {
  // Operands first, with an explicit stack and a memo: an input's integer
  // chains are as long as it likes (recursion overflowed the stack) and
  // may share operands (a walk without the memo is exponential).
  DenseMap<Value, int64_t> known;
  SmallVector<std::pair<Value, bool>> stack{{v, false}};
  while (!stack.empty()) {
    auto [value, operandsDone] = stack.back();
    Operation *def = value.getDefiningOp();
    if (!def || !isDivisibilityTransfer(def)) {
      known.try_emplace(value, leafDivisibility(value));
      stack.pop_back();
      continue;
    }
    if (operandsDone) {
      known[value] = transferDivisibility(def, known);
      stack.pop_back();
      continue;
    }
    // 1 while in progress: what a cycle (in unverified IR) would see.
    if (!known.try_emplace(value, 1).second) {
      stack.pop_back();
      continue;
    }
    stack.back().second = true;
    for (Value operand : def->getOperands())
      if (!known.count(operand))
        stack.push_back({operand, false});
  }
  return known.lookup(v);
}
