// Process entry under Linux user mode (qemu-hexagon): the kernel leaves argc
// at the stack pointer, argv after it. Calls te_hexagon_main(argc, argv)
// and exits the process with its result. No C library: nothing else to set
// up (the runtime and kernels use no small-data area, TLS or constructors).
  .text
  .p2align 4
  .globl _start
  .type _start, @function
_start:
  { r0 = memw(r29+#0); r1 = add(r29, #4) }
  // HVX spills need 128-byte alignment; the frames realign, the base too.
  { r29 = and(r29, #-128); r30 = #0; r31 = #0 }
  { call te_hexagon_main }
  { call te_sys_exit_group }
  .size _start, . - _start
