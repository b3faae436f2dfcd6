#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::triton;

#define GET_OP_CLASSES
#include "triton-edge/Dialect/Triton/IR/TritonOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Triton's tensor-size rule
//===----------------------------------------------------------------------===//

// Triton's own limit (TensorSizeTrait): 2^20 elements per tensor.
static constexpr int64_t kMaxTensorNumElements = 1 << 20;

LogicalResult mlir::OpTrait::impl::verifyTritonTensorSize(Operation *op) {
  // triton-edge-trim-masked-lanes may shrink a block to its mask bound, a
  // multiple of its vector width; it marks the function it rewrote.
  auto fn = op->getParentOfType<FuncOp>();
  bool trimmed = fn && mlir::triton_edge::hasTrimmedLanes(fn);
  auto check = [&](Type type) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return success();
    if (!tensor.hasStaticShape())
      return op->emitOpError("tensor type ")
             << tensor << " must have a static shape";
    int64_t n = tensor.getNumElements();
    if (n > kMaxTensorNumElements)
      return op->emitOpError("tensor type ")
             << tensor << " has " << n << " elements; at most "
             << kMaxTensorNumElements << " are allowed";
    if (n <= 0 || ((n & (n - 1)) != 0 && !trimmed))
      return op->emitOpError("tensor type ")
             << tensor << " has " << n
             << " elements; the number of elements must be a power of two";
    return success();
  };
  for (Type type : op->getOperandTypes())
    if (failed(check(type)))
      return failure();
  for (Type type : op->getResultTypes())
    if (failed(check(type)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// FuncOp / ReturnOp / CallOp
//===----------------------------------------------------------------------===//

ParseResult FuncOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildFuncType = [](Builder &builder, ArrayRef<Type> argTypes,
                          ArrayRef<Type> results,
                          function_interface_impl::VariadicFlag,
                          std::string &) {
    return builder.getFunctionType(argTypes, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildFuncType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void FuncOp::print(OpAsmPrinter &printer) {
  function_interface_impl::printFunctionOp(
      printer, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

LogicalResult ReturnOp::verify() {
  auto func = (*this)->getParentOfType<FuncOp>();
  ArrayRef<Type> results = func.getResultTypes();
  if (getNumOperands() != results.size())
    return emitOpError("has ")
           << getNumOperands() << " operands, but enclosing function (@"
           << func.getName() << ") returns " << results.size();
  for (auto [i, type] : llvm::enumerate(results))
    if (getOperand(i).getType() != type)
      return emitError() << "type of return operand " << i << " ("
                         << getOperand(i).getType()
                         << ") doesn't match function result type (" << type
                         << ") in function @" << func.getName();
  return success();
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto fn = symbolTable.lookupNearestSymbolFrom<FuncOp>(*this, getCalleeAttr());
  if (!fn)
    return emitOpError() << "'" << getCallee()
                         << "' does not reference a valid function";
  FunctionType type = fn.getFunctionType();
  if (type.getNumInputs() != getNumOperands())
    return emitOpError("incorrect number of operands for callee");
  for (unsigned i = 0, e = type.getNumInputs(); i != e; ++i)
    if (getOperand(i).getType() != type.getInput(i))
      return emitOpError("operand type mismatch: expected operand type ")
             << type.getInput(i) << ", but provided "
             << getOperand(i).getType() << " for operand number " << i;
  if (type.getNumResults() != getNumResults())
    return emitOpError("incorrect number of results for callee");
  for (unsigned i = 0, e = type.getNumResults(); i != e; ++i)
    if (getResult(i).getType() != type.getResult(i))
      return emitOpError("result type mismatch at index ") << i;
  return success();
}

//===----------------------------------------------------------------------===//
// Ranges and shapes
//===----------------------------------------------------------------------===//

LogicalResult MakeRangeOp::verify() {
  int64_t start = getStart(), end = getEnd();
  auto type = getType();
  if (type.getRank() != 1)
    return emitOpError("result must be a 1-D tensor");
  if (end <= start)
    return emitOpError("end must be greater than start");
  if (type.getDimSize(0) != end - start)
    return emitOpError("number of elements in the result (")
           << type.getDimSize(0) << ") must equal end - start (" << end - start
           << ")";
  return success();
}

LogicalResult SplatOp::verify() {
  if (isa<RankedTensorType>(getSrc().getType()))
    return emitOpError("source must be a scalar");
  return success();
}

LogicalResult BroadcastOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto dst = cast<RankedTensorType>(getType());
  if (src.getRank() != dst.getRank())
    return emitOpError("source rank ")
           << src.getRank() << " differs from result rank " << dst.getRank();
  for (int64_t d = 0; d < src.getRank(); ++d)
    if (src.getDimSize(d) != 1 && src.getDimSize(d) != dst.getDimSize(d))
      return emitOpError("dimension ")
             << d << " of size " << src.getDimSize(d)
             << " can only broadcast if it is 1";
  return success();
}

LogicalResult ExpandDimsOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto dst = cast<RankedTensorType>(getType());
  int64_t axis = getAxis();
  if (axis < 0 || axis > src.getRank())
    return emitOpError("axis ") << axis << " is out of range for rank "
                                << src.getRank();
  SmallVector<int64_t> expected(src.getShape());
  expected.insert(expected.begin() + axis, 1);
  if (ArrayRef<int64_t>(expected) != dst.getShape())
    return emitOpError("result shape must be the source shape with a 1 "
                       "inserted at axis ")
           << axis;
  return success();
}

//===----------------------------------------------------------------------===//
// Memory
//===----------------------------------------------------------------------===//

static LogicalResult verifyPointerOperand(Operation *op, Type ptrType) {
  Type elem = triton::getElementTypeOrSelf(ptrType);
  if (isa<PointerType>(elem))
    return success();
  return op->emitOpError("expects a pointer or a tensor of pointers, got ")
         << ptrType;
}

// Rules Triton's frontend enforces for loads/stores: boundaryCheck (and
// padding) only on block pointers, each checked dimension in range and listed
// once; block pointers take no mask.
static LogicalResult verifyBlockPointerAccess(Operation *op, Type ptrType,
                                              ArrayRef<int32_t> boundaryCheck,
                                              bool hasPadding, bool hasMask) {
  auto ptr = dyn_cast<PointerType>(ptrType);
  auto block = ptr ? dyn_cast<RankedTensorType>(ptr.getPointeeType())
                   : RankedTensorType();
  if (!block) {
    if (!boundaryCheck.empty())
      return op->emitOpError("boundaryCheck is only allowed with a block "
                             "pointer (!tt.ptr<tensor<...>>)");
    if (hasPadding)
      return op->emitOpError(
          "padding is only allowed with a block pointer (!tt.ptr<tensor<...>>)");
    return success();
  }
  if (hasMask)
    return op->emitOpError("a block pointer access cannot have a mask");
  llvm::SmallBitVector seen(block.getRank());
  for (int32_t dim : boundaryCheck) {
    if (dim < 0 || dim >= block.getRank())
      return op->emitOpError("boundaryCheck dimension ")
             << dim << " is out of range for rank " << block.getRank();
    if (seen.test(dim))
      return op->emitOpError("boundaryCheck dimension ")
             << dim << " is listed twice";
    seen.set(dim);
  }
  return success();
}

LogicalResult LoadOp::verify() {
  if (failed(verifyPointerOperand(*this, getPtr().getType())))
    return failure();
  if (getOther() && !getMask())
    return emitOpError("'other' requires a mask");
  return verifyBlockPointerAccess(*this, getPtr().getType(), getBoundaryCheck(),
                                  getPadding().has_value(), bool(getMask()));
}

void LoadOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
  if (getIsVolatile())
    effects.emplace_back(MemoryEffects::Write::get(),
                         SideEffects::DefaultResource::get());
}

LogicalResult StoreOp::verify() {
  if (failed(verifyPointerOperand(*this, getPtr().getType())))
    return failure();
  return verifyBlockPointerAccess(*this, getPtr().getType(), getBoundaryCheck(),
                                  /*hasPadding=*/false, bool(getMask()));
}

LogicalResult AtomicRMWOp::verify() {
  if (getResult().getType() != getVal().getType())
    return emitOpError("result type ")
           << getResult().getType() << " must match the value type "
           << getVal().getType();
  return success();
}

LogicalResult AtomicCASOp::verify() {
  if (getResult().getType() != getVal().getType())
    return emitOpError("result type ")
           << getResult().getType() << " must match the value type "
           << getVal().getType();
  return success();
}

void StoreOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  effects.emplace_back(MemoryEffects::Write::get(), &getPtrMutable(),
                       SideEffects::DefaultResource::get());
}

/// An atomic reads and writes the memory its pointer operand points to.
static void addAtomicEffects(
    OpOperand &ptr,
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &ptr, SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Write::get(), &ptr, SideEffects::DefaultResource::get());
}

void AtomicRMWOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  addAtomicEffects(getPtrMutable(), effects);
}

void AtomicCASOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  addAtomicEffects(getPtrMutable(), effects);
}

void ExternElementwiseOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (getPure())
    return;
  effects.emplace_back(MemoryEffects::Write::get(),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Read::get(),
                       SideEffects::DefaultResource::get());
}

//===----------------------------------------------------------------------===//
// Reduce / Scan
//===----------------------------------------------------------------------===//

LogicalResult ReduceOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  Properties *prop = properties.as<Properties *>();
  int64_t axis = cast<IntegerAttr>(prop->axis).getInt();
  for (Value src : operands) {
    auto type = cast<RankedTensorType>(src.getType());
    if (axis < 0 || axis >= type.getRank())
      return emitOptionalError(location, "reduction axis ", axis,
                               " is out of range for rank ", type.getRank());
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + axis);
    if (shape.empty())
      inferredReturnTypes.push_back(type.getElementType());
    else
      inferredReturnTypes.push_back(type.clone(shape));
  }
  return success();
}

// Checks shared by tt.reduce and tt.scan (Triton's verifyReduceScan).
static LogicalResult verifyReduceScan(Operation *op, ValueRange srcs,
                                      int64_t axis) {
  // (At least one operand is guaranteed by the Same*Shape traits; result
  // element types by the inferred result types.)
  if (op->getNumResults() != srcs.size())
    return op->emitOpError("must have the same number of inputs as outputs");
  int64_t firstRank = -1;
  for (Value src : srcs) {
    int64_t rank = cast<RankedTensorType>(src.getType()).getRank();
    if (axis < 0 || axis >= rank)
      return op->emitOpError("axis ")
             << axis << " is out of bounds for operand rank " << rank;
    if (firstRank < 0)
      firstRank = rank;
    else if (rank != firstRank)
      return op->emitOpError("all operands must have the same rank, but got "
                             "ranks ")
             << firstRank << " and " << rank;
  }
  return success();
}

