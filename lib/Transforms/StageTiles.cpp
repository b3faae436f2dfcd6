// DB's tile staging, on the loop nests of convert-triton-to-loops: when the
// accesses of one program to one kernel argument have indices affine in
// their nests' loop indices and lanes, they read or write a scratchpad tile
// instead, filled before the first of them or written back after the
// (single) store by memref.dma_start/dma_wait pairs at program level. The
// loads inside one of the kernel's own loops (the r-block loop of a
// reduction) are staged per iteration: a tile filled at the top of the loop
// body, whose footprint may move with the loop index. The transfers are
// synchronous here; triton-edge-double-buffer overlaps them with compute
// (across programs, and across the iterations of a kernel loop).
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_STAGETILES
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

/// An index as an affine function of the values its nest does not change:
/// sum(coeff * base) + constant + sum(coeff * k), k in [0, size) for each
/// term (a loop index or the lanes of a vector).
struct Affine {
  llvm::MapVector<Value, int64_t> bases;
  int64_t constant = 0;
  struct Term {
    int64_t coeff, size;
  };
  SmallVector<Term> terms;

  void add(const Affine &o, int64_t scale) {
    for (auto [v, c] : o.bases)
      bases[v] += c * scale;
    constant += o.constant * scale;
    for (Term t : o.terms)
      terms.push_back({t.coeff * scale, t.size});
  }
  bool sameBases(const Affine &o) const {
    auto nonZero = [](const llvm::MapVector<Value, int64_t> &m) {
      SmallVector<std::pair<Value, int64_t>> out;
      for (auto [v, c] : m)
        if (c != 0)
          out.push_back({v, c});
      llvm::sort(out, [](auto &a, auto &b) {
        return a.first.getAsOpaquePointer() < b.first.getAsOpaquePointer();
      });
      return out;
    };
    return nonZero(bases) == nonZero(o.bases);
  }
  int64_t lowest() const {
    int64_t l = constant;
    for (Term t : terms)
      l += std::min<int64_t>(0, t.coeff * (t.size - 1));
    return l;
  }
  int64_t highest() const {
    int64_t h = constant;
    for (Term t : terms)
      h += std::max<int64_t>(0, t.coeff * (t.size - 1));
    return h;
  }
};

/// One memory access of a program to a kernel argument.
struct Access {
  Operation *op;
  bool write;
  Value mask;             // stores: the mask of the written lanes, if any
  Operation *top = nullptr; // the op of the program body holding it
};

/// All accesses of one program (or of one iteration of a kernel loop) to one
/// argument: one tile.
struct Group {
  BlockArgument arg;
  Operation *scope = nullptr; // the program loop or the kernel loop

  SmallVector<Access> accesses;
  Affine footprint;      // bases and the constant of the lowest element
  int64_t low = 0, extent = 0;
  std::optional<Affine> limit; // stores with a bound mask: index < limit
};

class Stager {
public:
  Stager(func::FuncOp fn, scf::ForOp programLoop, int64_t budget, int64_t buffers, bool mustFit,
         StringRef source)
      : fn(fn), programLoop(programLoop), budget(budget), buffers(buffers), mustFit(mustFit),
        source(source) {}

