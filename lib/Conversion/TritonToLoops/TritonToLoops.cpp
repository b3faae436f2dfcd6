// tt kernels -> one loop nest program per kernel.
//
// Why not upstream linalg: a Triton block computes on tensors of *pointers*,
// with masks and `other` values, and Inductor's index math (`//`, `%`,
// indirect indices) defeats pointer analyses that map loads onto strided
// views (triton-shared's known failure mode). Here every tensor value is
// evaluated element by element inside loop nests, so any pointer expression
// is correct by construction (a gather or scatter in the worst case), and
// the nest's innermost loop carries the SIMD lanes: an AxisInfo-like lane
// analysis (see LaneEmitter.h) turns unit-stride accesses into contiguous
// masked vector loads/stores. Element-wise chains are fused by construction;
// only reductions, scans, dots, layout changes, loop-carried tensors and
// loads that must not be repeated are materialized in stack buffers.
// Upstream MLIR takes over from there: vector/math/scf/memref lowering,
// polynomial approximations, LLVM.
#include "triton-edge/Conversion/Passes.h"

#include "LaneEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "llvm/ADT/ScopeExit.h"

#include <map>

namespace mlir::triton_edge {
#define GEN_PASS_DEF_CONVERTTRITONTOLOOPS
#include "triton-edge/Conversion/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

/// Where a tensor value is evaluated: one index per dimension of the value,
/// and the dimension carrying the lanes (or -1 when the value is uniform over
/// the lanes). `idx[laneDim]` is the index of lane 0.
struct Where {
  SmallVector<Value> idx;
  int laneDim = -1;
};

/// Storage type in buffers and memory for an element type: i1 is kept as i8
/// (scalar and vector accesses of i1 memory would disagree on layout).
Type storageType(Type elem) {
  if (elem.isInteger(1))
    return IntegerType::get(elem.getContext(), 8);
  return elem;
}

/// The dtype codes of runtime/include/triton-edge-rt/kernel_abi.h.
int dtypeCode(Type t) {
  if (t.isInteger(1)) return 1;
  if (t.isInteger(8)) return 2;
  if (t.isInteger(16)) return 3;
  if (t.isInteger(32)) return 4;
  if (t.isInteger(64)) return 5;
  if (t.isF16()) return 10;
  if (t.isBF16()) return 11;
  if (t.isF32()) return 12;
  if (t.isF64()) return 13;
  return 0;
}

/// A tt.bitcast between pointers whose pointees have the same storage type
/// (Inductor's bool stores: `!tt.ptr<i1>` -> `!tt.ptr<i8>`, i1 being stored
/// as i8): the same addresses, so the same element offsets into the same
/// argument's memref.
bool isPointerView(Operation *op) {
  auto cast = dyn_cast<tt::BitcastOp>(op);
  if (!cast)
    return false;
  auto from = dyn_cast<tt::PointerType>(getElementTypeOrSelf(cast.getSrc().getType()));
  auto to = dyn_cast<tt::PointerType>(getElementTypeOrSelf(cast.getType()));
  if (!from || !to || !from.getPointeeType().isIntOrFloat() ||
      !to.getPointeeType().isIntOrFloat())
    return false;
  return storageType(from.getPointeeType()) == storageType(to.getPointeeType());
}

bool isTensor(Value v) { return isa<RankedTensorType>(v.getType()); }
RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

/// Ops evaluated lazily, element by element, inside the nest of whatever
/// consumes them.
bool isInlinable(Operation *op) {
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::MakeRangeOp,
          tt::AddPtrOp, tt::LoadOp, tt::ExternElementwiseOp>(op))
    return true;
  StringRef name = op->getName().getStringRef();
  if (name == "tt.precise_sqrt" || name == "tt.precise_divf" ||
      name == "tt.fp_to_fp" || name == "tt.clampf" || name == "tt.mulhiui" ||
      name == "tt.bitcast")
    return true;
  if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
    auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
    return !dense || dense.isSplat();
  }
  return isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) &&
         op->getNumRegions() == 0;
}

bool mayWriteMemory(Operation *op) {
  if (isa<tt::StoreOp, tt::AtomicRMWOp, tt::AtomicCASOp, tt::CallOp>(op))
    return true;
  if (op->getNumRegions() == 0)
    return false;
  bool writes = false;
  op->walk([&](Operation *inner) {
    if (inner != op && isa<tt::StoreOp, tt::AtomicRMWOp, tt::AtomicCASOp, tt::CallOp>(inner))
      writes = true;
  });
  return writes;
}

