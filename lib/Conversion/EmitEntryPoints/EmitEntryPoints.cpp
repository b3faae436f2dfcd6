// The C ABI of compiled kernels (runtime/include/triton-edge-rt/kernel_abi.h),
// written in the LLVM dialect once everything else is lowered: the memref
// descriptors of the body are known then, and the entry stays independent of
// how upstream lowers the rest.
#include "triton-edge/Conversion/KernelAbi.h"
#include "triton-edge/Conversion/Passes.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"
#include "triton-edge-rt/kernel_abi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_EMITENTRYPOINTS
#include "triton-edge/Conversion/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
namespace tt = mlir::triton;

int mlir::triton_edge::abiDtypeCode(Type t) {
  // Signless integers are signed in Triton's kernels: the TE_U* codes are
  // the runtime's, for host buffers only.
  if (t.isInteger(1)) return TE_I1;
  if (t.isInteger(8)) return TE_I8;
  if (t.isInteger(16)) return TE_I16;
  if (t.isInteger(32)) return TE_I32;
  if (t.isInteger(64)) return TE_I64;
  if (t.isF16()) return TE_F16;
  if (t.isBF16()) return TE_BF16;
  if (t.isF32()) return TE_F32;
  if (t.isF64()) return TE_F64;
  if (isa<Float8E4M3FNType>(t)) return TE_F8E4M3FN;
  if (isa<Float8E5M2Type>(t)) return TE_F8E5M2;
  if (isa<Float8E4M3FNUZType>(t)) return TE_F8E4M3FNUZ;
  if (isa<Float8E5M2FNUZType>(t)) return TE_F8E5M2FNUZ;
  if (isa<Float8E4M3B11FNUZType>(t)) return TE_F8E4B15;
  return 0;
}

namespace {

/// te_arg_info's {is_pointer, dtype} of a tt kernel argument type.
std::pair<int32_t, int32_t> argKind(Type type) {
  if (auto ptr = dyn_cast<tt::PointerType>(type))
    return {1, mlir::triton_edge::abiDtypeCode(ptr.getPointeeType())};
  return {0, mlir::triton_edge::abiDtypeCode(type)};
}

/// A NUL-terminated private string constant; returns its address.
Value stringAddress(OpBuilder &b, ModuleOp module, Location loc, StringRef symbol,
                    StringRef text) {
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  if (!module.lookupSymbol(symbol)) {
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPointToStart(module.getBody());
    std::string data = text.str();
    data.push_back('\0');
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), data.size());
    LLVM::GlobalOp::create(b, loc, type, /*isConstant=*/true, LLVM::Linkage::Internal,
                           symbol, b.getStringAttr(data));
  }
  return LLVM::AddressOfOp::create(b, loc, ptrType, symbol);
}

Value insertValue(OpBuilder &b, Location loc, Value aggregate, Value element,
                  int64_t position) {
  return LLVM::InsertValueOp::create(b, loc, aggregate, element,
                                     ArrayRef<int64_t>{position});
}

/// te_kernel_info.double_buffered.
int32_t doubleBufferedKind(Operation *body) {
  std::optional<mlir::triton_edge::DoubleBuffering> kind =
      mlir::triton_edge::getDoubleBuffering(body);
  if (!kind)
    return TE_DB_NONE;
  switch (*kind) {
  case mlir::triton_edge::DoubleBuffering::Dma:
    return TE_DB_DMA;
  case mlir::triton_edge::DoubleBuffering::Prefetch:
    return TE_DB_PREFETCH;
  }
  llvm_unreachable("unknown double buffering");
}

