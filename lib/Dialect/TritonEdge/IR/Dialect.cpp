// The te dialect: its attributes, and where each may appear.
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;
using namespace mlir::triton_edge;

#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeDialect.cpp.inc"

void TritonEdgeDialect::initialize() { registerAttributes(); }

namespace {
/// What one te attribute on an operation must be and where it may be.
struct Placement {
  StringRef name;
  /// The attribute's value has the right type (and range).
  function_ref<bool(Attribute)> typeOk;
  StringRef type;
  /// The operation may carry it.
  function_ref<bool(Operation *)> placeOk;
  StringRef place;
};

bool isUnit(Attribute a) { return isa<UnitAttr>(a); }
bool isFunction(Operation *op) { return isa<FunctionOpInterface>(op); }
bool isSignlessInt(Attribute a, unsigned width) {
  auto i = dyn_cast<IntegerAttr>(a);
  return i && i.getType().isSignlessInteger(width);
}
} // namespace

LogicalResult TritonEdgeDialect::verifyOperationAttribute(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  Attribute value = attr.getValue();
  if (launchArgKind(name))
    return op->emitOpError("'") << name << "' is an argument attribute of a kernel body";

  auto anyOp = [](Operation *) { return true; };
  auto isFor = [](Operation *op) { return isa<scf::ForOp>(op); };
  const Placement placements[] = {
      {LanesAttrHelper::getNameStr(),
       [](Attribute a) {
         auto lanes = dyn_cast<DenseI64ArrayAttr>(a);
         return lanes && llvm::all_of(lanes.asArrayRef(), [](int64_t l) { return l >= 1; });
       },
       "an array<i64> of lane counts >= 1", anyOp, ""},
      {ReduceLanesAttrHelper::getNameStr(),
       [](Attribute a) { return isSignlessInt(a, 64) && cast<IntegerAttr>(a).getInt() >= 1; },
       "an i64 >= 1", [](Operation *op) { return op->getNumRegions() == 1; },
       "a reduction (an operation with a combine region)"},
      {TrimmedLanesAttrHelper::getNameStr(), isUnit, "a unit attribute", isFunction, "a function"},
      {ProgramCostAttrHelper::getNameStr(), [](Attribute a) { return isa<ProgramCostAttr>(a); },
       "a #te.program_cost", isFunction, "a function"},
      {KernelAttrHelper::getNameStr(), [](Attribute a) { return isa<KernelAttr>(a); },
       "a #te.kernel", isFunction, "a function"},
      {ProgramLoopAttrHelper::getNameStr(), isUnit, "a unit attribute", isFor, "an scf.for"},
      {KernelRegionAttrHelper::getNameStr(), isUnit, "a unit attribute",
       [](Operation *op) { return isa<scf::ForOp, scf::IfOp, scf::WhileOp>(op); },
       "an scf.for, scf.if or scf.while"},
      {UndefAttrHelper::getNameStr(), isUnit, "a unit attribute",
       [](Operation *op) { return isa<UnrealizedConversionCastOp>(op); },
       "an unrealized_conversion_cast"},
      {DoubleBufferedAttrHelper::getNameStr(),
       [](Attribute a) { return isa<DoubleBufferingAttr>(a); }, "a #te.double_buffering",
       isFunction, "a function"},
      {BufferSelectAttrHelper::getNameStr(), isUnit, "a unit attribute",
       // arith-to-llvm carries the attributes of a select over.
       [](Operation *op) { return isa<arith::SelectOp, LLVM::SelectOp>(op); }, "a select"},
      {MaxProgramSplitAttrHelper::getNameStr(),
       [](Attribute a) { return isSignlessInt(a, 32) && cast<IntegerAttr>(a).getInt() >= 2; },
       "an i32 >= 2", isFunction, "a function"},
      {FullTilesAttrHelper::getNameStr(), isUnit, "a unit attribute", isFor, "an scf.for"},
  };
  for (const Placement &p : placements) {
    if (name != p.name)
      continue;
    if (!p.typeOk(value))
      return op->emitOpError("'") << name << "' must be " << p.type << ", got " << value;
    if (!p.placeOk(op))
      return op->emitOpError("'") << name << "' is only valid on " << p.place;
    // One entry per result; an op without results (tt.store) has one for the
    // block it stores.
    if (auto lanes = dyn_cast<DenseI64ArrayAttr>(value)) {
      size_t expected = std::max<size_t>(op->getNumResults(), 1);
      if (static_cast<size_t>(lanes.size()) != expected)
        return op->emitOpError("'") << name << "' has " << lanes.size() << " entries for "
                                    << op->getNumResults() << " results";
    }
    return success();
  }
  return op->emitOpError("unknown attribute '") << name << "' of the te dialect";
}

LogicalResult TritonEdgeDialect::verifyRegionArgAttribute(Operation *op, unsigned regionIndex,
                                                          unsigned argIndex,
                                                          NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  std::optional<LaunchArg> kind = launchArgKind(name);
  if (!kind)
    return op->emitOpError("'") << name << "' is not an argument attribute";
  auto fn = dyn_cast<FunctionOpInterface>(op);
  if (!fn || regionIndex != 0)
    return op->emitOpError("'") << name << "' is only valid on an argument of a function";
  if (!isa<UnitAttr>(attr.getValue()))
    return op->emitOpError("'") << name << "' must be a unit attribute";
  Type type = fn.getArgumentTypes()[argIndex];
  bool typeOk = *kind == LaunchArg::DmaEngine ? isa<LLVM::LLVMPointerType>(type)
                                              : type.isSignlessInteger(32);
  if (!typeOk)
    return op->emitOpError("'")
           << name << "' marks argument " << argIndex << " of type " << type << ", expected "
           << (*kind == LaunchArg::DmaEngine ? "'!llvm.ptr'" : "'i32'");
  for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i)
    if (i != argIndex && fn.getArgAttr(i, attr.getName()))
      return op->emitOpError("'") << name << "' marks both argument " << std::min(i, argIndex)
                                  << " and " << std::max(i, argIndex);
  return success();
}
