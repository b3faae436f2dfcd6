// tt kernels -> one loop nest program per kernel.
//
// Why not upstream linalg: a Triton block computes on tensors of *pointers*,
// with masks and `other` values, and Inductor's index math (`//`, `%`,
// indirect indices) defeats pointer analyses that map loads onto strided
// views (triton-shared's known failure mode). Here every tensor value is
// evaluated element by element inside loop nests, so any pointer expression
// is correct by construction (a gather or scatter in the worst case), and
// the nest's innermost loop carries the SIMD lanes that Vec's plan gives it
// (triton-edge-vectorize; scalar without one): the lane facts of
// Analysis/AxisInfo turn unit-stride accesses into contiguous masked vector
// loads/stores. Element-wise chains are fused by construction; only
// reductions, scans, dots, layout changes, loop-carried tensors and loads
// that must not be repeated are materialized in stack buffers.
//
// This file holds the kernel's setup and the program order; each op family
// has its own file (see KernelLowering.h).
#include "triton-edge/Conversion/KernelAbi.h"
#include "triton-edge/Conversion/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/Transforms/InlinerInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_CONVERTTRITONTOLOOPS
#include "triton-edge/Conversion/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

Type mlir::triton_edge::storageType(Type elem) {
  if (elem.isInteger(1))
    return IntegerType::get(elem.getContext(), 8);
  // A materialized tensor of pointers holds their element offsets from the
  // kernel argument they derive from (as loop-carried pointer tensors do).
  if (isa<tt::PointerType>(elem))
    return IntegerType::get(elem.getContext(), 64);
  return elem;
}

bool mlir::triton_edge::isInlinable(Operation *op) {
  if (isa<tt::SplatOp, tt::BroadcastOp, tt::ExpandDimsOp, tt::MakeRangeOp, tt::AddPtrOp,
          tt::LoadOp, tt::ExternElementwiseOp, tt::PreciseSqrtOp, tt::PreciseDivFOp,
          tt::FpToFpOp, tt::ClampFOp, tt::MulhiUIOp, tt::BitcastOp, tt::PtrToIntOp,
          tt::IntToPtrOp>(op))
    return true;
  if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
    auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
    return !dense || dense.isSplat();
  }
  return isa<arith::ArithDialect, math::MathDialect>(op->getDialect()) &&
         op->getNumRegions() == 0;
}

namespace {
bool writesMemory(Operation *op) {
  return isa<tt::StoreOp, tt::AtomicRMWOp, tt::AtomicCASOp, tt::CallOp>(op);
}

bool mayWriteMemory(Operation *op) {
  if (writesMemory(op))
    return true;
  if (op->getNumRegions() == 0)
    return false;
  bool writes = false;
  op->walk([&](Operation *inner) {
    if (inner != op && writesMemory(inner))
      writes = true;
  });
  return writes;
}
} // namespace

KernelLowering::KernelLowering(tt::FuncOp fn, bool checkBounds, bool asserts)
    : ttFunc(fn), module(fn->getParentOfType<ModuleOp>()), b(fn.getContext()),
      checkBounds(checkBounds), asserts(asserts),
      currentLoc(fn.getLoc()), provenance(fn) {}

//===----------------------------------------------------------------------===//
// Setup
//===----------------------------------------------------------------------===//