/// File, line of the first file location inside `loc`.
std::pair<std::string, int> fileLine(Location loc) {
  std::pair<std::string, int> result{"<unknown>", 0};
  loc->walk([&](Location l) {
    if (auto f = dyn_cast<FileLineColLoc>(l)) {
      result = {f.getFilename().str(), static_cast<int>(f.getLine())};
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result;
}

class KernelLowering {
public:
  struct Staging {
    bool enabled = false;
    int64_t budgetBytes = 0;
    int64_t buffers = 2;
  };
  KernelLowering(tt::FuncOp fn, int64_t lanes, bool checkBounds, bool asserts,
                 Staging staging)
      : ttFunc(fn), module(fn->getParentOfType<ModuleOp>()),
        b(fn.getContext()), maxLanes(lanes), checkBounds(checkBounds),
        asserts(asserts), staging(staging) {}

  LogicalResult run();

private:
  // ---- setup and program order ------------------------------------------
  LogicalResult createFunction();
  LogicalResult decideMaterialization();
  LogicalResult convertBlock(Block &block);
  LogicalResult convertOp(Operation *op);
  LogicalResult convertScalarOp(Operation *op);
  LogicalResult convertFor(scf::ForOp op);
  LogicalResult convertIf(scf::IfOp op);

  // ---- roots ---------------------------------------------------------------
  LogicalResult materialize(Value v);
  LogicalResult emitStore(tt::StoreOp op);
  LogicalResult emitAtomic(Operation *op);
  LogicalResult emitAssert(tt::AssertOp op);
  LogicalResult emitReduce(tt::ReduceOp op);
  LogicalResult emitScan(tt::ScanOp op);
  LogicalResult emitDot(tt::DotOp op);
  LogicalResult emitLayoutOp(Operation *op);
  LogicalResult writeTensorInto(Value tensor, Value buffer);

  // ---- staging (input of the DB pass) --------------------------------------
  /// A program's contiguous footprint in one argument: elements
  /// [start, start + extent) where start = sum(bases) + constant + sum of the
  /// terms' lowest values.
  struct Footprint {
    SmallVector<std::pair<Value, int64_t>> bases; // tt scalar x coefficient
    int64_t constant = 0;
    struct Term { int64_t coeff, start, size; };
    SmallVector<Term> terms;
    int64_t extent() const {
      int64_t e = 1;
      for (const Term &t : terms)
        e += t.coeff * (t.size - 1);
      return e;
    }
    int64_t low() const {
      int64_t l = constant;
      for (const Term &t : terms)
        l += t.coeff * t.start;
      return l;
    }
    /// Whether every element of the extent is hit exactly once.
    bool dense(int64_t numel) const;
  };
  struct StagedTile {
    Value tile;  // memref<extent x T>
    Value start; // i64 element offset of the tile in the argument
    Value startIndex;
    int64_t extent = 0;
    int arg = -1;
  };
  FailureOr<Footprint> offsetFootprint(Value offset, std::string &why);
  FailureOr<Footprint> pointerFootprint(Value ptr, std::string &why);
  /// Decides which top-level loads/stores are staged; reasons go to remarks.
  void decideStaging();
  Value tileStart(const Footprint &fp);
  Value clampCount(Value limit, int64_t extent, Value start);
  LogicalResult stageLoad(tt::LoadOp op);
  void emitTransfer(Value src, Value srcIndex, Value dst, Value dstIndex, Value count);

  // ---- evaluation -----------------------------------------------------------
  FailureOr<Lanes> eval(Value v, const Where &w);
  FailureOr<Lanes> evalDef(Value v, const Where &w);
  FailureOr<Lanes> evalLoad(tt::LoadOp op, const Where &w);
  Lanes rebase(const Lanes &ptr, Value start);
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
  int64_t knownDivisor(Value ttScalar);

  /// Emits a loop nest over `shape`; the innermost loop steps by the lane
  /// count when `vectorize` and the size allows it.
  LogicalResult emitNest(ArrayRef<int64_t> shape, bool vectorize,
                         function_ref<LogicalResult(const Where &)> body);
  int64_t chooseWidth(int64_t innerSize, bool vectorize) const;
  Value indexConst(int64_t v) { return arith::ConstantIndexOp::create(b, loc(), v); }
  Location loc() { return currentLoc; }

  // Evaluation caches, one per nested loop body.
  using CacheKey = std::pair<void *, std::vector<void *>>;
  std::vector<std::map<CacheKey, Lanes>> caches;
  CacheKey key(Value v, const Where &w) {
    std::vector<void *> k;
    for (Value i : w.idx)
      k.push_back(i.getAsOpaquePointer());
    k.push_back(reinterpret_cast<void *>(static_cast<intptr_t>(w.laneDim)));
    k.push_back(reinterpret_cast<void *>(static_cast<intptr_t>(width)));
    return {v.getAsOpaquePointer(), k};
  }
  struct CacheScope {
    KernelLowering &l;
    explicit CacheScope(KernelLowering &l) : l(l) { l.caches.emplace_back(); }
    ~CacheScope() { l.caches.pop_back(); }
  };

  tt::FuncOp ttFunc;
  ModuleOp module;
  OpBuilder b;
  int64_t maxLanes;
  bool checkBounds, asserts;
  int64_t width = 1; // lanes of the innermost loop being emitted
  Location currentLoc = UnknownLoc::get(ttFunc.getContext());

  func::FuncOp newFunc;
  Block *entryBlock = nullptr;
  SmallVector<Value> argMemrefs;
  SmallVector<Value> argNumel;
  Value pid[3], grid[3];
  Value dmaEngine;
  DenseMap<Value, Value> scalars;
  DenseMap<Value, Value> buffers;
  DenseMap<Value, int> ptrArgs;
  DenseSet<Value> materializeLoads;
  int stringCounter = 0;
  Staging staging;
  DenseMap<Operation *, Footprint> stagedFootprints; // loads and stores to stage
  DenseMap<Operation *, StagedTile> stagedTiles;     // after their tile exists
  DenseMap<Operation *, Value> storeCountLimits;     // store -> bound-mask limit
};

} // namespace

//===----------------------------------------------------------------------===//
// Setup
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::createFunction() {
  MLIRContext *ctx = ttFunc.getContext();
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argKinds;
  Type i32 = b.getI32Type();
  for (auto [i, type] : llvm::enumerate(ttFunc.getArgumentTypes())) {
    if (auto ptr = dyn_cast<tt::PointerType>(type)) {
      Type elem = ptr.getPointeeType();
      if (isa<ShapedType>(elem) || dtypeCode(elem) == 0)
        return ttFunc.emitError("unsupported pointer argument type ") << type;
      argTypes.push_back(MemRefType::get({ShapedType::kDynamic}, storageType(elem)));
      argKinds.push_back(b.getDenseI32ArrayAttr({1, dtypeCode(elem)}));
    } else if (type.isIntOrFloat() && dtypeCode(type) != 0) {
      argTypes.push_back(type);
      argKinds.push_back(b.getDenseI32ArrayAttr({0, dtypeCode(type)}));
    } else {
      return ttFunc.emitError("unsupported kernel argument type ") << type;
    }
  }
  if (!ttFunc.getResultTypes().empty())
    return ttFunc.emitError("kernels returning values are not supported");
  unsigned numArgs = argTypes.size();
  // grid x/y/z, program range [begin, end), the context's DMA engine.
  argTypes.append({i32, i32, i32, b.getIndexType(), b.getIndexType(),
                   LLVM::LLVMPointerType::get(ctx)});

  b.setInsertionPoint(ttFunc);
  std::string name = (ttFunc.getName() + "__body").str();
  newFunc = func::FuncOp::create(b, ttFunc.getLoc(), name,
                                 b.getFunctionType(argTypes, {}));
  newFunc->setAttr("te.kernel", b.getStringAttr(ttFunc.getName()));
  newFunc->setAttr("te.arg_kinds", b.getArrayAttr(argKinds));
  SmallVector<Attribute> names;
  for (unsigned i = 0; i < numArgs; ++i) {
    std::string argName = "arg" + std::to_string(i);
    Location argLoc = ttFunc.getArgument(i).getLoc();
    if (auto nameLoc = dyn_cast<NameLoc>(argLoc))
      argName = nameLoc.getName().str();
    names.push_back(b.getStringAttr(argName));
  }
  newFunc->setAttr("te.arg_names", b.getArrayAttr(names));
  newFunc.setArgAttr(numArgs + 5, "te.dma_engine", b.getUnitAttr());
  for (StringRef attr : {"te.bytes_per_program", "te.ops_per_program"})
    if (Attribute a = ttFunc->getAttr(attr))
      newFunc->setAttr(attr, a);

  entryBlock = newFunc.addEntryBlock();
  b.setInsertionPointToStart(entryBlock);
  currentLoc = ttFunc.getLoc();
  for (unsigned i = 0; i < numArgs; ++i) {
    Value arg = entryBlock->getArgument(i);
    Value ttArg = ttFunc.getArgument(i);
    if (isa<MemRefType>(arg.getType())) {
      argMemrefs.push_back(arg);
      scalars[ttArg] = arith::ConstantIntOp::create(b, loc(), b.getI64Type(), 0);
      ptrArgs[ttArg] = i;
    } else {
      argMemrefs.push_back(Value());
      scalars[ttArg] = arg;
    }
  }
  for (int d = 0; d < 3; ++d)
    grid[d] = entryBlock->getArgument(numArgs + d);
  Value begin = entryBlock->getArgument(numArgs + 3);
  Value end = entryBlock->getArgument(numArgs + 4);
  for (unsigned i = 0; i < numArgs; ++i)
    argNumel.push_back(argMemrefs[i] ? Value(memref::DimOp::create(b, loc(), argMemrefs[i], 0))
                                     : Value());

  // The program loop: linear program ids [begin, end), x fastest.
  auto loop = scf::ForOp::create(b, loc(), begin, end, indexConst(1));
  loop->setAttr("te.program_loop", b.getUnitAttr());
  func::ReturnOp::create(b, loc());
  b.setInsertionPointToStart(loop.getBody());
  Value lin = arith::IndexCastOp::create(b, loc(), b.getI64Type(), loop.getInductionVar());
  Value gx = arith::ExtSIOp::create(b, loc(), b.getI64Type(), grid[0]);
  Value gy = arith::ExtSIOp::create(b, loc(), b.getI64Type(), grid[1]);
  Value x = arith::RemSIOp::create(b, loc(), lin, gx);
  Value yz = arith::DivSIOp::create(b, loc(), lin, gx);
  Value y = arith::RemSIOp::create(b, loc(), yz, gy);
  Value z = arith::DivSIOp::create(b, loc(), yz, gy);
  pid[0] = arith::TruncIOp::create(b, loc(), i32, x);
  pid[1] = arith::TruncIOp::create(b, loc(), i32, y);
  pid[2] = arith::TruncIOp::create(b, loc(), i32, z);
  dmaEngine = entryBlock->getArgument(numArgs + 5);
  return success();
}

/// A load is evaluated where its single consumer is, unless a write may
/// happen in between or it feeds several nests: then it is read once into a
/// buffer at its own program point (Triton's load-then-use semantics).
LogicalResult KernelLowering::decideMaterialization() {
  std::function<void(Value, SmallPtrSetImpl<Operation *> &)> collectRoots =
      [&](Value v, SmallPtrSetImpl<Operation *> &roots) {
        for (Operation *user : v.getUsers()) {
          if (isInlinable(user) && user->getNumResults() == 1 &&
              isTensor(user->getResult(0)))
            collectRoots(user->getResult(0), roots);
          else
            roots.insert(user);
        }
      };
  ttFunc.walk([&](tt::LoadOp load) {
    if (!isTensor(load.getResult()))
      return;
    SmallPtrSet<Operation *, 4> roots;
    collectRoots(load.getResult(), roots);
    bool materialize = roots.size() != 1 || load.getIsVolatile();
    if (!materialize) {
      Operation *root = *roots.begin();
      // Find the ancestor of root in the load's block.
      Operation *anchor = load->getBlock()->findAncestorOpInBlock(*root);
      if (!anchor || anchor == load.getOperation())
        materialize = true;
      else
        for (Operation *op = load->getNextNode(); op && op != anchor; op = op->getNextNode())
          if (mayWriteMemory(op)) {
            materialize = true;
            break;
          }
      // A root inside a loop would re-read the load every iteration.
      if (!materialize && anchor != root)
        materialize = true;
    }
    if (materialize)
      materializeLoads.insert(load.getResult());
  });
  return success();
}

int64_t KernelLowering::knownDivisor(Value v) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    if (arg.getOwner() == &ttFunc.getBody().front())
      if (auto div = ttFunc.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(),
                                                          "tt.divisibility"))
        return div.getInt();
    return 1;
  }
  Operation *def = v.getDefiningOp();
  if (!def)
    return 1;
  if (auto c = dyn_cast<arith::ConstantOp>(def))
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return LaneEmitter::powerOfTwoDivisor(i.getInt());
  if (isa<arith::MulIOp>(def))
    return std::min<int64_t>(knownDivisor(def->getOperand(0)) *
                                 knownDivisor(def->getOperand(1)),
                             1 << 30);
  if (isa<arith::AddIOp, arith::SubIOp>(def))
    return std::min(knownDivisor(def->getOperand(0)), knownDivisor(def->getOperand(1)));
  if (isa<arith::ExtSIOp, arith::ExtUIOp, arith::IndexCastOp>(def))
    return knownDivisor(def->getOperand(0));
  return 1;
}

FailureOr<Value> KernelLowering::scalarOf(Value v) {
  auto it = scalars.find(v);
  if (it != scalars.end())
    return it->second;
  return emitError(v.getLoc(), "internal error: scalar value used before it was converted");
}

FailureOr<int> KernelLowering::pointerArg(Value ptr) {
  auto it = ptrArgs.find(ptr);
  if (it != ptrArgs.end())
    return it->second;
  FailureOr<int> result = failure();
  if (auto arg = dyn_cast<BlockArgument>(ptr)) {
    if (auto forOp = dyn_cast<scf::ForOp>(arg.getOwner()->getParentOp())) {
      if (arg.getArgNumber() > 0)
        result = pointerArg(forOp.getInitArgs()[arg.getArgNumber() - 1]);
    }
  } else if (Operation *def = ptr.getDefiningOp()) {
    if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::AddPtrOp>(def) ||
        isPointerView(def) || def->getName().getStringRef() == "tt.reshape" ||
        def->getName().getStringRef() == "tt.trans")
      result = pointerArg(def->getOperand(0));
    else if (auto sel = dyn_cast<arith::SelectOp>(def)) {
      FailureOr<int> a = pointerArg(sel.getTrueValue());
      FailureOr<int> c = pointerArg(sel.getFalseValue());
      if (succeeded(a) && succeeded(c) && *a == *c)
        result = a;
    } else if (auto forOp = dyn_cast<scf::ForOp>(def)) {
      result = pointerArg(forOp.getInitArgs()[cast<OpResult>(ptr).getResultNumber()]);
    } else if (isa<tt::BitcastOp>(def)) {
      return def->emitError("bitcasts between pointers to different element "
                            "types are not supported (only i1 <-> i8)");
    }
  }
  if (failed(result))
    return emitError(ptr.getLoc(),
                     "cannot trace this pointer back to one kernel argument "
                     "(pointers selected from several arguments, or made "
                     "from integers, are not supported)");
  ptrArgs[ptr] = *result;
  return result;
}

//===----------------------------------------------------------------------===//
// Nests and buffers
//===----------------------------------------------------------------------===//

int64_t KernelLowering::chooseWidth(int64_t innerSize, bool vectorize) const {
  if (!vectorize || maxLanes <= 1 || innerSize < 2)
    return 1;
  int64_t w = std::min(maxLanes, innerSize);
  if (!llvm::isPowerOf2_64(w) || innerSize % w != 0)
    return 1;
  return w;
}

LogicalResult KernelLowering::emitNest(ArrayRef<int64_t> shape, bool vectorize,
                                       function_ref<LogicalResult(const Where &)> body) {
  OpBuilder::InsertionGuard guard(b);
  int64_t savedWidth = width;
  llvm::scope_exit restore([&] { width = savedWidth; });
  int64_t w = shape.empty() ? 1 : chooseWidth(shape.back(), vectorize);
  Where where;
  for (size_t d = 0; d < shape.size(); ++d) {
    int64_t step = d + 1 == shape.size() ? w : 1;
    if (shape[d] == 1) {
      where.idx.push_back(indexConst(0));
      continue;
    }
    auto loop = scf::ForOp::create(b, loc(), indexConst(0), indexConst(shape[d]),
                                   indexConst(step));
    b.setInsertionPointToStart(loop.getBody());
    where.idx.push_back(loop.getInductionVar());
  }
  width = w;
  where.laneDim = (w > 1) ? static_cast<int>(shape.size()) - 1 : -1;
  CacheScope scope(*this);
  return body(where);
}

Value KernelLowering::allocBuffer(ArrayRef<int64_t> shape, Type elem) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entryBlock);
  auto type = MemRefType::get(shape, storageType(elem));
  return memref::AllocaOp::create(b, loc(), type, ValueRange{}, ValueRange{},
                                  b.getI64IntegerAttr(64));
}

