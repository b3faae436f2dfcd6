#ifndef TRITON_EDGE_ANALYSIS_POINTERPROVENANCE_H
#define TRITON_EDGE_ANALYSIS_POINTERPROVENANCE_H

#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

namespace mlir::triton {
class FuncOp;
} // namespace mlir::triton

namespace mlir::triton_edge {

/// A tt.bitcast between pointers whose pointees have the same storage type
/// (Inductor's bool stores: `!tt.ptr<i1>` -> `!tt.ptr<i8>`, i1 being stored
/// as i8): the same addresses, so the same element offsets into the same
/// argument's memref.
bool isPointerView(Operation *op);

/// The pointer whose tt.ptr_to_int the address integer `address` derives
/// from, through splat, broadcast, expand_dims, sign extension and integer
/// additions (or the subtraction of a term); the added terms go to `terms`
/// (negated ones too). Null when there is no such pointer.
Value pointerOfAddress(Value address, SmallVectorImpl<Value> *terms = nullptr);

/// Whether the integer `v` is provably a multiple of `factor` (a power of
/// two): constants, products and left shifts, sums of multiples.
bool isMultipleOf(Value v, int64_t factor);

/// Where a pointer (or an address integer from tt.ptr_to_int) may point:
/// the kernel arguments it derives from, and whether some of it comes from
/// an integer that no argument's address derives from (`unknown`).
struct PointerOrigins {
  SmallVector<unsigned, 2> args; // sorted, distinct
  bool unknown = false;
  /// A pointer that is not one argument's element offset: its lanes are
  /// addresses (tt.bitcast to a pointee of another size, tt.int_to_ptr of
  /// an address the element offset cannot be recovered from exactly).
  bool address = false;
};

/// Which kernel arguments a tt pointer (scalar or tensor of pointers) points
/// into. Pointers trace back through splat, broadcast, expand_dims, reshape,
/// trans, addptr, tt.bitcast, selects, the results of scf.if and the
/// iter_args of scf.for and scf.while (their initial and carried values),
/// and tt.int_to_ptr of an address integer, which traces back through
/// tt.ptr_to_int, extensions, additions, subtractions of a term, selects
/// and loops to the pointers it came from. A pointer with exactly one
/// argument whose pointee has that argument's element size is an element
/// offset into the argument's memref; the others are read through their
/// addresses (isReadThroughAddress).
class PointerProvenance {
public:
  /// Traces every pointer of `kernel`.
  explicit PointerProvenance(triton::FuncOp kernel);

  /// The one argument `ptr` points into, or failure with an error at the
  /// pointer's location.
  FailureOr<unsigned> argumentOf(Value ptr);
  /// The same, without a diagnostic.
  std::optional<unsigned> lookup(Value ptr);
  /// The origins of a pointer or address integer (null: none known).
  const PointerOrigins *originsOf(Value v) const;
  /// Whether `ptr` is held as a byte address rather than as one argument's
  /// element offset: it may point into several arguments, or into one
  /// viewed as elements of another size, or its origin is unknown.
  bool isReadThroughAddress(Value ptr) const;

private:
  llvm::DenseMap<Value, PointerOrigins> known;
  /// The storage size in bits of each pointer argument's pointee (0 for
  /// other arguments).
  SmallVector<unsigned> argElementBits;
};

} // namespace mlir::triton_edge

#endif