/// `<name>__body(memref args..., scalars..., grid x/y/z, [begin, end), dma
/// engine, program split)`: a loop over the programs of a range. The C ABI that calls it is
/// written by triton-edge-emit-entry-points from `te.kernel`.
LogicalResult KernelLowering::createFunction() {
  MLIRContext *ctx = ttFunc.getContext();
  SmallVector<Type> argTypes;
  Type i32 = b.getI32Type();
  for (Type type : ttFunc.getArgumentTypes()) {
    if (auto ptr = dyn_cast<tt::PointerType>(type)) {
      Type elem = ptr.getPointeeType();
      if (isa<ShapedType>(elem) || abiDtypeCode(elem) == 0)
        return ttFunc.emitError("unsupported pointer argument type ") << type;
      argTypes.push_back(MemRefType::get({ShapedType::kDynamic}, storageType(elem)));
    } else if (type.isIntOrFloat() && abiDtypeCode(type) != 0) {
      argTypes.push_back(type);
    } else {
      return ttFunc.emitError("unsupported kernel argument type ") << type;
    }
  }
  if (!ttFunc.getResultTypes().empty())
    return ttFunc.emitError("kernels returning values are not supported");
  unsigned numArgs = argTypes.size();
  argTypes.append({i32, i32, i32, b.getIndexType(), b.getIndexType(),
                   LLVM::LLVMPointerType::get(ctx), i32, i32});

  b.setInsertionPoint(ttFunc);
  std::string name = (ttFunc.getName() + "__body").str();
  newFunc = func::FuncOp::create(b, ttFunc.getLoc(), name, b.getFunctionType(argTypes, {}));
  SmallVector<StringAttr> names;
  for (unsigned i = 0; i < numArgs; ++i) {
    std::string argName = "arg" + std::to_string(i);
    if (auto nameLoc = dyn_cast<NameLoc>(ttFunc.getArgument(i).getLoc()))
      argName = nameLoc.getName().str();
    names.push_back(b.getStringAttr(argName));
  }
  setKernel(newFunc, KernelAttr::get(ctx, ttFunc.getSymNameAttr(), ttFunc.getArgumentTypes(), names));
  setLaunchArg(newFunc, numArgs + 5, LaunchArg::DmaEngine);
  // K of the launch, used by split-programs.
  setLaunchArg(newFunc, numArgs + 6, LaunchArg::ProgramSplit);
  // Whether this launch writes around the caches, used by stream-stores.
  setLaunchArg(newFunc, numArgs + 7, LaunchArg::StreamStores);
  if (ProgramCostAttr cost = getProgramCost(ttFunc))
    setProgramCost(newFunc, cost);

  entryBlock = newFunc.addEntryBlock();
  b.setInsertionPointToStart(entryBlock);
  currentLoc = ttFunc.getLoc();
  for (unsigned i = 0; i < numArgs; ++i) {
    Value arg = entryBlock->getArgument(i);
    Value ttArg = ttFunc.getArgument(i);
    if (isa<MemRefType>(arg.getType())) {
      argMemrefs.push_back(arg);
      // A pointer argument is element offset 0 of its memref.
      scalars[ttArg] = arith::ConstantIntOp::create(b, loc(), b.getI64Type(), 0);
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
  setProgramLoop(loop);
  func::ReturnOp::create(b, loc());
  b.setInsertionPointToStart(loop.getBody());
  Value lin = arith::IndexCastOp::create(b, loc(), b.getI64Type(), loop.getInductionVar());
  // A 1-D grid (the common case) needs no division: the divides per program
  // cost as much as a small program's vector loop (add [64,16384]: 512
  // elements a program). scf.if, because LLVM computes both sides of a
  // select of a division and keeps the divide.
  Type i64 = b.getI64Type();
  Value one32 = arith::ConstantIntOp::create(b, loc(), i32, 1);
  Value oneDim = arith::AndIOp::create(
      b, loc(), arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::eq, grid[1], one32),
      arith::CmpIOp::create(b, loc(), arith::CmpIPredicate::eq, grid[2], one32));
  auto ids = scf::IfOp::create(b, loc(), TypeRange{i64, i64, i64}, oneDim, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ids.thenBlock());
    Value zero = arith::ConstantIntOp::create(b, loc(), i64, 0);
    scf::YieldOp::create(b, loc(), ValueRange{lin, zero, zero});
    b.setInsertionPointToStart(ids.elseBlock());
    Value gx = arith::ExtSIOp::create(b, loc(), i64, grid[0]);
    Value gy = arith::ExtSIOp::create(b, loc(), i64, grid[1]);
    Value yz = arith::DivSIOp::create(b, loc(), lin, gx);
    scf::YieldOp::create(b, loc(),
                         ValueRange{arith::RemSIOp::create(b, loc(), lin, gx),
                                    arith::RemSIOp::create(b, loc(), yz, gy),
                                    arith::DivSIOp::create(b, loc(), yz, gy)});
  }
  for (int d = 0; d < 3; ++d)
    pid[d] = arith::TruncIOp::create(b, loc(), i32, ids.getResult(d));
  dmaEngine = entryBlock->getArgument(numArgs + 5);
  return success();
}

