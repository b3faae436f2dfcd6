#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_DOUBLEBUFFER
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

/// One staged transfer of the program loop body: a dma_start and the
/// dma_wait that completes it.
struct Stream {
  memref::DmaStartOp start;
  memref::DmaWaitOp wait;
  memref::AllocaOp tile;   // the scratchpad side
  bool isInput = false;    // memory -> tile (else tile -> memory)
  SmallVector<Value> tiles; // N buffers, tiles[0] is the original
  Value tags;              // memref<N x i64>
  SetVector<Operation *> addressSlice;
};

/// Software-pipelines one loop with staged transfers at the top of its
/// body: the program loop, or one of the kernel's own loops (r-blocks).
/// Written here rather than with scf::pipelineForLoop + memref::multiBuffer:
/// the trip counts are dynamic (program ranges, r0_numel), where the
/// upstream pipeliner needs every op of a stage predicated; here only the
/// prefetch of iteration i+N-1 is guarded (one scf.if), the compute runs
/// unchanged, and the buffer of an iteration is a select among N static
/// tiles that the DMA lowering and the cost counters see as plain allocas.
class Pipeliner {
public:
  Pipeliner(scf::ForOp loop, int64_t buffers, bool inPlace)
      : loop(loop), n(buffers), inPlace(inPlace), b(loop) {}

