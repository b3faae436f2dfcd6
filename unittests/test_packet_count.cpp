// Hexagon packet counting (lib/Target/PacketCount.cpp) on assembly in the
// form LLVM prints it: which packets belong to which cost block.
#include "triton-edge/Target/PacketCount.h"

#include <gtest/gtest.h>

using namespace mlir::triton_edge;

namespace {
// A kernel with an entry packet, block 0 (before and after its loop), the
// loop body block 1 unrolled twice (two markers), an exit block without a
// marker of its own, and a second function whose packets before its first
// marker belong to no block.
const char *kAssembly = R"(	.text
	.globl	kernel                          // -- Begin function kernel
	.type	kernel,@function
kernel:                                 // @kernel
// %bb.0:
	{
		r2 = add(r0,#4)
	}
	//# InlineAsm Start
	// te.block 0
	//# InlineAsm End
	{
		p0 = cmp.gt(r1,#0); if (!p0.new) jump:nt .LBB0_3
	}
	{
		loop0(.LBB0_2,r1)
	}
.LBB0_2:                                // =>This Inner Loop Header: Depth=1
	//# InlineAsm Start
	// te.block 1
	//# InlineAsm End
	{
		v0 = vmem(r0+#0)
		v1 = vmem(r2+#0)
	}
	{
		v2.qf32 = vmpy(v0.sf,v1.sf)
	}
	//# InlineAsm Start
	// te.block 1
	//# InlineAsm End
	{
		v0 = vmem(r0+#1)
	}
	{ nop; nop }
	{
		vmem(r0++#2) = v2.new
	} :endloop0
// %bb.3:
	{
		r0 = #0
	}
.LBB0_3:
	//# InlineAsm Start
	// te.block.resume 0
	//# InlineAsm End
	{
		jumpr r31
	}
.Lfunc_end0:
	.size	kernel, .Lfunc_end0-kernel
	.globl	other
	.type	other,@function
other:
	{ r0 = #1 }
	{
		jumpr r31
	}
)";
} // namespace

TEST(PacketCount, AttributesPacketsToTheLastMarker) {
  PacketCount c = countPackets(kAssembly);
  EXPECT_EQ(c.packets, 12);
  EXPECT_EQ(c.nopPackets, 1);
  // The entry packet of kernel and both of `other`.
  EXPECT_EQ(c.unattributed, 3);
  ASSERT_EQ(c.blocks.size(), 2u);
  // Block 0: its two packets before the loop, the loop exit laid out after the
  // body (no marker: counted for the block before it) and its resumed code.
  EXPECT_EQ(c.blocks[0].copies, 1);
  EXPECT_EQ(c.blocks[0].packets, 2 + 0 + 1);
  // Block 1: two copies (unrolled), 5 packets between them, so 2.5 per
  // iteration; the exit packet `r0 = #0` follows the body in the text.
  EXPECT_EQ(c.blocks[1].copies, 2);
  EXPECT_EQ(c.blocks[1].packets, 2 + 3 + 1);
  EXPECT_EQ(c.blocks[1].nopPackets, 1);
  EXPECT_EQ(c.blocks[0].nopPackets, 0);
  std::vector<double> per = c.perExecution(3);
  ASSERT_EQ(per.size(), 3u);
  EXPECT_DOUBLE_EQ(per[0], 3.0);
  EXPECT_DOUBLE_EQ(per[1], 3.0);
  EXPECT_DOUBLE_EQ(per[2], -1.0); // no marker left: the caller falls back to op costs
}

TEST(PacketCount, EmptyAndMarkerFreeText) {
  EXPECT_EQ(countPackets("").packets, 0);
  PacketCount c = countPackets("f:\n\t{\n\t\tr0 = #0\n\t}\n\t{ jumpr r31 }\n");
  EXPECT_EQ(c.packets, 2);
  EXPECT_EQ(c.unattributed, 2);
  EXPECT_TRUE(c.blocks.empty());
}
