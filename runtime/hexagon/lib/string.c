// memcpy, memmove, memset and the memcpy variant the Hexagon backend calls
// for copies it knows are 8-byte multiples of at least 32 bytes. Compiled
// with -fno-builtin and LLVM's loop-idiom recognition off (CMakeLists.txt):
// otherwise the compiler turns these loops back into calls to themselves.
#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((__may_alias__)) word64;

void *memcpy(void *dst, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8)
      *(word64 *)d = *(const word64 *)s;
  }
  for (; n > 0; --n)
    *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  if (d == s || n == 0)
    return dst;
  if ((uintptr_t)d - (uintptr_t)s >= n) // d before s, or no overlap: forwards
    return memcpy(dst, src, n);
  // d overlaps the end of s: backwards.
  d += n;
  s += n;
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8) {
      d -= 8;
      s -= 8;
      *(word64 *)d = *(const word64 *)s;
    }
  }
  while (n-- > 0)
    *--d = *--s;
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  unsigned char byte = (unsigned char)c;
  for (; n > 0 && ((uintptr_t)d & 7); --n)
    *d++ = byte;
  uint64_t pattern = byte * 0x0101010101010101ull;
  for (; n >= 8; n -= 8, d += 8)
    *(word64 *)d = pattern;
  for (; n > 0; --n)
    *d++ = byte;
  return dst;
}

void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *dst, const void *src,
                                                            size_t n) {
  return memcpy(dst, src, n);
}
