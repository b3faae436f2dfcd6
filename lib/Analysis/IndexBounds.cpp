#include "triton-edge/Analysis/IndexBounds.h"
#include "triton-edge/Analysis/PointerProvenance.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include <set>

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// The integer pointer arguments whose loaded values `v` depends on
/// (through any chain of ops; loads are not looked through).
/// With an explicit worklist: the operand chains of a kernel are as deep as
/// its input makes them.
void loadedArguments(Value root, PointerProvenance &provenance, DenseSet<Value> &seen,
                     std::set<unsigned> &args) {
  SmallVector<Value> work = {root};
  while (!work.empty()) {
    Value v = work.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    Operation *def = v.getDefiningOp();
    if (!def)
      continue;
    if (auto load = dyn_cast<tt::LoadOp>(def)) {
      if (!isa<IntegerType>(getElementTypeOrSelf(load.getResult().getType())))
        continue;
      if (std::optional<unsigned> arg = provenance.lookup(load.getPtr()))
        args.insert(*arg);
      continue;
    }
    for (Value operand : def->getOperands())
      work.push_back(operand);
  }
}

std::optional<int64_t> constantBound(Value v) {
  APInt c;
  if (matchPattern(v, m_ConstantInt(&c)) && c.isStrictlyPositive())
    return c.getSExtValue();
  return std::nullopt;
}
} // namespace

std::map<unsigned, int64_t> mlir::triton_edge::assertedIndexBounds(tt::FuncOp kernel) {
  std::map<unsigned, int64_t> bounds;
  if (kernel.isExternal())
    return bounds;
  PointerProvenance provenance(kernel);
  kernel.walk([&](tt::AssertOp assertOp) {
    // Every comparison in the condition's DAG.
    SmallVector<Value> work{assertOp.getCondition()};
    DenseSet<Value> visited;
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (!visited.insert(v).second)
        continue;
      Operation *def = v.getDefiningOp();
      if (!def || isa<tt::LoadOp>(def))
        continue;
      if (auto cmp = dyn_cast<arith::CmpIOp>(def)) {
        auto pred = cmp.getPredicate();
        std::optional<int64_t> bound;
        if (pred == arith::CmpIPredicate::slt || pred == arith::CmpIPredicate::ult)
          bound = constantBound(cmp.getRhs());
        if (bound) {
          DenseSet<Value> seen;
          std::set<unsigned> args;
          loadedArguments(cmp.getLhs(), provenance, seen, args);
          for (unsigned arg : args) {
            auto [it, inserted] = bounds.emplace(arg, *bound);
            if (!inserted)
              it->second = std::min(it->second, *bound);
          }
        }
      }
      for (Value operand : def->getOperands())
        work.push_back(operand);
    }
  });
  return bounds;
}
