#ifndef TRITON_EDGE_FUZZ_FUZZCONTEXT_H
#define TRITON_EDGE_FUZZ_FUZZCONTEXT_H

#include "triton-edge/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdint>
#include <memory>

namespace mlir::triton_edge {

/// One context for many inputs (creating it costs more than most runs);
/// renewed now and then so that uniqued types and attributes do not grow
/// without bound.
struct FuzzContext {
  std::unique_ptr<MLIRContext> context;
  int64_t uses = 0;

  MLIRContext &get() {
    if (!context || ++uses > 2000) {
      DialectRegistry registry;
      triton_edge::registerAllDialects(registry);
      // No worker threads: a context's threads exiting when it is renewed
      // raced LeakSanitizer's per-input check once in a 500,000-input run
      // (a false report of glibc's thread-exit list, docs/fuzzing.md).
      context = std::make_unique<MLIRContext>(registry, MLIRContext::Threading::DISABLED);
      context->loadAllAvailableDialects();
      // Diagnostics are the expected outcome of most inputs: drop them.
      context->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
      uses = 0;
    }
    return *context;
  }
};

} // namespace mlir::triton_edge

#endif