namespace {
/// Element-wise ops that cost a polynomial or a library call per element
/// (tens of instructions): recomputing one in every nest that uses it costs
/// more than reading it back from an L1-resident buffer.
bool isCostlyElementwise(Operation *op) {
  return isa<tt::ExternElementwiseOp, math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp,
             math::Log2Op, math::Log10Op, math::Log1pOp, math::TanhOp, math::SinhOp,
             math::CoshOp, math::SinOp, math::CosOp, math::TanOp, math::ErfOp, math::ErfcOp,
             math::PowFOp, math::AtanOp, math::Atan2Op, math::AsinOp, math::AcosOp,
             math::AsinhOp, math::AcoshOp, math::AtanhOp, math::CbrtOp>(op);
}

/// The element stride along dimension `dim` of an integer or pointer block
/// (0: uniform along it) within groups of `lanes` aligned elements, when the
/// tt ops that build it say so: ranges, splats, broadcasts, expand_dims,
/// extensions, adds, multiplies by a splat constant, and remainders and
/// quotients by one. nullopt otherwise (beyond this walk).
std::optional<int64_t> strideAlong(Value v, int64_t dim, int64_t lanes, int depth = 0) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type || dim < 0 || dim >= type.getRank() || depth > 32)
    return std::nullopt;
  if (type.getDimSize(dim) == 1)
    return 0;
  Operation *def = v.getDefiningOp();
  if (!def)
    return std::nullopt;
  auto splatConstant = [](Value c) -> std::optional<int64_t> {
    DenseIntElementsAttr attr;
    if (matchPattern(c, m_Constant(&attr)) && attr.isSplat())
      return attr.getSplatValue<APInt>().getSExtValue();
    return std::nullopt;
  };
  if (isa<tt::SplatOp>(def) || splatConstant(v))
    return 0;
  if (isa<tt::MakeRangeOp>(def))
    return 1;
  if (auto expand = dyn_cast<tt::ExpandDimsOp>(def)) {
    int64_t axis = expand.getAxis(); // dim != axis: that one has size 1
    return strideAlong(expand.getSrc(), dim > axis ? dim - 1 : dim, lanes, depth + 1);
  }
  if (isa<tt::BroadcastOp, arith::ExtSIOp, arith::ExtUIOp, arith::IndexCastOp>(def))
    return strideAlong(def->getOperand(0), dim, lanes, depth + 1);
  if (isa<tt::AddPtrOp, arith::AddIOp, arith::SubIOp>(def)) {
    std::optional<int64_t> a = strideAlong(def->getOperand(0), dim, lanes, depth + 1);
    std::optional<int64_t> c = strideAlong(def->getOperand(1), dim, lanes, depth + 1);
    if (!a || !c)
      return std::nullopt;
    return isa<arith::SubIOp>(def) ? *a - *c : *a + *c;
  }
  if (isa<arith::MulIOp>(def))
    for (unsigned i = 0; i < 2; ++i)
      if (std::optional<int64_t> k = splatConstant(def->getOperand(1 - i)))
        if (std::optional<int64_t> a = strideAlong(def->getOperand(i), dim, lanes, depth + 1))
          return *a * *k;
  // x % C and x / C of unit-stride x with C a multiple of the lanes: unit
  // stride and uniform within each aligned group of lanes (what the nest's
  // lane facts prove where it is emitted; a guess here is only a cost).
  if (isa<arith::RemSIOp, arith::RemUIOp, arith::DivSIOp, arith::DivUIOp>(def)) {
    std::optional<int64_t> k = splatConstant(def->getOperand(1));
    std::optional<int64_t> a = strideAlong(def->getOperand(0), dim, lanes, depth + 1);
    if (!k || !a || *k <= 0 || *k % lanes != 0 || (*a != 0 && *a != 1))
      return std::nullopt;
    return isa<arith::RemSIOp, arith::RemUIOp>(def) ? *a : 0;
  }
  return std::nullopt;
}

