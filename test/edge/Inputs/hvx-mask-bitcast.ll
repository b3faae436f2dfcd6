; The lane mask (x[i] < n) of 32 i32 lanes as an i32 (and of 64 i16 lanes
; as an i64), two ways: LLVM's
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

define i64 @mask_bits64_bitcast(ptr %xp, i16 %n) noinline {
  %x = load <64 x i16>, ptr %xp, align 128
  %ns = insertelement <64 x i16> poison, i16 %n, i64 0
  %nv = shufflevector <64 x i16> %ns, <64 x i16> poison, <64 x i32> zeroinitializer
  %m = icmp slt <64 x i16> %x, %nv
  %b = bitcast <64 x i1> %m to i64
  ret i64 %b
}

define i64 @mask_bits64_lanes(ptr %xp, i16 %n) noinline {
  %x = load <64 x i16>, ptr %xp, align 128
  %ns = insertelement <64 x i16> poison, i16 %n, i64 0
  %nv = shufflevector <64 x i16> %ns, <64 x i16> poison, <64 x i32> zeroinitializer
  %m = icmp slt <64 x i16> %x, %nv
  %lo = shufflevector <64 x i1> %m, <64 x i1> poison, <32 x i32> <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15, i32 16, i32 17, i32 18, i32 19, i32 20, i32 21, i32 22, i32 23, i32 24, i32 25, i32 26, i32 27, i32 28, i32 29, i32 30, i32 31>
  %hi = shufflevector <64 x i1> %m, <64 x i1> poison, <32 x i32> <i32 32, i32 33, i32 34, i32 35, i32 36, i32 37, i32 38, i32 39, i32 40, i32 41, i32 42, i32 43, i32 44, i32 45, i32 46, i32 47, i32 48, i32 49, i32 50, i32 51, i32 52, i32 53, i32 54, i32 55, i32 56, i32 57, i32 58, i32 59, i32 60, i32 61, i32 62, i32 63>
  %wl = zext <32 x i1> %lo to <32 x i32>
  %bl = shl <32 x i32> %wl, <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15, i32 16, i32 17, i32 18, i32 19, i32 20, i32 21, i32 22, i32 23, i32 24, i32 25, i32 26, i32 27, i32 28, i32 29, i32 30, i32 31>
  %rl = call i32 @llvm.vector.reduce.or.v32i32(<32 x i32> %bl)
  %wh = zext <32 x i1> %hi to <32 x i32>
  %bh = shl <32 x i32> %wh, <i32 0, i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8, i32 9, i32 10, i32 11, i32 12, i32 13, i32 14, i32 15, i32 16, i32 17, i32 18, i32 19, i32 20, i32 21, i32 22, i32 23, i32 24, i32 25, i32 26, i32 27, i32 28, i32 29, i32 30, i32 31>
  %rh = call i32 @llvm.vector.reduce.or.v32i32(<32 x i32> %bh)
  %l64 = zext i32 %rl to i64
  %h64 = zext i32 %rh to i64
  %hs = shl i64 %h64, 32
  %r = or i64 %l64, %hs
  ret i64 %r
}
declare i32 @llvm.vector.reduce.or.v32i32(<32 x i32>)
