// tt.assert (a run-time check reporting message, file:line and program id
// through te_rt_assert_fail) and tt.print (ignored, with a remark).
#include "KernelLowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

/// File, line of the first file location inside `loc`.
static std::pair<std::string, int> fileLine(Location loc) {
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

LogicalResult KernelLowering::emitAssert(tt::AssertOp op) {
  if (!asserts)
    return success();
  MLIRContext *ctx = b.getContext();
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  Type i32 = b.getI32Type();
  StringRef fnName = "te_rt_assert_fail";
  declareRuntimeFunction(fnName, {ptrType, ptrType, i32, i32, i32, i32});
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
  return emitNest(tensorType(op.getCondition()).getShape(), 1,
                  [&](const Where &w) -> LogicalResult {
                    FailureOr<Lanes> c = eval(op.getCondition(), w);
                    if (failed(c))
                      return failure();
                    fail(c->value);
                    return success();
                  });
}

LogicalResult KernelLowering::emitPrint(tt::PrintOp op) {
  emitRemark(op->getLoc(), "tt.print is ignored on this target");
  return success();
}