bool isContiguousLoad(tt::LoadOp load, int64_t lanes) {
  auto type = tensorType(load.getResult());
  std::optional<int64_t> stride = strideAlong(load.getPtr(), type.getRank() - 1, lanes);
  return stride && *stride == 1;
}
} // namespace

/// A load of a block contiguous along dimension `dim` but not along the
/// last (Inductor's transposing copies): its nest would gather along the
/// last dimension. It is read instead by tiles of lanes x lanes, contiguous
/// vectors along `dim`, transposed in registers into a buffer
/// (materializeTransposed) that its consumers read along the last dimension.
std::optional<int64_t> KernelLowering::transposedLoadDim(tt::LoadOp load) {
  auto type = tensorType(load.getResult());
  int64_t lanes = plannedLanes(load.getResult());
  int64_t last = type.getRank() - 1;
  Type elem = type.getElementType();
  if (lanes < 2 || last < 1 || isBlockPointer(load.getPtr().getType()) ||
      !(elem.isIntOrFloat() && elem.getIntOrFloatBitWidth() >= 8) ||
      type.getDimSize(last) % lanes != 0)
    return std::nullopt;
  std::optional<int64_t> lastStride = strideAlong(load.getPtr(), last, lanes);
  if (lastStride && (*lastStride == 0 || *lastStride == 1))
    return std::nullopt;
  for (int64_t d = last - 1; d >= 0; --d)
    if (type.getDimSize(d) % lanes == 0 && strideAlong(load.getPtr(), d, lanes) == 1)
      return d;
  return std::nullopt;
}

/// A load is evaluated where its single consumer is, unless a write may
/// happen in between or it feeds several nests: then it is read once into a
/// buffer at its own program point (Triton's load-then-use semantics).
/// With reread-shared-loads, a load that is contiguous along its last
/// dimension and feeds several nests, all after it in its block with no
/// write before the last of them, is read by each nest instead: as cheap as
/// reading the buffer back, without the nest that copies it (LayerNorm's
/// row feeds the mean, the variance and the normalized store).
/// A costly element-wise value (isCostlyElementwise) that feeds several
/// nests is computed once into a buffer at its own program point when the
/// buffer fits in L1 (softmax's exp feeds both the sum and the normalized
/// store); the nests read it back instead of recomputing it, and loads that
/// only feed it are then read by its nest alone.
LogicalResult KernelLowering::decideMaterialization() {
  // Each value is visited once per load: the inlined ops form a DAG, and
  // without `seen` shared subexpressions (max-pool index chains) make the
  // walk exponential. A worklist, not recursion: chains of inlined ops are
  // as long as the kernel makes them.
  DenseSet<Value> seen;
  SmallVector<Value> work;
  auto collectRoots = [&](Value start, SmallPtrSetImpl<Operation *> &roots) {
    seen.clear();
    work.assign({start});
    while (!work.empty()) {
      Value v = work.pop_back_val();
      if (!seen.insert(v).second)
        continue;
      for (Operation *user : v.getUsers()) {
        if (isInlinable(user) && user->getNumResults() == 1 && isTensor(user->getResult(0)) &&
            !materializeShared.contains(user->getResult(0)))
          work.push_back(user->getResult(0));
        else
          roots.insert(user);
      }
    }
  };
  ttFunc.walk([&](Operation *op) {
    if (!isCostlyElementwise(op) || op->getNumResults() != 1 || !isTensor(op->getResult(0)))
      return;
    auto type = tensorType(op->getResult(0));
    Type storage = storageType(type.getElementType());
    int64_t bytes =
        type.getNumElements() * std::max<int64_t>(1, storage.getIntOrFloatBitWidth() / 8);
    if (bytes > l1Bytes)
      return;
    SmallPtrSet<Operation *, 4> roots;
    collectRoots(op->getResult(0), roots);
    if (roots.size() > 1)
      materializeShared.insert(op->getResult(0));
  });
  ttFunc.walk([&](tt::LoadOp load) {
    if (!isTensor(load.getResult()))
      return;
    if (std::optional<int64_t> dim = transposedLoadDim(load)) {
      transposedLoads[load.getResult()] = *dim;
      return;
    }
    SmallPtrSet<Operation *, 4> roots;
    collectRoots(load.getResult(), roots);
    bool materialize = load.getIsVolatile() || roots.empty() ||
                       (roots.size() > 1 &&
                        !(rereadSharedLoads &&
                          isContiguousLoad(load, plannedLanes(load.getResult()))));
    if (!materialize) {
      // Every root is read where it is (its ancestor in the load's block):
      // the last of them bounds the stretch that must not write memory.
      Operation *last = nullptr;
      for (Operation *root : roots) {
        Operation *anchor = load->getBlock()->findAncestorOpInBlock(*root);
        // A root inside a loop would re-read the load every iteration.
        if (!anchor || anchor == load.getOperation() || anchor != root ||
            anchor->isBeforeInBlock(load)) {
          materialize = true;
          break;
        }
        if (!last || last->isBeforeInBlock(anchor))
          last = anchor;
      }
      if (!materialize)
        for (Operation *op = load->getNextNode(); op && op != last; op = op->getNextNode())
          if (mayWriteMemory(op)) {
            materialize = true;
            break;
          }
    }
    if (materialize)
      materializeLoads.insert(load.getResult());
  });
  return success();
}

