#include "triton-edge/Target/TargetDescription.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/TargetParser/Host.h"

#include <thread>
#include <unistd.h>

using namespace mlir::triton_edge;

static int64_t cacheBytes(int name, int64_t fallback) {
  long v = sysconf(name);
  return v > 0 ? v : fallback;
}

TargetDescription TargetDescription::host() {
  TargetDescription t;
  t.name = "host";
  t.triple = llvm::sys::getProcessTriple();
  t.cpu = llvm::sys::getHostCPUName().str();
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  std::string list;
  for (auto &f : features) {
    if (!list.empty())
      list += ",";
    list += (f.second ? "+" : "-") + f.first().str();
  }
  t.features = list;
  auto has = [&](llvm::StringRef f) {
    auto it = features.find(f);
    return it != features.end() && it->second;
  };
  if (has("avx512f"))
    t.vectorBytes = 64;
  else if (has("avx2") || has("avx"))
    t.vectorBytes = 32;
  else
    t.vectorBytes = 16; // SSE2 / NEON
  t.contexts = std::max(1u, std::thread::hardware_concurrency());
  t.l1Bytes = cacheBytes(_SC_LEVEL1_DCACHE_SIZE, 32 << 10);
  t.l2Bytes = cacheBytes(_SC_LEVEL2_CACHE_SIZE, 1 << 20);
  // Staging buffers for DB live in the per-core L2 on a CPU.
  t.scratchpadBytes = t.l2Bytes / 2;
  t.dmaEngines = t.contexts;
  return t;
}

llvm::Expected<TargetDescription> TargetDescription::get(llvm::StringRef name) {
  TargetDescription t = host();
  if (name == "host")
    return t;
  auto x86 = [&](llvm::StringRef cpu, int64_t bytes) {
    t.name = name.str();
    t.triple = "x86_64-unknown-linux-gnu";
    t.cpu = cpu.str();
    t.features = "";
    t.vectorBytes = bytes;
    return t;
  };
  if (name == "x86-64-v4")
    return x86("x86-64-v4", 64);
  if (name == "x86-64-v3")
    return x86("x86-64-v3", 32);
  if (name == "generic-sse")
    return x86("x86-64", 16);
  return llvm::createStringError(
      "unknown target '%s' (known: host, x86-64-v4, x86-64-v3, generic-sse)",
      name.str().c_str());
}

std::string TargetDescription::summary() const {
  return llvm::formatv("{0}: {1} cpu={2} vector={3}B contexts={4} scratchpad={5}B "
                       "L1={6}B L2={7}B",
                       name, triple, cpu, vectorBytes, contexts, scratchpadBytes,
                       l1Bytes, l2Bytes)
      .str();
}
