// triton-edge-fuzz: a libFuzzer target. Each input is TTIR text; it is
// parsed and verified, and when that succeeds it goes through the whole
// pipeline (tt -> loop nests -> LLVM dialect with the C ABI entry points)
// and is translated to LLVM IR, in process. Machine code generation (LLVM's
// own backend) is not run: it is upstream code and costs ~10x the rest.
// Errors are expected (most mutations are malformed); crashes, hangs and
// sanitizer reports are what the fuzzer looks for.
#include "FuzzContext.h"
#include "triton-edge/InitAll.h"
#include "triton-edge/Target/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace mlir;

namespace {


/// The mechanisms, chosen from the input so that every configuration gets
/// its share: Vec on/off, DB off/staged/prefetch, bounds checks, buffers.
triton_edge::PipelineOptions optionsFor(const uint8_t *data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; i += 7)
    h = (h ^ data[i]) * 16777619u;
  triton_edge::PipelineOptions o;
  o.target = triton_edge::TargetDescription::host();
  o.vectorize = h & 1;
  int db = (h >> 1) % 3;
  o.doubleBuffer = db != 0;
  o.prefetchInPlace = db == 2;
  o.buffers = (h >> 3) & 1 ? 3 : 2;
  o.checkBounds = (h >> 4) & 1;
  o.splitPrograms = (h >> 5) & 1;
  o.vectorBytesOverride = (h >> 6) & 1 ? 16 : 0;
  return o;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static triton_edge::FuzzContext fuzz;
  if (size > (1 << 16))
    return 0;
  MLIRContext &ctx = fuzz.get();
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&ctx);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config, "fuzz.ttir");
  if (!module)
    return 0;
  PassManager pm(&ctx);
  triton_edge::buildPipeline(pm, optionsFor(data, size));
  if (failed(pm.run(*module)))
    return 0;
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> ir = translateModuleToLLVMIR(*module, llvmContext);
  (void)ir;
  return 0;
}
