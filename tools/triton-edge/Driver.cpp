#include "Driver.h"

#include "triton-edge-rt/dtype.h"
#include "triton-edge/Target/Options.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <sstream>

namespace te {

using mlir::triton_edge::OptionId;
using mlir::triton_edge::OptionInfo;
using mlir::triton_edge::OptionSpelling;
using mlir::triton_edge::OptionValues;

namespace {
constexpr OptionSpelling kCLI = OptionSpelling::CommandLine;

/// A value of Options.def's `info` from the command line, checked, into
/// `given` (the CLI's special case: check's --threads comma lists).
bool takeOptionValue(const OptionInfo &info, const std::string &v, OptionValues &given,
                     Options &o, std::string &error) {
  if (info.id == OptionId::Threads) { // check runs every count of a comma list
    o.threadSweep.clear();
    std::stringstream list(v);
    std::string item;
    while (std::getline(list, item, ',')) {
      auto n = mlir::triton_edge::checkOptionValue(info, item, kCLI);
      if (!n) {
        llvm::consumeError(n.takeError());
        return error = "--threads takes " + info.valueDescription() +
                       " (or a comma list of them for check), got '" + v + "'",
               false;
      }
      o.threadSweep.push_back(*n == "auto" ? 0 : std::stoi(*n));
    }
    if (o.threadSweep.empty())
      return error = "--threads needs a value", false;
    int first = o.threadSweep.front();
    given.values[info.id] = first == 0 ? "auto" : std::to_string(first);
    return true;
  }
  if (llvm::Error err = mlir::triton_edge::setOptionValue(info, v, given, kCLI))
    return error = llvm::toString(std::move(err)), false;
  return true;
}

/// The given options -> Options: the pipeline layer resolved by the library,
/// then the launch and check layers and the CLI's own cross-option checks.
bool applyOptions(const OptionValues &given, Options &o, std::string &error) {
  o.targetName = given.get(OptionId::Target);
  o.profileSets = given.profileSets;
  auto pipeline = mlir::triton_edge::resolvePipelineOptions(given, kCLI);
  if (!pipeline)
    return error = llvm::toString(pipeline.takeError()), false;
  o.pipeline = *pipeline;
  o.dbAuto = given.get(OptionId::Db) == "auto"; // decided per kernel (CompiledCase users)
  const std::string &threads = given.get(OptionId::Threads);
  o.launch.threads = threads == "auto" ? 0 : std::stoi(threads);
  const std::string &dma = given.get(OptionId::Dma);
  o.launch.dma = dma == "async" ? DmaKind::Async : dma == "prefetch" ? DmaKind::Prefetch
                                                                     : DmaKind::Sync;
  o.launch.chaos_seed = given.getInt(OptionId::ChaosSeed);
  o.float64Eval = given.isOn(OptionId::Float64);
  o.tracePath = given.get(OptionId::Trace);
  if (!o.tracePath.empty() && !o.pipeline.target.npu)
    return error = "--trace needs a modeled --target (e.g. --target=hexagon-v73)", false;
  if (given.has(OptionId::CheckBounds)) {
    o.checkBounds = given.isOn(OptionId::CheckBounds);
    setCheckBounds(o, *o.checkBounds);
  }
  return true;
}
} // namespace

bool parseOptions(int argc, char **argv, int first, Options &o, std::string &error) {
  OptionValues given = OptionValues::defaults();
  std::vector<std::string> args(argv + first, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (arg.rfind(name + "=", 0) == 0) {
        out = arg.substr(name.size() + 1);
        return true;
      }
      if (arg == name && i + 1 < args.size()) {
        out = args[++i];
        return true;
      }
      return false;
    };
    std::string v;
    // The options of Options.def (the library's parser), then the command
    // arguments the table does not declare.
    if (auto option = mlir::triton_edge::matchOptionArgument(args, i)) {
      if (!takeOptionValue(*option->info, option->value, given, o, error))
        return false;
    } else if (arg == "-v" || arg == "--verbose") {
      o.verbose = true;
    } else if (value("--emit", v)) {
      static const char *kinds[] = {"so", "obj", "asm", "llvm", "mlir", "loops", "packets"};
      bool known = false;
      for (const char *k : kinds)
        known |= v == k;
      if (!known)
        return error = "--emit takes so, obj, asm, llvm, mlir, loops or packets, got '" + v + "'", false;
      o.emit = v;
    } else if (value("-o", v) || value("--output", v)) {
      if (v.empty())
        return error = "-o needs a path", false;
      o.output = v;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return error = "unknown option '" + arg + "'", false;
    } else {
      o.positional.push_back(arg);
    }
  }
  return applyOptions(given, o, error);
}