  LogicalResult run() {
    // Arguments both read and written are left alone: a staged copy would
    // go stale under the program's own writes.
    DenseSet<Value> reads, writes;
    fn.walk([&](Operation *op) {
      if (std::optional<Access> a = access(op)) {
        Value mem = memrefOf(op);
        (a->write ? writes : reads).insert(mem);
        if (isa<memref::AtomicRMWOp, memref::GenericAtomicRMWOp>(op))
          reads.insert(mem);
      }
    });
    // Tiles per (scope, argument): the program, or one iteration of one of
    // the kernel's own loops at program level.
    llvm::MapVector<std::pair<Operation *, Value>, Group> groups;
    auto collect = [&](Operation *scope, Operation &top, bool loadsOnly) {
      top.walk([&](Operation *op) {
        std::optional<Access> a = access(op);
        if (!a)
          return;
        auto arg = dyn_cast<BlockArgument>(memrefOf(op));
        if (!arg || arg.getOwner() != &fn.getBody().front())
          return;
        if (loadsOnly && a->write) {
          emitRemark(op->getLoc())
              << "DB: store inside a loop is not staged (loops stage their loads)";
          return;
        }
        a->top = &top;
        Group &g = groups[{scope, arg}];
        g.arg = arg;
        g.scope = scope;
        g.accesses.push_back(*a);
      });
    };
    for (Operation &top : *programLoop.getBody()) {
      auto loop = dyn_cast<scf::ForOp>(top);
      if (loop && isKernelRegion(loop)) {
        // Each iteration's loads: a tile filled at the top of the body
        // (triton-edge-double-buffer then fetches iteration i+1's during i).
        for (Operation &inner : *loop.getBody()) {
          if (isKernelRegion(&inner)) {
            remarkAccesses(inner, "DB: access inside a nested loop is not staged");
            continue;
          }
          collect(loop, inner, /*loadsOnly=*/true);
        }
        continue;
      }
      if (isKernelRegion(&top)) {
        remarkAccesses(top, "DB: access inside a kernel branch is not staged");
        continue;
      }
      collect(programLoop, top, /*loadsOnly=*/false);
    }
    // The budget holds `buffers` tiles of every staged stream.
    SmallVector<Group *> staged;
    for (auto &[key, g] : groups) {
      Value mem = key.second;
      StringRef what = g.accesses.front().write ? "store" : "load";
      std::string why;
      if (reads.contains(mem) && writes.contains(mem))
        why = "its argument is both read and written by the kernel";
      else if (analyze(g, why))
        staged.push_back(&g);
      if (!why.empty())
        emitRemark(g.accesses.front().op->getLoc()) << "DB: " << what << " not staged: " << why;
    }
    int64_t used = 0, total = 0;
    for (Group *g : staged)
      total += tileBytes(*g);
    for (Group *g : staged) {
      int64_t bytes = tileBytes(*g);
      Location loc = g->accesses.front().op->getLoc();
      StringRef what = g->accesses.front().write ? "store" : "load";
      if (used + bytes <= budget) {
        used += bytes;
        stage(*g);
        continue;
      }
      if (mustFit) {
        // --db=on asked for staging: a budget that cannot hold it is an error.
        emitError(loc) << "DB: the scratchpad budget of " << budget << " bytes (" << source
                       << ") cannot hold this program's tiles: " << staged.size()
                       << " stream(s) x " << buffers << " buffer(s) need " << total
                       << " bytes; this " << what << "'s tiles need " << bytes << " and only "
                       << budget - used << " are left";
        return failure();
      }
      emitRemark(loc) << "DB: " << what << " not staged: its tiles need " << bytes
                      << " bytes and only " << budget - used
                      << " of the scratchpad are left (budget " << budget << " bytes, " << source
                      << "); it keeps direct access";
    }
    return success();
  }

private:
  void remarkAccesses(Operation &region, StringRef message) {
    region.walk([&](Operation *op) {
      if (access(op) && isa<BlockArgument>(memrefOf(op)))
        emitRemark(op->getLoc()) << message;
    });
  }

  static Value memrefOf(Operation *op) {
    if (auto l = dyn_cast<memref::LoadOp>(op)) return l.getMemRef();
    if (auto s = dyn_cast<memref::StoreOp>(op)) return s.getMemRef();
    if (auto l = dyn_cast<vector::LoadOp>(op)) return l.getBase();
    if (auto s = dyn_cast<vector::StoreOp>(op)) return s.getBase();
    if (auto l = dyn_cast<vector::MaskedLoadOp>(op)) return l.getBase();
    if (auto s = dyn_cast<vector::MaskedStoreOp>(op)) return s.getBase();
    if (auto g = dyn_cast<vector::GatherOp>(op)) return g.getBase();
    if (auto s = dyn_cast<vector::ScatterOp>(op)) return s.getBase();
    if (auto a = dyn_cast<memref::AtomicRMWOp>(op)) return a.getMemref();
    if (auto a = dyn_cast<memref::GenericAtomicRMWOp>(op)) return a.getMemref();
    return {};
  }