Lanes KernelLowering::readBuffer(Value buffer, Type elem, const Where &w) {
  Type storage = storageType(elem);
  Value v;
  bool vec = w.laneDim >= 0 && width > 1;
  if (vec) {
    // Lanes always run along a value's last dimension (broadcasts and
    // expand_dims keep dimension order), so they are contiguous in a
    // row-major buffer.
    v = vector::LoadOp::create(b, loc(), VectorType::get({width}, storage), buffer, w.idx);
  } else {
    v = memref::LoadOp::create(b, loc(), buffer, w.idx);
  }
  if (elem.isInteger(1)) {
    Value zero = arith::ConstantOp::create(b, loc(), b.getZeroAttr(v.getType()));
    v = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::ne, v, zero);
  }
  return vec ? Lanes::vector(v) : Lanes::uniform(v);
}

void KernelLowering::writeBuffer(Value buffer, Type elem, ArrayRef<Value> idx,
                                 const Lanes &lanes) {
  Value v = lanes.value;
  bool vec = width > 1;
  if (vec)
    v = LaneEmitter(b, width).toVector(loc(), lanes);
  if (elem.isInteger(1)) {
    Type i8 = b.getI8Type();
    v = arith::ExtUIOp::create(b, loc(), vec ? Type(VectorType::get({width}, i8)) : i8, v);
  }
  if (vec)
    vector::StoreOp::create(b, loc(), v, buffer, idx);
  else
    memref::StoreOp::create(b, loc(), v, buffer, idx);
}

LogicalResult KernelLowering::writeTensorInto(Value tensor, Value buffer) {
  auto type = tensorType(tensor);
  return emitNest(type.getShape(), true, [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> v = eval(tensor, w);
    if (failed(v))
      return failure();
    writeBuffer(buffer, type.getElementType(), w.idx, *v);
    return success();
  });
}

Value KernelLowering::bufferFor(Value tensor) {
  auto it = buffers.find(tensor);
  if (it != buffers.end())
    return it->second;
  auto type = tensorType(tensor);
  Value buffer = allocBuffer(type.getShape(), type.getElementType());
  if (failed(writeTensorInto(tensor, buffer)))
    return {};
  return buffer;
}

LogicalResult KernelLowering::materialize(Value v) {
  auto type = tensorType(v);
  Value buffer = allocBuffer(type.getShape(), type.getElementType());
  if (failed(writeTensorInto(v, buffer)))
    return failure();
  buffers[v] = buffer;
  return success();
}

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

FailureOr<Lanes> KernelLowering::eval(Value v, const Where &w) {
  if (!isTensor(v)) {
    FailureOr<Value> s = scalarOf(v);
    if (failed(s))
      return failure();
    return Lanes::uniform(*s, knownDivisor(v));
  }
  if (auto it = buffers.find(v); it != buffers.end())
    return readBuffer(it->second, tensorType(v).getElementType(), w);
  CacheKey k = key(v, w);
  for (auto &cache : llvm::reverse(caches))
    if (auto it = cache.find(k); it != cache.end())
      return it->second;
  Location saved = currentLoc;
  currentLoc = v.getLoc();
  FailureOr<Lanes> result = evalDef(v, w);
  currentLoc = saved;
  if (succeeded(result) && !caches.empty())
    caches.back()[k] = *result;
  return result;
}

FailureOr<Lanes> KernelLowering::evalDef(Value v, const Where &w) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return emitError(v.getLoc(), "internal error: tensor block argument without a buffer");

  if (auto splat = dyn_cast<tt::SplatOp>(def))
    return eval(splat.getSrc(), Where{});

  if (isPointerView(def))
    return eval(def->getOperand(0), w);

  if (auto range = dyn_cast<tt::MakeRangeOp>(def)) {
    Type i32 = b.getI32Type();
    Value idx = arith::IndexCastOp::create(b, loc(), i32, w.idx[0]);
    Value start = arith::ConstantIntOp::create(b, loc(), i32, range.getStart());
    Value base = arith::AddIOp::create(b, loc(), idx, start);
    int64_t startDiv = LaneEmitter::powerOfTwoDivisor(range.getStart());
    if (w.laneDim != 0)
      return Lanes::uniform(base, 1);
    SmallVector<int32_t> iota(width);
    for (int64_t i = 0; i < width; ++i)
      iota[i] = static_cast<int32_t>(i);
    auto vecType = VectorType::get({width}, i32);
    Value steps = arith::ConstantOp::create(
        b, loc(), DenseElementsAttr::get(vecType, ArrayRef<int32_t>(iota)));
    Value splat = vector::BroadcastOp::create(b, loc(), vecType, base);
    Lanes lanes = Lanes::vector(arith::AddIOp::create(b, loc(), splat, steps));
    lanes.affine = true;
    lanes.base = base;
    lanes.stride = 1;
    lanes.baseDivisor = std::min(width, startDiv);
    return lanes;
  }

  if (auto bcast = dyn_cast<tt::BroadcastOp>(def)) {
    auto srcType = tensorType(bcast.getSrc());
    Where inner = w;
    for (int64_t d = 0; d < srcType.getRank(); ++d)
      if (srcType.getDimSize(d) == 1 && tensorType(v).getDimSize(d) != 1) {
        inner.idx[d] = indexConst(0);
        if (inner.laneDim == d)
          inner.laneDim = -1;
      }
    return eval(bcast.getSrc(), inner);
  }

  if (auto expand = dyn_cast<tt::ExpandDimsOp>(def)) {
    int axis = expand.getAxis();
    Where inner = w;
    inner.idx.erase(inner.idx.begin() + axis);
    if (inner.laneDim == axis)
      inner.laneDim = -1;
    else if (inner.laneDim > axis)
      inner.laneDim -= 1;
    return eval(expand.getSrc(), inner);
  }

  if (auto addptr = dyn_cast<tt::AddPtrOp>(def)) {
    FailureOr<Lanes> p = eval(addptr.getPtr(), w);
    FailureOr<Lanes> off = eval(addptr.getOffset(), w);
    if (failed(p) || failed(off))
      return failure();
    Type i64 = b.getI64Type();
    LaneEmitter emitter(b, width);
    auto widen = [&](Lanes l) {
      Type elem = getElementTypeOrSelf(l.value.getType());
      if (elem.isInteger(64))
        return l;
      Lanes out = l;
      out.value = arith::ExtSIOp::create(b, loc(), emitter.laneType(i64, l.isVector), l.value);
      if (l.affine)
        out.base = arith::ExtSIOp::create(b, loc(), i64, l.base);
      return out;
    };
    Lanes a = widen(*p), c = widen(*off);
    bool vec = a.isVector || c.isVector;
    Lanes out;
    out.isVector = vec;
    out.value = arith::AddIOp::create(b, loc(), vec ? emitter.toVector(loc(), a) : a.value,
                                      vec ? emitter.toVector(loc(), c) : c.value);
    if (a.affine && c.affine) {
      out.affine = true;
      out.base = arith::AddIOp::create(b, loc(), a.base, c.base);
      out.stride = a.stride + c.stride;
      out.baseDivisor = std::min(a.baseDivisor, c.baseDivisor);
    }
    if (!vec) {
      out.affine = true;
      out.base = out.value;
    }
    return out;
  }

  if (auto load = dyn_cast<tt::LoadOp>(def))
    return evalLoad(load, w);

  if (isInlinable(def)) {
    SmallVector<Lanes> operands;
    for (Value operand : def->getOperands()) {
      FailureOr<Lanes> l = eval(operand, w);
      if (failed(l))
        return failure();
      operands.push_back(*l);
    }
    LaneEmitter emitter(b, width);
    FailureOr<SmallVector<Lanes>> results = emitter.emit(def, operands);
    if (failed(results))
      return failure();
    return (*results)[cast<OpResult>(v).getResultNumber()];
  }
  return def->emitError("internal error: '")
         << def->getName() << "' result was not materialized";
}

FailureOr<Lanes> KernelLowering::evalLoad(tt::LoadOp op, const Where &w) {
  if (!op.getBoundaryCheck().empty() || op.getPadding() ||
      !isa<RankedTensorType, tt::PointerType>(op.getPtr().getType()) ||
      isa<RankedTensorType>(
          cast<tt::PointerType>(getElementTypeOrSelf(op.getPtr().getType())).getPointeeType()))
    return op.emitError("loads through block pointers are not supported yet");
  FailureOr<int> arg = pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  FailureOr<Lanes> ptr = eval(op.getPtr(), w);
  if (failed(ptr))
    return failure();
  std::optional<Lanes> mask, other;
  if (op.getMask()) {
    FailureOr<Lanes> m = eval(op.getMask(), w);
    if (failed(m))
      return failure();
    mask = *m;
  }
  if (op.getOther()) {
    FailureOr<Lanes> o = eval(op.getOther(), w);
    if (failed(o))
      return failure();
    other = *o;
  }
  Value mem = argMemrefs[*arg];
  mask = checkAccess(*arg, *ptr, mask);
  if (auto it = stagedTiles.find(op); it != stagedTiles.end()) {
    // Read the program's tile instead of main memory.
    mem = it->second.tile;
    ptr = rebase(*ptr, it->second.start);
  }
  Type elem = getElementTypeOrSelf(op.getResult().getType());
  Type storage = storageType(elem);
  LaneEmitter emitter(b, width);
  auto toStorage = [&](Value v) {
    if (!elem.isInteger(1))
      return v;
    Type t = isa<VectorType>(v.getType()) ? Type(VectorType::get({width}, storage)) : storage;
    return Value(arith::ExtUIOp::create(b, loc(), t, v));
  };
  auto fromStorage = [&](Value v) {
    if (!elem.isInteger(1))
      return v;
    Value zero = arith::ConstantOp::create(b, loc(), b.getZeroAttr(v.getType()));
    return Value(arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::ne, v, zero));
  };
  auto zeroOf = [&](Type t) {
    return Value(arith::ConstantOp::create(b, loc(), b.getZeroAttr(t)));
  };

  bool vec = ptr->isVector || (mask && mask->isVector);
  if (!vec) {
    // One address for every lane: a scalar load, guarded by the mask.
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->value);
    if (!mask)
      return Lanes::uniform(fromStorage(memref::LoadOp::create(b, loc(), mem, index)));
    Value otherV = other ? toStorage(other->value) : zeroOf(storage);
    auto ifOp = scf::IfOp::create(b, loc(), TypeRange{storage}, mask->value, true, true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      Value loaded = memref::LoadOp::create(b, loc(), mem, index);
      scf::YieldOp::create(b, loc(), loaded);
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, loc(), otherV);
    }
    return Lanes::uniform(fromStorage(ifOp.getResult(0)));
  }

  auto vecType = VectorType::get({width}, storage);
  auto maskType = VectorType::get({width}, b.getI1Type());
  Value maskV = mask ? emitter.toVector(loc(), *mask)
                     : Value(arith::ConstantOp::create(
                           b, loc(), DenseElementsAttr::get(maskType, true)));
  Value pass = other ? toStorage(emitter.toVector(loc(), *other)) : zeroOf(vecType);
  if (ptr->affine && ptr->stride == 1) {
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->base);
    Value loaded =
        mask ? Value(vector::MaskedLoadOp::create(b, loc(), vecType, mem, index, maskV, pass))
             : Value(vector::LoadOp::create(b, loc(), vecType, mem, index));
    return Lanes::vector(fromStorage(loaded));
  }
  Value offsets = emitter.toVector(loc(), *ptr);
  Value loaded = vector::GatherOp::create(b, loc(), vecType, mem, ValueRange{indexConst(0)},
                                          offsets, maskV, pass);
  return Lanes::vector(fromStorage(loaded));
}