// The combine region takes (acc..., x...) element scalars and returns one
// element per operand through the op's own terminator.
template <typename TerminatorOp>
static LogicalResult verifyCombineRegion(Operation *op, Region &region,
                                         ValueRange srcs) {
  Block &block = region.front();
  unsigned n = srcs.size();
  if (block.getNumArguments() != 2 * n)
    return op->emitOpError("combine region must take ")
           << 2 * n << " arguments, got " << block.getNumArguments();
  for (unsigned i = 0; i < 2 * n; ++i) {
    Type elem = triton::getElementTypeOrSelf(srcs[i % n].getType());
    if (block.getArgument(i).getType() != elem)
      return op->emitOpError("combine region argument ")
             << i << " must have type " << elem << ", got "
             << block.getArgument(i).getType();
  }
  auto terminator = dyn_cast<TerminatorOp>(block.getTerminator());
  if (!terminator)
    return op->emitOpError("combine region must end with ")
           << TerminatorOp::getOperationName();
  if (terminator->getNumOperands() != n)
    return op->emitOpError("combine region must return ") << n << " values";
  for (unsigned i = 0; i < n; ++i)
    if (terminator->getOperand(i).getType() !=
        triton::getElementTypeOrSelf(srcs[i].getType()))
      return op->emitOpError("combine region result ")
             << i << " must have the operand's element type";
  return success();
}

LogicalResult ReduceOp::verify() {
  return verifyReduceScan(*this, getSrcs(), getAxis());
}
LogicalResult ReduceOp::verifyRegions() {
  return verifyCombineRegion<ReduceReturnOp>(*this, getCombineOp(), getSrcs());
}

LogicalResult ScanOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  for (Value src : operands)
    inferredReturnTypes.push_back(src.getType());
  return success();
}

LogicalResult ScanOp::verify() {
  return verifyReduceScan(*this, getSrcs(), getAxis());
}
LogicalResult ScanOp::verifyRegions() {
  return verifyCombineRegion<ScanReturnOp>(*this, getCombineOp(), getSrcs());
}