  /// The access `op` makes, if it is one; stores inside an `scf.if` are
  /// masked by its condition.
  static std::optional<Access> access(Operation *op) {
    if (isa<memref::LoadOp, vector::LoadOp, vector::MaskedLoadOp, vector::GatherOp>(op))
      return Access{op, false, {}};
    if (isa<memref::AtomicRMWOp, memref::GenericAtomicRMWOp>(op))
      return Access{op, true, {}};
    Value mask;
    if (auto s = dyn_cast<vector::MaskedStoreOp>(op))
      mask = s.getMask();
    else if (auto s = dyn_cast<vector::ScatterOp>(op))
      mask = s.getMask();
    else if (!isa<memref::StoreOp, vector::StoreOp>(op))
      return std::nullopt;
    if (auto ifOp = dyn_cast<scf::IfOp>(op->getParentOp()))
      mask = ifOp.getCondition();
    return Access{op, true, mask};
  }

  /// `v` (an integer or index scalar or vector) as an Affine over the nest.
  FailureOr<Affine> affine(Value v, Operation *nest, std::string &why) {
    visitsLeft = kMaxAffineVisits;
    return affineOf(v, nest, why);
  }

  /// Index expressions are a few ops; past this many visits (a chain as long
  /// as the input makes it, or shared operands revisited) the access is not
  /// staged, which also bounds the recursion of affineOf.
  static constexpr int kMaxAffineVisits = 1000;
  int visitsLeft = 0;

  FailureOr<Affine> affineOf(Value v, Operation *nest, std::string &why) {
    if (--visitsLeft < 0) {
      why = "its index expression has more than " + std::to_string(kMaxAffineVisits) +
            " operations";
      return failure();
    }
    Affine a;
    APInt c;
    if (matchPattern(v, m_ConstantInt(&c))) {
      a.constant = c.getSExtValue();
      return a;
    }
    DenseIntElementsAttr dense;
    if (matchPattern(v, m_Constant(&dense))) {
      // A lane ramp c, c+1, ..., c+W-1.
      SmallVector<APInt> values(dense.getValues<APInt>());
      for (size_t i = 0; i < values.size(); ++i)
        if (values[i].getSExtValue() != values[0].getSExtValue() + static_cast<int64_t>(i)) {
          why = "a lane offset vector is not a unit ramp";
          return failure();
        }
      a.constant = values[0].getSExtValue();
      a.terms.push_back({1, static_cast<int64_t>(values.size())});
      return a;
    }
    if (auto iv = dyn_cast<BlockArgument>(v)) {
      auto loop = dyn_cast<scf::ForOp>(iv.getOwner()->getParentOp());
      if (loop && nest->isAncestor(loop) && iv == loop.getInductionVar()) {
        auto lb = getConstantIntValue(loop.getLowerBound());
        auto ub = getConstantIntValue(loop.getUpperBound());
        auto step = getConstantIntValue(loop.getStep());
        if (!lb || !ub || !step || *step <= 0 || *ub <= *lb) {
          why = "a loop of the nest has non-constant bounds";
          return failure();
        }
        a.constant = *lb;
        a.terms.push_back({*step, (*ub - *lb + *step - 1) / *step});
        return a;
      }
    }
    // Integer arithmetic is looked through wherever it is computed, so that
    // accesses in different nests of a program share their bases.
    Operation *def = v.getDefiningOp();
    if (def && isa<arith::ExtSIOp, arith::ExtUIOp, arith::IndexCastOp, vector::BroadcastOp>(def))
      return affineOf(def->getOperand(0), nest, why);
    if (def && isa<arith::AddIOp, arith::SubIOp>(def)) {
      FailureOr<Affine> l = affineOf(def->getOperand(0), nest, why);
      if (failed(l))
        return failure();
      FailureOr<Affine> r = affineOf(def->getOperand(1), nest, why);
      if (failed(r))
        return failure();
      l->add(*r, isa<arith::SubIOp>(def) ? -1 : 1);
      return l;
    }
    if (def && isa<arith::MulIOp>(def)) {
      for (int k = 0; k < 2; ++k) {
        // A constant factor, possibly broadcast to the lanes.
        Value f = def->getOperand(1 - k);
        if (auto bc = f.getDefiningOp<vector::BroadcastOp>())
          f = bc.getSource();
        APInt factor;
        if (!matchPattern(f, m_ConstantInt(&factor)))
          continue;
        FailureOr<Affine> x = affineOf(def->getOperand(k), nest, why);
        if (failed(x))
          return failure();
        Affine scaled;
        scaled.add(*x, factor.getSExtValue());
        return scaled;
      }
    }
    // Anything else computed outside the nest is a base.
    Operation *owner = def ? def : cast<BlockArgument>(v).getOwner()->getParentOp();
    if (!nest->isAncestor(owner)) {
      // Bases are scalars; a vector of lane indices made outside the nest
      // (a reduction whose lanes cover the whole axis has no loop) is not.
      if (isa<VectorType>(v.getType())) {
        why = "an index is a vector computed outside the nest";
        return failure();
      }
      a.bases[v] = 1;
      return a;
    }
    if (!def) {
      why = "an index is carried by a loop of the nest";
      return failure();
    }
    why = "its index uses '" + def->getName().getStringRef().str() +
          "', which is not an affine function of the nest's indices";
    return failure();
  }

