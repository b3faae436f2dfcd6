// Test pass of Analysis/PointerProvenance: every pointer value a kernel
// makes gets a remark naming the kernel argument it points into, and every
// memory access asks for its pointer's argument the way
// convert-triton-to-loops does (an error where there is none).
#include "triton-edge/Analysis/PointerProvenance.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;
using namespace mlir::triton_edge;
namespace tt = mlir::triton;

namespace {

bool isPointer(Value v) { return isa<tt::PointerType>(tt::getElementTypeOrSelf(v.getType())); }

void remarkProvenance(Operation *at, const Twine &what, PointerProvenance &provenance, Value v) {
  InFlightDiagnostic remark = at->emitRemark() << what << ": ";
  if (std::optional<unsigned> arg = provenance.lookup(v)) {
    remark << "argument " << *arg;
    return;
  }
  const PointerOrigins *origins = provenance.originsOf(v);
  if (!origins || origins->unknown) {
    remark << "unknown";
    return;
  }
  remark << "address into argument" << (origins->args.size() > 1 ? "s " : " ");
  llvm::interleaveComma(origins->args, remark);
}

/// The pointer operand of a memory access, if `op` is one.
Value accessedPointer(Operation *op) {
  if (auto load = dyn_cast<tt::LoadOp>(op))
    return load.getPtr();
  if (auto store = dyn_cast<tt::StoreOp>(op))
    return store.getPtr();
  if (auto rmw = dyn_cast<tt::AtomicRMWOp>(op))
    return rmw.getPtr();
  if (auto cas = dyn_cast<tt::AtomicCASOp>(op))
    return cas.getPtr();
  return {};
}

struct TestPointerProvenancePass
    : PassWrapper<TestPointerProvenancePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPointerProvenancePass)

  StringRef getArgument() const final { return "test-print-pointer-provenance"; }
  StringRef getDescription() const final {
    return "Print the kernel argument each pointer value of a tt kernel points into";
  }

  void runOnOperation() override {
    bool failedAny = false;
    getOperation().walk([&](tt::FuncOp kernel) {
      if (kernel.isExternal())
        return;
      PointerProvenance provenance(kernel);
      kernel.getBody().walk([&](Operation *op) {
        // Region arguments first (scf.for / scf.while iter_args), then results.
        for (Region &region : op->getRegions())
          for (Block &block : region)
            for (BlockArgument arg : block.getArguments())
              if (isPointer(arg))
                remarkProvenance(op, "region " + Twine(region.getRegionNumber()) + " arg " +
                                         Twine(arg.getArgNumber()),
                                 provenance, arg);
        for (OpResult result : op->getResults())
          if (isPointer(result))
            remarkProvenance(op, "result " + Twine(result.getResultNumber()), provenance,
                             result);
        // Loads and stores read an address pointer argument by argument
        // (convert-triton-to-loops, LoadStore.cpp) when its arguments are
        // known; every other access needs one argument.
        Value ptr = accessedPointer(op);
        if (!ptr)
          return;
        const PointerOrigins *origins = provenance.originsOf(ptr);
        if (isa<tt::LoadOp, tt::StoreOp>(op) && provenance.isReadThroughAddress(ptr) &&
            origins && !origins->unknown)
          return;
        failedAny |= failed(provenance.argumentOf(ptr));
      });
    });
    if (failedAny)
      signalPassFailure();
  }
};

} // namespace

namespace mlir::triton_edge::test {
void registerTestPointerProvenancePass() { PassRegistration<TestPointerProvenancePass>(); }
} // namespace mlir::triton_edge::test