//===----------------------------------------------------------------------===//
// Dot
//===----------------------------------------------------------------------===//

LogicalResult DotOp::verify() {
  auto a = cast<RankedTensorType>(getA().getType());
  auto b = cast<RankedTensorType>(getB().getType());
  auto c = cast<RankedTensorType>(getC().getType());
  if (a.getRank() != b.getRank() || a.getRank() != c.getRank() ||
      (a.getRank() != 2 && a.getRank() != 3))
    return emitOpError("operands must all be 2-D (or 3-D batched) tensors");
  int64_t r = a.getRank();
  if (a.getDimSize(r - 1) != b.getDimSize(r - 2))
    return emitOpError("reduction dimensions differ: ")
           << a.getDimSize(r - 1) << " vs " << b.getDimSize(r - 2);
  if (c.getDimSize(r - 2) != a.getDimSize(r - 2) ||
      c.getDimSize(r - 1) != b.getDimSize(r - 1))
    return emitOpError("accumulator shape must be [M, N] of a:[M, K] * b:[K, N]");
  // Triton allows mixed fp8 operands (e4m3 x e5m2): only the widths must agree.
  if (a.getElementType().getIntOrFloatBitWidth() !=
      b.getElementType().getIntOrFloatBitWidth())
    return emitOpError("element types of a and b must have the same bit width");
  return success();
}

//===----------------------------------------------------------------------===//
// Casts
//===----------------------------------------------------------------------===//

LogicalResult BitcastOp::verify() {
  Type src = triton::getElementTypeOrSelf(getSrc().getType());
  Type dst = triton::getElementTypeOrSelf(getType());
  auto srcPtr = dyn_cast<PointerType>(src);
  auto dstPtr = dyn_cast<PointerType>(dst);
  if (srcPtr || dstPtr) {
    // Pointer <-> pointer only, within one address space.
    if (!srcPtr || !dstPtr)
      return emitOpError("cannot bitcast between a pointer and a non-pointer");
    if (srcPtr.getAddressSpace() != dstPtr.getAddressSpace())
      return emitOpError("cannot bitcast pointers between address spaces ")
             << srcPtr.getAddressSpace() << " and "
             << dstPtr.getAddressSpace();
    return success();
  }
  unsigned srcBits = src.getIntOrFloatBitWidth();
  unsigned dstBits = dst.getIntOrFloatBitWidth();
  if (srcBits != dstBits)
    return emitOpError("cannot bitcast a ")
           << srcBits << "-bit type to a " << dstBits << "-bit type";
  return success();
}

LogicalResult FpToFpOp::verify() {
  Type src = triton::getElementTypeOrSelf(getSrc().getType());
  Type dst = triton::getElementTypeOrSelf(getType());
  if (dst.getIntOrFloatBitWidth() < src.getIntOrFloatBitWidth() &&
      !getRounding())
    return emitOpError("a rounding mode is required for a floating-point "
                       "downcast from ")
           << src << " to " << dst;
  return success();
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult UnsplatOp::inferReturnTypes(
    MLIRContext *, std::optional<Location>, UnsplatOp::Adaptor adaptor,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  inferredReturnTypes.push_back(
      cast<RankedTensorType>(adaptor.getSrc().getType()).getElementType());
  return success();
}

LogicalResult UnsplatOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  if (src.getNumElements() != 1)
    return emitOpError("source tensor must have exactly one element, got ")
           << src.getNumElements();
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto dst = cast<RankedTensorType>(getType());
  if (src.getNumElements() != dst.getNumElements())
    return emitOpError("source and result must have the same number of "
                       "elements, got ")
           << src.getNumElements() << " and " << dst.getNumElements();
  return success();
}

// True if `order` holds each of 0..rank-1 exactly once.
static bool isPermutation(ArrayRef<int32_t> order, int64_t rank) {
  if (static_cast<int64_t>(order.size()) != rank)
    return false;
  llvm::SmallBitVector seen(rank);
  for (int32_t d : order) {
    if (d < 0 || d >= rank || seen.test(d))
      return false;
    seen.set(d);
  }
  return true;
}

