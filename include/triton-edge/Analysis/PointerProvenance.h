#ifndef TRITON_EDGE_ANALYSIS_POINTERPROVENANCE_H
#define TRITON_EDGE_ANALYSIS_POINTERPROVENANCE_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::triton {
class FuncOp;
} // namespace mlir::triton

namespace mlir::triton_edge {

/// A tt.bitcast between pointers whose pointees have the same storage type
/// (Inductor's bool stores: `!tt.ptr<i1>` -> `!tt.ptr<i8>`, i1 being stored
/// as i8): the same addresses, so the same element offsets into the same
/// argument's memref.
bool isPointerView(Operation *op);

/// Which kernel argument a tt pointer (scalar or tensor of pointers) points
/// into. Every memory access of the loop nests indexes one argument's
/// storage, so a pointer must trace back to exactly one argument through
/// splat, broadcast, expand_dims, reshape, trans, addptr, pointer views
/// (isPointerView), selects between pointers of the same argument, and the
/// iter_args of scf.for and scf.while, whose initial and carried values must
/// point into the same argument.
class PointerProvenance {
public:
  /// Traces every pointer of `kernel`.
  explicit PointerProvenance(triton::FuncOp kernel);

  /// The argument number, or failure with an error at the pointer's location.
  FailureOr<unsigned> argumentOf(Value ptr);
  /// The same, without a diagnostic.
  std::optional<unsigned> lookup(Value ptr);

private:
  llvm::DenseMap<Value, std::optional<unsigned>> known;
};

} // namespace mlir::triton_edge

#endif
