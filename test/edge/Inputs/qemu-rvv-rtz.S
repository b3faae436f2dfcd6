# Four RVV instructions, no triton-edge code: load 3.0f into a vector, convert
# it to an integer and exit with element 0 (3). With -DRTZ the conversion is
# vfcvt.rtz.x.f.v (round toward zero, what LLVM emits for fptosi), otherwise
# vfcvt.x.f.v (the dynamic rounding mode). qemu-riscv64-rvv-rtz.test runs both.
  .globl _start
_start:
  la a1, three
  vsetivli zero, 4, e32, m1, ta, ma
  vle32.v v8, (a1)
#ifdef RTZ
  vfcvt.rtz.x.f.v v9, v8
#else
  vfcvt.x.f.v v9, v8
#endif
  vmv.x.s a0, v9
  li a7, 93
  ecall
  .data
three:
  .float 3.0, 3.0, 3.0, 3.0
