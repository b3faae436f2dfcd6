// Rewrites of the LLVM IR before code generation that keep backends away
// from patterns they cannot select. Each is exact (bit-for-bit the same
// memory semantics) and target-independent.
#include "BackendWorkarounds.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <algorithm>

namespace mlir::triton_edge {

void rewriteBFloatMaskedMemory(llvm::Module &module) {
  // Masked loads/stores of bf16 vectors: AArch64 SVE fixed-length lowering
  // (LLVM 22) cannot select them ("Cannot select: v8bf16 masked_load"). The
  // same access on i16 lanes plus a bitcast moves the same bits.
  llvm::SmallVector<llvm::IntrinsicInst *> calls;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(&fn))
      if (auto *call = llvm::dyn_cast<llvm::IntrinsicInst>(&inst)) {
        llvm::Intrinsic::ID id = call->getIntrinsicID();
        llvm::Type *data = id == llvm::Intrinsic::masked_load    ? call->getType()
                           : id == llvm::Intrinsic::masked_store ? call->getArgOperand(0)->getType()
                                                                 : nullptr;
        auto *vec = llvm::dyn_cast_or_null<llvm::FixedVectorType>(data);
        if (vec && vec->getElementType()->isBFloatTy())
          calls.push_back(call);
      }
  for (llvm::IntrinsicInst *call : calls) {
    llvm::IRBuilder<> b(call);
    if (call->getIntrinsicID() == llvm::Intrinsic::masked_load) {
      auto *vec = llvm::cast<llvm::FixedVectorType>(call->getType());
      auto *ints = llvm::FixedVectorType::get(b.getInt16Ty(), vec->getNumElements());
      llvm::Value *ptr = call->getArgOperand(0), *mask = call->getArgOperand(1);
      llvm::Value *pass = b.CreateBitCast(call->getArgOperand(2), ints);
      llvm::Align align = call->getParamAlign(0).valueOrOne();
      llvm::Value *load = b.CreateMaskedLoad(ints, ptr, align, mask, pass);
      call->replaceAllUsesWith(b.CreateBitCast(load, vec));
    } else {
      llvm::Value *value = call->getArgOperand(0);
      auto *vec = llvm::cast<llvm::FixedVectorType>(value->getType());
      auto *ints = llvm::FixedVectorType::get(b.getInt16Ty(), vec->getNumElements());
      llvm::Align align = call->getParamAlign(1).valueOrOne();
      b.CreateMaskedStore(b.CreateBitCast(value, ints), call->getArgOperand(1), align,
                          call->getArgOperand(2));
    }
    call->eraseFromParent();
  }
}

void rewriteBFloatShuffles(llvm::Module &module) {
  // Shuffles of bf16 vectors: x86 with AVX512-BF16 (LLVM 22: cooperlake,
  // sapphirerapids and later) cannot select the lane permute a 16-lane one
  // can become ("Cannot select: v16bf16 = X86ISD::VPERM2X128"; upstream
  // test_core's test_scan2d roll on bf16). A shuffle moves bits only, so the
  // same shuffle of i16 lanes between bitcasts is the same value.
  llvm::SmallVector<llvm::ShuffleVectorInst *> shuffles;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(&fn))
      if (auto *shuffle = llvm::dyn_cast<llvm::ShuffleVectorInst>(&inst))
        if (shuffle->getType()->getElementType()->isBFloatTy())
          shuffles.push_back(shuffle);
  for (llvm::ShuffleVectorInst *shuffle : shuffles) {
    llvm::IRBuilder<> b(shuffle);
    auto asInts = [&](llvm::Value *v) {
      auto *vec = llvm::cast<llvm::FixedVectorType>(v->getType());
      return b.CreateBitCast(v, llvm::FixedVectorType::get(b.getInt16Ty(), vec->getNumElements()));
    };
    llvm::Value *ints = b.CreateShuffleVector(asInts(shuffle->getOperand(0)),
                                              asInts(shuffle->getOperand(1)),
                                              shuffle->getShuffleMask());
    shuffle->replaceAllUsesWith(b.CreateBitCast(ints, shuffle->getType()));
    shuffle->eraseFromParent();
  }
}

void rewriteBFloatVectorCompares(llvm::Module &module) {
  // fcmp on bf16 vectors: AArch64 SVE fixed-length lowering (LLVM 22) fails
  // on the widened compare ("Cannot select: nxv8i16 insert_subvector").
  // Widening bf16 to f32 is exact, so comparing in f32 gives the same result.
  llvm::SmallVector<llvm::FCmpInst *> compares;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(&fn))
      if (auto *cmp = llvm::dyn_cast<llvm::FCmpInst>(&inst))
        if (auto *vec = llvm::dyn_cast<llvm::FixedVectorType>(cmp->getOperand(0)->getType()))
          if (vec->getElementType()->isBFloatTy())
            compares.push_back(cmp);
  for (llvm::FCmpInst *cmp : compares) {
    llvm::IRBuilder<> b(cmp);
    auto *vec = llvm::cast<llvm::FixedVectorType>(cmp->getOperand(0)->getType());
    auto *wide = llvm::FixedVectorType::get(b.getFloatTy(), vec->getNumElements());
    llvm::Value *lhs = b.CreateFPExt(cmp->getOperand(0), wide);
    llvm::Value *rhs = b.CreateFPExt(cmp->getOperand(1), wide);
    llvm::Value *result = b.CreateFCmp(cmp->getPredicate(), lhs, rhs);
    if (auto *inst = llvm::dyn_cast<llvm::Instruction>(result))
      inst->copyFastMathFlags(cmp);
    cmp->replaceAllUsesWith(result);
    cmp->eraseFromParent();
  }
}

} // namespace mlir::triton_edge

