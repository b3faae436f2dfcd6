#include "triton-edge/Target/Compiler.h"

#include "BackendWorkarounds.h"
#include "VectorLengthGuard.h"

#include "llvm/Support/CommandLine.h"

#include <mutex>
#include <set>

#include "triton-edge-rt/input_limits.h"
#include "triton-edge/Analysis/IndexBounds.h"
#include "triton-edge/InitAll.h"
#include "triton-edge/Dialect/Triton/IR/Dialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

#include <chrono>
#include <cstdlib>

#ifndef TRITON_EDGE_LINKER
#define TRITON_EDGE_LINKER "/usr/lib/llvm-22/bin/ld.lld"
#endif

using namespace mlir;
using namespace mlir::triton_edge;

namespace {
double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

/// `file:line:col` of the first file location in `loc` (TTIR locations are
/// usually wrapped in name and call-site locations).
std::string describe(Location loc) {
  std::string result;
  loc->walk([&](Location l) {
    if (auto f = dyn_cast<FileLineColLoc>(l)) {
      result = (f.getFilename().getValue() + ":" + Twine(f.getLine()) + ":" +
                Twine(f.getColumn()))
                   .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (result.empty()) {
    llvm::raw_string_ostream os(result);
    os << loc;
  }
  return result;
}

/// Collects diagnostics so they can be returned as one llvm::Error.
struct DiagnosticCollector {
  explicit DiagnosticCollector(MLIRContext &ctx)
      : handler(&ctx, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Remark) {
            llvm::errs() << describe(diag.getLocation()) << ": remark: " << diag << "\n";
            return success();
          }
          std::string text;
          llvm::raw_string_ostream os(text);
          os << describe(diag.getLocation()) << ": "
             << (diag.getSeverity() == DiagnosticSeverity::Warning ? "warning: " : "error: ")
             << diag;
          for (Diagnostic &note : diag.getNotes())
            os << "\n" << describe(note.getLocation()) << ": note: " << note;
          messages.push_back(text);
          return success();
        }) {}
  llvm::Error take(llvm::StringRef fallback) {
    std::string all;
    for (auto &m : messages)
      all += (all.empty() ? "" : "\n") + m;
    messages.clear();
    if (all.empty())
      all = fallback.str();
    return llvm::createStringError(all);
  }
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler;
};
} // namespace

/// Sets the profile's LLVM options (they are process-wide; each is set once,
/// as LLVM rejects a repeated option).
static llvm::Error applyBackendOptions(const TargetDescription &t) {
  static std::mutex mutex;
  static std::set<std::string> applied;
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<const char *> argv = {"triton-edge"};
  auto &known = llvm::cl::getRegisteredOptions();
  for (const std::string &opt : t.backendOptions) {
    // Only named options: the parser would take an unknown "-h..." for
    // grouped one-letter flags (--help, which exits).
    llvm::StringRef name = llvm::StringRef(opt).ltrim('-').split('=').first;
    if (!known.count(name))
      return llvm::createStringError("%s: field 'backend_options': '%s' is not an option of "
                                     "this LLVM",
                                     t.source.c_str(), opt.c_str());
    if (applied.insert(opt).second)
      argv.push_back(opt.c_str());
  }
  if (argv.size() == 1)
    return llvm::Error::success();
  std::string message;
  llvm::raw_string_ostream os(message);
  if (!llvm::cl::ParseCommandLineOptions(int(argv.size()), argv.data(), "", &os))
    return llvm::createStringError("%s: field 'backend_options': %s", t.source.c_str(),
                                   message.c_str());
  return llvm::Error::success();
}

struct Compiler::Impl {
  Impl() {
    DialectRegistry registry;
    registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    context.allowUnregisteredDialects(false);
  }
  MLIRContext context;
};

Compiler::Compiler(PipelineOptions options)
    : options(std::move(options)), impl(std::make_unique<Impl>()) {
  static bool initialized = [] {
    // Every backend LLVM was built with: profiles name other ISAs than the
    // host's (AArch64, RISC-V, Hexagon).
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers();
    return true;
  }();
  (void)initialized;
}
Compiler::~Compiler() = default;
MLIRContext &Compiler::context() { return impl->context; }

// TRITON_EDGE_LINKER (environment) names another linker taking ld's
// arguments (GNU ld works): machines without LLVM, e.g. where the Python
// package checks the cases it captured.
std::string mlir::triton_edge::linkerPath() {
  if (const char *env = std::getenv("TRITON_EDGE_LINKER"); env && *env)
    return env;
  return TRITON_EDGE_LINKER;
}

llvm::Expected<OwningOpRef<ModuleOp>> Compiler::parse(llvm::StringRef path) {
  auto start = std::chrono::steady_clock::now();
  DiagnosticCollector diags(impl->context);
  std::string text;
  std::string error = te::read_bounded(path.str(), te::kMaxTtirBytes, text);
  if (error.empty()) {
    // MLIR's parser recurses per nesting level: refuse deep nesting first.
    error = te::nesting_error(text, /*mlir=*/true);
    if (!error.empty())
      error = path.str() + ":" + error;
  }
  if (!error.empty())
    return llvm::createStringError("%s", error.c_str());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, path),
                               llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &impl->context);
  compileTimes.parse = seconds(start);
  if (!module)
    return diags.take("failed to parse " + path.str());
  if (kernelNames(*module).empty())
    return llvm::createStringError("%s: no tt.func kernel in the module", path.str().c_str());
  return std::move(module);
}