FailureOr<SmallVector<Lanes>>
KernelLowering::applyCombine(Region &region, ArrayRef<Lanes> lhs,
                             ArrayRef<Lanes> rhs, int64_t laneWidth, bool vectors) {
  Block &block = region.front();
  DenseMap<Value, Lanes> values;
  unsigned n = lhs.size();
  LaneEmitter emitter(b, laneWidth);
  auto norm = [&](Lanes l) {
    if (vectors && !l.isVector && laneWidth > 1)
      return Lanes::vector(emitter.toVector(loc(), l));
    return l;
  };
  for (unsigned i = 0; i < n; ++i) {
    values[block.getArgument(i)] = norm(lhs[i]);
    values[block.getArgument(n + i)] = norm(rhs[i]);
  }
  for (Operation &op : block.without_terminator()) {
    SmallVector<Lanes> operands;
    for (Value operand : op.getOperands()) {
      auto it = values.find(operand);
      if (it != values.end()) {
        operands.push_back(it->second);
        continue;
      }
      // Values from outside the combine region are uniform scalars.
      FailureOr<Value> s = scalarOf(operand);
      if (failed(s))
        return failure();
      operands.push_back(Lanes::uniform(*s));
    }
    FailureOr<SmallVector<Lanes>> results = emitter.emit(&op, operands);
    if (failed(results))
      return failure();
    for (auto [r, l] : llvm::zip(op.getResults(), *results))
      values[r] = l;
  }
  SmallVector<Lanes> out;
  for (Value r : block.getTerminator()->getOperands()) {
    auto it = values.find(r);
    if (it == values.end()) {
      FailureOr<Value> s = scalarOf(r);
      if (failed(s))
        return failure();
      out.push_back(norm(Lanes::uniform(*s)));
    } else {
      out.push_back(norm(it->second));
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Staging: each program's contiguous footprints go through scratchpad tiles,
// moved by memref.dma_start/dma_wait. Synchronous here; the DB pass overlaps
// the transfers with compute.
//===----------------------------------------------------------------------===//

bool KernelLowering::Footprint::dense(int64_t numel) const {
  SmallVector<Term> sorted(terms);
  llvm::sort(sorted, [](const Term &a, const Term &c) { return a.coeff < c.coeff; });
  int64_t expected = 1, count = 1;
  for (const Term &t : sorted) {
    if (t.size == 1)
      continue;
    if (t.coeff != expected)
      return false;
    expected *= t.size;
    count *= t.size;
  }
  return count == numel && count == extent();
}

static std::optional<int64_t> splatConstant(Value v) {
  if (auto splat = v.getDefiningOp<tt::SplatOp>())
    v = splat.getSrc();
  if (auto c = v.getDefiningOp<arith::ConstantOp>()) {
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return i.getInt();
    if (auto d = dyn_cast<DenseElementsAttr>(c.getValue()))
      if (d.isSplat() && isa<IntegerType>(d.getElementType()))
        return d.getSplatValue<APInt>().getSExtValue();
  }
  return std::nullopt;
}

FailureOr<KernelLowering::Footprint>
KernelLowering::offsetFootprint(Value offset, std::string &why) {
  Operation *def = offset.getDefiningOp();
  if (!def) {
    why = "an offset comes from a block argument";
    return failure();
  }
  if (std::optional<int64_t> c = splatConstant(offset)) {
    Footprint fp;
    fp.constant = *c;
    return fp;
  }
  if (auto splat = dyn_cast<tt::SplatOp>(def)) {
    Footprint fp;
    fp.bases.push_back({splat.getSrc(), 1});
    return fp;
  }
  if (auto range = dyn_cast<tt::MakeRangeOp>(def)) {
    Footprint fp;
    fp.terms.push_back({1, range.getStart(), range.getEnd() - range.getStart()});
    return fp;
  }
  if (isa<tt::BroadcastOp, tt::ExpandDimsOp, arith::ExtSIOp, arith::ExtUIOp>(def))
    return offsetFootprint(def->getOperand(0), why);
  if (isa<arith::AddIOp>(def)) {
    FailureOr<Footprint> a = offsetFootprint(def->getOperand(0), why);
    if (failed(a))
      return failure();
    FailureOr<Footprint> c = offsetFootprint(def->getOperand(1), why);
    if (failed(c))
      return failure();
    a->bases.append(c->bases);
    a->terms.append(c->terms);
    a->constant += c->constant;
    return a;
  }
  if (isa<arith::MulIOp>(def)) {
    for (int k = 0; k < 2; ++k) {
      std::optional<int64_t> factor = splatConstant(def->getOperand(1 - k));
      if (!factor || *factor <= 0)
        continue;
      FailureOr<Footprint> a = offsetFootprint(def->getOperand(k), why);
      if (failed(a))
        return failure();
      for (auto &base : a->bases)
        base.second *= *factor;
      for (auto &t : a->terms)
        t.coeff *= *factor;
      a->constant *= *factor;
      return a;
    }
  }
  why = "its offsets use '" + def->getName().getStringRef().str() +
        "', which is not an affine function of the block ranges";
  return failure();
}

FailureOr<KernelLowering::Footprint>
KernelLowering::pointerFootprint(Value ptr, std::string &why) {
  Operation *def = ptr.getDefiningOp();
  if (!def) {
    if (auto arg = dyn_cast<BlockArgument>(ptr);
        arg && arg.getOwner() == &ttFunc.getBody().front())
      return Footprint();
    why = "the pointer is loop-carried";
    return failure();
  }
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp>(def) || isPointerView(def))
    return pointerFootprint(def->getOperand(0), why);
  if (auto addptr = dyn_cast<tt::AddPtrOp>(def)) {
    FailureOr<Footprint> p = pointerFootprint(addptr.getPtr(), why);
    if (failed(p))
      return failure();
    FailureOr<Footprint> o;
    if (isTensor(addptr.getOffset())) {
      o = offsetFootprint(addptr.getOffset(), why);
    } else {
      Footprint scalar;
      scalar.bases.push_back({addptr.getOffset(), 1});
      o = scalar;
    }
    if (failed(o))
      return failure();
    p->bases.append(o->bases);
    p->terms.append(o->terms);
    p->constant += o->constant;
    return p;
  }
  why = "the pointer is made by '" + def->getName().getStringRef().str() + "'";
  return failure();
}

void KernelLowering::decideStaging() {
  Block &body = ttFunc.getBody().front();
  // Arguments both read and written are left alone: a staged copy would go
  // stale under the program's own writes.
  DenseMap<int, int> reads, writes;
  ttFunc.walk([&](Operation *op) {
    if (auto load = dyn_cast<tt::LoadOp>(op)) {
      if (FailureOr<int> a = pointerArg(load.getPtr()); succeeded(a))
        reads[*a]++;
    } else if (isa<tt::StoreOp, tt::AtomicRMWOp, tt::AtomicCASOp>(op)) {
      if (FailureOr<int> a = pointerArg(op->getOperand(0)); succeeded(a))
        writes[*a]++;
    }
  });
  int64_t used = 0;
  auto consider = [&](Operation *op, Value ptr, Value valueOrResult) {
    std::string why;
    StringRef what = isa<tt::LoadOp>(op) ? "load" : "store";
    auto missed = [&](const std::string &reason) {
      emitRemark(op->getLoc()) << "DB: " << what << " not staged: " << reason;
    };
    if (!isTensor(ptr))
      return missed("it accesses a single element");
    FailureOr<int> arg = pointerArg(ptr);
    if (failed(arg))
      return missed("its pointer does not trace to one argument");
    if (reads[*arg] && writes[*arg])
      return missed("its argument is both read and written by the kernel");
    FailureOr<Footprint> fp = pointerFootprint(ptr, why);
    if (failed(fp))
      return missed(why);
    for (auto &t : fp->terms)
      if (t.coeff <= 0)
        return missed("an offset term decreases along the block");
    auto valueType = tensorType(valueOrResult);
    if (isa<tt::StoreOp>(op)) {
      if (!fp->dense(valueType.getNumElements()))
        return missed("the stored elements do not cover their footprint exactly once");
      auto store = cast<tt::StoreOp>(op);
      if (Value mask = store.getMask()) {
        // Only a bound mask (offset < limit) says which tail to write back.
        auto cmp = mask.getDefiningOp<arith::CmpIOp>();
        auto addptr = ptr.getDefiningOp<tt::AddPtrOp>();
        bool bound = cmp && addptr &&
                     (cmp.getPredicate() == arith::CmpIPredicate::slt ||
                      cmp.getPredicate() == arith::CmpIPredicate::ult) &&
                     cmp.getLhs() == addptr.getOffset() &&
                     addptr.getPtr().getDefiningOp<tt::SplatOp>() &&
                     cmp.getRhs().getDefiningOp<tt::SplatOp>();
        if (!bound)
          return missed("its mask is not a bound (offset < limit) on the stored offsets");
        storeCountLimits[op] = cmp.getRhs().getDefiningOp<tt::SplatOp>().getSrc();
      }
    }
    int64_t bytes = fp->extent() *
                    std::max<int64_t>(1, storageType(valueType.getElementType())
                                             .getIntOrFloatBitWidth() / 8) *
                    staging.buffers;
    if (used + bytes > staging.budgetBytes)
      return missed("its tiles need " + std::to_string(bytes) + " bytes and only " +
                    std::to_string(staging.budgetBytes - used) +
                    " of the scratchpad are left");
    used += bytes;
    stagedFootprints[op] = *fp;
  };
  for (Operation &op : body) {
    if (auto load = dyn_cast<tt::LoadOp>(op)) {
      if (!load.getIsVolatile())
        consider(&op, load.getPtr(), load.getResult());
    } else if (auto store = dyn_cast<tt::StoreOp>(op)) {
      consider(&op, store.getPtr(), store.getValue());
    }
  }
  for (Operation &op : body)
    for (Region &r : op.getRegions())
      r.walk([&](Operation *inner) {
        if (isa<tt::LoadOp, tt::StoreOp>(inner))
          emitRemark(inner->getLoc())
              << "DB: access inside a loop is not staged (staging is per program)";
      });
}

Value KernelLowering::tileStart(const Footprint &fp) {
  Type i64 = b.getI64Type();
  Value start = arith::ConstantIntOp::create(b, loc(), i64, fp.low());
  for (auto [base, coeff] : fp.bases) {
    Value v = scalars.lookup(base);
    if (v.getType() != i64)
      v = arith::ExtSIOp::create(b, loc(), i64, v);
    if (coeff != 1)
      v = arith::MulIOp::create(b, loc(), v, arith::ConstantIntOp::create(b, loc(), i64, coeff));
    start = arith::AddIOp::create(b, loc(), start, v);
  }
  return start;
}

/// max(0, min(extent, limit - start)) as an index.
Value KernelLowering::clampCount(Value limit, int64_t extent, Value start) {
  Type i64 = b.getI64Type();
  if (limit.getType() != i64)
    limit = arith::ExtSIOp::create(b, loc(), i64, limit);
  Value n = arith::SubIOp::create(b, loc(), limit, start);
  n = arith::MinSIOp::create(b, loc(), n, arith::ConstantIntOp::create(b, loc(), i64, extent));
  n = arith::MaxSIOp::create(b, loc(), n, arith::ConstantIntOp::create(b, loc(), i64, 0));
  return arith::IndexCastOp::create(b, loc(), b.getIndexType(), n);
}

void KernelLowering::emitTransfer(Value src, Value srcIndex, Value dst, Value dstIndex,
                                  Value count) {
  Value tag;
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(entryBlock);
    tag = memref::AllocaOp::create(b, loc(), MemRefType::get({1}, b.getI64Type()));
  }
  Value c0 = indexConst(0);
  memref::DmaStartOp::create(b, loc(), src, ValueRange{srcIndex}, dst, ValueRange{dstIndex},
                             count, tag, ValueRange{c0});
  memref::DmaWaitOp::create(b, loc(), tag, ValueRange{c0}, count);
}

LogicalResult KernelLowering::stageLoad(tt::LoadOp op) {
  const Footprint &fp = stagedFootprints[op];
  FailureOr<int> arg = pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  StagedTile t;
  t.arg = *arg;
  t.extent = fp.extent();
  t.tile = allocBuffer({t.extent}, tensorType(op.getResult()).getElementType());
  t.start = tileStart(fp);
  t.startIndex = arith::IndexCastOp::create(b, loc(), b.getIndexType(), t.start);
  Value numel = arith::IndexCastOp::create(b, loc(), b.getI64Type(), argNumel[*arg]);
  Value count = clampCount(numel, t.extent, t.start);
  emitTransfer(argMemrefs[*arg], t.startIndex, t.tile, indexConst(0), count);
  stagedTiles[op] = t;
  return success();
}


std::optional<Lanes> KernelLowering::checkAccess(int arg, const Lanes &ptr,
                                                 const std::optional<Lanes> &mask) {
  if (!checkBounds)
    return mask;
  MLIRContext *ctx = b.getContext();
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  StringRef fnName = "te_rt_bounds_fail";
  if (!module.lookupSymbol(fnName)) {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(module.getBody());
    func::FuncOp::create(b, loc(), fnName,
                         b.getFunctionType({i32, i64, i64, i32, i32, i32}, {}))
        .setPrivate();
  }
  (void)ctx;
  Value numel = arith::IndexCastOp::create(b, loc(), i64, argNumel[arg]);
  LaneEmitter emitter(b, width);
  bool vec = ptr.isVector || (mask && mask->isVector);
  Value off = vec ? emitter.toVector(loc(), ptr) : ptr.value;
  Type offType = off.getType();
  auto splat = [&](Value v) -> Value {
    return vec ? Value(vector::BroadcastOp::create(b, loc(), offType, v)) : v;
  };
  Value zero = splat(arith::ConstantIntOp::create(b, loc(), i64, 0));
  Value below = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::slt, off, zero);
  Value above = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::sge, off, splat(numel));
  Value outside = arith::OrIOp::create(b, loc(), below, above);
  Value maskV = mask ? (vec ? emitter.toVector(loc(), *mask) : mask->value) : Value();
  Value bad = maskV ? Value(arith::AndIOp::create(b, loc(), outside, maskV)) : outside;
  Value any = bad, first = off;
  if (vec) {
    any = vector::ReductionOp::create(b, loc(), vector::CombiningKind::OR, bad);
    first = vector::ExtractOp::create(b, loc(), off, ArrayRef<int64_t>{0});
  }
  {
    auto ifOp = scf::IfOp::create(b, loc(), any, false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value argV = arith::ConstantIntOp::create(b, loc(), i32, arg);
    func::CallOp::create(b, loc(), fnName, TypeRange{},
                         ValueRange{argV, first, numel, pid[0], pid[1], pid[2]});
  }
  // The access keeps the kernel's own mask, minus the lanes outside.
  Value one = arith::ConstantOp::create(b, loc(), b.getOneAttr(outside.getType()));
  Value ok = arith::XOrIOp::create(b, loc(), outside, one);
  if (maskV)
    ok = arith::AndIOp::create(b, loc(), ok, maskV);
  return vec ? Lanes::vector(ok) : Lanes::uniform(ok);
}

