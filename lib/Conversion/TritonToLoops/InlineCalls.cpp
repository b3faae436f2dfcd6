// tt.call of device functions (Triton's `@triton.jit(noinline=True)`
// helpers): inlined into the kernels before the lowering, through upstream
// mlir::inlineCall and the tt dialect's inliner interface. Helpers left
// without callers are erased, so only kernels remain.
#include "KernelLowering.h"

#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {
/// Nested helpers are inlined one level per round; a chain this deep is
/// taken for recursion.
constexpr int kMaxInlineRounds = 32;

void cloneInto(OpBuilder &, Region *src, Block *, Block *postBlock, IRMapping &mapper,
               bool shouldClone) {
  Region *into = postBlock->getParent();
  if (shouldClone)
    src->cloneInto(into, postBlock->getIterator(), mapper);
  else
    into->getBlocks().splice(postBlock->getIterator(), src->getBlocks());
}
} // namespace

LogicalResult mlir::triton_edge::inlineDeviceCalls(ModuleOp module) {
  SymbolTable symbols(module);
  InlinerInterface interface(module.getContext());
  DenseSet<Operation *> callees;
  // Only calls in functions nobody calls (the kernels) are inlined: a
  // helper's own calls come with its body, one level per round, so a
  // recursive chain grows by one level per round instead of doubling.
  DenseSet<StringRef> called;
  module.walk([&](tt::CallOp call) { called.insert(call.getCallee()); });
  for (int round = 0;; ++round) {
    SmallVector<tt::CallOp> calls;
    for (auto fn : module.getOps<tt::FuncOp>())
      if (!called.contains(fn.getName()))
        fn.walk([&](tt::CallOp call) { calls.push_back(call); });
    if (calls.empty())
      break;
    if (round == kMaxInlineRounds)
      return calls.front().emitError("tt.call chain deeper than ")
             << kMaxInlineRounds << " (recursive device functions are not supported)";
    for (tt::CallOp call : calls) {
      auto callee = symbols.lookup<tt::FuncOp>(call.getCallee());
      if (!callee)
        return call.emitError("tt.call of an unknown function '@") << call.getCallee() << "'";
      if (callee.isExternal())
        return call.emitError("tt.call of the external function '@")
               << call.getCallee() << "' cannot be inlined (no body)";
      if (!callee.getBody().hasOneBlock())
        return call.emitError("tt.call of '@")
               << call.getCallee() << "': device functions with several blocks are not supported";
      if (failed(inlineCall(interface, cloneInto, call, callee, &callee.getBody())))
        return call.emitError("tt.call of '@") << call.getCallee() << "' could not be inlined";
      call.erase();
      callees.insert(callee);
    }
  }
  // A helper is used until the helpers calling it are gone.
  for (bool erased = true; erased;) {
    erased = false;
    for (Operation *callee : llvm::to_vector(callees))
      if (SymbolTable::symbolKnownUseEmpty(callee, module)) {
        callees.erase(callee);
        callee->erase();
        erased = true;
      }
  }
  return success();
}
