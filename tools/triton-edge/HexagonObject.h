#ifndef TRITON_EDGE_TOOLS_HEXAGONOBJECT_H
#define TRITON_EDGE_TOOLS_HEXAGONOBJECT_H

#include "triton-edge/Target/TargetDescription.h"

#include "llvm/Support/Error.h"

#include <string>

namespace te {

/// The HVX floating-point instructions of a Hexagon object: packets whose
/// instructions name a vector register as a float type (v0.sf, v1.qf32,
/// v3:2.hf, ...), as LLVM's disassembler prints them.
struct HvxFloatUse {
  int packets = 0;        ///< packets with at least one such instruction
  int totalPackets = 0;   ///< packets in the object's code
  std::string example;    ///< the first such packet, as printed
};

/// Disassembles the code sections of the object at `path` for `target`
/// (triple, CPU and features of the profile) and counts its packets with
/// HVX float instructions.
llvm::Expected<HvxFloatUse> scanHvxFloat(const std::string &path,
                                         const mlir::triton_edge::TargetDescription &target);

} // namespace te

#endif
