#ifndef TRITON_EDGE_TARGET_COMPILER_H
#define TRITON_EDGE_TARGET_COMPILER_H

#include "triton-edge/Target/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>
#include <vector>

namespace mlir::triton_edge {

/// Packets: the Hexagon packet probe of a modeled target whose profile
/// prices compute by packets (docs/npu-model.md): its assembly, headed by the
/// packet count of every cost block.
enum class EmitKind { Loops, LLVMDialect, LLVMIR, Assembly, Object, SharedLibrary, Packets };

/// Compile times of the stages, in seconds.
struct CompileTimes {
  double parse = 0, mlir = 0, llvm = 0, link = 0;
  double total() const { return parse + mlir + llvm + link; }
};

/// The index ranges a kernel's asserts state for its integer arguments
/// (Analysis/IndexBounds.h): kernel argument number -> exclusive bound, with
/// the kernel's argument names (as in te.arg_names).
struct KernelIndexBounds {
  std::vector<std::string> argNames;
  std::map<unsigned, int64_t> bounds;
};

/// The compiler driver: TTIR text -> any of the EmitKind outputs. All errors
/// are reported as diagnostics (file:line:col) or llvm::Errors; nothing
/// aborts.
class Compiler {
public:
  explicit Compiler(PipelineOptions options);
  ~Compiler();

  /// Parses and verifies a TTIR file.
  llvm::Expected<OwningOpRef<ModuleOp>> parse(llvm::StringRef path);
  /// Parses and verifies TTIR text; `bufferName` stands for the file in
  /// locations and messages.
  llvm::Expected<OwningOpRef<ModuleOp>> parseText(llvm::StringRef text,
                                                  llvm::StringRef bufferName);
  /// The tt.func kernel names of a parsed module.
  static std::vector<std::string> kernelNames(ModuleOp module);
  /// Compiles `path` and writes `kind` to `output` (whole or not at all).
  llvm::Error compileFile(llvm::StringRef path, EmitKind kind, llvm::StringRef output);
  /// compileFile for TTIR text named `bufferName` (parseText).
  llvm::Error compileText(llvm::StringRef text, llvm::StringRef bufferName, EmitKind kind,
                          llvm::StringRef output);
  /// Compiles to a shared library in `dir`; returns its path.
  llvm::Expected<std::string> compileToSharedLibrary(llvm::StringRef path,
                                                     llvm::StringRef dir);
  /// The index bounds of kernel `kernel` of `path` (the module's first
  /// kernel if none is named so).
  llvm::Expected<KernelIndexBounds> indexBounds(llvm::StringRef path, llvm::StringRef kernel);
  const CompileTimes &times() const { return compileTimes; }
  MLIRContext &context();
  /// Where the passes' remarks (DB, MT decisions) go: llvm::errs() unless
  /// set; null drops them. Errors and warnings are returned, never printed.
  void setRemarkStream(llvm::raw_ostream *os);

  /// Compilers may run in several threads at once, each its own Compiler:
  /// the process-wide state they share (LLVM's target registry, backend
  /// options, lld) is initialised once or guarded (Compiler.cpp, Linker.cpp).

private:
  llvm::Error compileModule(ModuleOp module, EmitKind kind, llvm::StringRef output);
  llvm::Error lower(ModuleOp module, bool toLLVM, const PipelineOptions &with);
  llvm::Error emitMachineCode(ModuleOp module, EmitKind kind, llvm::StringRef output);
  /// LLVM IR, assembly or an object of the lowered `module` for `with`'s target.
  llvm::Error generateCode(ModuleOp module, const PipelineOptions &with, EmitKind kind,
                           llvm::SmallVector<char, 0> &code);
  /// compute_cost "packets": compiles a copy of `module` with block markers
  /// for Hexagon (the hexagon-hvx profile) and counts each cost block's
  /// packets; `assembly` receives the probe's annotated assembly.
  llvm::Expected<std::vector<double>> packetProbe(ModuleOp module, std::string *assembly);
  PipelineOptions options;
  CompileTimes compileTimes;
  llvm::raw_ostream *remarks;
  struct Impl;
  std::unique_ptr<Impl> impl;
};

/// Path of the linker run for shared libraries where lld is not linked in
/// process (lib/Target/Linker.h): TRITON_EDGE_LINKER, else LLVM's ld.lld.
std::string linkerPath();
/// Whether shared libraries are linked in process: lld built in as a
/// library (TRITON_EDGE_HAVE_LLD) and TRITON_EDGE_LINKER unset.
bool linksInProcess();

} // namespace mlir::triton_edge

#endif