Lanes KernelLowering::rebase(const Lanes &ptr, Value start) {
  Lanes out = ptr;
  if (ptr.isVector) {
    auto type = cast<VectorType>(ptr.value.getType());
    Value splat = vector::BroadcastOp::create(b, loc(), type, start);
    out.value = arith::SubIOp::create(b, loc(), ptr.value, splat);
  } else {
    out.value = arith::SubIOp::create(b, loc(), ptr.value, start);
  }
  if (ptr.affine) {
    out.base = arith::SubIOp::create(b, loc(), ptr.base, start);
    out.baseDivisor = 1;
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Roots
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::emitStore(tt::StoreOp op) {
  if (!op.getBoundaryCheck().empty())
    return op.emitError("stores through block pointers are not supported yet");
  FailureOr<int> arg = pointerArg(op.getPtr());
  if (failed(arg))
    return failure();
  Value mem = argMemrefs[*arg];
  Type elem = getElementTypeOrSelf(op.getValue().getType());
  std::optional<StagedTile> staged;
  if (auto it = stagedFootprints.find(op); it != stagedFootprints.end()) {
    // Write the program's tile; it goes back to memory after the nest.
    StagedTile t;
    t.arg = *arg;
    t.extent = it->second.extent();
    t.tile = allocBuffer({t.extent}, elem);
    t.start = tileStart(it->second);
    t.startIndex = arith::IndexCastOp::create(b, loc(), b.getIndexType(), t.start);
    staged = t;
    mem = t.tile;
  }
  auto body = [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> ptr = eval(op.getPtr(), w);
    FailureOr<Lanes> value = eval(op.getValue(), w);
    if (failed(ptr) || failed(value))
      return failure();
    std::optional<Lanes> mask;
    if (op.getMask()) {
      FailureOr<Lanes> m = eval(op.getMask(), w);
      if (failed(m))
        return failure();
      mask = *m;
    }
    mask = checkAccess(*arg, *ptr, mask);
    if (staged)
      ptr = rebase(*ptr, staged->start);
    LaneEmitter emitter(b, width);
    Value v = value->value;
    bool vec = width > 1 && (ptr->isVector || value->isVector || (mask && mask->isVector));
    if (vec)
      v = emitter.toVector(loc(), *value);
    if (elem.isInteger(1))
      v = arith::ExtUIOp::create(b, loc(), emitter.laneType(b.getI8Type(), vec), v);
    if (!vec) {
      Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->value);
      if (mask) {
        auto ifOp = scf::IfOp::create(b, loc(), mask->value, false);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        memref::StoreOp::create(b, loc(), v, mem, index);
      } else {
        memref::StoreOp::create(b, loc(), v, mem, index);
      }
      return success();
    }
    auto maskType = VectorType::get({width}, b.getI1Type());
    if (ptr->affine && ptr->stride == 1) {
      Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->base);
      if (mask)
        vector::MaskedStoreOp::create(b, loc(), mem, index, emitter.toVector(loc(), *mask), v);
      else
        vector::StoreOp::create(b, loc(), v, mem, index);
      return success();
    }
    Value maskV = mask ? emitter.toVector(loc(), *mask)
                       : Value(arith::ConstantOp::create(
                             b, loc(), DenseElementsAttr::get(maskType, true)));
    vector::ScatterOp::create(b, loc(), Type(), mem, ValueRange{indexConst(0)},
                              emitter.toVector(loc(), *ptr), maskV, v);
    return success();
  };
  if (!isTensor(op.getPtr()))
    return emitNest({}, false, body);
  if (failed(emitNest(tensorType(op.getPtr()).getShape(), true, body)))
    return failure();
  if (staged) {
    Value numel = arith::IndexCastOp::create(b, loc(), b.getI64Type(), argNumel[*arg]);
    Value count = clampCount(numel, staged->extent, staged->start);
    if (Value limit = storeCountLimits.lookup(op)) {
      // Bound-masked: only elements below the limit were stored.
      FailureOr<Value> l = scalarOf(limit);
      if (failed(l))
        return failure();
      Value byLimit = clampCount(*l, staged->extent, staged->start);
      count = arith::MinUIOp::create(b, loc(), count, byLimit);
    }
    emitTransfer(staged->tile, indexConst(0), argMemrefs[*arg], staged->startIndex, count);
  }
  return success();
}

