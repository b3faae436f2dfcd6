// The te attributes: assembly, verification and the accessors passes use.
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::triton_edge;

#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeAttrs.cpp.inc"

void TritonEdgeDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "triton-edge/Dialect/TritonEdge/IR/TritonEdgeAttrs.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// #te.kernel<"name", [types], ["names"]>
//===----------------------------------------------------------------------===//

Attribute KernelAttr::parse(AsmParser &parser, Type) {
  MLIRContext *ctx = parser.getContext();
  SMLoc loc = parser.getCurrentLocation();
  std::string name;
  SmallVector<Type> types;
  SmallVector<StringAttr> names;
  auto parseType = [&]() -> ParseResult {
    return parser.parseType(types.emplace_back());
  };
  auto parseName = [&]() -> ParseResult {
    std::string argName;
    if (parser.parseString(&argName))
      return failure();
    names.push_back(StringAttr::get(ctx, argName));
    return success();
  };
  if (parser.parseLess() || parser.parseString(&name) || parser.parseComma() ||
      parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseType) ||
      parser.parseComma() ||
      parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, parseName) ||
      parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, ctx, StringAttr::get(ctx, name),
                    types, names);
}

void KernelAttr::print(AsmPrinter &printer) const {
  printer << '<';
  printer.printString(getName().getValue());
  printer << ", [";
  llvm::interleaveComma(getArgTypes(), printer, [&](Type t) { printer.printType(t); });
  printer << "], [";
  llvm::interleaveComma(getArgNames(), printer,
                        [&](StringAttr s) { printer.printString(s.getValue()); });
  printer << "]>";
}

LogicalResult KernelAttr::verify(function_ref<InFlightDiagnostic()> emitError, StringAttr name,
                                 ArrayRef<Type> argTypes, ArrayRef<StringAttr> argNames) {
  if (!name || name.getValue().empty())
    return emitError() << "a kernel needs a name";
  if (argTypes.size() != argNames.size())
    return emitError() << "kernel '" << name.getValue() << "' has " << argTypes.size()
                       << " argument types but " << argNames.size() << " argument names";
  return success();
}

//===----------------------------------------------------------------------===//
// #te.program_cost<bytes = B, ops = N>
//===----------------------------------------------------------------------===//

Attribute ProgramCostAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  double bytes = 0, ops = 0;
  if (parser.parseLess() || parser.parseKeyword("bytes") || parser.parseEqual() ||
      parser.parseFloat(bytes) || parser.parseComma() || parser.parseKeyword("ops") ||
      parser.parseEqual() || parser.parseFloat(ops) || parser.parseGreater())
    return {};
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(), APFloat(bytes),
                    APFloat(ops));
}

void ProgramCostAttr::print(AsmPrinter &printer) const {
  printer << "<bytes = ";
  printer.printFloat(getBytes());
  printer << ", ops = ";
  printer.printFloat(getOps());
  printer << '>';
}

LogicalResult ProgramCostAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                      APFloat bytesValue, APFloat opsValue) {
  double bytes = bytesValue.convertToDouble(), ops = opsValue.convertToDouble();
  // The runtime's cost model divides and compares these; a NaN or a
  // negative estimate would silently pick a wrong thread count.
  if (!std::isfinite(bytes) || !std::isfinite(ops) || bytes < 0 || ops < 0)
    return emitError() << "program cost must be finite and non-negative, got bytes = " << bytes
                       << ", ops = " << ops;
  return success();
}

//===----------------------------------------------------------------------===//
// Accessors
//===----------------------------------------------------------------------===//

namespace {
using TE = TritonEdgeDialect;

/// A unit attribute marking an operation, through its ODS helper.
template <typename Helper>
bool isMarked(Operation *op) {
  return Helper(op->getContext()).isAttrPresent(op);
}
template <typename Helper>
void mark(Operation *op) {
  Helper(op->getContext()).setAttr(op, UnitAttr::get(op->getContext()));
}

StringRef launchArgName(LaunchArg kind) {
  switch (kind) {
  case LaunchArg::DmaEngine:
    return "te.dma_engine";
  case LaunchArg::ProgramSplit:
    return "te.program_split";
  case LaunchArg::StreamStores:
    return "te.stream_stores";
  }
  llvm_unreachable("unknown launch argument");
}
} // namespace

std::optional<LaunchArg> mlir::triton_edge::launchArgKind(StringRef attrName) {
  for (LaunchArg kind : {LaunchArg::DmaEngine, LaunchArg::ProgramSplit, LaunchArg::StreamStores})
    if (attrName == launchArgName(kind))
      return kind;
  return std::nullopt;
}

