// Non-temporal full-vector stores to kernel arguments, chosen per launch
// (docs/runtime.md, "Streaming stores").
#include "triton-edge/Transforms/Passes.h"
#include "triton-edge/Dialect/TritonEdge/IR/Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::triton_edge {
#define GEN_PASS_DEF_STREAMSTORES
#include "triton-edge/Transforms/Passes.h.inc"
} // namespace mlir::triton_edge

using namespace mlir;
using namespace mlir::triton_edge;

namespace {

struct StreamStoresPass : mlir::triton_edge::impl::StreamStoresBase<StreamStoresPass> {
  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp fn) {
      if (fn.isExternal())
        return;
      Value stream = getLaunchArg(fn, LaunchArg::StreamStores);
      if (!stream)
        return;
      SmallVector<vector::StoreOp> stores;
      fn.walk([&](vector::StoreOp st) {
        auto base = dyn_cast<BlockArgument>(st.getBase());
        auto memref = dyn_cast<MemRefType>(st.getBase().getType());
        VectorType vt = st.getVectorType();
        // A kernel argument (main memory), one index, a whole vector of a
        // power-of-two size that an aligned vector store can write.
        if (!base || base.getOwner() != &fn.getBody().front() || !memref || memref.getRank() != 1 ||
            !memref.getLayout().isIdentity() || st.getNontemporal() || vt.getRank() != 1 ||
            vt.isScalable() || !vt.getElementType().isIntOrFloat())
          return;
        int64_t bytes = vt.getNumElements() * vt.getElementTypeBitWidth() / 8;
        if (bytes < 16 || !llvm::isPowerOf2_64(bytes) || vt.getElementTypeBitWidth() % 8)
          return;
        stores.push_back(st);
      });
      if (stores.empty())
        return;
      OpBuilder b(fn.getBody());
      Location loc = fn.getLoc();
      Value on = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, stream,
                                       arith::ConstantIntOp::create(b, loc, stream.getType(), 0));
      for (vector::StoreOp st : stores) {
        VectorType vt = st.getVectorType();
        int64_t elemBytes = vt.getElementTypeBitWidth() / 8;
        int64_t bytes = vt.getNumElements() * elemBytes;
        b.setInsertionPoint(st);
        Location l = st.getLoc();
        auto cst = [&](int64_t v) { return arith::ConstantIndexOp::create(b, l, v); };
        // Byte address of the store: the argument's aligned pointer plus the
        // element offset (the argument memrefs have offset 0, stride 1).
        Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, l, st.getBase());
        Value addr = arith::AddIOp::create(
            b, l, base, arith::MulIOp::create(b, l, st.getIndices()[0], cst(elemBytes)));
        Value aligned = arith::CmpIOp::create(
            b, l, arith::CmpIPredicate::eq, arith::AndIOp::create(b, l, addr, cst(bytes - 1)),
            cst(0));
        Value take = arith::AndIOp::create(b, l, on, aligned);
        auto branch = scf::IfOp::create(b, l, take, /*withElseRegion=*/true);
        b.setInsertionPointToStart(branch.thenBlock());
        vector::StoreOp::create(b, l, st.getValueToStore(), st.getBase(), st.getIndices(),
                                /*nontemporal=*/true, llvm::MaybeAlign(bytes));
        b.setInsertionPointToStart(branch.elseBlock());
        b.clone(*st.getOperation());
        st.erase();
      }
    });
  }
};

} // namespace
