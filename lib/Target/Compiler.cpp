#include "triton-edge/Target/Compiler.h"

#include "BackendWorkarounds.h"
#include "Linker.h"
#include "VectorLengthGuard.h"

#include "llvm/Support/CommandLine.h"

#include <mutex>
#include <set>
#include <shared_mutex>

#include "triton-edge-rt/input_limits.h"
#include "triton-edge-rt/safe_write.h"
#include "triton-edge/Analysis/IndexBounds.h"
#include "triton-edge/InitAll.h"
#include "triton-edge/Target/PacketCount.h"
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
#include "llvm/TargetParser/Triple.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/Transforms/Scalar/ScalarizeMaskedMemIntrin.h"

#include <chrono>

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
/// Remarks go to `remarks` as they come (dropped when it is null).
struct DiagnosticCollector {
  DiagnosticCollector(MLIRContext &ctx, llvm::raw_ostream *remarks)
      : handler(&ctx, [this, remarks](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Remark) {
            if (remarks)
              *remarks << describe(diag.getLocation()) << ": remark: " << diag << "\n";
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

/// LLVM's backend options (cl::opt) are process-wide variables that LLVM's
/// passes read while they run. A profile's backend_options are set once per
/// process (LLVM rejects a repeated option; they stay set). Several threads
/// compile at once through the C API, so setting an option takes this lock
/// exclusively and every LLVM pipeline and code generation holds it shared:
/// no pass reads an option while another thread sets it.
static std::shared_mutex backendOptionsMutex;
static std::set<std::string> appliedBackendOptions; // guarded by backendOptionsMutex

/// Sets the profile's LLVM options that are not set yet; returns the lock
/// under which compilation reads them.
static llvm::Expected<std::shared_lock<std::shared_mutex>>
lockBackendOptions(const TargetDescription &t) {
  auto allApplied = [&] {
    return llvm::all_of(t.backendOptions,
                        [](const std::string &o) { return appliedBackendOptions.count(o); });
  };
  {
    std::shared_lock<std::shared_mutex> shared(backendOptionsMutex);
    if (allApplied()) // the usual case: nothing to set (the host has no options)
      return std::move(shared);
  }
  {
    std::unique_lock<std::shared_mutex> exclusive(backendOptionsMutex);
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
      if (!appliedBackendOptions.count(opt))
        argv.push_back(opt.c_str());
    }
    std::string message;
    llvm::raw_string_ostream os(message);
    if (argv.size() > 1 &&
        !llvm::cl::ParseCommandLineOptions(int(argv.size()), argv.data(), "", &os))
      return llvm::createStringError("%s: field 'backend_options': %s", t.source.c_str(),
                                     message.c_str());
    appliedBackendOptions.insert(t.backendOptions.begin(), t.backendOptions.end());
  }
  // Options are only ever added, so they are still set when the shared lock
  // is taken again.
  return std::shared_lock<std::shared_mutex>(backendOptionsMutex);
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
    : options(std::move(options)), remarks(&llvm::errs()), impl(std::make_unique<Impl>()) {
  // Once per process, before any compile reads the registry (a function-local
  // static: threads constructing Compilers at once wait for the first).
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

void Compiler::setRemarkStream(llvm::raw_ostream *os) { remarks = os; }

llvm::Expected<OwningOpRef<ModuleOp>> Compiler::parse(llvm::StringRef path) {
  std::string text;
  std::string error = te::read_bounded(path.str(), te::kMaxTtirBytes, text);
  if (!error.empty())
    return llvm::createStringError("%s", error.c_str());
  return parseText(text, path);
}

llvm::Expected<OwningOpRef<ModuleOp>> Compiler::parseText(llvm::StringRef text,
                                                          llvm::StringRef bufferName) {
  auto start = std::chrono::steady_clock::now();
  DiagnosticCollector diags(impl->context, remarks);
  if (text.size() > te::kMaxTtirBytes)
    return llvm::createStringError("%s: larger than %llu bytes", bufferName.str().c_str(),
                                   (unsigned long long)te::kMaxTtirBytes);
  // MLIR's parser recurses per nesting level: refuse deep nesting first.
  std::string error = te::nesting_error(std::string_view(text.data(), text.size()), /*mlir=*/true);
  if (!error.empty())
    return llvm::createStringError("%s:%s", bufferName.str().c_str(), error.c_str());
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(text, bufferName),
                               llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &impl->context);
  compileTimes.parse = seconds(start);
  if (!module)
    return diags.take("failed to parse " + bufferName.str());
  if (kernelNames(*module).empty())
    return llvm::createStringError("%s: no tt.func kernel in the module",
                                   bufferName.str().c_str());
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

llvm::Error Compiler::lower(ModuleOp module, bool toLLVM, const PipelineOptions &with) {
  auto start = std::chrono::steady_clock::now();
  DiagnosticCollector diags(impl->context, remarks);
  PassManager pm(&impl->context);
  if (toLLVM)
    buildPipeline(pm, with);
  else
    buildLoopNestPipeline(pm, with);
  LogicalResult result = pm.run(module);
  compileTimes.mlir += seconds(start);
  if (failed(result))
    return diags.take("compilation failed");
  return llvm::Error::success();
}

llvm::Error Compiler::emitMachineCode(ModuleOp module, EmitKind kind,
                                      llvm::StringRef output) {
  llvm::SmallVector<char, 0> code;
  if (auto err = generateCode(module, options, kind, code))
    return err;
  if (kind != EmitKind::SharedLibrary) {
    std::string written = te::write_file_checked(output.str(), {{code.data(), code.size()}});
    if (!written.empty())
      return llvm::createStringError("cannot write %s", written.c_str());
    return llvm::Error::success();
  }
  auto linkStart = std::chrono::steady_clock::now();
  llvm::Error linked = linkSharedLibrary(code, output);
  compileTimes.link = seconds(linkStart);
  return linked;
}

namespace {
/// The exact LLVM IR rewrites of BackendWorkarounds.h that keep the
/// backends away from patterns they cannot select or lower wrongly.
void avoidBackendFailures(llvm::Module &module, llvm::ModuleAnalysisManager &mam) {
  rewriteBFloatMaskedMemory(module);
  rewriteBFloatShuffles(module);
  rewriteBFloatVectorCompares(module);
  if (llvm::Triple(module.getTargetTriple()).getArch() != llvm::Triple::hexagon)
    return;
  rewriteOrderedMinMaxSelects(module);
  // Masked scatters/gathers are scalarized here rather than in code
  // generation, so that the lane tests' mask bitcasts can be rewritten
  // (rewriteVectorMaskBitcasts says why).
  llvm::FunctionPassManager scalarize;
  scalarize.addPass(llvm::ScalarizeMaskedMemIntrinPass());
  llvm::ModulePassManager scalarizeModule;
  scalarizeModule.addPass(llvm::createModuleToFunctionPassAdaptor(std::move(scalarize)));
  mam.invalidate(module, llvm::PreservedAnalyses::none()); // the rewrites above
  scalarizeModule.run(module, mam);
  rewriteVectorMaskBitcasts(module);
}
} // namespace

llvm::Error Compiler::generateCode(ModuleOp module, const PipelineOptions &with,
                                   EmitKind kind, llvm::SmallVector<char, 0> &code) {
  auto start = std::chrono::steady_clock::now();
  const TargetDescription &t = with.target;
  auto backendOptionsLock = lockBackendOptions(t);
  if (!backendOptionsLock)
    return backendOptionsLock.takeError();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule = translateModuleToLLVMIR(module, llvmContext);
  if (!llvmModule)
    return llvm::createStringError("translation to LLVM IR failed");

  std::string error;
  llvm::Triple triple(t.triple);
  std::unique_ptr<llvm::TargetMachine> machine;
  {
    auto registryLock = readingTargetRegistry();
    const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
    if (!target)
      return llvm::createStringError("target '%s': %s", t.triple.c_str(), error.c_str());
    llvm::TargetOptions targetOptions;
    // Constructors (the vector-length guard) in .init_array, which the
    // dynamic loader runs; .ctors would need crtbegin.o.
    targetOptions.UseInitArray = true;
    machine.reset(target->createTargetMachine(triple, t.cpu, t.features, targetOptions,
                                              llvm::Reloc::PIC_, std::nullopt,
                                              llvm::CodeGenOptLevel::Aggressive));
  }
  if (!machine)
    return llvm::createStringError("cannot create a target machine for %s", t.triple.c_str());
  llvmModule->setDataLayout(machine->createDataLayout());
  llvmModule->setTargetTriple(triple);
  // Scalable ISAs (SVE, RVV) compiled for one vector length: vscale_range
  // tells the backend the exact length, so fixed-width vectors of that size
  // live in whole scalable registers.
  if (t.vscaleUnitBytes > 0) {
    int64_t bytes = with.vectorBytesOverride > 0 ? with.vectorBytesOverride : t.vectorBytes;
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
  tuning.LoopVectorization = with.llvmVectorizers;
  tuning.SLPVectorization = with.llvmVectorizers;
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
  avoidBackendFailures(*llvmModule, mam);

  // Every output is made in memory and written whole (te::write_file_checked:
  // a temporary file, then a rename), so a failed compile leaves nothing.
  llvm::raw_svector_ostream codeStream(code);
  if (kind == EmitKind::LLVMIR) {
    llvmModule->print(codeStream, nullptr);
  } else {
    llvm::legacy::PassManager codegen;
    auto fileType = kind == EmitKind::Assembly ? llvm::CodeGenFileType::AssemblyFile
                                               : llvm::CodeGenFileType::ObjectFile;
    bool cannotEmit;
    {
      auto registryLock = readingTargetRegistry(); // the target's MC pieces are made here
      cannotEmit = machine->addPassesToEmitFile(codegen, codeStream, nullptr, fileType);
    }
    if (cannotEmit)
      return llvm::createStringError("the target cannot emit this file type");
    codegen.run(*llvmModule);
  }
  backendOptionsLock->unlock();
  compileTimes.llvm += seconds(start);
  return llvm::Error::success();
}

llvm::Expected<std::vector<double>> Compiler::packetProbe(ModuleOp module,
                                                          std::string *assembly) {
  // The probe runs the same pipeline on a copy, so its loop nests and block
  // numbering are the ones the counters are put into; only the counters are
  // markers, and its code is Hexagon's.
  OwningOpRef<ModuleOp> probe = module.clone();
  PipelineOptions probeOptions = options;
  probeOptions.computeCost = "markers";
  if (auto err = lower(*probe, /*toLLVM=*/true, probeOptions))
    return std::move(err);
  auto hexagon = TargetDescription::get("hexagon-hvx");
  if (!hexagon)
    return hexagon.takeError();
  int64_t blocks = 0;
  probe->walk([&](LLVM::InlineAsmOp op) {
    llvm::StringRef text = op.getAsmString();
    int64_t id;
    if (text.consume_front("// te.block ") && !text.getAsInteger(10, id))
      blocks = std::max(blocks, id + 1);
  });
  PipelineOptions codegenOptions = probeOptions;
  codegenOptions.target = *hexagon;
  codegenOptions.vectorBytesOverride = 0;
  llvm::SmallVector<char, 0> code;
  if (auto err = generateCode(*probe, codegenOptions, EmitKind::Assembly, code))
    return std::move(err);
  std::string text(code.begin(), code.end());
  PacketCount count = countPackets(text);
  std::vector<double> perExecution = count.perExecution(blocks);
  if (assembly) {
    llvm::raw_string_ostream os(*assembly);
    os << "// te.packets: " << blocks << " cost blocks compiled for " << hexagon->name << " ("
       << hexagon->cpu << "); " << count.packets << " packets, " << count.nopPackets
       << " of them only nops, " << count.unattributed << " before a function's first marker\n";
    for (int64_t id = 0; id < blocks; ++id) {
      BlockPackets b = count.blocks.count(id) ? count.blocks.at(id) : BlockPackets{};
      os << "// te.packets block " << id << ": copies " << b.copies << ", packets " << b.packets
         << " (" << b.nopPackets << " only nops), per execution "
         << llvm::format("%.3f", perExecution[id]) << "\n";
    }
    os << text;
  }
  return perExecution;
}

llvm::Error Compiler::compileFile(llvm::StringRef path, EmitKind kind,
                                  llvm::StringRef output) {
  auto module = parse(path);
  if (!module)
    return module.takeError();
  return compileModule(**module, kind, output);
}

llvm::Error Compiler::compileText(llvm::StringRef text, llvm::StringRef bufferName,
                                  EmitKind kind, llvm::StringRef output) {
  auto module = parseText(text, bufferName);
  if (!module)
    return module.takeError();
  return compileModule(**module, kind, output);
}

llvm::Error Compiler::compileModule(ModuleOp module, EmitKind kind, llvm::StringRef output) {
  bool toLLVM = kind != EmitKind::Loops;
  compileTimes.mlir = compileTimes.llvm = 0; // this compile's (the probe's included)
  // A profile that prices compute by packets: count them on the Hexagon code
  // first (check's float64 evaluation is a reference, never timed).
  PipelineOptions with = options;
  const auto &npu = options.target.npu;
  bool byPackets = npu && npu->compute_cost == te::npu::ComputeCostSource::Packets &&
                   !options.promoteF64;
  if (kind == EmitKind::Packets && !byPackets)
    return llvm::createStringError(
        "--emit=packets: target '%s' does not price compute by packets (a modeled target "
        "with model.compute_cost \"packets\", e.g. --target=hexagon-v73 --profile-set "
        "compute_cost=packets)",
        options.target.name.c_str());
  if (byPackets) {
    std::string assembly;
    auto packets = packetProbe(module, kind == EmitKind::Packets ? &assembly : nullptr);
    if (!packets)
      return packets.takeError();
    if (kind == EmitKind::Packets) {
      std::string written =
          te::write_file_checked(output.str(), {{assembly.data(), assembly.size()}});
      if (!written.empty())
        return llvm::createStringError("cannot write %s", written.c_str());
      return llvm::Error::success();
    }
    with.computeCost = "packets";
    with.blockPackets = std::move(*packets);
  }
  if (auto err = lower(module, toLLVM, with))
    return err;
  if (kind == EmitKind::Loops || kind == EmitKind::LLVMDialect) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    std::string written = te::write_file_checked(output.str(), {{text.data(), text.size()}});
    if (!written.empty())
      return llvm::createStringError("cannot write %s", written.c_str());
    return llvm::Error::success();
  }
  return emitMachineCode(module, kind, output);
}

llvm::Expected<std::string> Compiler::compileToSharedLibrary(llvm::StringRef path,
                                                             llvm::StringRef dir) {
  llvm::SmallString<256> out(dir);
  llvm::sys::path::append(out, llvm::sys::path::stem(path) + ".so");
  if (auto err = compileFile(path, EmitKind::SharedLibrary, out))
    return std::move(err);
  return std::string(out.str());
}