DenseI64ArrayAttr mlir::triton_edge::getLanes(Operation *op) {
  return TE::LanesAttrHelper(op->getContext()).getAttr(op);
}
void mlir::triton_edge::setLanes(Operation *op, ArrayRef<int64_t> lanes) {
  TE::LanesAttrHelper(op->getContext())
      .setAttr(op, DenseI64ArrayAttr::get(op->getContext(), lanes));
}
std::optional<int64_t> mlir::triton_edge::getReduceLanes(Operation *op) {
  if (IntegerAttr lanes = TE::ReduceLanesAttrHelper(op->getContext()).getAttr(op))
    return lanes.getInt();
  return std::nullopt;
}
void mlir::triton_edge::setReduceLanes(Operation *op, int64_t lanes) {
  Builder b(op->getContext());
  TE::ReduceLanesAttrHelper(op->getContext()).setAttr(op, b.getI64IntegerAttr(lanes));
}
bool mlir::triton_edge::isLanePlanAttr(StringAttr name) {
  return name.getValue() == TE::LanesAttrHelper::getNameStr() ||
         name.getValue() == TE::ReduceLanesAttrHelper::getNameStr();
}

bool mlir::triton_edge::hasTrimmedLanes(Operation *fn) {
  return isMarked<TE::TrimmedLanesAttrHelper>(fn);
}
void mlir::triton_edge::setTrimmedLanes(Operation *fn) {
  mark<TE::TrimmedLanesAttrHelper>(fn);
}

KernelAttr mlir::triton_edge::getKernel(Operation *fn) {
  return TE::KernelAttrHelper(fn->getContext()).getAttr(fn);
}
void mlir::triton_edge::setKernel(Operation *fn, KernelAttr kernel) {
  TE::KernelAttrHelper(fn->getContext()).setAttr(fn, kernel);
}

ProgramCostAttr mlir::triton_edge::getProgramCost(Operation *fn) {
  return TE::ProgramCostAttrHelper(fn->getContext()).getAttr(fn);
}
void mlir::triton_edge::setProgramCost(Operation *fn, ProgramCostAttr cost) {
  TE::ProgramCostAttrHelper(fn->getContext()).setAttr(fn, cost);
}

bool mlir::triton_edge::isProgramLoop(Operation *op) {
  return isMarked<TE::ProgramLoopAttrHelper>(op);
}
void mlir::triton_edge::setProgramLoop(Operation *op) { mark<TE::ProgramLoopAttrHelper>(op); }
bool mlir::triton_edge::isKernelRegion(Operation *op) {
  return isMarked<TE::KernelRegionAttrHelper>(op);
}
void mlir::triton_edge::setKernelRegion(Operation *op) {
  mark<TE::KernelRegionAttrHelper>(op);
}
bool mlir::triton_edge::isUndefPlaceholder(Operation *op) {
  return isMarked<TE::UndefAttrHelper>(op);
}
void mlir::triton_edge::setUndefPlaceholder(Operation *op) { mark<TE::UndefAttrHelper>(op); }

void mlir::triton_edge::setLaunchArg(FunctionOpInterface fn, unsigned argIndex, LaunchArg kind) {
  fn.setArgAttr(argIndex, launchArgName(kind), UnitAttr::get(fn->getContext()));
}
BlockArgument mlir::triton_edge::getLaunchArg(FunctionOpInterface fn, LaunchArg kind) {
  if (fn.isExternal())
    return {};
  for (BlockArgument arg : fn.getArguments())
    if (fn.getArgAttrOfType<UnitAttr>(arg.getArgNumber(), launchArgName(kind)))
      return arg;
  return {};
}

std::optional<DoubleBuffering> mlir::triton_edge::getDoubleBuffering(Operation *fn) {
  if (DoubleBufferingAttr kind = TE::DoubleBufferedAttrHelper(fn->getContext()).getAttr(fn))
    return kind.getValue();
  return std::nullopt;
}
void mlir::triton_edge::setDoubleBuffering(Operation *fn, DoubleBuffering kind) {
  TE::DoubleBufferedAttrHelper(fn->getContext())
      .setAttr(fn, DoubleBufferingAttr::get(fn->getContext(), kind));
}
bool mlir::triton_edge::isBufferSelect(Operation *op) {
  return isMarked<TE::BufferSelectAttrHelper>(op);
}
void mlir::triton_edge::setBufferSelect(Operation *op) {
  mark<TE::BufferSelectAttrHelper>(op);
}

std::optional<int32_t> mlir::triton_edge::getMaxProgramSplit(Operation *fn) {
  if (IntegerAttr k = TE::MaxProgramSplitAttrHelper(fn->getContext()).getAttr(fn))
    return static_cast<int32_t>(k.getInt());
  return std::nullopt;
}
void mlir::triton_edge::setMaxProgramSplit(Operation *fn, int32_t k) {
  Builder b(fn->getContext());
  TE::MaxProgramSplitAttrHelper(fn->getContext()).setAttr(fn, b.getI32IntegerAttr(k));
}

bool mlir::triton_edge::isFullTiles(Operation *op) {
  return isMarked<TE::FullTilesAttrHelper>(op);
}
void mlir::triton_edge::setFullTiles(Operation *op) { mark<TE::FullTilesAttrHelper>(op); }