struct EmitEntryPointsPass
    : mlir::triton_edge::impl::EmitEntryPointsBase<EmitEntryPointsPass> {
  using Base::Base;

  LogicalResult emitKernel(LLVM::LLVMFuncOp body) {
    Location loc = body.getLoc();
    mlir::triton_edge::KernelAttr kernelAttr = mlir::triton_edge::getKernel(body);
    StringRef kernel = kernelAttr.getName().getValue();
    ArrayRef<StringAttr> names = kernelAttr.getArgNames();
    SmallVector<std::pair<int32_t, int32_t>> kinds;
    for (Type t : kernelAttr.getArgTypes()) {
      if (argKind(t).second == 0)
        return body.emitError("kernel argument type without a te_dtype: ") << t;
      kinds.push_back(argKind(t));
    }
    if (failed(emitProgramsEntry(body, kernel, kinds)))
      return failure();
    body.setLinkage(LLVM::Linkage::Internal);
    std::string argsSym = emitArgInfo(loc, kernel, names, kinds);
    emitKernelInfo(body, kernel, kinds.size(), argsSym);
    return success();
  }

  /// `<kernel>_programs(launch, begin, end)`: unpacks te_launch into the
  /// body's arguments and calls it.
  LogicalResult emitProgramsEntry(LLVM::LLVMFuncOp body, StringRef kernel,
                                  ArrayRef<std::pair<int32_t, int32_t>> kinds) {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    Location loc = body.getLoc();
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    // struct te_launch { void *const *args; const int64_t *numel;
    //                    int32_t grid[3]; int32_t context; void *dma;
    //                    int32_t program_split; int32_t stream_stores; }
    auto launchType = LLVM::LLVMStructType::getLiteral(
        ctx, {ptrType, ptrType, LLVM::LLVMArrayType::get(i32, 3), i32, ptrType, i32, i32});

    b.setInsertionPointToEnd(module.getBody());
    auto entryType = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx),
                                                 {ptrType, i64, i64});
    auto entry = LLVM::LLVMFuncOp::create(b, loc, (kernel + "_programs").str(), entryType);
    Block *block = entry.addEntryBlock(b);
    b.setInsertionPointToStart(block);
    Value launch = block->getArgument(0);
    auto field = [&](ArrayRef<LLVM::GEPArg> path, Type type) -> Value {
      Value addr = LLVM::GEPOp::create(b, loc, ptrType, launchType, launch, path);
      return LLVM::LoadOp::create(b, loc, type, addr);
    };
    Value args = field({0, 0}, ptrType);
    Value numel = field({0, 1}, ptrType);
    SmallVector<Value> callArgs;
    auto bodyType = body.getFunctionType();
    unsigned param = 0;
    for (auto [i, kind] : llvm::enumerate(kinds)) {
      Value slot = LLVM::GEPOp::create(b, loc, ptrType, ptrType, args,
                                       ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
      Value data = LLVM::LoadOp::create(b, loc, ptrType, slot);
      if (kind.first == 1) {
        Value nslot = LLVM::GEPOp::create(b, loc, ptrType, i64, numel,
                                          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        Value n = LLVM::LoadOp::create(b, loc, i64, nslot);
        Value zero = LLVM::ConstantOp::create(b, loc, i64, 0);
        Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
        // Expanded memref<?xT>: allocated, aligned, offset, size, stride.
        callArgs.append({data, data, zero, n, one});
        param += 5;
      } else {
        Type type = bodyType.getParamType(param++);
        callArgs.push_back(LLVM::LoadOp::create(b, loc, type, data));
      }
    }
    for (int d = 0; d < 3; ++d)
      callArgs.push_back(field({0, 2, d}, i32));
    callArgs.push_back(block->getArgument(1));
    callArgs.push_back(block->getArgument(2));
    callArgs.push_back(field({0, 4}, ptrType));
    callArgs.push_back(field({0, 5}, i32));
    callArgs.push_back(field({0, 6}, i32));
    if (callArgs.size() != bodyType.getNumParams())
      return body.emitError("kernel body signature does not match its argument kinds");
    LLVM::CallOp::create(b, loc, body, callArgs);
    LLVM::ReturnOp::create(b, loc, ValueRange{});
    return success();
  }


  /// te_arg_info[]: each argument's kind, dtype and name; returns its symbol.
  std::string emitArgInfo(Location loc, StringRef kernel, ArrayRef<StringAttr> names,
                          ArrayRef<std::pair<int32_t, int32_t>> kinds) {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i32 = b.getI32Type();
    auto argInfoType = LLVM::LLVMStructType::getLiteral(ctx, {i32, i32, ptrType});
    auto argArrayType = LLVM::LLVMArrayType::get(argInfoType, kinds.size());
    std::string argsSym = (kernel + "_arg_info").str();
    b.setInsertionPointToEnd(module.getBody());
    auto argsGlobal = LLVM::GlobalOp::create(b, loc, argArrayType, true,
                                             LLVM::Linkage::Internal, argsSym, Attribute());
    {
      Block *init = b.createBlock(&argsGlobal.getInitializerRegion());
      b.setInsertionPointToStart(init);
      Value array = LLVM::UndefOp::create(b, loc, argArrayType);
      for (auto [i, kind] : llvm::enumerate(kinds)) {
        Value entryV = LLVM::UndefOp::create(b, loc, argInfoType);
        entryV = insertValue(b, loc, entryV, LLVM::ConstantOp::create(b, loc, i32, kind.first), 0);
        entryV = insertValue(b, loc, entryV, LLVM::ConstantOp::create(b, loc, i32, kind.second), 1);
        Value name = stringAddress(b, module, loc, (kernel + "_argname" + Twine(i)).str(),
                                   names[i].getValue());
        entryV = insertValue(b, loc, entryV, name, 2);
        array = insertValue(b, loc, array, entryV, static_cast<int64_t>(i));
      }
      LLVM::ReturnOp::create(b, loc, array);
    }
    return argsSym;
  }

  /// te_kernel_info: ABI version, arguments, per-program costs and what the
  /// mechanisms applied.
  void emitKernelInfo(LLVM::LLVMFuncOp body, StringRef kernel, size_t numArgs,
                      StringRef argsSym) {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    Location loc = body.getLoc();
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i32 = b.getI32Type(), f64 = b.getF64Type();
    b.setInsertionPointToEnd(module.getBody());
    auto infoType = LLVM::LLVMStructType::getLiteral(
        ctx, {i32, i32, ptrType, ptrType, f64, f64, i32, i32, i32});
    auto info = LLVM::GlobalOp::create(b, loc, infoType, true, LLVM::Linkage::External,
                                       (kernel + "_info").str(), Attribute());
    Block *init = b.createBlock(&info.getInitializerRegion());
    b.setInsertionPointToStart(init);
    int32_t split = mlir::triton_edge::getMaxProgramSplit(body).value_or(1);
    // Costs are per virtual program at the largest split, the unit the
    // runtime's cost model counts in.
    mlir::triton_edge::ProgramCostAttr cost = mlir::triton_edge::getProgramCost(body);
    auto number = [&](double perProgram) {
      double v = cost ? perProgram / split : 0;
      return Value(LLVM::ConstantOp::create(b, loc, f64, b.getF64FloatAttr(v)));
    };
    Value s = LLVM::UndefOp::create(b, loc, infoType);
    s = insertValue(b, loc, s, LLVM::ConstantOp::create(b, loc, i32, TE_ABI_VERSION), 0);
    s = insertValue(
        b, loc, s, LLVM::ConstantOp::create(b, loc, i32, static_cast<int32_t>(numArgs)), 1);
    s = insertValue(b, loc, s,
                                    LLVM::AddressOfOp::create(b, loc, ptrType, argsSym), 2);
    s = insertValue(
        b, loc, s, stringAddress(b, module, loc, (kernel + "_name").str(), kernel), 3);
    s = insertValue(b, loc, s, number(cost ? cost.getBytes().convertToDouble() : 0), 4);
    s = insertValue(b, loc, s, number(cost ? cost.getOps().convertToDouble() : 0), 5);
    s = insertValue(
        b, loc, s, LLVM::ConstantOp::create(b, loc, i32, static_cast<int32_t>(vectorBytes)), 6);
    s = insertValue(
        b, loc, s,
        LLVM::ConstantOp::create(b, loc, i32, doubleBufferedKind(body)), 7);
    s = insertValue(b, loc, s, LLVM::ConstantOp::create(b, loc, i32, split), 8);
    LLVM::ReturnOp::create(b, loc, s);
  }

  void runOnOperation() override {
    SmallVector<LLVM::LLVMFuncOp> bodies;
    getOperation().walk([&](LLVM::LLVMFuncOp fn) {
      if (mlir::triton_edge::getKernel(fn))
        bodies.push_back(fn);
    });
    if (bodies.empty()) {
      getOperation().emitError("no lowered kernel body (te.kernel) in the module");
      return signalPassFailure();
    }
    for (LLVM::LLVMFuncOp body : bodies)
      if (failed(emitKernel(body)))
        return signalPassFailure();
  }
};
} // namespace