namespace mlir::triton_edge {

void rewriteOrderedMinMaxSelects(llvm::Module &module) {
  // Hexagon's instruction selection (LLVM 22) takes select(a < b, b, a) with
  // an ordered compare for sfmax/dfmax (and the other min/max forms alike),
  // but those return the number when one input is NaN, where the select
  // returns a NaN a. relu of a NaN became 0 (resnet18's batch norms in
  // test/corpus/inductor-v2). The compare's unordered inverse with the arms
  // swapped is the same select for every input, NaN included, and is not
  // matched: select(a >=u b, a, b).
  using P = llvm::CmpInst::Predicate;
  auto inverse = [](P p) {
    switch (p) {
    case P::FCMP_OLT: return P::FCMP_UGE;
    case P::FCMP_OLE: return P::FCMP_UGT;
    case P::FCMP_OGT: return P::FCMP_ULE;
    case P::FCMP_OGE: return P::FCMP_ULT;
    default: return P::BAD_FCMP_PREDICATE;
    }
  };
  llvm::SmallVector<llvm::SelectInst *> selects;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(&fn))
      if (auto *select = llvm::dyn_cast<llvm::SelectInst>(&inst)) {
        auto *cmp = llvm::dyn_cast<llvm::FCmpInst>(select->getCondition());
        if (!cmp || inverse(cmp->getPredicate()) == P::BAD_FCMP_PREDICATE)
          continue;
        llvm::Value *a = cmp->getOperand(0), *b = cmp->getOperand(1);
        llvm::Value *t = select->getTrueValue(), *f = select->getFalseValue();
        if ((t == a && f == b) || (t == b && f == a))
          selects.push_back(select);
      }
  for (llvm::SelectInst *select : selects) {
    auto *cmp = llvm::cast<llvm::FCmpInst>(select->getCondition());
    llvm::IRBuilder<> b(select);
    llvm::Value *inv = b.CreateFCmp(inverse(cmp->getPredicate()), cmp->getOperand(0),
                                    cmp->getOperand(1));
    llvm::Value *swapped = b.CreateSelect(inv, select->getFalseValue(), select->getTrueValue());
    select->replaceAllUsesWith(swapped);
    select->eraseFromParent();
    if (cmp->use_empty())
      cmp->eraseFromParent();
  }
}

} // namespace mlir::triton_edge

namespace mlir::triton_edge {

void rewriteVectorMaskBitcasts(llvm::Module &module) {
  // Hexagon HVX (LLVM 22) lowers bitcast <32 x i1> to i32 (and <64 x i1> to
  // i64) as if each lane were one bit of the vector predicate, but a lane of
  // a 32-lane predicate owns 4 of its 128 bits (2 for 64 lanes): lane 0 set
  // gave 0xf. ScalarizeMaskedMemIntrin tests each lane of a masked scatter or
  // gather through such a bitcast, so masked-off lanes were stored (the
  // v2 corpus' layout copy and transpose wrote zeros past their edges). The
  // same integer, built lane by lane, does not use that lowering: lane i of
  // each 32-lane chunk widened to i32 and shifted left by i, or-reduced.
  llvm::SmallVector<llvm::BitCastInst *> casts;
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(&fn))
      if (auto *cast = llvm::dyn_cast<llvm::BitCastInst>(&inst))
        if (auto *vec = llvm::dyn_cast<llvm::FixedVectorType>(cast->getSrcTy()))
          if (vec->getElementType()->isIntegerTy(1) && cast->getDestTy()->isIntegerTy() &&
              vec->getNumElements() > 1)
            casts.push_back(cast);
  constexpr unsigned chunkLanes = 32;
  for (llvm::BitCastInst *cast : casts) {
    llvm::IRBuilder<> b(cast);
    llvm::Value *mask = cast->getOperand(0);
    unsigned lanes = llvm::cast<llvm::FixedVectorType>(mask->getType())->getNumElements();
    llvm::Type *resultTy = cast->getDestTy();
    llvm::Value *result = llvm::ConstantInt::get(resultTy, 0);
    for (unsigned first = 0; first < lanes; first += chunkLanes) {
      unsigned count = std::min(chunkLanes, lanes - first);
      llvm::SmallVector<int> laneIds;
      llvm::SmallVector<llvm::Constant *> shifts;
      for (unsigned i = 0; i < count; ++i) {
        laneIds.push_back(static_cast<int>(first + i));
        shifts.push_back(b.getInt32(i));
      }
      llvm::Value *chunk =
          count == lanes ? mask : b.CreateShuffleVector(mask, laneIds);
      llvm::Value *wide = b.CreateZExt(chunk, llvm::FixedVectorType::get(b.getInt32Ty(), count));
      llvm::Value *bits = b.CreateShl(wide, llvm::ConstantVector::get(shifts));
      llvm::Value *word = b.CreateOrReduce(bits);
      llvm::Value *placed = b.CreateZExtOrTrunc(word, resultTy);
      if (first)
        placed = b.CreateShl(placed, llvm::ConstantInt::get(resultTy, first));
      result = first ? b.CreateOr(result, placed) : placed;
    }
    cast->replaceAllUsesWith(result);
    cast->eraseFromParent();
  }
}

} // namespace mlir::triton_edge
