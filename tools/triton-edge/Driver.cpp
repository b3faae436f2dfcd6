#include "Driver.h"

#include "triton-edge-rt/dtype.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <sstream>

namespace te {

static bool parseOnOff(const std::string &v, bool &out) {
  if (v == "on" || v == "1" || v == "true") { out = true; return true; }
  if (v == "off" || v == "0" || v == "false") { out = false; return true; }
  return false;
}

bool parseOptions(int argc, char **argv, int first, Options &o, std::string &error) {
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const std::string &name, std::string &out) {
      if (arg.rfind(name + "=", 0) == 0) {
        out = arg.substr(name.size() + 1);
        return true;
      }
      if (arg == name && i + 1 < argc) {
        out = argv[++i];
        return true;
      }
      return false;
    };
    std::string v;
    if (arg == "-v" || arg == "--verbose") {
      o.verbose = true;
    } else if (value("--vec", v)) {
      if (!parseOnOff(v, o.pipeline.vectorize))
        return error = "--vec takes on or off, got '" + v + "'", false;
    } else if (value("--llvm-vectorizers", v)) {
      if (!parseOnOff(v, o.pipeline.llvmVectorizers))
        return error = "--llvm-vectorizers takes on or off, got '" + v + "'", false;
    } else if (value("--db", v)) {
      o.dbAuto = v == "auto";
      if (!o.dbAuto && !parseOnOff(v, o.pipeline.doubleBuffer))
        return error = "--db takes on, off or auto, got '" + v + "'", false;
      if (o.dbAuto)
        o.pipeline.doubleBuffer = false; // decided per kernel (CompiledCase users)
    } else if (value("--threads", v)) {
      o.threadSweep.clear();
      std::stringstream list(v);
      std::string item;
      while (std::getline(list, item, ',')) {
        if (item == "auto") {
          o.threadSweep.push_back(0);
          continue;
        }
        char *end = nullptr;
        long n = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || *end || n < 1 || n > 1024)
          return error = "--threads takes auto or a count from 1 to 1024 (or a comma "
                         "list of them for check), got '" + v + "'", false;
        o.threadSweep.push_back(static_cast<int>(n));
      }
      if (o.threadSweep.empty())
        return error = "--threads needs a value", false;
      o.launch.threads = o.threadSweep.front();
    } else if (value("--dma", v)) {
      if (v == "sync") o.launch.dma = DmaKind::Sync;
      else if (v == "async") o.launch.dma = DmaKind::Async;
      else if (v == "prefetch") o.launch.dma = DmaKind::Prefetch;
      else return error = "--dma takes sync, async or prefetch, got '" + v + "'", false;
    } else if (value("--buffers", v)) {
      if (v != "1" && v != "2" && v != "3")
        return error = "--buffers takes 1, 2 or 3, got '" + v + "'", false;
      o.pipeline.buffers = std::stoi(v);
    } else if (value("--chaos-seed", v)) {
      o.launch.chaos_seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (value("--target", v)) {
      auto t = mlir::triton_edge::TargetDescription::get(v);
      if (!t)
        return error = llvm::toString(t.takeError()), false;
      o.pipeline.target = *t;
      o.targetName = v;
    } else if (value("--profile-set", v)) {
      o.profileSets.push_back(v);
    } else if (value("--trace", v)) {
      if (v.empty())
        return error = "--trace needs a file name", false;
      o.tracePath = v;
    } else if (value("--vector-bytes", v)) {
      char *end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (*end || n < 4 || n > 256 || (n & (n - 1)))
        return error = "--vector-bytes takes a power of two from 4 to 256, got '" + v + "'", false;
      o.pipeline.vectorBytesOverride = n;
    } else if (value("--scratchpad-bytes", v)) {
      char *end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (*end || n < 64)
        return error = "--scratchpad-bytes takes a byte count of at least 64, got '" + v + "'", false;
      o.pipeline.scratchpadBytesOverride = n;
    } else if (value("--split-programs", v)) {
      if (!parseOnOff(v, o.pipeline.splitPrograms))
        return error = "--split-programs takes on or off, got '" + v + "'", false;
    } else if (value("--math", v)) {
      if (v != "accurate" && v != "fast")
        return error = "--math takes accurate or fast, got '" + v + "'", false;
      o.pipeline.fastMath = v == "fast";
    } else if (value("--float64", v)) {
      if (!parseOnOff(v, o.float64Eval))
        return error = "--float64 takes on or off, got '" + v + "'", false;
    } else if (arg == "--check-bounds") {
      o.checkBounds = true;
    } else if (value("--check-bounds", v)) {
      bool on;
      if (!parseOnOff(v, on))
        return error = "--check-bounds takes on or off, got '" + v + "'", false;
      o.checkBounds = on;
    } else if (arg == "--no-asserts") {
      o.pipeline.asserts = false;
    } else if (value("--emit", v)) {
      static const char *kinds[] = {"so", "obj", "asm", "llvm", "mlir", "loops"};
      bool known = false;
      for (const char *k : kinds)
        known |= v == k;
      if (!known)
        return error = "--emit takes so, obj, asm, llvm, mlir or loops, got '" + v + "'", false;
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
  if (!o.profileSets.empty()) {
    if (!o.pipeline.target.npu)
      return error = "--profile-set needs a modeled --target (an NPU profile such as "
                     "generic-npu)", false;
    int64_t scratch = o.pipeline.target.scratchpadBytes;
    bool scratchSet = scratch != o.pipeline.target.npu->scratchpad_bytes;
    auto t = mlir::triton_edge::TargetDescription::get(o.targetName, o.profileSets);
    if (!t)
      return error = llvm::toString(t.takeError()), false;
    o.pipeline.target = *t;
    if (scratchSet) o.pipeline.target.scratchpadBytes = scratch; // --scratchpad-bytes wins
    for (const std::string &set : o.profileSets)
      if (set.rfind("scratchpad_bytes=", 0) == 0 && !o.pipeline.scratchpadBytesOverride) {
        o.pipeline.scratchpadBytesOverride = o.pipeline.target.scratchpadBytes;
        o.pipeline.scratchpadOverrideSource = "--profile-set " + set;
      }
  }
  if (o.pipeline.buffers == 1 && o.launch.dma == DmaKind::Prefetch)
    return error = "--buffers=1 stages without overlap; --dma=prefetch needs 2 or 3 buffers",
           false;
  // An explicit --db=on must stage what it is asked to within a hard budget
  // (auto, and the host's heuristic budget, fall back to direct access).
  o.pipeline.stagingMustFit =
      o.pipeline.doubleBuffer && !o.dbAuto && o.pipeline.scratchpadIsLimit();
  if (!o.tracePath.empty() && !o.pipeline.target.npu)
    return error = "--trace needs a modeled --target (e.g. --target=hexagon-v73)", false;
  if (o.pipeline.vectorBytesOverride > 0)
    if (auto err = o.pipeline.target.checkVectorBytes(o.pipeline.vectorBytesOverride))
      return error = llvm::toString(std::move(err)), false;
  // With DB, the prefetch engine is compiled in: prefetches of the next
  // programs' footprints, compute in place (no staging copies).
  o.pipeline.prefetchInPlace = o.pipeline.doubleBuffer && o.launch.dma == DmaKind::Prefetch;
  if (o.checkBounds)
    setCheckBounds(o, *o.checkBounds);
  return true;
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

std::string optionsHelp() {
  return "Mechanisms (the ablation ladder):\n"
         "  --vec=on|off          vectorize to the target's SIMD width (default on)\n"
         "  --llvm-vectorizers=on|off  LLVM's own loop and SLP vectorizers (default on;\n"
         "                        the ladder's Scalar rung turns them off with Vec)\n"
         "  --threads=1|N|auto    worker contexts; 1 = MT off, auto = cost model (default 1)\n"
         "  --db=on|off|auto      double buffering through scratchpad + DMA; auto (default):\n"
         "                        on a modeled NPU, where the DB predictor says it pays\n"
         "                        (docs/npu-model.md); elsewhere off (direct access)\n"
         "  --dma=sync|async|prefetch  DMA engine for staged transfers (default sync)\n"
         "  --buffers=1|2|3       DB buffers per stream (default 2); 1 = staged through\n"
         "                        the scratchpad with synchronous transfers (no overlap)\n"
         "  --scratchpad-bytes=N  DB staging budget (default: half the per-core L2)\n"
         "  --split-programs=on|off  MT inside programs: split single-nest tiles into\n"
         "                        virtual programs (default on)\n"
         "Target:\n"
         "  --target=NAME|FILE    host (default), a built-in profile (triton-edge targets)\n"
         "                        or a profile file FILE.json (docs/targets.md)\n"
         "                        Modeled NPUs (hexagon-v73, generic-npu): run/check/bench\n"
         "                        report modeled device time (docs/npu-model.md)\n"
         "  --profile-set F=V     override a field of a modeled target's profile\n"
         "                        (e.g. dma.bandwidth_gbs=8, contexts=2); repeatable\n"
         "  --trace=FILE          modeled run: write a Chrome/Perfetto trace\n"
         "  --vector-bytes=N      override the SIMD width in bytes (SVE, RVV: the vector\n"
         "                        length the code is compiled for)\n"
         "  --math=accurate|fast  accurate (default): erf/tanh/exp evaluated in f32,\n"
         "                        exp2/log/sin/cos/pow in f64; fast: upstream MLIR's f32\n"
         "                        polynomials (less accurate). ULP bounds of both:\n"
         "                        docs/vector-math.md\n"
         "Checking:\n"
         "  --check-bounds=on|off check every access against the argument's storage\n"
         "                        (run and check by default: first a bounds-checked run of\n"
         "                        the reference configuration, then the one asked for,\n"
         "                        unchecked; =on checks the configuration itself)\n"
         "  --no-asserts          drop tt.assert checks\n"
         "  --chaos-seed=N        inject seeded random delays into DMA transfers\n"
         "  --float64=on|off      check: also evaluate the kernel in float64 for the\n"
         "                        tolerance rule (default on; docs/case-format.md)\n";
}

std::string describe(const Options &o) {
  std::ostringstream os;
  if (o.pipeline.target.name != "host")
    os << "target=" << o.pipeline.target.name << " ";
  os << "vec=" << (o.pipeline.vectorize ? "on" : "off") << " ("
     << o.pipeline.vectorBytes() << "B)"
     << " threads=" << (o.launch.threads == 0 ? std::string("auto") : std::to_string(o.launch.threads))
     << " db=" << (o.pipeline.doubleBuffer ? "on" : "off")
     << (o.dbAuto ? " (auto)" : "")
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
