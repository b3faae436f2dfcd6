// The structure-aware mode of triton-edge-fuzz (the target
// triton-edge-fuzz-structured): a libFuzzer custom mutator that parses the
// input as MLIR and, when it parses, changes it as IR: duplicates an op,
// swaps two independent neighbours, wraps an op in scf.if or scf.for (many
// times: deep regions), grows long chains of elementwise ops, swaps
// operands of one type, changes constants. It prints the module back. Byte
// mutations (LLVMFuzzerMutate) cover what does not parse, and a share of
// what does, so malformed text is still explored.
#include "FuzzContext.h"
#include "triton-edge/InitAll.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace mlir;

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

// mt19937: minstd_rand's first draws follow its seed (small seeds draw 0).
using Rng = std::mt19937;

size_t pick(Rng &rng, size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }

/// Its own context (the harness's is renewed on its own schedule).
MLIRContext &mutatorContext() {
  static triton_edge::FuzzContext context;
  return context.get();
}

/// Ops a mutation may touch: not the module, functions or terminators.
SmallVector<Operation *> candidateOps(ModuleOp module) {
  SmallVector<Operation *> ops;
  module.walk([&](Operation *op) {
    if (op != module && !isa<FunctionOpInterface>(op) && !op->hasTrait<OpTrait::IsTerminator>() &&
        op->getBlock())
      ops.push_back(op);
  });
  return ops;
}

bool duplicateOp(Operation *op, Rng &) {
  OpBuilder b(op->getContext());
  b.setInsertionPointAfter(op);
  b.clone(*op);
  return true;
}

/// Moves the next op above `op` when it does not use `op`'s results.
bool swapWithNext(Operation *op, Rng &) {
  Operation *next = op->getNextNode();
  if (!next || next->hasTrait<OpTrait::IsTerminator>())
    return false;
  for (Value operand : next->getOperands())
    if (operand.getDefiningOp() == op)
      return false;
  bool nestedUse = false;
  next->walk([&](Operation *inner) {
    for (Value operand : inner->getOperands())
      nestedUse |= operand.getDefiningOp() == op;
  });
  if (nestedUse)
    return false;
  next->moveBefore(op);
  return true;
}

/// Replaces `op` by `scf.if %cond { op } else { op }` (no else without
/// results); returns the clone in the then-branch.
Operation *wrapInIf(Operation *op, Rng &rng) {
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value cond = arith::ConstantIntOp::create(b, loc, b.getI1Type(), pick(rng, 4) != 0);
  Operation *inner = nullptr;
  auto branch = [&](OpBuilder &nb, Location l) {
    Operation *c = nb.clone(*op);
    inner = inner ? inner : c;
    scf::YieldOp::create(nb, l, c->getResults());
  };
  scf::IfOp ifOp;
  if (op->getNumResults() == 0)
    ifOp = scf::IfOp::create(b, loc, cond, branch);
  else
    ifOp = scf::IfOp::create(b, loc, cond, branch, branch);
  op->replaceAllUsesWith(ifOp->getResults());
  op->erase();
  return inner;
}

/// Adds after `op` an scf.for of 0..N that recomputes it, carrying its
/// results; later uses take the loop's.
Operation *wrapInFor(Operation *op, Rng &rng) {
  OpBuilder b(op->getContext());
  b.setInsertionPointAfter(op);
  Location loc = op->getLoc();
  Type i32 = b.getI32Type();
  Value lb = arith::ConstantIntOp::create(b, loc, i32, 0);
  Value ub = arith::ConstantIntOp::create(b, loc, i32, static_cast<int64_t>(pick(rng, 4)));
  Value step = arith::ConstantIntOp::create(b, loc, i32, 1);
  Operation *inner = nullptr;
  auto loop = scf::ForOp::create(b, loc, lb, ub, step, op->getResults(),
                                 [&](OpBuilder &nb, Location l, Value, ValueRange) {
                                   inner = nb.clone(*op);
                                   scf::YieldOp::create(nb, l, inner->getResults());
                                 });
  for (auto [from, to] : llvm::zip(op->getResults(), loop.getResults()))
    from.replaceAllUsesExcept(to, loop);
  return inner;
}

/// Nests `op` 1..64 levels deep in scf.if / scf.for.
bool deepen(Operation *op, Rng &rng) {
  size_t levels = 1 + (pick(rng, 4) == 0 ? pick(rng, 64) : pick(rng, 3));
  for (size_t i = 0; i < levels && op; ++i)
    op = pick(rng, 2) ? wrapInIf(op, rng) : wrapInFor(op, rng);
  return true;
}

