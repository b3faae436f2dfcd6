/* The freestanding Hexagon runtime's system interface: the Linux system
 * calls a case runner needs (through trap0(#1), the number in r6, as Linux
 * and qemu-hexagon's user mode take them) and small output helpers. */
#ifndef TE_HEXAGON_SYS_H
#define TE_HEXAGON_SYS_H

#include <stddef.h>
#include <stdint.h>

#define TE_AT_FDCWD (-100)
#define TE_O_RDONLY 0
#define TE_O_WRONLY 01
#define TE_O_CREAT 0100
#define TE_O_TRUNC 01000

long te_sys_read(int fd, void *buf, size_t n);
long te_sys_write(int fd, const void *buf, size_t n);
long te_sys_openat(int dirfd, const char *path, int flags, int mode);
long te_sys_close(int fd);
/* Anonymous private read-write memory, `bytes` rounded up to pages; 0 on
 * failure. */
void *te_sys_map(size_t bytes);
__attribute__((noreturn)) void te_sys_exit_group(int status);

/* Reads or writes exactly n bytes (retrying short transfers); 0 or -1. */
int te_read_all(int fd, void *buf, size_t n);
int te_write_all(int fd, const void *buf, size_t n);

/* Output to a file descriptor: a string, a signed decimal. */
void te_put(int fd, const char *s);
void te_put_int(int fd, int64_t v);

/* The C library's memory functions (lib/string.c). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

size_t te_strlen(const char *s);
int te_strncmp(const char *a, const char *b, size_t n);

#endif