void setCheckBounds(Options &o, bool on) {
  o.pipeline.checkBounds = on;
  // Bounds checks cover DMA transfers too (checked by the runtime).
  o.launch.check_dma = on;
}

bool parseRunCheckOptions(int argc, char **argv, int first, Options &o, std::string &error) {
  if (!parseOptions(argc, argv, first, o, error))
    return false;
  // run and check are where out-of-bounds programs are found: unless told
  // otherwise, a bounds-checked run of the reference configuration goes
  // first. Compiling the checks into the configuration under test instead
  // would test other code than users run (checked accesses change what Vec
  // and DB do with a loop).
  o.boundsPreRun = !o.checkBounds;
  if (o.pipeline.doubleBuffer && !o.dbAuto && o.pipeline.target.npu &&
      o.pipeline.target.npu->dma_engines == 0)
    return error = "--db=on stages through DMA, but target '" + o.pipeline.target.name +
                   "' has dma_engines: 0",
           false;
  return true;
}

std::string describe(const Options &o) {
  std::ostringstream os;
  if (o.pipeline.target.name != "host")
    os << "target=" << o.pipeline.target.name << " ";
  os << "vec=" << (o.pipeline.vectorize ? "on" : "off") << " ("
     << o.pipeline.vectorBytes() << "B)"
     << " threads=" << (o.launch.threads == 0 ? std::string("auto") : std::to_string(o.launch.threads))
     << " db="
     << (o.pipeline.doubleBuffer ? "on" : o.pipeline.autoDoubleBuffer ? "auto" : "off")
     << (o.dbAuto && !o.pipeline.autoDoubleBuffer ? " (auto)" : "")
     << (o.pipeline.doubleBuffer && o.pipeline.buffers != 2
             ? " buffers=" + std::to_string(o.pipeline.buffers)
             : "")
     << " dma=" << dma_kind_name(o.launch.dma)
     << (o.pipeline.llvmVectorizers ? "" : " llvm-vectorizers=off")
     << (o.pipeline.fastMath ? " math=fast" : "")
     << (o.pipeline.splitPrograms ? "" : " split-programs=off");
  return os.str();
}

std::unique_ptr<CompiledCase> CompiledCase::compile(const std::string &ttir,
                                                    const std::string &kernelName,
                                                    const Options &options) {
  std::unique_ptr<CompiledCase> c(new CompiledCase());
  llvm::SmallString<128> dir;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("triton-edge", dir))
    throw Error("cannot create a temporary directory: " + ec.message());
  c->dir = std::string(dir.str());
  mlir::triton_edge::Compiler compiler(options.pipeline);
  auto so = compiler.compileToSharedLibrary(ttir, c->dir);
  if (!so)
    throw Error(llvm::toString(so.takeError()));
  c->seconds = compiler.times().total();
  std::string name = kernelName;
  if (name.empty()) {
    auto module = compiler.parse(ttir);
    if (!module)
      throw Error(llvm::toString(module.takeError()));
    name = mlir::triton_edge::Compiler::kernelNames(**module).front();
  }
  c->lib = std::make_unique<KernelLibrary>(KernelLibrary::open(*so, name));
  return c;
}

CompiledCase::~CompiledCase() {
  lib.reset();
  if (!dir.empty())
    llvm::sys::fs::remove_directories(dir);
}

} // namespace te