LogicalResult TransOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto dst = cast<RankedTensorType>(getType());
  ArrayRef<int32_t> order = getOrder();
  if (static_cast<int64_t>(order.size()) != src.getRank())
    return emitOpError("order has ")
           << order.size() << " entries but the source has rank "
           << src.getRank();
  if (!isPermutation(order, src.getRank()))
    return emitOpError("order must be a permutation of 0..")
           << src.getRank() - 1;
  SmallVector<int64_t> expected;
  for (int32_t d : order)
    expected.push_back(src.getDimSize(d));
  if (ArrayRef<int64_t>(expected) != dst.getShape())
    return emitOpError("result shape must be the source shape permuted by "
                       "order");
  return success();
}

LogicalResult CatOp::verify() {
  auto lhs = cast<RankedTensorType>(getLhs().getType());
  auto dst = cast<RankedTensorType>(getType());
  if (dst.getNumElements() != 2 * lhs.getNumElements())
    return emitOpError("result must have as many elements as both operands "
                       "together, expected ")
           << 2 * lhs.getNumElements() << " but got " << dst.getNumElements();
  return success();
}

LogicalResult JoinOp::verify() {
  auto src = cast<RankedTensorType>(getLhs().getType());
  auto dst = cast<RankedTensorType>(getType());
  SmallVector<int64_t> expected(src.getShape());
  expected.push_back(2);
  if (ArrayRef<int64_t>(expected) != dst.getShape())
    return emitOpError("result shape must be the operand shape with a "
                       "trailing dimension of 2");
  if (dst.getElementType() != src.getElementType())
    return emitOpError("result element type must match the operands'");
  return success();
}

LogicalResult SplitOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto dst = cast<RankedTensorType>(getOutLHS().getType());
  if (src.getRank() == 0 || src.getShape().back() != 2)
    return emitOpError("last dimension of the source must be 2");
  if (src.getShape().drop_back() != dst.getShape())
    return emitOpError("result shape must be the source shape without its "
                       "last dimension");
  if (dst.getElementType() != src.getElementType())
    return emitOpError("result element type must match the source's");
  return success();
}

LogicalResult HistogramOp::verify() {
  auto dst = cast<RankedTensorType>(getType());
  if (dst.getRank() != 1)
    return emitOpError("result must be a 1-D tensor of bins");
  return success();
}

LogicalResult GatherOp::verify() {
  auto src = cast<RankedTensorType>(getSrc().getType());
  auto indices = cast<RankedTensorType>(getIndices().getType());
  auto dst = cast<RankedTensorType>(getType());
  if (indices.getShape() != dst.getShape())
    return emitOpError("indices and result shapes must match");
  if (src.getElementType() != dst.getElementType())
    return emitOpError("source and result element types must match");
  if (src.getRank() != indices.getRank())
    return emitOpError("source and indices ranks must match");
  int64_t axis = getAxis();
  if (axis < 0 || axis >= src.getRank())
    return emitOpError("gather axis ")
           << axis << " must be less than the source rank " << src.getRank();
  for (int64_t d = 0; d < indices.getRank(); ++d)
    if (d != axis && indices.getDimSize(d) != src.getDimSize(d))
      return emitOpError("indices dimension ")
             << d << " must match the corresponding source dimension";
  return success();
}

//===----------------------------------------------------------------------===//
// Block pointers
//===----------------------------------------------------------------------===//

static RankedTensorType getBlockType(Type ptr) {
  return cast<RankedTensorType>(cast<PointerType>(ptr).getPointeeType());
}

LogicalResult MakeTensorPtrOp::verify() {
  int64_t rank = getBlockType(getType()).getRank();
  // The three lists share one operand segment size, so a length mismatch
  // shows up as a wrong total count.
  if (static_cast<int64_t>(getNumOperands()) != 1 + 3 * rank)
    return emitOpError("expects ")
           << rank << " shape, " << rank << " stride and " << rank
           << " offset operands for a rank-" << rank << " block";
  if (!isPermutation(getOrder(), rank))
    return emitOpError("order must be a permutation of 0..") << rank - 1;
  return success();
}

LogicalResult AdvanceOp::verify() {
  int64_t rank = getBlockType(getType()).getRank();
  if (static_cast<int64_t>(getOffsets().size()) != rank)
    return emitOpError("expects ")
           << rank << " offsets for a rank-" << rank << " block, got "
           << getOffsets().size();
  return success();
}

//===----------------------------------------------------------------------===//
// Tensor descriptors
//===----------------------------------------------------------------------===//