  /// The element index `op` accesses (lane 0 for vectors) as an Affine,
  /// with the lanes as a term.
  FailureOr<Affine> accessIndex(Operation *op, Operation *nest, std::string &why) {
    auto lanes = [](Type t) -> int64_t {
      auto v = dyn_cast<VectorType>(t);
      return v ? v.getNumElements() : 1;
    };
    int64_t width = 1;
    // Gathers and scatters: a scalar base index plus a vector of offsets.
    auto vectorIndex = [&](Value base, Value offsets) -> FailureOr<Affine> {
      FailureOr<Affine> o = affine(offsets, nest, why);
      if (failed(o))
        return failure();
      FailureOr<Affine> first = affine(base, nest, why);
      if (failed(first))
        return failure();
      o->add(*first, 1);
      return o;
    };
    if (auto g = dyn_cast<vector::GatherOp>(op))
      return vectorIndex(g.getOffsets()[0], g.getIndices());
    if (auto s = dyn_cast<vector::ScatterOp>(op))
      return vectorIndex(s.getOffsets()[0], s.getIndices());
    Value index;
    if (auto l = dyn_cast<memref::LoadOp>(op)) index = l.getIndices()[0];
    if (auto s = dyn_cast<memref::StoreOp>(op)) index = s.getIndices()[0];
    if (auto l = dyn_cast<vector::LoadOp>(op)) index = l.getIndices()[0], width = lanes(l.getType());
    if (auto s = dyn_cast<vector::StoreOp>(op))
      index = s.getIndices()[0], width = lanes(s.getValueToStore().getType());
    if (auto l = dyn_cast<vector::MaskedLoadOp>(op))
      index = l.getIndices()[0], width = lanes(l.getType());
    if (auto s = dyn_cast<vector::MaskedStoreOp>(op))
      index = s.getIndices()[0], width = lanes(s.getValueToStore().getType());
    if (!index) {
      why = "'" + op->getName().getStringRef().str() + "' is not staged";
      return failure();
    }
    FailureOr<Affine> a = affine(index, nest, why);
    if (succeeded(a) && width > 1)
      a->terms.push_back({1, width});
    return a;
  }

  /// Whether every element of [low, low + extent) is hit exactly once.
  static bool dense(const Affine &a) {
    SmallVector<Affine::Term> sorted;
    for (Affine::Term t : a.terms)
      if (t.size > 1)
        sorted.push_back(t);
    llvm::sort(sorted, [](auto &x, auto &y) { return x.coeff < y.coeff; });
    int64_t expected = 1;
    for (Affine::Term t : sorted) {
      if (t.coeff != expected)
        return false;
      expected *= t.size;
    }
    return true;
  }