FailureOr<Value> KernelLowering::scalarOf(Value v) {
  auto it = scalars.find(v);
  if (it != scalars.end())
    return it->second;
  return emitError(v.getLoc(), "internal error: scalar value used before it was converted");
}

FailureOr<int> KernelLowering::pointerArg(Value ptr) {
  FailureOr<unsigned> arg = provenance.argumentOf(ptr);
  if (failed(arg))
    return failure();
  return static_cast<int>(*arg);
}

void KernelLowering::declareRuntimeFunction(StringRef name, TypeRange inputs) {
  if (module.lookupSymbol(name))
    return;
  OpBuilder::InsertionGuard g(b);
  b.setInsertionPointToStart(module.getBody());
  func::FuncOp::create(b, loc(), name, b.getFunctionType(inputs, {})).setPrivate();
}

//===----------------------------------------------------------------------===//
// Program order
//===----------------------------------------------------------------------===//

/// Non-splat constants become read-only globals.
LogicalResult KernelLowering::convertTensorConstant(arith::ConstantOp cst) {
  auto dense = dyn_cast<DenseElementsAttr>(cst.getValue());
  if (!dense || dense.isSplat())
    return success();
  auto type = tensorType(cst.getResult());
  std::string symName = (ttFunc.getName() + "_cst" + Twine(stringCounter++)).str();
  auto memType = MemRefType::get(type.getShape(), storageType(type.getElementType()));
  {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(module.getBody());
    DenseElementsAttr init = dense;
    if (type.getElementType().isInteger(1))
      init = dense.mapValues(b.getI8Type(), [](const APInt &v) { return v.zext(8); });
    memref::GlobalOp::create(b, loc(), symName, b.getStringAttr("private"), memType, init,
                             /*constant=*/true, b.getI64IntegerAttr(64));
  }
  buffers[cst.getResult()] = memref::GetGlobalOp::create(b, loc(), memType, symName);
  return success();
}