llvm::Expected<KernelIndexBounds> Compiler::indexBounds(llvm::StringRef path,
                                                        llvm::StringRef kernel) {
  auto module = parse(path);
  if (!module)
    return module.takeError();
  triton::FuncOp fn;
  for (auto f : (**module).getOps<triton::FuncOp>())
    if (!f.isExternal() && (!fn || f.getName() == kernel))
      fn = f;
  KernelIndexBounds result;
  for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
    std::string name = "arg" + std::to_string(i);
    if (auto nameLoc = dyn_cast<NameLoc>(fn.getArgument(i).getLoc()))
      name = nameLoc.getName().str();
    result.argNames.push_back(name);
  }
  result.bounds = assertedIndexBounds(fn);
  return result;
}

std::vector<std::string> Compiler::kernelNames(ModuleOp module) {
  std::vector<std::string> names;
  for (auto fn : module.getOps<triton::FuncOp>())
    if (!fn.isExternal())
      names.push_back(fn.getName().str());
  return names;
}

llvm::Error Compiler::lower(ModuleOp module, bool toLLVM) {
  auto start = std::chrono::steady_clock::now();
  DiagnosticCollector diags(impl->context);
  PassManager pm(&impl->context);
  if (toLLVM)
    buildPipeline(pm, options);
  else
    buildLoopNestPipeline(pm, options);
  LogicalResult result = pm.run(module);
  compileTimes.mlir = seconds(start);
  if (failed(result))
    return diags.take("compilation failed");
  return llvm::Error::success();
}