  bool analyze(Group &g, std::string &why) {
    bool write = g.accesses.front().write;
    std::optional<int64_t> low, high;
    for (const Access &a : g.accesses) {
      if (a.write != write) {
        why = "the nest both reads and writes its argument";
        return false;
      }
      FailureOr<Affine> idx = accessIndex(a.op, a.top, why);
      if (failed(idx))
        return false;
      for (Affine::Term t : idx->terms)
        if (t.coeff < 0) {
          why = "an index term decreases along the nest";
          return false;
        }
      if (low && !idx->sameBases(g.footprint)) {
        why = "its accesses in the nest start from different program values";
        return false;
      }
      if (!low)
        g.footprint = *idx;
      low = std::min(low.value_or(idx->lowest()), idx->lowest());
      high = std::max(high.value_or(idx->highest()), idx->highest());
      if (write) {
        if (g.accesses.size() != 1) {
          why = "the program stores to its argument more than once";
          return false;
        }
        if (!dense(*idx)) {
          why = "the stored elements do not cover their footprint exactly once";
          return false;
        }
        if (a.mask && !boundLimit(g, a.top, *idx, a.mask, why))
          return false;
      }
    }
    g.low = *low;
    g.extent = *high - *low + 1;
    // The tile's start is computed before the first access.
    Operation *first = g.accesses.front().top;
    auto dominates = [&](Value v) {
      Operation *def = v.getDefiningOp();
      if (!def)
        return true;
      if (def->getBlock() == first->getBlock())
        return def->isBeforeInBlock(first);
      return !g.scope->isAncestor(def);
    };
    for (auto [v, c] : g.footprint.bases)
      if (!dominates(v)) {
        why = "its start is computed after its first access";
        return false;
      }
    if (g.limit)
      for (auto [v, c] : g.limit->bases)
        if (!dominates(v)) {
          why = "its mask's limit is computed after its first access";
          return false;
        }
    return true;
  }

  /// A store mask `x < L` (lanes or scalar) where the index is x plus values
  /// the nest does not change: the write-back stops at that limit.
  bool boundLimit(Group &g, Operation *nest, const Affine &index, Value mask,
                  std::string &why) {
    why = "its mask is not a bound (offset < limit) on the stored offsets";
    auto cmp = mask.getDefiningOp<arith::CmpIOp>();
    if (!cmp || (cmp.getPredicate() != arith::CmpIPredicate::slt &&
                 cmp.getPredicate() != arith::CmpIPredicate::ult))
      return false;
    std::string ignored;
    FailureOr<Affine> x = affine(cmp.getLhs(), nest, ignored);
    FailureOr<Affine> limit = affine(cmp.getRhs(), nest, ignored);
    if (failed(x) || failed(limit) || !limit->terms.empty())
      return false;
    // index - x must not depend on the nest: same terms in the same order.
    Affine indexTerms = index;
    if (indexTerms.terms.size() != x->terms.size())
      return false;
    for (auto [a, b] : llvm::zip(indexTerms.terms, x->terms))
      if (a.coeff != b.coeff || a.size != b.size)
        return false;
    // limit in index space: L + (index - x).
    Affine shifted = *limit;
    Affine delta = index;
    delta.terms.clear();
    Affine xBases = *x;
    xBases.terms.clear();
    delta.add(xBases, -1);
    shifted.add(delta, 1);
    g.limit = shifted;
    why.clear();
    return true;
  }

  /// Emits sum(coeff * base) + constant as i64 at the builder's point.
  Value emit(OpBuilder &b, Location loc, const Affine &a, int64_t constant) {
    Type i64 = b.getI64Type();
    Value sum = arith::ConstantIntOp::create(b, loc, i64, constant);
    for (auto [base, coeff] : a.bases) {
      if (coeff == 0)
        continue;
      Value v = base;
      if (v.getType().isIndex())
        v = arith::IndexCastOp::create(b, loc, i64, v);
      else if (v.getType() != i64)
        v = arith::ExtSIOp::create(b, loc, i64, v);
      if (coeff != 1)
        v = arith::MulIOp::create(b, loc, v, arith::ConstantIntOp::create(b, loc, i64, coeff));
      sum = arith::AddIOp::create(b, loc, sum, v);
    }
    return sum;
  }