LogicalResult KernelLowering::emitAtomic(Operation *op) {
  Value ptrV = op->getOperand(0);
  FailureOr<int> arg = pointerArg(ptrV);
  if (failed(arg))
    return failure();
  Value mem = argMemrefs[*arg];
  Value result = op->getResult(0);
  Type elem = getElementTypeOrSelf(result.getType());
  if (elem.isInteger(1))
    return op->emitError("atomics on i1 are not supported");
  bool tensor = isTensor(result);
  Value resultBuffer = tensor && !result.use_empty()
                           ? allocBuffer(tensorType(result).getShape(), elem)
                           : Value();
  Value scalarResult;
  auto body = [&](const Where &w) -> LogicalResult {
    FailureOr<Lanes> ptr = eval(ptrV, w);
    if (failed(ptr))
      return failure();
    Value index = arith::IndexCastOp::create(b, loc(), b.getIndexType(), ptr->value);
    Value old;
    Value maskV;
    auto rmw = dyn_cast<tt::AtomicRMWOp>(op);
    if (rmw && rmw.getMask()) {
      FailureOr<Lanes> m = eval(rmw.getMask(), w);
      if (failed(m))
        return failure();
      maskV = m->value;
    }
    auto emitRmw = [&]() -> FailureOr<Value> {
      if (auto cas = dyn_cast<tt::AtomicCASOp>(op)) {
        FailureOr<Lanes> cmp = eval(cas.getCmp(), w);
        FailureOr<Lanes> val = eval(cas.getVal(), w);
        if (failed(cmp) || failed(val))
          return failure();
        auto generic = memref::GenericAtomicRMWOp::create(b, loc(), mem, index);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(generic.getBody());
        Value current = generic.getCurrentValue();
        Value eq = isa<FloatType>(elem)
                       ? Value(arith::CmpFOp::create(b, loc(), arith::CmpFPredicate::OEQ,
                                                     current, cmp->value))
                       : Value(arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::eq,
                                                     current, cmp->value));
        Value next = arith::SelectOp::create(b, loc(), eq, val->value, current);
        memref::AtomicYieldOp::create(b, loc(), next);
        return generic.getResult();
      }
      FailureOr<Lanes> val = eval(rmw.getVal(), w);
      if (failed(val))
        return failure();
      bool isFloat = isa<FloatType>(elem);
      std::optional<arith::AtomicRMWKind> kind;
      switch (rmw.getAtomicRmwOp()) {
      case tt::RMWOp::FADD: kind = arith::AtomicRMWKind::addf; break;
      case tt::RMWOp::ADD: kind = isFloat ? arith::AtomicRMWKind::addf : arith::AtomicRMWKind::addi; break;
      case tt::RMWOp::MAX: kind = isFloat ? arith::AtomicRMWKind::maximumf : arith::AtomicRMWKind::maxs; break;
      case tt::RMWOp::MIN: kind = isFloat ? arith::AtomicRMWKind::minimumf : arith::AtomicRMWKind::mins; break;
      case tt::RMWOp::UMAX: kind = arith::AtomicRMWKind::maxu; break;
      case tt::RMWOp::UMIN: kind = arith::AtomicRMWKind::minu; break;
      case tt::RMWOp::AND: kind = arith::AtomicRMWKind::andi; break;
      case tt::RMWOp::OR: kind = arith::AtomicRMWKind::ori; break;
      case tt::RMWOp::XCHG: kind = arith::AtomicRMWKind::assign; break;
      case tt::RMWOp::XOR: break;
      }
      if (kind)
        return Value(memref::AtomicRMWOp::create(b, loc(), *kind, val->value, mem, index));
      auto generic = memref::GenericAtomicRMWOp::create(b, loc(), mem, index);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(generic.getBody());
      Value next = arith::XOrIOp::create(b, loc(), generic.getCurrentValue(), val->value);
      memref::AtomicYieldOp::create(b, loc(), next);
      return Value(generic.getResult());
    };
    if (maskV) {
      auto ifOp = scf::IfOp::create(b, loc(), TypeRange{elem}, maskV, true, true);
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      FailureOr<Value> r = emitRmw();
      if (failed(r))
        return failure();
      scf::YieldOp::create(b, loc(), *r);
      b.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(b, loc(), Value(arith::ConstantOp::create(b, loc(), b.getZeroAttr(elem))));
      b.setInsertionPointAfter(ifOp);
      old = ifOp.getResult(0);
    } else {
      FailureOr<Value> r = emitRmw();
      if (failed(r))
        return failure();
      old = *r;
    }
    if (resultBuffer)
      memref::StoreOp::create(b, loc(), old, resultBuffer, w.idx);
    scalarResult = old;
    return success();
  };
  // Atomics are issued one element at a time (each is its own RMW anyway).
  if (tensor) {
    if (failed(emitNest(tensorType(result).getShape(), false, body)))
      return failure();
    if (resultBuffer)
      buffers[result] = resultBuffer;
    return success();
  }
  if (failed(emitNest({}, false, body)))
    return failure();
  scalars[result] = scalarResult;
  return success();
}

LogicalResult KernelLowering::emitAssert(tt::AssertOp op) {
  if (!asserts)
    return success();
  MLIRContext *ctx = b.getContext();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  Type i32 = b.getI32Type();
  StringRef fnName = "te_rt_assert_fail";
  if (!module.lookupSymbol(fnName)) {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(module.getBody());
    auto decl = func::FuncOp::create(
        b, loc(), fnName, b.getFunctionType({ptrType, ptrType, i32, i32, i32, i32}, {}));
    decl.setPrivate();
  }
  std::pair<std::string, int> source = fileLine(op.getLoc());
  const std::string &file = source.first;
  int line = source.second;
  auto makeString = [&](StringRef text) {
    std::string name = (ttFunc.getName() + "_str" + Twine(stringCounter++)).str();
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(module.getBody());
    std::string data = text.str();
    data.push_back('\0');
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), data.size());
    LLVM::GlobalOp::create(b, loc(), type, /*isConstant=*/true, LLVM::Linkage::Internal,
                           name, b.getStringAttr(data));
    return name;
  };
  std::string msgName = makeString(op.getMessage());
  std::string fileName = makeString(file);
  auto fail = [&](Value cond) {
    Value ok = cond;
    Value one = arith::ConstantIntOp::create(b, loc(), b.getI1Type(), 1);
    Value failed = arith::XOrIOp::create(b, loc(), ok, one);
    auto ifOp = scf::IfOp::create(b, loc(), failed, false);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Value msg = LLVM::AddressOfOp::create(b, loc(), ptrType, msgName);
    Value fileV = LLVM::AddressOfOp::create(b, loc(), ptrType, fileName);
    Value lineV = arith::ConstantIntOp::create(b, loc(), i32, line);
    func::CallOp::create(b, loc(), fnName, TypeRange{},
                         ValueRange{msg, fileV, lineV, pid[0], pid[1], pid[2]});
  };
  if (!isTensor(op.getCondition())) {
    FailureOr<Value> c = scalarOf(op.getCondition());
    if (failed(c))
      return failure();
    fail(*c);
    return success();
  }
  return emitNest(tensorType(op.getCondition()).getShape(), false,
                  [&](const Where &w) -> LogicalResult {
                    FailureOr<Lanes> c = eval(op.getCondition(), w);
                    if (failed(c))
                      return failure();
                    fail(c->value);
                    return success();
                  });
}

LogicalResult KernelLowering::emitReduce(tt::ReduceOp op) {
  auto srcType = tensorType(op.getSrcs()[0]);
  int axis = op.getAxis();
  int rank = srcType.getRank();
  int64_t axisSize = srcType.getDimSize(axis);
  SmallVector<int64_t> resultShape(srcType.getShape());
  resultShape.erase(resultShape.begin() + axis);
  SmallVector<Type> elems;
  for (Value s : op.getSrcs())
    elems.push_back(tensorType(s).getElementType());

  SmallVector<Value> resultBuffers;
  if (!resultShape.empty())
    for (Type e : elems)
      resultBuffers.push_back(allocBuffer(resultShape, e));

  auto evalAll = [&](const Where &w) -> FailureOr<SmallVector<Lanes>> {
    SmallVector<Lanes> out;
    for (Value s : op.getSrcs()) {
      FailureOr<Lanes> l = eval(s, w);
      if (failed(l))
        return failure();
      out.push_back(*l);
    }
    return out;
  };
  auto srcWhere = [&](const Where &outer, Value k, int laneDim) {
    Where w;
    w.idx = outer.idx;
    w.idx.insert(w.idx.begin() + axis, k);
    w.laneDim = laneDim;
    return w;
  };
  auto values = [](ArrayRef<Lanes> l) {
    SmallVector<Value> v;
    for (const Lanes &x : l)
      v.push_back(x.value);
    return v;
  };

  // Combines the source along `axis` from index 0, `step` elements at a
  // time, into accumulators of `width` lanes (vectors when `laneDim` >= 0).
  auto accumulate = [&](const Where &outer, int64_t step,
                        int laneDim) -> FailureOr<SmallVector<Value>> {
    bool vec = width > 1;
    FailureOr<SmallVector<Lanes>> init = evalAll(srcWhere(outer, indexConst(0), laneDim));
    if (failed(init))
      return failure();
    LaneEmitter emitter(b, width);
    SmallVector<Value> acc;
    for (const Lanes &l : *init)
      acc.push_back(vec ? emitter.toVector(loc(), l) : l.value);
    if (axisSize <= step)
      return acc;
    auto loop = scf::ForOp::create(b, loc(), indexConst(step), indexConst(axisSize),
                                   indexConst(step), acc);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    CacheScope scope(*this);
    FailureOr<SmallVector<Lanes>> cur =
        evalAll(srcWhere(outer, loop.getInductionVar(), laneDim));
    if (failed(cur))
      return failure();
    SmallVector<Lanes> accL;
    for (Value a : loop.getRegionIterArgs())
      accL.push_back(vec ? Lanes::vector(a) : Lanes::uniform(a));
    FailureOr<SmallVector<Lanes>> next = applyCombine(op.getCombineOp(), accL, *cur, width, vec);
    if (failed(next))
      return failure();
    scf::YieldOp::create(b, loc(), values(*next));
    return SmallVector<Value>(loop.getResults());
  };

  // Along the last axis the lanes run over the reduced dimension: vector
  // partial accumulators, then a log2(lanes) tree of combines.
  auto reduceLast = [&](const Where &outer) -> FailureOr<SmallVector<Value>> {
    int64_t saved = width;
    llvm::scope_exit restore([&] { width = saved; });
    width = chooseWidth(axisSize, true);
    bool vec = width > 1;
    FailureOr<SmallVector<Value>> accumulated = accumulate(outer, width, vec ? rank - 1 : -1);
    if (failed(accumulated))
      return failure();
    SmallVector<Value> acc = *accumulated;
    for (int64_t w = width; w > 1; w /= 2) {
      SmallVector<Lanes> lo, hi;
      for (Value a : acc) {
        Type e = cast<VectorType>(a.getType()).getElementType();
        auto half = VectorType::get({w / 2}, e);
        Value l = vector::ExtractStridedSliceOp::create(b, loc(), a, ArrayRef<int64_t>{0},
                                                        ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{1});
        Value h = vector::ExtractStridedSliceOp::create(b, loc(), a, ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{w / 2},
                                                        ArrayRef<int64_t>{1});
        (void)half;
        lo.push_back(Lanes::vector(l));
        hi.push_back(Lanes::vector(h));
      }
      FailureOr<SmallVector<Lanes>> next =
          applyCombine(op.getCombineOp(), lo, hi, w / 2, true);
      if (failed(next))
        return failure();
      acc = values(*next);
    }
    if (vec)
      for (Value &a : acc)
        a = vector::ExtractOp::create(b, loc(), a, ArrayRef<int64_t>{0});
    return acc;
  };

  if (resultShape.empty()) {
    FailureOr<SmallVector<Value>> r = reduceLast(Where{});
    if (failed(r))
      return failure();
    for (auto [res, v] : llvm::zip(op.getResults(), *r))
      scalars[res] = v;
    return success();
  }

  if (axis == rank - 1) {
    return emitNest(resultShape, false, [&](const Where &outer) -> LogicalResult {
      FailureOr<SmallVector<Value>> r = reduceLast(outer);
      if (failed(r))
        return failure();
      for (auto [buf, e, v] : llvm::zip(resultBuffers, elems, *r))
        writeBuffer(buf, e, outer.idx, Lanes::uniform(v));
      for (auto [res, buf] : llvm::zip(op.getResults(), resultBuffers))
        buffers[res] = buf;
      return success();
    });
  }

  // Across rows: the lanes run along the kept last dimension, the reduced
  // axis is a scalar loop.
  LogicalResult status = emitNest(resultShape, true, [&](const Where &outer) -> LogicalResult {
    int laneDim = outer.laneDim < 0 ? -1 : outer.laneDim + (axis <= outer.laneDim ? 1 : 0);
    bool vec = width > 1;
    FailureOr<SmallVector<Value>> accumulated = accumulate(outer, 1, laneDim);
    if (failed(accumulated))
      return failure();
    SmallVector<Value> acc = *accumulated;
    for (auto [buf, e, v] : llvm::zip(resultBuffers, elems, acc))
      writeBuffer(buf, e, outer.idx, vec ? Lanes::vector(v) : Lanes::uniform(v));
    return success();
  });
  if (failed(status))
    return failure();
  for (auto [res, buf] : llvm::zip(op.getResults(), resultBuffers))
    buffers[res] = buf;
  return success();
}