LogicalResult KernelLowering::convertOp(Operation *op) {
  currentLoc = op->getLoc();
  // A GPU-side hint, and a barrier among the warps of one program: a program
  // runs sequentially here, so neither has anything to do.
  if (isa<tt::ReturnOp, LLVM::AssumeOp, gpu::BarrierOp>(op))
    return success();
  if (auto store = dyn_cast<tt::StoreOp>(op))
    return emitStore(store);
  if (isa<tt::AtomicRMWOp, tt::AtomicCASOp>(op))
    return emitAtomic(op);
  if (auto assertOp = dyn_cast<tt::AssertOp>(op))
    return emitAssert(assertOp);
  if (auto print = dyn_cast<tt::PrintOp>(op))
    return emitPrint(print);
  if (auto reduce = dyn_cast<tt::ReduceOp>(op))
    return emitReduce(reduce);
  if (auto scan = dyn_cast<tt::ScanOp>(op))
    return emitScan(scan);
  if (auto dot = dyn_cast<tt::DotOp>(op))
    return emitDot(dot);
  if (auto dot = dyn_cast<tt::DotScaledOp>(op))
    return emitDotScaled(dot);
  if (auto forOp = dyn_cast<scf::ForOp>(op))
    return convertFor(forOp);
  if (auto ifOp = dyn_cast<scf::IfOp>(op))
    return convertIf(ifOp);
  if (auto whileOp = dyn_cast<scf::WhileOp>(op))
    return convertWhile(whileOp);
  if (isa<tt::TransOp, tt::ReshapeOp, tt::CatOp, tt::JoinOp, tt::SplitOp>(op))
    return emitLayoutOp(op);
  if (auto histogram = dyn_cast<tt::HistogramOp>(op))
    return emitHistogram(histogram);
  if (auto gather = dyn_cast<tt::GatherOp>(op))
    return emitGather(gather);
  if (auto unsplat = dyn_cast<tt::UnsplatOp>(op))
    return convertUnsplat(unsplat);
  if (isa<tt::MakeTensorPtrOp, tt::AdvanceOp>(op))
    return convertBlockPointerOp(op);
  if (isa<tt::MakeTensorDescOp,
          tt::ReinterpretTensorDescOp, tt::DescriptorLoadOp, tt::DescriptorStoreOp,
          tt::DescriptorReduceOp, tt::DescriptorGatherOp, tt::DescriptorScatterOp>(op))
    return op->emitError("'") << op->getName() << "' (tensor descriptors) is not supported yet";
  if (isa<tt::ElementwiseInlineAsmOp>(op))
    return op->emitError("inline assembly cannot run on this target");

  if (!llvm::any_of(op->getResults(), isTensor))
    return convertScalarOp(op);
  if (auto cst = dyn_cast<arith::ConstantOp>(op))
    return convertTensorConstant(cst);
  if (auto load = dyn_cast<tt::LoadOp>(op)) {
    if (auto it = transposedLoads.find(load.getResult()); it != transposedLoads.end())
      return materializeTransposed(load, it->second);
    if (materializeLoads.contains(load.getResult()))
      return materialize(load.getResult());
    return success();
  }
  if (isInlinable(op)) {
    if (op->getNumResults() == 1 && materializeShared.contains(op->getResult(0)))
      return materialize(op->getResult(0));
    return success();
  }
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
  OpBuilder::InsertionGuard g(b);
  return convertBlock(ttFunc.getBody().front());
}

namespace {
struct ConvertTritonToLoopsPass
    : mlir::triton_edge::impl::ConvertTritonToLoopsBase<ConvertTritonToLoopsPass> {
  using Base::Base;
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    // Device functions may hold llvm ops (llvm.intr.assume from tl.assume):
    // inlining them needs the LLVM dialect's inliner interface.
    LLVM::registerInlinerInterface(registry);
  }
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(structureControlFlow(module)) || failed(inlineDeviceCalls(module)))
      return signalPassFailure();
    rewritePointersAsAddresses(module);
    SmallVector<tt::FuncOp> kernels(module.getOps<tt::FuncOp>());
    if (kernels.empty()) {
      module.emitError("no tt.func kernel in the module");
      return signalPassFailure();
    }
    for (tt::FuncOp fn : kernels) {
      KernelLowering lowering(fn, checkBounds, enableAsserts);
      lowering.vectorRegisters = vectorRegisters;
      lowering.l1Bytes = l1Bytes;
      lowering.rereadSharedLoads = rereadSharedLoads;
      if (failed(lowering.run()))
        return signalPassFailure();
    }
    for (tt::FuncOp fn : kernels)
      fn.erase();
  }
};
} // namespace