LogicalResult MakeTensorDescOp::verify() {
  auto desc = cast<TensorDescType>(getType());
  RankedTensorType block = desc.getSignlessBlockType();
  int64_t rank = block.getRank();
  if (static_cast<int64_t>(getNumOperands()) != 1 + 2 * rank)
    return emitOpError("expects ")
           << rank << " shape and " << rank << " stride operands for a rank-"
           << rank << " block";
  Type pointee = cast<PointerType>(getBase().getType()).getPointeeType();
  if (pointee != block.getElementType())
    return emitOpError("base pointee type ")
           << pointee << " must match the block element type "
           << block.getElementType();
  return success();
}

// Triton's rule for descriptor load/store/reduce: same element type, same
// number of elements; plus one index per descriptor dimension.
static LogicalResult verifyDescriptorAccess(Operation *op, Type descType,
                                            Type tensorType,
                                            size_t numIndices) {
  RankedTensorType block = cast<TensorDescType>(descType).getSignlessBlockType();
  auto tensor = cast<RankedTensorType>(tensorType);
  if (block.getElementType() != tensor.getElementType())
    return op->emitOpError("descriptor block and tensor element types must "
                           "match, got ")
           << block.getElementType() << " and " << tensor.getElementType();
  if (block.getNumElements() != tensor.getNumElements())
    return op->emitOpError("descriptor block and tensor must have the same "
                           "number of elements, got ")
           << block.getNumElements() << " and " << tensor.getNumElements();
  if (static_cast<int64_t>(numIndices) != block.getRank())
    return op->emitOpError("expects ")
           << block.getRank() << " indices, got " << numIndices;
  return success();
}

LogicalResult DescriptorLoadOp::verify() {
  return verifyDescriptorAccess(*this, getDesc().getType(), getType(),
                                getIndices().size());
}
LogicalResult DescriptorStoreOp::verify() {
  return verifyDescriptorAccess(*this, getDesc().getType(),
                                getSrc().getType(), getIndices().size());
}
LogicalResult DescriptorReduceOp::verify() {
  return verifyDescriptorAccess(*this, getDesc().getType(),
                                getSrc().getType(), getIndices().size());
}

// Gather/scatter move whole rows: a 1xM block, N row offsets, an NxM tensor.
static LogicalResult verifyDescriptorGatherScatter(Operation *op,
                                                   Type descType,
                                                   Type tensorType,
                                                   Type offsetsType) {
  RankedTensorType block = cast<TensorDescType>(descType).getSignlessBlockType();
  auto tensor = cast<RankedTensorType>(tensorType);
  auto offsets = cast<RankedTensorType>(offsetsType);
  if (block.getRank() != 2 || block.getDimSize(0) != 1)
    return op->emitOpError("descriptor block must be a 2-D tensor with one "
                           "row, got ")
           << block;
  if (offsets.getRank() != 1)
    return op->emitOpError("x offsets must be a 1-D tensor, got ") << offsets;
  if (tensor.getRank() != 2)
    return op->emitOpError("gathered tensor must be 2-D, got ") << tensor;
  if (tensor.getDimSize(0) != offsets.getDimSize(0))
    return op->emitOpError("gathered tensor must have one row per x offset (")
           << offsets.getDimSize(0) << "), got " << tensor;
  if (tensor.getDimSize(1) != block.getDimSize(1))
    return op->emitOpError("gathered tensor must have the block's ")
           << block.getDimSize(1) << " columns, got " << tensor;
  if (tensor.getElementType() != block.getElementType())
    return op->emitOpError("gathered tensor element type must match the "
                           "block's (")
           << block.getElementType() << "), got " << tensor;
  return success();
}

LogicalResult DescriptorGatherOp::verify() {
  return verifyDescriptorGatherScatter(*this, getDesc().getType(), getType(),
                                       getXOffsets().getType());
}
LogicalResult DescriptorScatterOp::verify() {
  return verifyDescriptorGatherScatter(*this, getDesc().getType(),
                                       getSrc().getType(),
                                       getXOffsets().getType());
}

//===----------------------------------------------------------------------===//
// Scaled dot, inline asm, map_elementwise, print
//===----------------------------------------------------------------------===//