LogicalResult KernelLowering::emitScan(tt::ScanOp op) {
  auto type = tensorType(op.getSrcs()[0]);
  int axis = op.getAxis();
  int64_t axisSize = type.getDimSize(axis);
  bool reverse = op.getReverse();
  SmallVector<Value> srcBuffers, outBuffers;
  SmallVector<Type> elems;
  for (Value s : op.getSrcs()) {
    Value buf = bufferFor(s);
    if (!buf)
      return failure();
    srcBuffers.push_back(buf);
    elems.push_back(tensorType(s).getElementType());
    outBuffers.push_back(allocBuffer(type.getShape(), tensorType(s).getElementType()));
  }
  SmallVector<int64_t> outer(type.getShape());
  outer.erase(outer.begin() + axis);
  LogicalResult status = emitNest(outer, false, [&](const Where &w) -> LogicalResult {
    auto at = [&](Value k) {
      Where x;
      x.idx = w.idx;
      x.idx.insert(x.idx.begin() + axis, k);
      return x;
    };
    Value first = indexConst(reverse ? axisSize - 1 : 0);
    SmallVector<Value> acc;
    for (auto [sb, ob, e] : llvm::zip(srcBuffers, outBuffers, elems)) {
      Lanes l = readBuffer(sb, e, at(first));
      writeBuffer(ob, e, at(first).idx, l);
      acc.push_back(l.value);
    }
    auto loop = scf::ForOp::create(b, loc(), indexConst(1), indexConst(axisSize),
                                   indexConst(1), acc);
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    if (reverse)
      k = arith::SubIOp::create(b, loc(), indexConst(axisSize - 1), k);
    SmallVector<Lanes> accL, cur;
    for (auto [a, sb, e] : llvm::zip(loop.getRegionIterArgs(), srcBuffers, elems)) {
      accL.push_back(Lanes::uniform(a));
      cur.push_back(readBuffer(sb, e, at(k)));
    }
    FailureOr<SmallVector<Lanes>> next = applyCombine(op.getCombineOp(), accL, cur, 1, false);
    if (failed(next))
      return failure();
    SmallVector<Value> yields;
    for (auto [ob, e, l] : llvm::zip(outBuffers, elems, *next)) {
      writeBuffer(ob, e, at(k).idx, l);
      yields.push_back(l.value);
    }
    scf::YieldOp::create(b, loc(), yields);
    return success();
  });
  if (failed(status))
    return failure();
  for (auto [res, buf] : llvm::zip(op.getResults(), outBuffers))
    buffers[res] = buf;
  return success();
}

LogicalResult KernelLowering::emitDot(tt::DotOp op) {
  auto aType = tensorType(op.getA());
  auto bType = tensorType(op.getB());
  auto dType = tensorType(op.getD());
  if (aType.getRank() != 2)
    return op.emitError("batched (3-D) tt.dot is not supported yet");
  int64_t m = aType.getDimSize(0), k = aType.getDimSize(1), n = bType.getDimSize(1);
  Value aBuf = bufferFor(op.getA());
  Value bBuf = bufferFor(op.getB());
  if (!aBuf || !bBuf)
    return failure();
  Value dBuf = allocBuffer(dType.getShape(), dType.getElementType());
  if (failed(writeTensorInto(op.getC(), dBuf)))
    return failure();
  Type acc = dType.getElementType();
  auto extend = [&](Value v) -> Value {
    Type e = getElementTypeOrSelf(v.getType());
    if (e == acc)
      return v;
    Type target = isa<VectorType>(v.getType())
                      ? Type(VectorType::get(cast<VectorType>(v.getType()).getShape(), acc))
                      : acc;
    if (isa<FloatType>(e))
      return arith::ExtFOp::create(b, loc(), target, v);
    return arith::ExtSIOp::create(b, loc(), target, v);
  };
  bool isFloat = isa<FloatType>(acc);
  // d[i, j:j+W] += a[i, kk] * b[kk, j:j+W]: unit-stride lanes along N.
  LogicalResult status = emitNest({m, k}, false, [&](const Where &w) -> LogicalResult {
    Value aik = extend(readBuffer(aBuf, aType.getElementType(), w).value);
    return emitNest({n}, true, [&](const Where &wn) -> LogicalResult {
      Where bw{{w.idx[1], wn.idx[0]}, wn.laneDim >= 0 ? 1 : -1};
      Where dw{{w.idx[0], wn.idx[0]}, wn.laneDim >= 0 ? 1 : -1};
      Value bkj = extend(readBuffer(bBuf, bType.getElementType(), bw).value);
      Value dij = readBuffer(dBuf, acc, dw).value;
      LaneEmitter emitter(b, width);
      Value av = width > 1 ? emitter.toVector(loc(), Lanes::uniform(aik)) : aik;
      Value sum = isFloat ? Value(math::FmaOp::create(b, loc(), av, bkj, dij))
                          : Value(arith::AddIOp::create(
                                b, loc(), arith::MulIOp::create(b, loc(), av, bkj), dij));
      writeBuffer(dBuf, acc, dw.idx, width > 1 ? Lanes::vector(sum) : Lanes::uniform(sum));
      return success();
    });
  });
  if (failed(status))
    return failure();
  buffers[op.getD()] = dBuf;
  return success();
}

/// trans, reshape, cat, join, split: index remapping between buffers.
LogicalResult KernelLowering::emitLayoutOp(Operation *op) {
  StringRef name = op->getName().getStringRef();
  SmallVector<Value> srcBufs;
  for (Value operand : op->getOperands()) {
    if (!isTensor(operand))
      return op->emitError("unexpected scalar operand");
    Value buf = bufferFor(operand);
    if (!buf)
      return failure();
    srcBufs.push_back(buf);
  }
  auto srcType = tensorType(op->getOperand(0));
  Type elem = srcType.getElementType();
  for (Value result : op->getResults()) {
    auto type = tensorType(result);
    Value out = allocBuffer(type.getShape(), elem);
    unsigned resultNo = cast<OpResult>(result).getResultNumber();
    LogicalResult status = emitNest(type.getShape(), false, [&](const Where &w) -> LogicalResult {
      Where src;
      Value buf = srcBufs[0];
      if (name == "tt.trans") {
        auto order = op->getAttrOfType<DenseI32ArrayAttr>("order");
        if (!order)
          return op->emitError("tt.trans without an order attribute");
        src.idx.resize(type.getRank());
        for (int64_t d = 0; d < type.getRank(); ++d)
          src.idx[order[d]] = w.idx[d];
      } else if (name == "tt.reshape") {
        Value lin = indexConst(0);
        for (int64_t d = 0; d < type.getRank(); ++d) {
          lin = arith::MulIOp::create(b, loc(), lin, indexConst(type.getDimSize(d)));
          lin = arith::AddIOp::create(b, loc(), lin, w.idx[d]);
        }
        src.idx.resize(srcType.getRank());
        for (int64_t d = srcType.getRank() - 1; d >= 0; --d) {
          Value size = indexConst(srcType.getDimSize(d));
          src.idx[d] = arith::RemUIOp::create(b, loc(), lin, size);
          lin = arith::DivUIOp::create(b, loc(), lin, size);
        }
      } else if (name == "tt.join") {
        src.idx.assign(w.idx.begin(), w.idx.end() - 1);
        Value last = w.idx.back();
        Lanes l0 = readBuffer(srcBufs[0], elem, src);
        Lanes l1 = readBuffer(srcBufs[1], elem, src);
        Value isSecond = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::ne, last,
                                               indexConst(0));
        Value v = arith::SelectOp::create(b, loc(), isSecond, l1.value, l0.value);
        writeBuffer(out, elem, w.idx, Lanes::uniform(v));
        return success();
      } else if (name == "tt.split") {
        src.idx.assign(w.idx.begin(), w.idx.end());
        src.idx.push_back(indexConst(resultNo));
      } else if (name == "tt.cat") {
        int64_t first = srcType.getDimSize(0);
        src.idx.assign(w.idx.begin(), w.idx.end());
        Value inSecond = arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::uge,
                                               w.idx[0], indexConst(first));
        Where second = src;
        second.idx[0] = arith::SubIOp::create(b, loc(), w.idx[0], indexConst(first));
        auto ifOp = scf::IfOp::create(b, loc(), TypeRange{storageType(elem)}, inSecond, true, true);
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(ifOp.thenBlock());
        scf::YieldOp::create(b, loc(), Value(memref::LoadOp::create(b, loc(), srcBufs[1], second.idx)));
        b.setInsertionPointToStart(ifOp.elseBlock());
        scf::YieldOp::create(b, loc(), Value(memref::LoadOp::create(b, loc(), srcBufs[0], src.idx)));
        b.setInsertionPointAfter(ifOp);
        memref::StoreOp::create(b, loc(), ifOp.getResult(0), out, w.idx);
        return success();
      } else {
        return op->emitError("unsupported operation: ") << name;
      }
      Lanes l = readBuffer(buf, elem, src);
      writeBuffer(out, elem, w.idx, l);
      return success();
    });
    if (failed(status))
      return failure();
    buffers[result] = out;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Program order
//===----------------------------------------------------------------------===//

LogicalResult KernelLowering::convertScalarOp(Operation *op) {
  if (isPointerView(op)) {
    FailureOr<Value> p = scalarOf(op->getOperand(0));
    if (failed(p) || failed(pointerArg(op->getResult(0))))
      return failure();
    scalars[op->getResult(0)] = *p;
    return success();
  }
  if (auto pidOp = dyn_cast<tt::GetProgramIdOp>(op)) {
    scalars[pidOp.getResult()] = pid[static_cast<int>(pidOp.getAxis())];
    return success();
  }
  if (auto num = dyn_cast<tt::GetNumProgramsOp>(op)) {
    scalars[num.getResult()] = grid[static_cast<int>(num.getAxis())];
    return success();
  }
  if (auto addptr = dyn_cast<tt::AddPtrOp>(op)) {
    if (failed(pointerArg(addptr.getResult())))
      return failure();
    FailureOr<Value> p = scalarOf(addptr.getPtr());
    FailureOr<Value> off = scalarOf(addptr.getOffset());
    if (failed(p) || failed(off))
      return failure();
    Value o = *off;
    if (!o.getType().isInteger(64))
      o = arith::ExtSIOp::create(b, loc(), b.getI64Type(), o);
    scalars[addptr.getResult()] = arith::AddIOp::create(b, loc(), *p, o);
    return success();
  }
  if (auto load = dyn_cast<tt::LoadOp>(op)) {
    FailureOr<Lanes> l = evalLoad(load, Where{});
    if (failed(l))
      return failure();
    scalars[load.getResult()] = l->value;
    return success();
  }
  if (isInlinable(op)) {
    SmallVector<Lanes> operands;
    for (Value operand : op->getOperands()) {
      FailureOr<Value> s = scalarOf(operand);
      if (failed(s))
        return failure();
      operands.push_back(Lanes::uniform(*s));
    }
    LaneEmitter emitter(b, 1);
    FailureOr<SmallVector<Lanes>> results = emitter.emit(op, operands);
    if (failed(results))
      return failure();
    for (auto [r, l] : llvm::zip(op->getResults(), *results))
      scalars[r] = l.value;
    return success();
  }
  return op->emitError("unsupported operation: ") << op->getName();
}