llvm::Error Compiler::emitMachineCode(ModuleOp module, EmitKind kind,
                                      llvm::StringRef output) {
  auto start = std::chrono::steady_clock::now();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed");

  const TargetDescription &t = options.target;
  if (auto err = applyBackendOptions(t))
    return err;
  std::string error;
  llvm::Triple triple(t.triple);
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return llvm::createStringError("target '%s': %s", t.triple.c_str(), error.c_str());
  llvm::TargetOptions targetOptions;
  // Constructors (the vector-length guard) in .init_array, which the
  // dynamic loader runs; .ctors would need crtbegin.o.
  targetOptions.UseInitArray = true;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, t.cpu, t.features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return llvm::createStringError("cannot create a target machine for %s", t.triple.c_str());
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(triple);
  // Scalable ISAs (SVE, RVV) compiled for one vector length: vscale_range
  // tells the backend the exact length, so fixed-width vectors of that size
  // live in whole scalable registers.
  if (t.vscaleUnitBytes > 0) {
    int64_t bytes = options.vectorBytesOverride > 0 ? options.vectorBytesOverride : t.vectorBytes;
    unsigned vscale = std::max<int64_t>(1, bytes / t.vscaleUnitBytes);
    for (llvm::Function &fn : *llvmModule)
      if (!fn.isDeclaration())
        fn.addFnAttr(llvm::Attribute::getWithVScaleRangeArgs(llvmModule->getContext(), vscale,
                                                             vscale));
    addVectorLengthGuard(*llvmModule, vscale, bytes, t.name);
  }

  // LLVM's own vectorizers are a switch of their own: the Scalar rung of the
  // ladder turns them off with Vec, so that it is really scalar code.
  llvm::PipelineTuningOptions tuning;
  tuning.LoopVectorization = options.llvmVectorizers;
  tuning.SLPVectorization = options.llvmVectorizers;
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(machine.get(), tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(*llvmModule, mam);
  rewriteBFloatMaskedMemory(*llvmModule);
  rewriteBFloatVectorCompares(*llvmModule);

  if (kind == EmitKind::LLVMIR) {
    std::error_code ec;
    llvm::ToolOutputFile out(output, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return llvm::createStringError("cannot write '%s': %s", output.str().c_str(),
                                     ec.message().c_str());
    llvmModule->print(out.os(), nullptr);
    out.keep();
    compileTimes.llvm = seconds(start);
    return llvm::Error::success();
  }

  std::string objectPath = output.str();
  if (kind == EmitKind::SharedLibrary)
    objectPath += ".o";
  {
    std::error_code ec;
    llvm::ToolOutputFile out(objectPath, ec,
                             kind == EmitKind::Assembly ? llvm::sys::fs::OF_Text
                                                        : llvm::sys::fs::OF_None);
    if (ec)
      return llvm::createStringError("cannot write '%s': %s", objectPath.c_str(),
                                     ec.message().c_str());
    llvm::legacy::PassManager codegen;
    auto fileType = kind == EmitKind::Assembly ? llvm::CodeGenFileType::AssemblyFile
                                               : llvm::CodeGenFileType::ObjectFile;
    if (machine->addPassesToEmitFile(codegen, out.os(), nullptr, fileType))
      return llvm::createStringError("the target cannot emit this file type");
    codegen.run(*llvmModule);
    out.keep();
  }
  compileTimes.llvm = seconds(start);
  if (kind != EmitKind::SharedLibrary)
    return llvm::Error::success();

  auto linkStart = std::chrono::steady_clock::now();
  std::string linker = linkerPath();
  llvm::SmallVector<llvm::StringRef> argv = {linker, "-shared", "--no-undefined-version",
                                             "-o", output, objectPath};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(linker, argv, std::nullopt, {}, 0, 0, &message);
  llvm::sys::fs::remove(objectPath);
  compileTimes.link = seconds(linkStart);
  if (rc != 0)
    return llvm::createStringError("linking %s failed (%s exited with %d) %s",
                                   output.str().c_str(), linker.c_str(), rc, message.c_str());
  return llvm::Error::success();
}

llvm::Error Compiler::compileFile(llvm::StringRef path, EmitKind kind,
                                  llvm::StringRef output) {
  auto module = parse(path);
  if (!module)
    return module.takeError();
  bool toLLVM = kind != EmitKind::Loops;
  if (auto err = lower(**module, toLLVM))
    return err;
  if (kind == EmitKind::Loops || kind == EmitKind::LLVMDialect) {
    std::error_code ec;
    llvm::ToolOutputFile out(output, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return llvm::createStringError("cannot write '%s': %s", output.str().c_str(),
                                     ec.message().c_str());
    (*module)->print(out.os());
    out.keep();
    return llvm::Error::success();
  }
  return emitMachineCode(**module, kind, output);
}

llvm::Expected<std::string> Compiler::compileToSharedLibrary(llvm::StringRef path,
                                                             llvm::StringRef dir) {
  llvm::SmallString<256> out(dir);
  llvm::sys::path::append(out, llvm::sys::path::stem(path) + ".so");
  if (auto err = compileFile(path, EmitKind::SharedLibrary, out))
    return std::move(err);
  return std::string(out.str());
}