LogicalResult DotScaledOp::verify() {
  auto a = cast<RankedTensorType>(getA().getType());
  auto b = cast<RankedTensorType>(getB().getType());
  auto c = cast<RankedTensorType>(getC().getType());
  if (a.getRank() < 2 || a.getRank() != b.getRank() || a.getRank() != c.getRank())
    return emitOpError("operands must be at least 2-D and of equal rank");
  // e2m1 packs two values per byte along K (the *_k_pack default).
  int64_t rank = a.getRank();
  bool packA = getAElemType() == ScaleDotElemType::E2M1 && getLhsKPack();
  bool packB = getBElemType() == ScaleDotElemType::E2M1 && getRhsKPack();
  int64_t k = a.getDimSize(rank - 1) * (packA ? 2 : 1);
  if (int64_t kB = b.getDimSize(rank - 2) * (packB ? 2 : 1); k != kB)
    return emitOpError("K of the first operand (") << k << ") differs from K of the second ("
                                                   << kB << ")";
  // One scale per 32 values along K: A's [..., M, K/32], B's [..., N, K/32].
  for (auto [scale, rows, which] : {std::tuple(getAScale(), c.getDimSize(rank - 2), "lhs"),
                                    std::tuple(getBScale(), c.getDimSize(rank - 1), "rhs")})
    if (auto type = scale ? cast<RankedTensorType>(scale.getType()) : RankedTensorType();
        type && (type.getRank() != rank || type.getDimSize(rank - 2) != rows ||
                 type.getDimSize(rank - 1) * 32 != k))
      return emitOpError() << which << " scale must be [" << rows << ", " << k / 32
                           << "] (one per 32 values along K), got " << type;
  return success();
}

LogicalResult ElementwiseInlineAsmOp::verify() {
  int32_t pack = getPackedElement();
  if (pack <= 0)
    return emitOpError("packed_element must be positive, got ") << pack;
  if (!getArgs().empty())
    if (auto tensor = dyn_cast<RankedTensorType>(getArgs()[0].getType()))
      if (tensor.getNumElements() % pack != 0)
        return emitOpError("number of input elements ")
               << tensor.getNumElements()
               << " must be a multiple of packed_element " << pack;
  return success();
}

void ElementwiseInlineAsmOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (getPure())
    return;
  effects.emplace_back(MemoryEffects::Write::get(),
                       SideEffects::DefaultResource::get());
  effects.emplace_back(MemoryEffects::Read::get(),
                       SideEffects::DefaultResource::get());
}

LogicalResult MapElementwiseOp::verify() {
  if (getSrcs().empty())
    return emitOpError("must have at least 1 operand");
  if (!llvm::isPowerOf2_32(getPack()))
    return emitOpError("pack must be a power of 2, got ") << getPack();
  return success();
}

LogicalResult MapElementwiseOp::verifyRegions() {
  Region &region = getScalarOp();
  if (region.empty())
    return emitOpError("region must not be empty");
  unsigned pack = getPack();
  // Each operand contributes `pack` consecutive scalar arguments; the same
  // holds for the values returned for each result.
  SmallVector<Type> argTypes, retTypes;
  for (Value v : getSrcs())
    argTypes.append(pack, triton::getElementTypeOrSelf(v.getType()));
  for (Type t : getResultTypes())
    retTypes.append(pack, triton::getElementTypeOrSelf(t));
  Block &entry = region.front();
  if (entry.getNumArguments() != argTypes.size())
    return emitOpError("region must take ")
           << argTypes.size() << " arguments, got " << entry.getNumArguments();
  if (llvm::to_vector(entry.getArgumentTypes()) != argTypes)
    return emitOpError("region argument types must be the operands' element "
                       "types, each repeated pack times");
  WalkResult walk = region.walk([&](Operation *op) -> WalkResult {
    auto effects = dyn_cast<MemoryEffectOpInterface>(op);
    if (effects && effects.hasEffect<MemoryEffects::Write>())
      return op->emitOpError("stores are not supported inside "
                             "tt.map_elementwise");
    if (isa<MapElementwiseReturnOp>(op) &&
        llvm::to_vector(op->getOperandTypes()) != retTypes)
      return op->emitOpError("returned types must be the results' element "
                             "types, each repeated pack times");
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

LogicalResult PrintOp::verify() {
  if (getIsSigned().size() != getArgs().size())
    return emitOpError("isSigned must have one entry per argument (")
           << getArgs().size() << "), got " << getIsSigned().size();
  return success();
}
