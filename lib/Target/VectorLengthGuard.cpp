// Code for a scalable ISA (SVE, RVV) compiled for one vector length runs
// wrong, silently, on hardware with another. The guard is a load-time
// constructor in the kernel library that compares the hardware's vscale with
// the one compiled for and stops the process with a message otherwise.
#include "VectorLengthGuard.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <string>

namespace mlir::triton_edge {

void addVectorLengthGuard(llvm::Module &module, unsigned vscale, int64_t vectorBytes,
                          llvm::StringRef target) {
  llvm::LLVMContext &ctx = module.getContext();
  // No vscale_range on this function: vscale must stay a run-time value.
  auto *fn = llvm::Function::Create(llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), false),
                                    llvm::GlobalValue::InternalLinkage,
                                    "__triton_edge_vector_length_guard", module);
  auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
  auto *bad = llvm::BasicBlock::Create(ctx, "bad", fn);
  auto *done = llvm::BasicBlock::Create(ctx, "done", fn);
  llvm::IRBuilder<> b(entry);
  llvm::Value *actual = b.CreateVScale(b.getInt64Ty());
  b.CreateCondBr(b.CreateICmpEQ(actual, b.getInt64(vscale)), done, bad);

  b.SetInsertPoint(bad);
  std::string message = "triton-edge: this kernel was compiled for " + target.str() + " with " +
                        std::to_string(vectorBytes) +
                        "-byte vectors (--vector-bytes); this CPU's vector length differs: "
                        "recompile with its length\n";
  llvm::Value *text = b.CreateGlobalString(message, "__triton_edge_vector_length_message");
  llvm::FunctionCallee write = module.getOrInsertFunction(
      "write", llvm::FunctionType::get(b.getInt64Ty(),
                                       {b.getInt32Ty(), b.getPtrTy(), b.getInt64Ty()}, false));
  b.CreateCall(write, {b.getInt32(2), text, b.getInt64(message.size())});
  llvm::FunctionCallee exit = module.getOrInsertFunction(
      "_exit", llvm::FunctionType::get(b.getVoidTy(), {b.getInt32Ty()}, false));
  b.CreateCall(exit, {b.getInt32(2)});
  b.CreateUnreachable();

  b.SetInsertPoint(done);
  b.CreateRetVoid();
  llvm::appendToGlobalCtors(module, fn, 0);
}

} // namespace mlir::triton_edge
