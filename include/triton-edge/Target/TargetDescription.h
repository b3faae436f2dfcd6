#ifndef TRITON_EDGE_TARGET_TARGETDESCRIPTION_H
#define TRITON_EDGE_TARGET_TARGETDESCRIPTION_H

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include "triton-edge-model/profile.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mlir::triton_edge {

/// What the passes need to know about a device: the one place where targets
/// differ. Profiles are JSON files (targets/<name>.json, embedded into the
/// binaries at build time; see docs/targets.md), read only by
/// TargetDescription.cpp. `host` is read off the machine the compiler runs on.
struct TargetDescription {
  std::string name;
  std::string description;
  std::string source;        // where the profile came from (for messages)
  std::string triple;
  std::string cpu;
  std::string features;      // LLVM feature string (+avx2,...)
  int64_t vectorBytes = 16;  // SIMD register width
  /// --vector-bytes range for ISAs whose vector length is an implementation
  /// choice (SVE, RVV); both 0 when the width is fixed by the ISA.
  int64_t minVectorBytes = 0, maxVectorBytes = 0;
  /// Granule of a scalable ISA (SVE 16 B, RVV 8 B); when set, code is
  /// compiled for exactly vectorBytes (vscale = vectorBytes / granule).
  int64_t vscaleUnitBytes = 0;
  /// Architectural vector registers (x86: 16, 32 with AVX-512; AArch64,
  /// RISC-V V, HVX: 32): how many accumulators a register tile may hold.
  int64_t vectorRegisters = 16;
  int64_t contexts = 1;      // hardware contexts (threads) available
  int64_t scratchpadBytes = 0; // per-context fast memory for DB staging
  int64_t dmaEngines = 0;
  int64_t l1Bytes = 32 << 10;
  int64_t l2Bytes = 1 << 20;
  /// Whether full vector stores to kernel arguments may be non-temporal when
  /// the runtime says a launch streams (stream-stores; docs/targets.md).
  bool streamingStores = false;
  /// Whether the ISA's float-to-float conversions return its canonical
  /// (positive) NaN (RISC-V): the compiler then restores a NaN's sign, the
  /// rule of docs/semantics.md.
  bool canonicalNaN = false;
  /// How to run this target's binaries on a host of another ISA: emulator
  /// command prefix ({vector_bytes}/{vector_bits} substituted) and the Debian
  /// packages providing the emulator and the cross sysroot. Empty: no way.
  std::vector<std::string> emulator;
  std::string emulatorPackage;
  std::vector<std::string> crossPackages;
  /// The runtime kernels of this target run with (run.runtime): false, the
  /// runtime and te-run-case cross-built against the target's C library
  /// ("sysroot"); true, the repository's freestanding runtime, linked with
  /// the kernel's object into one static binary ("freestanding": Hexagon,
  /// runtime/hexagon).
  bool freestandingRuntime = false;
  /// LLVM command-line options for this target's code generation (e.g. to
  /// skip a backend pass that is slow and optional); process-wide once set.
  std::vector<std::string> backendOptions;
  /// Optional "model" object (device timing model); kept as JSON for the
  /// components that interpret it.
  llvm::json::Value model = nullptr;
  /// The model object read as an NPU profile (docs/npu-model.md): set for
  /// modeled targets, which compile for the host's ISA with the profile's
  /// vector width, contexts, scratchpad and DMA, plus cost counters, and
  /// whose run/check/bench report modeled device time. Null otherwise.
  std::shared_ptr<const te::npu::Profile> npu;

  /// The machine the compiler runs on.
  static TargetDescription host();
  /// `host`, a built-in profile by name, or a profile file (a path ending in
  /// .json). Errors name the file and the field.
  static llvm::Expected<TargetDescription> get(llvm::StringRef nameOrPath);
  /// The same with FIELD=VALUE overrides of a modeled target's profile
  /// (--profile-set; the field names as in the profile, docs/npu-model.md).
  static llvm::Expected<TargetDescription> get(llvm::StringRef nameOrPath,
                                               const std::vector<std::string> &overrides);
  /// Parses profile text; `source` names it in errors.
  static llvm::Expected<TargetDescription> parse(llvm::StringRef text, llvm::StringRef source);
  /// Names of the built-in profiles (without `host`).
  static std::vector<std::string> builtinNames();

  /// The architecture of the triple (x86_64, aarch64, riscv64, hexagon).
  std::string arch() const;
  /// Whether binaries for this target run natively on the compiling host.
  bool runsOnHost() const;
  /// Checks a --vector-bytes choice against the profile.
  llvm::Error checkVectorBytes(int64_t bytes) const;
  /// The emulator command with the vector length substituted.
  std::vector<std::string> emulatorCommand(int64_t vectorBytes) const;
  std::string summary() const;
};

} // namespace mlir::triton_edge

#endif