  void stage(Group &g) {
    Operation *first = g.accesses.front().top;
    Location loc = g.accesses.front().op->getLoc();
    OpBuilder b(first);
    Type i64 = b.getI64Type();
    auto memType = cast<MemRefType>(g.arg.getType());
    // The tile, at function entry.
    Value tile;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&fn.getBody().front());
      tile = memref::AllocaOp::create(
          b, loc, MemRefType::get({g.extent}, memType.getElementType()), ValueRange{},
          ValueRange{}, b.getI64IntegerAttr(64));
    }
    // The tile starts at max(low, 0): a footprint that begins before the
    // argument (masked lanes of `x - 64`) never transfers from there. It
    // ends where the footprint ends, clamped by the storage size (and a
    // store's bound mask).
    Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
    Value low = emit(b, loc, g.footprint, g.low);
    Value start = arith::MaxSIOp::create(b, loc, low, zero);
    Value end = arith::AddIOp::create(b, loc, low,
                                      arith::ConstantIntOp::create(b, loc, i64, g.extent));
    Value numel = arith::IndexCastOp::create(
        b, loc, i64, memref::DimOp::create(b, loc, g.arg, 0).getResult());
    end = arith::MinSIOp::create(b, loc, end, numel);
    if (g.limit)
      end = arith::MinSIOp::create(b, loc, end, emit(b, loc, *g.limit, g.limit->constant));
    Value count = arith::MaxSIOp::create(b, loc, arith::SubIOp::create(b, loc, end, start), zero);
    Value countIndex = arith::IndexCastOp::create(b, loc, b.getIndexType(), count);
    Value startIndex = arith::IndexCastOp::create(b, loc, b.getIndexType(), start);
    Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
    Value tag;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&fn.getBody().front());
      tag = memref::AllocaOp::create(b, loc, MemRefType::get({1}, i64));
    }
    bool write = g.accesses.front().write;
    if (!write) {
      memref::DmaStartOp::create(b, loc, g.arg, ValueRange{startIndex}, tile, ValueRange{c0},
                                 countIndex, tag, ValueRange{c0});
      memref::DmaWaitOp::create(b, loc, tag, ValueRange{c0}, countIndex);
    }
    for (const Access &a : g.accesses)
      retarget(a.op, tile, startIndex);
    if (write) {
      b.setInsertionPointAfter(g.accesses.front().top);
      memref::DmaStartOp::create(b, loc, tile, ValueRange{c0}, g.arg, ValueRange{startIndex},
                                 countIndex, tag, ValueRange{c0});
      memref::DmaWaitOp::create(b, loc, tag, ValueRange{c0}, countIndex);
    }
  }

  /// Points `op` at the tile: its memref becomes the tile and its index is
  /// taken relative to the tile's start.
  void retarget(Operation *op, Value tile, Value startIndex) {
    OpBuilder b(op);
    Value memref = memrefOf(op);
    for (OpOperand &operand : op->getOpOperands()) {
      if (operand.get() == memref) {
        operand.set(tile);
        // The first index follows the memref operand in every access op.
        OpOperand &index = op->getOpOperand(operand.getOperandNumber() + 1);
        index.set(arith::SubIOp::create(b, op->getLoc(), index.get(), startIndex));
        return;
      }
    }
  }

  /// The scratchpad bytes a staged group's buffers take.
  int64_t tileBytes(const Group &g) const {
    auto type = cast<MemRefType>(g.arg.getType());
    return g.extent * std::max<int64_t>(1, type.getElementTypeBitWidth() / 8) * buffers;
  }

  func::FuncOp fn;
  scf::ForOp programLoop;
  int64_t budget, buffers;
  bool mustFit;
  std::string source;
};

struct StageTilesPass : mlir::triton_edge::impl::StageTilesBase<StageTilesPass> {
  using Base::Base;
  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp fn) {
      if (!getKernel(fn))
        return;
      fn.walk([&](scf::ForOp loop) {
        if (isProgramLoop(loop) &&
            failed(Stager(fn, loop, scratchpadBytes, buffersPerStream, mustFit, budgetSource)
                       .run()))
          signalPassFailure();
      });
    });
  }
};
} // namespace
