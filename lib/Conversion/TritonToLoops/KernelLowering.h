// The state of one kernel's lowering to loop nests, shared by the files of
// convert-triton-to-loops: one file per op family (LoadStore.cpp,
// ReduceScan.cpp, Dot.cpp, DotScaled.cpp, LayoutOps.cpp, Atomics.cpp,
// AssertPrint.cpp, ControlFlow.cpp, GatherHistogram.cpp, PointerInt.cpp),
// the evaluation core (Evaluate.cpp) and the program order
// (TritonToLoops.cpp). Element-wise ops are emitted by LaneEmitter.
#ifndef TRITON_EDGE_LIB_CONVERSION_KERNELLOWERING_H
#define TRITON_EDGE_LIB_CONVERSION_KERNELLOWERING_H

#include "LaneEmitter.h"

#include "triton-edge/Analysis/PointerProvenance.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>

namespace mlir::triton_edge {

/// The state of one load or store through byte addresses (LoadStore.cpp).
struct AddressAccess;

/// Where a tensor value is evaluated: one index per dimension of the value,
/// and the dimension carrying the lanes (or -1 when the value is uniform over
/// the lanes). `idx[laneDim]` is the index of lane 0.
struct Where {
  SmallVector<Value> idx;
  int laneDim = -1;
};

/// Storage type in buffers and memory for an element type: i1 is kept as i8
/// (scalar and vector accesses of i1 memory would disagree on layout), a
/// pointer as its i64 element offset.
Type storageType(Type elem);
/// A value (scalar or vector) of some element type as the element type
/// `memElem` of the memory it is stored into: i1 widened to i8, then
/// bitcast when a pointer bitcast views the memory as another type of the
/// same size. `fromMemory` is the inverse, back to `elem`.
Value toMemory(OpBuilder &b, Location loc, Value v, Type memElem);
Value fromMemory(OpBuilder &b, Location loc, Value v, Type elem);
inline bool isTensor(Value v) { return isa<RankedTensorType>(v.getType()); }
inline RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }
/// `!tt.ptr<tensor<...>>`: a block pointer (tt.make_tensor_ptr).
bool isBlockPointer(Type type);
/// Ops evaluated lazily, element by element, inside the nest of whatever
/// consumes them.
bool isInlinable(Operation *op);

/// Lifts cf branches in tt.func bodies to scf and ub.poison to zero
/// (StructureControlFlow.cpp); fails with a located error where it cannot.
LogicalResult structureControlFlow(ModuleOp module);

/// Rewrites the pointers that are not one argument's element offset as
/// tt.int_to_ptr of i64 addresses, and the ops on them as integer
/// arithmetic (AddressPointers.cpp).
void rewritePointersAsAddresses(ModuleOp module);

/// Inlines every tt.call (InlineCalls.cpp); fails with a located error on
/// calls it cannot inline.
LogicalResult inlineDeviceCalls(ModuleOp module);

class KernelLowering {
public:
  KernelLowering(triton::FuncOp fn, bool checkBounds, bool asserts);

  LogicalResult run();

  // ---- setup and program order (TritonToLoops.cpp) -------------------------
  LogicalResult createFunction();
  LogicalResult decideMaterialization();
  std::optional<int64_t> transposedLoadDim(triton::LoadOp load);
  LogicalResult convertBlock(Block &block);
  LogicalResult convertOp(Operation *op);
  LogicalResult convertTensorConstant(arith::ConstantOp op);

  // ---- control flow and scalars (ControlFlow.cpp) ---------------------------
  LogicalResult convertScalarOp(Operation *op);
  LogicalResult convertFor(scf::ForOp op);
  LogicalResult convertIf(scf::IfOp op);
  LogicalResult convertWhile(scf::WhileOp op);              // WhileLoop.cpp
  LogicalResult convertWhileRegions(scf::WhileOp op, scf::WhileOp loop,
                                    ArrayRef<Value> beforeBuffers,
                                    ArrayRef<Value> afterBuffers);

  // ---- block pointers (BlockPointer.cpp) -------------------------------------
  /// A block pointer's program scalars, all i64: the base element offset,
  /// and per dimension the tensor's shape and stride and the block's offset.
  struct BlockPointer {
    Value base;
    SmallVector<Value> shape, strides, offsets;
  };
  /// The element offsets and the boundary mask (if any dimension is
  /// checked) of a block-pointer access at one position of a nest.
  struct BlockAccess {
    Lanes ptr;
    std::optional<Lanes> mask;
  };
  LogicalResult convertBlockPointerOp(Operation *op);
  FailureOr<BlockAccess> evalBlockAccess(Value ptr, ArrayRef<int32_t> boundaryCheck,
                                         const Where &w);
  /// Loop-carried program values as scalars of the converted loops: one per
  /// scalar, 1 + 3 * rank per block pointer.
  void appendScalarTypes(Type type, SmallVectorImpl<Type> &out);
  LogicalResult appendScalars(Value v, SmallVectorImpl<Value> &out);
  /// Binds `v` to the converted scalars starting at `pos` (advanced past them).
  void bindScalars(Value v, ValueRange converted, unsigned &pos);
  /// Binds region arguments or op results `values`: value i to
  /// `tensorBuffers[i]` when set, else to the next converted scalars.
  void bindConverted(ValueRange values, ArrayRef<Value> tensorBuffers, ValueRange converted);
  /// For a loop-carried block pointer `carried` whose next value is itself
  /// advanced (`yielded`), binds its base, shape and strides to those of
  /// `init`, so they stay the values known before the loop.
  void keepInvariantFields(Value carried, Value init, Value yielded);