  /// Returns true when at least one stream was pipelined.
  bool run() {
    collectStreams();
    if (streams.empty())
      return false;
    if (inPlace)
      return runInPlace();
    Location loc = loop.getLoc();
    Block *body = loop.getBody();
    Value begin = loop.getLowerBound();

    // N buffers and N tags per stream, where the original tile lives.
    for (Stream &s : streams) {
      b.setInsertionPointAfter(s.tile);
      s.tiles.push_back(s.tile);
      for (int64_t k = 1; k < n; ++k)
        s.tiles.push_back(b.clone(*s.tile)->getResult(0));
      auto tagType = MemRefType::get({n}, b.getI64Type());
      s.tags = memref::AllocaOp::create(b, loc, tagType);
    }
    // No transfer in flight: token 0 (the runtime's wait ignores it).
    b.setInsertionPoint(loop);
    Value zero = arith::ConstantIntOp::create(b, loc, b.getI64Type(), 0);
    for (Stream &s : streams)
      for (int64_t k = 0; k < n; ++k)
        memref::StoreOp::create(b, loc, zero, s.tags,
                                ValueRange{arith::ConstantIndexOp::create(b, loc, k)});

    // Prologue: the first N-1 iterations' inputs.
    for (int64_t d = 0; d + 1 < n; ++d)
      ifProgramExists(iterationAfter(begin, d), [&](Value ivD) {
        for (Stream &s : streams)
          if (s.isInput)
            startInput(s, ivD, arith::ConstantIndexOp::create(b, loc, d));
      });

    // Slot of this iteration, and the buffers it uses.
    b.setInsertionPointToStart(body);
    Value slot, aheadSlot;
    std::tie(slot, aheadSlot) = slots();
    // Inputs of iteration i+N-1 go out now, into the slot freed last iteration.
    Value ahead = iterationAfter(loop.getInductionVar(), n - 1);
    ifProgramExists(ahead, [&](Value program) {
      for (Stream &s : streams)
        if (s.isInput)
          startInput(s, program, aheadSlot);
    });
    for (Stream &s : streams) {
      Value current = select(s, slot);
      s.tile.getResult().replaceUsesWithIf(current, [&](OpOperand &use) {
        Operation *user = use.getOwner();
        return user != current.getDefiningOp() && body->findAncestorOpInBlock(*user) &&
               !isSelectChain(user);
      });
      Value tileExtent = arith::ConstantIndexOp::create(b, loc, s.tile.getType().getNumElements());
      if (s.isInput) {
        // This program's input was started one or more iterations ago.
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPoint(s.wait);
        memref::DmaWaitOp::create(b, loc, s.tags, ValueRange{slot}, tileExtent);
        s.wait.erase();
        s.start.erase();
      } else {
        // The write-back that last used this buffer must be done before the
        // compute writes it again.
        memref::DmaWaitOp::create(b, loc, s.tags, ValueRange{slot}, tileExtent);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPoint(s.start);
        memref::DmaStartOp::create(b, loc, s.start.getSrcMemRef(), s.start.getSrcIndices(),
                                   s.start.getDstMemRef(), s.start.getDstIndices(),
                                   s.start.getNumElements(), s.tags, ValueRange{slot});
        s.start.erase();
        s.wait.erase();
      }
    }
    // Epilogue: the write-backs still in flight.
    b.setInsertionPointAfter(loop);
    for (Stream &s : streams)
      if (!s.isInput)
        for (int64_t k = 0; k < n; ++k) {
          Value idx = arith::ConstantIndexOp::create(b, loc, k);
          memref::DmaWaitOp::create(b, loc, s.tags, ValueRange{idx}, idx);
        }
    return true;
  }

private:
  /// A constant of the loop index's type (index, or the integer type of a
  /// kernel loop).
  Value indexConstant(int64_t v) {
    Type type = loop.getInductionVar().getType();
    if (type.isIndex())
      return arith::ConstantIndexOp::create(b, loop.getLoc(), v);
    return arith::ConstantIntOp::create(b, loop.getLoc(), type, v);
  }
  /// The index of the iteration `d` steps after the one at `at`.
  Value iterationAfter(Value at, int64_t d) {
    Location loc = loop.getLoc();
    std::optional<int64_t> step = getConstantIntValue(loop.getStep());
    Value delta = step ? indexConstant(*step * d)
                       : arith::MulIOp::create(b, loc, loop.getStep(), indexConstant(d));
    return arith::AddIOp::create(b, loc, at, delta);
  }
  /// This iteration's slot and the slot of iteration i+N-1 (index values).
  std::pair<Value, Value> slots() {
    Location loc = loop.getLoc();
    Value nConst = indexConstant(n);
    Value rel = arith::SubIOp::create(b, loc, loop.getInductionVar(), loop.getLowerBound());
    if (getConstantIntValue(loop.getStep()) != 1)
      rel = arith::DivUIOp::create(b, loc, rel, loop.getStep());
    Value slot = arith::RemUIOp::create(b, loc, rel, nConst);
    Value aheadSlot = arith::RemUIOp::create(
        b, loc, arith::AddIOp::create(b, loc, rel, indexConstant(n - 1)), nConst);
    if (!slot.getType().isIndex()) {
      slot = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), slot);
      aheadSlot = arith::IndexCastUIOp::create(b, loc, b.getIndexType(), aheadSlot);
    }
    return {slot, aheadSlot};
  }

  /// Emits `body(program)` guarded by program < end (the loop's upper
  /// bound); the insertion point stays after the guard.
  void ifProgramExists(Value program, function_ref<void(Value)> body) {
    Location loc = loop.getLoc();
    // Program loops count in index (unsigned); kernel loops compare as
    // scf.for does (signed unless marked unsigned).
    bool isUnsigned = program.getType().isIndex() || loop.getUnsignedCmp();
    Value inRange = arith::CmpIOp::create(
        b, loc, isUnsigned ? arith::CmpIPredicate::ult : arith::CmpIPredicate::slt, program,
        loop.getUpperBound());
    auto ifOp = scf::IfOp::create(b, loc, inRange, false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    body(program);
  }

  /// Prefetch variant: tiles become views of main memory, transfers become
  /// prefetches of program i+N-1's footprint issued while program i computes.
  bool runInPlace() {
    Location loc = loop.getLoc();
    Block *body = loop.getBody();
    Value iv = loop.getInductionVar();
    Value begin = loop.getLowerBound();
    for (Stream &s : streams) {
      Value mem = s.isInput ? s.start.getSrcMemRef() : s.start.getDstMemRef();
      ValueRange indices = s.isInput ? s.start.getSrcIndices() : s.start.getDstIndices();
      // The view must come after its offset and before the tile's first use.
      Operation *firstUse = nullptr;
      for (Operation &op : *body)
        if (&op != s.start.getOperation() && &op != s.wait.getOperation() &&
            llvm::any_of(s.tile->getUsers(), [&](Operation *u) {
              return op.isAncestor(u) && u != s.start.getOperation();
            })) {
          firstUse = &op;
          break;
        }
      if (s.isInput)
        b.setInsertionPoint(s.wait);
      else if (firstUse)
        b.setInsertionPoint(firstUse);
      else
        b.setInsertionPoint(s.start);
      int64_t extent = s.tile.getType().getNumElements();
      auto view = memref::SubViewOp::create(b, loc, mem, ArrayRef<OpFoldResult>{indices[0]},
                                            ArrayRef<OpFoldResult>{b.getIndexAttr(extent)},
                                            ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : s.tile->getUses())
        if (use.getOwner() != s.start.getOperation() && body->findAncestorOpInBlock(*use.getOwner()))
          uses.push_back(&use);
      for (OpOperand *use : uses)
        use->set(view);
      if (s.isInput) {
        // Warm the first programs, then keep N-1 programs ahead.
        b.setInsertionPoint(loop);
        for (int64_t d = 0; d + 1 < n; ++d)
          ifProgramExists(iterationAfter(begin, d), [&](Value ivD) { prefetchInput(s, ivD); });
        b.setInsertionPointToStart(body);
        ifProgramExists(iterationAfter(iv, n - 1), [&](Value ahead) { prefetchInput(s, ahead); });
      }
      s.wait.erase();
      s.start.erase();
      if (s.tile->use_empty())
        s.tile.erase();
    }
    return true;
  }

  /// memref.prefetch over the footprint of program `iv`, one per cache line.
  void prefetchInput(Stream &s, Value iv) {
    IRMapping map;
    map.map(loop.getInductionVar(), iv);
    for (Operation *o : s.addressSlice)
      b.clone(*o, map);
    Location loc = s.start.getLoc();
    Value start = map.lookupOrDefault(s.start.getSrcIndices()[0]);
    Value count = map.lookupOrDefault(s.start.getNumElements());
    Value mem = s.start.getSrcMemRef();
    int64_t elemBytes =
        std::max<int64_t>(1, cast<MemRefType>(mem.getType()).getElementTypeBitWidth() / 8);
    Value step = arith::ConstantIndexOp::create(b, loc, std::max<int64_t>(1, 64 / elemBytes));
    auto lines = scf::ForOp::create(b, loc, arith::ConstantIndexOp::create(b, loc, 0), count, step);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(lines.getBody());
    Value at = arith::AddIOp::create(b, loc, start, lines.getInductionVar());
    memref::PrefetchOp::create(b, loc, mem, ValueRange{at}, /*isWrite=*/false,
                               /*localityHint=*/3, /*isDataCache=*/true);
  }

  void collectStreams() {
    Block *body = loop.getBody();
    for (Operation &op : *body) {
      auto start = dyn_cast<memref::DmaStartOp>(op);
      if (!start)
        continue;
      memref::DmaWaitOp wait;
      for (Operation *next = start->getNextNode(); next; next = next->getNextNode())
        if (auto w = dyn_cast<memref::DmaWaitOp>(next); w && w.getTagMemRef() == start.getTagMemRef()) {
          wait = w;
          break;
        }
      if (!wait)
        continue;
      Stream s;
      s.start = start;
      s.wait = wait;
      auto dstTile = start.getDstMemRef().getDefiningOp<memref::AllocaOp>();
      auto srcTile = start.getSrcMemRef().getDefiningOp<memref::AllocaOp>();
      if (dstTile && isa<BlockArgument>(start.getSrcMemRef())) {
        s.isInput = true;
        s.tile = dstTile;
      } else if (srcTile && isa<BlockArgument>(start.getDstMemRef())) {
        s.tile = srcTile;
      } else {
        continue;
      }
      if (s.isInput) {
        // The address of a later program is recomputed from its index.
        BackwardSliceOptions options;
        options.filter = [&](Operation *o) { return o->getBlock() == body; };
        options.inclusive = false;
        options.omitUsesFromAbove = false; // what a pure scf.if's regions use is cloned too
        bool pure = true;
        SmallVector<Value> addressValues(start.getSrcIndices());
        addressValues.append(start.getDstIndices().begin(), start.getDstIndices().end());
        for (Value v : addressValues)
          if (Operation *def = v.getDefiningOp(); def && def->getBlock() == body)
            (void)getBackwardSlice(def, &s.addressSlice, options), s.addressSlice.insert(def);
        if (Operation *def = start.getNumElements().getDefiningOp(); def && def->getBlock() == body)
          (void)getBackwardSlice(def, &s.addressSlice, options), s.addressSlice.insert(def);
        for (Operation *o : s.addressSlice)
          pure &= o->getBlock() == body && isMemoryEffectFree(o) &&
                  (o->getNumRegions() == 0 || isa<scf::IfOp>(o)); // a pure scf.if: program ids
        if (!pure) {
          emitRemark(start.getLoc())
              << "DB: transfer kept synchronous: its address depends on memory";
          continue;
        }
        s.addressSlice = topologicalSort(s.addressSlice);
      }
      streams.push_back(std::move(s));
    }
  }

  void startInput(Stream &s, Value iv, Value slot) {
    IRMapping map;
    map.map(loop.getInductionVar(), iv);
    for (Operation *o : s.addressSlice)
      b.clone(*o, map);
    SmallVector<Value> srcIndices;
    for (Value v : s.start.getSrcIndices())
      srcIndices.push_back(map.lookupOrDefault(v));
    Value count = map.lookupOrDefault(s.start.getNumElements());
    Location loc = s.start.getLoc();
    Value tile = select(s, slot);
    SmallVector<Value> dstIndices;
    for (Value v : s.start.getDstIndices())
      dstIndices.push_back(map.lookupOrDefault(v));
    memref::DmaStartOp::create(b, loc, s.start.getSrcMemRef(), srcIndices, tile, dstIndices,
                               count, s.tags, ValueRange{slot});
  }

  /// The buffer of `slot` among the stream's N buffers.
  Value select(Stream &s, Value slot) {
    Location loc = s.start.getLoc();
    Value chosen = s.tiles[0];
    for (int64_t k = 1; k < n; ++k) {
      Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, slot,
                                       arith::ConstantIndexOp::create(b, loc, k));
      auto sel = arith::SelectOp::create(b, loc, is, s.tiles[k], chosen);
      setBufferSelect(sel);
      chosen = sel;
    }
    return chosen;
  }
  static bool isSelectChain(Operation *op) { return isBufferSelect(op); }

  scf::ForOp loop;
  int64_t n;
  bool inPlace;
  OpBuilder b;
  SmallVector<Stream> streams;
};

struct DoubleBufferPass
    : mlir::triton_edge::impl::DoubleBufferBase<DoubleBufferPass> {
  using Base::Base;
  void runOnOperation() override {
    if (buffers < 2) {
      getOperation().emitError("triton-edge-double-buffer needs at least 2 buffers");
      return signalPassFailure();
    }
    getOperation().walk([&](func::FuncOp fn) {
      // Kernel loops (staged per iteration) come before the program loop
      // holding them (post-order walk).
      SmallVector<scf::ForOp> loops;
      fn.walk([&](scf::ForOp loop) {
        if (isProgramLoop(loop) || isKernelRegion(loop))
          loops.push_back(loop);
      });
      bool applied = false;
      for (scf::ForOp loop : loops)
        applied |= Pipeliner(loop, buffers, prefetchInPlace).run();
      if (applied)
        setDoubleBuffering(fn, prefetchInPlace ? DoubleBuffering::Prefetch
                                               : DoubleBuffering::Dma);
      else
        emitRemark(fn.getLoc()) << "DB: no staged transfer to overlap in " << fn.getName();
    });
  }
};
} // namespace