/// Replaces the uses of one float or integer result by a chain of 2..2000
/// elementwise ops that starts from it.
bool growChain(Operation *op, Rng &rng) {
  for (Value v : op->getResults()) {
    Type element = getElementTypeOrSelf(v.getType());
    bool isFloat = isa<FloatType>(element);
    if (!isFloat && !element.isSignlessInteger())
      continue;
    if (!isa<FloatType, IntegerType, RankedTensorType>(v.getType()))
      continue;
    OpBuilder b(op->getContext());
    b.setInsertionPointAfter(op);
    size_t length = 2 + (pick(rng, 8) == 0 ? pick(rng, 2000) : pick(rng, 30));
    DenseSet<Operation *> chain;
    Value cur = v;
    for (size_t i = 0; i < length; ++i) {
      Value rhs = pick(rng, 2) ? v : cur;
      Operation *link;
      if (isFloat)
        link = pick(rng, 2) ? arith::AddFOp::create(b, op->getLoc(), cur, rhs).getOperation()
                            : arith::MulFOp::create(b, op->getLoc(), cur, rhs).getOperation();
      else
        link = pick(rng, 2) ? arith::AddIOp::create(b, op->getLoc(), cur, rhs).getOperation()
                            : arith::XOrIOp::create(b, op->getLoc(), cur, rhs).getOperation();
      chain.insert(link);
      cur = link->getResult(0);
    }
    v.replaceUsesWithIf(cur, [&](OpOperand &use) { return !chain.contains(use.getOwner()); });
    return true;
  }
  return false;
}

bool swapOperands(Operation *op, Rng &rng) {
  unsigned n = op->getNumOperands();
  if (n < 2)
    return false;
  unsigned i = pick(rng, n);
  for (unsigned k = 1; k < n; ++k) {
    unsigned j = (i + k) % n;
    if (op->getOperand(i).getType() == op->getOperand(j).getType() &&
        op->getOperand(i) != op->getOperand(j)) {
      Value a = op->getOperand(i);
      op->setOperand(i, op->getOperand(j));
      op->setOperand(j, a);
      return true;
    }
  }
  return false;
}

/// A new value for a constant: edge cases of its type more often than not.
Attribute mutateScalar(Attribute value, Rng &rng) {
  if (auto i = dyn_cast<IntegerAttr>(value)) {
    unsigned width = i.getType().isIndex() ? 64 : i.getType().getIntOrFloatBitWidth();
    const int64_t edges[] = {0, 1, -1, 2, 3, 7, 16, 255, 1024, INT32_MAX, INT32_MIN, INT64_MIN};
    int64_t v = pick(rng, 3) ? edges[pick(rng, std::size(edges))]
                             : i.getValue().getSExtValue() + int64_t(pick(rng, 9)) - 4;
    return IntegerAttr::get(i.getType(), APInt(width, v, /*isSigned=*/true, /*implicitTrunc=*/true));
  }
  if (auto f = dyn_cast<FloatAttr>(value)) {
    const double edges[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e-40, 65504.0, 3.4e38,
                            std::numeric_limits<double>::infinity(),
                            -std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN()};
    double v = pick(rng, 3) ? edges[pick(rng, std::size(edges))]
                            : f.getValueAsDouble() * (double(pick(rng, 7)) - 3);
    return FloatAttr::get(f.getType(), v);
  }
  return {};
}

bool changeConstant(Operation *op, Rng &rng) {
  auto cst = dyn_cast<arith::ConstantOp>(op);
  if (!cst)
    return false;
  Attribute value = cst.getValue();
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (!dense.isSplat())
      return false;
    Attribute scalar = mutateScalar(dense.getSplatValue<Attribute>(), rng);
    if (!scalar)
      return false;
    cst.setValueAttr(DenseElementsAttr::get(dense.getType(), scalar));
    return true;
  }
  Attribute scalar = mutateScalar(value, rng);
  if (!scalar)
    return false;
  cst.setValueAttr(cast<TypedAttr>(scalar));
  return true;
}

/// One to four structural mutations; false when none applied.
bool mutateModule(ModuleOp module, Rng &rng) {
  using Mutation = bool (*)(Operation *, Rng &);
  const Mutation mutations[] = {
      duplicateOp, swapWithNext, deepen, growChain, swapOperands, changeConstant,
      [](Operation *op, Rng &r) { return wrapInIf(op, r) != nullptr; },
      [](Operation *op, Rng &r) { return wrapInFor(op, r) != nullptr; }};
  bool changed = false;
  for (size_t round = 1 + pick(rng, 4), tries = 0; round > 0 && tries < 16; ++tries) {
    SmallVector<Operation *> ops = candidateOps(module);
    if (ops.empty())
      return changed;
    if (mutations[pick(rng, std::size(mutations))](ops[pick(rng, ops.size())], rng)) {
      changed = true;
      --round;
    }
  }
  return changed;
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t maxSize,
                                          unsigned int seed) {
  Rng rng(seed);
  // A fifth of the parsable inputs still get byte mutations.
  if (size == 0 || pick(rng, 5) == 0)
    return LLVMFuzzerMutate(data, size, maxSize);
  MLIRContext &ctx = mutatorContext();
  ParserConfig config(&ctx);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(
      StringRef(reinterpret_cast<const char *>(data), size), config, "mutate.ttir");
  if (!module || !mutateModule(*module, rng) || failed(verify(*module)))
    return LLVMFuzzerMutate(data, size, maxSize);
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  if (text.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, text.data(), text.size());
  return text.size();
}