  // ---- op families: roots of loop nests --------------------------------------
  LogicalResult materialize(Value v);
  /// `load` into a buffer by lanes x lanes tiles read along `dim` and
  /// transposed in registers (LoadStore.cpp).
  LogicalResult materializeTransposed(triton::LoadOp load, int64_t dim);
  LogicalResult emitStore(triton::StoreOp op);              // LoadStore.cpp
  LogicalResult emitAtomic(Operation *op);                  // Atomics.cpp
  LogicalResult emitAssert(triton::AssertOp op);            // AssertPrint.cpp
  LogicalResult emitPrint(triton::PrintOp op);              // AssertPrint.cpp
  LogicalResult emitReduce(triton::ReduceOp op);            // ReduceScan.cpp
  LogicalResult emitScan(triton::ScanOp op);                // ReduceScan.cpp
  /// One row of a float add scan, blocked like a tree (ReduceScan.cpp).
  LogicalResult emitBlockedScan(triton::ScanOp op, Value src, Value out, Value totals,
                                const Where &outer);
  LogicalResult emitDot(triton::DotOp op);                  // Dot.cpp
  /// D = A x B + C for A and B in buffers of types `aType`, `bType` (2-D,
  /// or 3-D batched) into `dBuf` (null: a new buffer), bound to `d`. `dBuf`
  /// may be C's own buffer: each tile reads its C before writing its D.
  LogicalResult emitMatmul(Value aBuf, RankedTensorType aType, Value bBuf,
                           RankedTensorType bType, Value c, Value d,
                           Value dBuf = {}); // Dot.cpp
  LogicalResult emitDotScaled(triton::DotScaledOp op);      // DotScaled.cpp
  LogicalResult emitLayoutOp(Operation *op);                // LayoutOps.cpp
  LogicalResult emitHistogram(triton::HistogramOp op);      // GatherHistogram.cpp
  LogicalResult emitGather(triton::GatherOp op);            // GatherHistogram.cpp
  LogicalResult convertUnsplat(triton::UnsplatOp op);       // GatherHistogram.cpp
  LogicalResult writeTensorInto(Value tensor, Value buffer);

