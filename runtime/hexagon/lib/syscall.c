// Linux system calls of qemu-hexagon's user mode: trap0(#1) with the number
// in r6 and the arguments in r0-r5, the result (or -errno) in r0. Hexagon
// Linux uses the generic (asm-generic/unistd.h) numbers of a 32-bit ABI.
#include "te-hexagon/sys.h"

enum {
  kSysOpenat = 56,
  kSysClose = 57,
  kSysRead = 63,
  kSysWrite = 64,
  kSysExitGroup = 94,
  kSysMmap2 = 222, // offset in 4096-byte units; 32-bit ABIs have no plain mmap
};

static long syscall6(long nr, long a, long b, long c, long d, long e, long f) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  register long r5 __asm__("r5") = f;
  register long r6 __asm__("r6") = nr;
  __asm__ volatile("trap0(#1)"
                   : "+r"(r0)
                   : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6)
                   : "memory");
  return r0;
}

long te_sys_read(int fd, void *buf, size_t n) {
  return syscall6(kSysRead, fd, (long)buf, (long)n, 0, 0, 0);
}

long te_sys_write(int fd, const void *buf, size_t n) {
  return syscall6(kSysWrite, fd, (long)buf, (long)n, 0, 0, 0);
}

long te_sys_openat(int dirfd, const char *path, int flags, int mode) {
  return syscall6(kSysOpenat, dirfd, (long)path, flags, mode, 0, 0);
}

long te_sys_close(int fd) { return syscall6(kSysClose, fd, 0, 0, 0, 0, 0); }

void *te_sys_map(size_t bytes) {
  const long protReadWrite = 3, mapPrivateAnonymous = 0x22;
  size_t rounded = (bytes + 4095) & ~(size_t)4095;
  long r = syscall6(kSysMmap2, 0, (long)rounded, protReadWrite, mapPrivateAnonymous, -1, 0);
  // Errors are -4095..-1.
  return (unsigned long)r >= (unsigned long)-4095 ? 0 : (void *)r;
}

void te_sys_exit_group(int status) {
  for (;;)
    syscall6(kSysExitGroup, status, 0, 0, 0, 0, 0);
}

int te_read_all(int fd, void *buf, size_t n) {
  char *p = (char *)buf;
  while (n > 0) {
    long r = te_sys_read(fd, p, n);
    if (r <= 0)
      return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

int te_write_all(int fd, const void *buf, size_t n) {
  const char *p = (const char *)buf;
  while (n > 0) {
    long r = te_sys_write(fd, p, n);
    if (r <= 0)
      return -1;
    p += r;
    n -= (size_t)r;
  }
  return 0;
}

size_t te_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}

int te_strncmp(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
    if (x != y)
      return x < y ? -1 : 1;
    if (!x)
      return 0;
  }
  return 0;
}

void te_put(int fd, const char *s) { te_write_all(fd, s, te_strlen(s)); }

void te_put_int(int fd, int64_t v) {
  char buf[24];
  int i = (int)sizeof buf;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  do {
    buf[--i] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  if (v < 0)
    buf[--i] = '-';
  te_write_all(fd, buf + i, sizeof buf - (size_t)i);
}