LogicalResult KernelLowering::convertFor(scf::ForOp op) {
  // Tensor iter_args live in buffers; scalars stay SSA iter_args.
  SmallVector<Value> tensorBuffers(op.getNumRegionIterArgs());
  SmallVector<Value> scalarInits;
  for (auto [i, init] : llvm::enumerate(op.getInitArgs())) {
    if (isTensor(init)) {
      auto type = tensorType(init);
      if (isa<tt::PointerType>(type.getElementType())) {
        if (failed(pointerArg(op.getRegionIterArgs()[i])))
          return failure();
        type = type.clone(b.getI64Type());
      }
      tensorBuffers[i] = allocBuffer(type.getShape(), type.getElementType());
      if (failed(writeTensorInto(init, tensorBuffers[i])))
        return failure();
    } else {
      FailureOr<Value> s = scalarOf(init);
      if (failed(s))
        return failure();
      scalarInits.push_back(*s);
    }
  }
  FailureOr<Value> lb = scalarOf(op.getLowerBound());
  FailureOr<Value> ub = scalarOf(op.getUpperBound());
  FailureOr<Value> step = scalarOf(op.getStep());
  if (failed(lb) || failed(ub) || failed(step))
    return failure();
  auto loop = scf::ForOp::create(b, loc(), *lb, *ub, *step, scalarInits);
  scalars[op.getInductionVar()] = loop.getInductionVar();
  unsigned s = 0;
  for (auto [i, arg] : llvm::enumerate(op.getRegionIterArgs())) {
    if (tensorBuffers[i])
      buffers[arg] = tensorBuffers[i];
    else
      scalars[arg] = loop.getRegionIterArgs()[s++];
  }
  {
    OpBuilder::InsertionGuard g(b);
    if (loop.getBody()->mightHaveTerminator())
      loop.getBody()->getTerminator()->erase();
    b.setInsertionPointToEnd(loop.getBody());
    Block &body = *op.getBody();
    for (Operation &inner : body.without_terminator())
      if (failed(convertOp(&inner)))
        return failure();
    auto yield = cast<scf::YieldOp>(body.getTerminator());
    currentLoc = yield.getLoc();
    // New values go through temporaries first: a yielded value may read
    // another iter_arg's (or its own) previous value at other positions.
    SmallVector<std::pair<Value, Value>> copies;
    SmallVector<Value> scalarYields;
    for (auto [i, v] : llvm::enumerate(yield.getOperands())) {
      if (!tensorBuffers[i]) {
        FailureOr<Value> sv = scalarOf(v);
        if (failed(sv))
          return failure();
        scalarYields.push_back(*sv);
        continue;
      }
      auto type = cast<MemRefType>(tensorBuffers[i].getType());
      Value tmp = allocBuffer(type.getShape(), tensorType(v).getElementType());
      if (failed(writeTensorInto(v, tmp)))
        return failure();
      copies.push_back({tmp, tensorBuffers[i]});
    }
    for (auto [from, to] : copies)
      memref::CopyOp::create(b, loc(), from, to);
    scf::YieldOp::create(b, loc(), scalarYields);
  }
  s = 0;
  for (auto [i, r] : llvm::enumerate(op.getResults())) {
    if (tensorBuffers[i])
      buffers[r] = tensorBuffers[i];
    else
      scalars[r] = loop.getResults()[s++];
  }
  return success();
}

LogicalResult KernelLowering::convertIf(scf::IfOp op) {
  FailureOr<Value> cond = scalarOf(op.getCondition());
  if (failed(cond))
    return failure();
  SmallVector<Value> tensorBuffers;
  SmallVector<Type> scalarTypes;
  for (Value r : op.getResults()) {
    if (isTensor(r)) {
      auto type = tensorType(r);
      tensorBuffers.push_back(allocBuffer(type.getShape(), type.getElementType()));
    } else {
      tensorBuffers.push_back(Value());
      scalarTypes.push_back(r.getType());
    }
  }
  auto ifOp = scf::IfOp::create(b, loc(), scalarTypes, *cond, true, op.elseBlock() != nullptr);
  auto convertRegion = [&](Block *from, Block *to) -> LogicalResult {
    OpBuilder::InsertionGuard g(b);
    if (to->mightHaveTerminator())
      to->getTerminator()->erase();
    b.setInsertionPointToEnd(to);
    for (Operation &inner : from->without_terminator())
      if (failed(convertOp(&inner)))
        return failure();
    auto yield = cast<scf::YieldOp>(from->getTerminator());
    SmallVector<Value> scalarYields;
    for (auto [i, v] : llvm::enumerate(yield.getOperands())) {
      if (tensorBuffers[i]) {
        if (failed(writeTensorInto(v, tensorBuffers[i])))
          return failure();
      } else {
        FailureOr<Value> sv = scalarOf(v);
        if (failed(sv))
          return failure();
        scalarYields.push_back(*sv);
      }
    }
    scf::YieldOp::create(b, loc(), scalarYields);
    return success();
  };
  if (failed(convertRegion(op.thenBlock(), ifOp.thenBlock())))
    return failure();
  if (op.elseBlock() && failed(convertRegion(op.elseBlock(), ifOp.elseBlock())))
    return failure();
  unsigned s = 0;
  for (auto [i, r] : llvm::enumerate(op.getResults())) {
    if (tensorBuffers[i])
      buffers[r] = tensorBuffers[i];
    else
      scalars[r] = ifOp.getResults()[s++];
  }
  return success();
}

LogicalResult KernelLowering::convertOp(Operation *op) {
  currentLoc = op->getLoc();
  if (isa<tt::ReturnOp>(op))
    return success();
  if (auto store = dyn_cast<tt::StoreOp>(op))
    return emitStore(store);
  if (isa<tt::AtomicRMWOp, tt::AtomicCASOp>(op))
    return emitAtomic(op);
  if (auto assertOp = dyn_cast<tt::AssertOp>(op))
    return emitAssert(assertOp);
  if (auto reduce = dyn_cast<tt::ReduceOp>(op))
    return emitReduce(reduce);
  if (auto scan = dyn_cast<tt::ScanOp>(op))
    return emitScan(scan);
  if (auto dot = dyn_cast<tt::DotOp>(op))
    return emitDot(dot);
  if (auto forOp = dyn_cast<scf::ForOp>(op))
    return convertFor(forOp);
  if (auto ifOp = dyn_cast<scf::IfOp>(op))
    return convertIf(ifOp);
  StringRef name = op->getName().getStringRef();
  // A GPU-side hint, and a barrier among the warps of one program: a
  // program runs sequentially here, so neither has anything to do.
  if (name == "llvm.intr.assume" || name == "gpu.barrier")
    return success();
  if (name == "tt.print") {
    emitRemark(op->getLoc(), "tt.print is ignored on this target");
    return success();
  }
  if (name == "tt.trans" || name == "tt.reshape" || name == "tt.cat" ||
      name == "tt.join" || name == "tt.split")
    return emitLayoutOp(op);
  if (isa<tt::CallOp>(op))
    return op->emitError("tt.call is not supported: inline device functions first");
  if (name.starts_with("tt.descriptor") || name == "tt.make_tensor_descriptor" ||
      name == "tt.make_block_ptr" || name == "tt.advance")
    return op->emitError("'") << name << "' (block pointers / tensor descriptors) is not supported yet";
  if (name == "tt.elementwise_inline_asm")
    return op->emitError("inline assembly cannot run on this target");

  bool producesTensor = llvm::any_of(op->getResults(), isTensor);
  if (!producesTensor)
    return convertScalarOp(op);
  if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
    auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
    if (dense && !dense.isSplat()) {
      // Non-splat constants become read-only globals.
      auto type = tensorType(cst.getResult());
      std::string symName = (ttFunc.getName() + "_cst" + Twine(stringCounter++)).str();
      auto memType = MemRefType::get(type.getShape(), storageType(type.getElementType()));
      {
        OpBuilder::InsertionGuard g(b);
        b.setInsertionPointToStart(module.getBody());
        DenseElementsAttr init = dense;
        if (type.getElementType().isInteger(1))
          init = dense.mapValues(b.getI8Type(), [](const APInt &v) { return v.zext(8); });
        memref::GlobalOp::create(b, loc(), symName, b.getStringAttr("private"), memType,
                                 init, /*constant=*/true, b.getI64IntegerAttr(64));
      }
      buffers[cst.getResult()] = memref::GetGlobalOp::create(b, loc(), memType, symName);
    }
    return success();
  }
  if (auto load = dyn_cast<tt::LoadOp>(op)) {
    if (stagedFootprints.count(op) && failed(stageLoad(load)))
      return failure();
    if (materializeLoads.contains(load.getResult()))
      return materialize(load.getResult());
    return success();
  }
  if (isInlinable(op))
    return success();
  return op->emitError("unsupported operation: ") << op->getName();
}

LogicalResult KernelLowering::convertBlock(Block &block) {
  for (Operation &op : block)
    if (failed(convertOp(&op)))
      return failure();
  return success();
}

LogicalResult KernelLowering::run() {
  if (ttFunc.isExternal())
    return success();
  if (failed(createFunction()) || failed(decideMaterialization()))
    return failure();
  if (staging.enabled)
    decideStaging();
  OpBuilder::InsertionGuard g(b);
  return convertBlock(ttFunc.getBody().front());
}

namespace {
struct ConvertTritonToLoopsPass
    : mlir::triton_edge::impl::ConvertTritonToLoopsBase<ConvertTritonToLoopsPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    int64_t lanes = vectorWidthBytes > 0 ? std::max<int64_t>(1, vectorWidthBytes / 4) : 1;
    SmallVector<tt::FuncOp> kernels(module.getOps<tt::FuncOp>());
    if (kernels.empty()) {
      module.emitError("no tt.func kernel in the module");
      return signalPassFailure();
    }
    for (tt::FuncOp fn : kernels) {
      KernelLowering::Staging staging{stageTiles, scratchpadBytes, buffersPerStream};
      KernelLowering lowering(fn, lanes, checkBounds, enableAsserts, staging);
      if (failed(lowering.run()))
        return signalPassFailure();
    }
    for (tt::FuncOp fn : kernels)
      fn.erase();
  }
};
} // namespace