  // ---- evaluation (Evaluate.cpp, LoadStore.cpp, LayoutOps.cpp) ---------------
  FailureOr<Lanes> eval(Value v, const Where &w);
  FailureOr<Lanes> evalDef(Value v, const Where &w);
  bool isCached(Value v, const Where &w);
  /// The tensor operands that evaluating `v` at `w` evaluates and has not
  /// cached, each with the position it is evaluated at.
  SmallVector<std::pair<Value, Where>> evalInputs(Value v, const Where &w);
  /// Evaluates everything `root`'s evaluation at `w` needs, bottom-up with
  /// an explicit stack (no recursion on the depth of the expression).
  LogicalResult evalOperandsFirst(Value root, const Where &w);
  /// evalDef at `v`'s location, its result cached in the innermost scope.
  FailureOr<Lanes> evalAndCache(Value v, const Where &w);
  /// The position a broadcast's or expand_dims' source is evaluated at.
  Where sourcePosition(Operation *op, const Where &w, function_ref<Where()> build);
  Where broadcastSource(triton::BroadcastOp op, const Where &w);
  Where expandDimsSource(triton::ExpandDimsOp op, const Where &w);
  FailureOr<Lanes> evalMakeRange(triton::MakeRangeOp op, const Where &w);
  FailureOr<Lanes> evalBroadcast(triton::BroadcastOp op, const Where &w);
  FailureOr<Lanes> evalExpandDims(triton::ExpandDimsOp op, const Where &w);
  FailureOr<Lanes> evalAddPtr(triton::AddPtrOp op, const Where &w);
  FailureOr<Lanes> evalLoad(triton::LoadOp op, const Where &w);
  /// The addresses of the pointers whose element offsets are `offsets`
  /// (PointerInt.cpp).
  FailureOr<Lanes> evalPtrToInt(triton::PtrToIntOp op, const Lanes &offsets);
  FailureOr<Lanes> evalIntToPtr(triton::IntToPtrOp op, const Lanes &address);
  /// A load or store through a pointer held as byte addresses
  /// (PointerProvenance::isReadThroughAddress), argument by argument
  /// (LoadStore.cpp): `value` is stored when set, else the loaded lanes
  /// (`other` where no argument is read) are returned.
  FailureOr<Lanes> accessByAddress(Operation *op, Value ptr, const Lanes &address,
                                   std::optional<Lanes> mask, std::optional<Lanes> other,
                                   std::optional<Lanes> value);
  LogicalResult checkAddressAccess(Operation *op, Value ptr, const PointerOrigins *&origins,
                                   Type &elem);
  Value takeArgumentLanes(AddressAccess &acc, unsigned arg, Value &index);
  void storeArgumentPieces(AddressAccess &acc, unsigned arg, Value take, Value index);
  void loadArgumentPieces(AddressAccess &acc, unsigned arg, Value take, Value index);
  void reportAddressOutside(AddressAccess &acc, unsigned arg, Value index);
  /// With check-bounds: reports active lanes whose element offset lies
  /// outside argument `arg`'s storage, through te_rt_bounds_fail, and
  /// returns the mask without them (the access is then skipped for those
  /// lanes: a reported error, never a corrupted process).
  std::optional<Lanes> checkAccess(int arg, const Lanes &ptr,
                                   const std::optional<Lanes> &mask);
  FailureOr<SmallVector<Lanes>> applyCombine(Region &region, ArrayRef<Lanes> lhs,
                                             ArrayRef<Lanes> rhs, int64_t width,
                                             bool vectors);
  Lanes readBuffer(Value buffer, Type elem, const Where &w);
  void writeBuffer(Value buffer, Type elem, ArrayRef<Value> idx, const Lanes &v);
  Value bufferFor(Value tensor);
  Value allocBuffer(ArrayRef<int64_t> shape, Type elem);
  FailureOr<int> pointerArg(Value ptr);
  FailureOr<Value> scalarOf(Value v);
  /// Declares a runtime service `name(types...)` once per module.
  void declareRuntimeFunction(StringRef name, TypeRange inputs);

  /// Emits a loop nest over `shape` whose innermost loop carries `lanes`
  /// lanes (1: scalar); lanes that do not divide it are an error.
  LogicalResult emitNest(ArrayRef<int64_t> shape, int64_t lanes,
                         function_ref<LogicalResult(const Where &)> body);
  /// Vec's plan (te.lanes, Dialect/TritonEdge/IR/Dialect.h): the lanes of a nest over `v`, or
  /// over entry `index` of `op`'s `te.lanes`; 1 without a plan.
  int64_t plannedLanes(Value v);
  int64_t plannedLanes(Operation *op, unsigned index);
  /// Checks planned lanes against the size of the loop that carries them.
  LogicalResult checkLanes(int64_t lanes, int64_t size);
  Value indexConst(int64_t v) { return arith::ConstantIndexOp::create(b, loc(), v); }
  Location loc() { return currentLoc; }

  // Evaluation caches, one per nested loop body: the lanes of values, and
  // the source positions of broadcasts and expand_dims.
  using CacheKey = std::pair<void *, std::vector<void *>>;
  struct Cache {
    std::map<CacheKey, Lanes> lanes;
    std::map<CacheKey, Where> sources;
  };
  std::vector<Cache> caches;
  CacheKey key(Value v, const Where &w);
  struct CacheScope {
    KernelLowering &l;
    explicit CacheScope(KernelLowering &l) : l(l) { l.caches.emplace_back(); }
    ~CacheScope() { l.caches.pop_back(); }
  };

  triton::FuncOp ttFunc;
  ModuleOp module;
  OpBuilder b;
  bool checkBounds, asserts;
  // The target's vector registers and L1 data cache (tt.dot's tiling, Dot.cpp).
  int64_t vectorRegisters = 16;
  int64_t l1Bytes = 32 << 10;
  bool rereadSharedLoads = true;
  int64_t width = 1; // lanes of the innermost loop being emitted
  Location currentLoc;

  func::FuncOp newFunc;
  Block *entryBlock = nullptr;
  SmallVector<Value> argMemrefs;
  SmallVector<Value> argNumel;
  Value pid[3], grid[3];
  Value dmaEngine;
  DenseMap<Value, Value> scalars;
  DenseMap<Value, Value> buffers;
  DenseMap<Value, BlockPointer> blockPointers;
  PointerProvenance provenance;
  DenseSet<Value> materializeLoads;
  // Costly element-wise values computed once into a buffer (decideMaterialization).
  DenseSet<Value> materializeShared;
  // Loads read by transposed tiles, with the dimension they are contiguous along.
  DenseMap<Value, int64_t> transposedLoads;
  int stringCounter = 0;
};

} // namespace mlir::triton_edge

#endif
