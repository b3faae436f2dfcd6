; The lane mask (x[i] < n) of 32 i32 lanes as an i32, two ways: LLVM's
; bitcast, and the form rewriteVectorMaskBitcasts (lib/Target/
; BackendWorkarounds.cpp) makes of it: each lane widened to i32, shifted left
; by its lane number, or-reduced. Called by hvx-mask-bitcast-main.c.
target triple = "hexagon-unknown-linux-musl"

define i32 @mask_bits_bitcast(ptr %xp, i32 %n) noinline {
  %x = load <32 x i32>, ptr %xp, align 128
  %ns = insertelement <32 x i32> poison, i32 %n, i64 0
  %nv = shufflevector <32 x i32> %ns, <32 x i32> poison, <32 x i32> zeroinitializer
  %m = icmp slt <32 x i32> %x, %nv
  %bits = bitcast <32 x i1> %m to i32
  ret i32 %bits
}

define i32 @mask_bits_lanes(ptr %xp, i32 %n) noinline {
  %x = load <32 x i32>, ptr %xp, align 128
  %ns = insertelement <32 x i32> poison, i32 %n, i64 0
  %nv = shufflevector <32 x i32> %ns, <32 x i32> poison, <32 x i32> zeroinitializer
  %m = icmp slt <32 x i32> %x, %nv
  %wide = zext <32 x i1> %m to <32 x i32>
  %placed = shl <32 x i32> %wide, <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15, i32 16, i32 17, i32 18, i32 19, i32 20, i32 21, i32 22, i32 23, i32 24, i32 25, i32 26, i32 27, i32 28, i32 29, i32 30, i32 31>
  %bits = call i32 @llvm.vector.reduce.or.v32i32(<32 x i32> %placed)
  ret i32 %bits
}

declare i32 @llvm.vector.reduce.or.v32i32(<32 x i32>)
