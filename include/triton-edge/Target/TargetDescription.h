#ifndef TRITON_EDGE_TARGET_TARGETDESCRIPTION_H
#define TRITON_EDGE_TARGET_TARGETDESCRIPTION_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace mlir::triton_edge {

/// What the passes need to know about a device: the one place where targets
/// differ. `host` is read off the machine the compiler runs on.
struct TargetDescription {
  std::string name;
  std::string triple;
  std::string cpu;
  std::string features;      // LLVM feature string (+avx2,...)
  int64_t vectorBytes = 16;  // SIMD register width
  int64_t contexts = 1;      // hardware contexts (threads) available
  int64_t scratchpadBytes = 0; // per-context fast memory for DB staging
  int64_t dmaEngines = 0;
  int64_t l1Bytes = 32 << 10;
  int64_t l2Bytes = 1 << 20;

  /// The machine the compiler runs on.
  static TargetDescription host();
  /// A built-in profile by name (`host`, `x86-64-v3`, `x86-64-v4`,
  /// `generic-sse`), or an error listing the known names.
  static llvm::Expected<TargetDescription> get(llvm::StringRef name);
  std::string summary() const;
};

} // namespace mlir::triton_edge

#endif
