/* The compiler's C API (include/triton-edge-c/Compiler.h) from C, as ctypes
 * calls it: kernels compiled to bytes and to files, errors with locations,
 * the option parser's messages, and threads compiling different kernels at
 * once giving the same libraries as one thread does.
 *
 * RUN: triton-edge-capi-test %corpus 2>&1 | FileCheck %s
 */
#include "triton-edge-c/Compiler.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *corpus;
static const char *kernels[8] = {
    "add_1d__triton_poi_fused_add_0",
    "gelu_erf__triton_poi_fused_gelu_0",
    "leaky_where__triton_poi_fused_gt_mul_where_0",
    "index_add__triton_poi_fused_index_add_0",
    "gelu_backward__triton_per_fused_gelu_sum_1",
    "add2d_dyn__triton_poi_fused_add_0",
    "add_bf16__triton_poi_fused_add_0",
    "mm_template__triton_",
};

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc((size_t)n + 1);
  *size = fread(data, 1, (size_t)n, f);
  data[*size] = 0;
  fclose(f);
  return data;
}

static char *kernel_text(int i, size_t *size) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s/kernel.ttir", corpus, kernels[i]);
  return read_file(path, size);
}

/* The kernel's name: the first `tt.func public @NAME`. */
static void kernel_name(const char *ttir, char *name, size_t cap) {
  const char *at = strstr(ttir, "tt.func public @");
  size_t n = 0;
  if (at)
    for (at += strlen("tt.func public @"); at[n] && at[n] != '(' && n + 1 < cap; ++n)
      name[n] = at[n];
  name[n] = 0;
}

static te_compile_result *compile(const char *ttir, size_t size, const char *name,
                                  const char *const *flags, int nflags, const char *out) {
  return te_compile_ttir(ttir, size, name, flags, nflags, out);
}

/* The library at `path` exports the kernel ABI's entry points of `name`. */
static int exports_entry_points(const char *path, const char *name) {
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    printf("dlopen: %s\n", dlerror());
    return 0;
  }
  char sym[512];
  snprintf(sym, sizeof sym, "%s_programs", name);
  int ok = dlsym(lib, sym) != NULL;
  snprintf(sym, sizeof sym, "%s_info", name);
  ok = ok && dlsym(lib, sym) != NULL;
  dlclose(lib);
  return ok;
}

static void write_bytes(const char *path, const void *data, size_t size) {
  FILE *f = fopen(path, "wb");
  fwrite(data, 1, size, f);
  fclose(f);
}

static void test_compile_to_bytes_and_file(const char *dir) {
  size_t size;
  char *ttir = kernel_text(1, &size), name[256];
  kernel_name(ttir, name, sizeof name);
  const char *flags[] = {"--vec=on", "--target", "host", "--no-asserts"};
  te_compile_result *r = compile(ttir, size, "kernel.ttir", flags, 4, NULL);
  size_t n;
  const void *bytes = te_compile_result_library(r, &n);
  printf("bytes: ok=%d diagnostics='%s' elf=%d\n", te_compile_result_ok(r),
         te_compile_result_diagnostics(r), n > 4 && memcmp(bytes, "\177ELF", 4) == 0);
  char path[4096];
  snprintf(path, sizeof path, "%s/from-bytes.so", dir);
  write_bytes(path, bytes, n);
  printf("bytes: exports %s_programs and _info: %d\n", name, exports_entry_points(path, name));

  snprintf(path, sizeof path, "%s/to-file.so", dir);
  te_compile_result *f = compile(ttir, size, "kernel.ttir", flags, 4, path);
  size_t m;
  printf("file: ok=%d no-bytes=%d\n", te_compile_result_ok(f),
         te_compile_result_library(f, &m) == NULL && m == 0);
  char *file = read_file(path, &m);
  printf("file: identical to the bytes: %d\n", file && m == n && memcmp(file, bytes, n) == 0);
  double t[4];
  te_compile_result_times(r, t);
  printf("times: %d\n", t[0] > 0 && t[1] > 0 && t[2] > 0 && t[3] > 0);
  free(file);
  te_compile_result_destroy(f);
  te_compile_result_destroy(r);
  free(ttir);
}

static void test_errors(void) {
  /* A parse error points into the text, named by source_name. */
  const char *bad = "module {\n  tt.func public @k() {\n    tt.bogus\n  }\n}\n";
  te_compile_result *r = compile(bad, strlen(bad), "bad.ttir", NULL, 0, NULL);
  printf("parse error: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  /* An op the compiler rejects (a store through a pointer made from an
   * integer that no argument gave) is reported at the op's own location
   * (the kernel's Python source). */
  const char *rejected =
      "module {\n"
      "  tt.func public @k(%arg0: i64) {\n"
      "    %0 = tt.int_to_ptr %arg0 : i64 -> !tt.ptr<f32> loc(#loc1)\n"
      "    %1 = arith.constant 1.0 : f32\n"
      "    tt.store %0, %1 : !tt.ptr<f32>\n"
      "    tt.return\n"
      "  }\n"
      "}\n"
      "#loc1 = loc(\"/src/model.py\":12:7)\n";
  r = compile(rejected, strlen(rejected), "k.ttir", NULL, 0, NULL);
  printf("rejected op: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  /* The option table's messages, as the CLI gives them. */
  size_t size;
  char *ttir = kernel_text(0, &size);
  const char *badValue[] = {"--vec=maybe"};
  r = compile(ttir, size, "kernel.ttir", badValue, 1, NULL);
  printf("bad value: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  const char *unknown[] = {"--bogus=1"};
  r = compile(ttir, size, "kernel.ttir", unknown, 1, NULL);
  printf("unknown: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  const char *badTarget[] = {"--target=nosuch"};
  r = compile(ttir, size, "kernel.ttir", badTarget, 1, NULL);
  printf("target: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  /* An output that cannot be written: an error, nothing left behind. */
  r = compile(ttir, size, "kernel.ttir", NULL, 0, "/nonexistent-dir/k.so");
  printf("unwritable: ok=%d %s\n", te_compile_result_ok(r), te_compile_result_diagnostics(r));
  te_compile_result_destroy(r);
  free(ttir);
}

struct job {
  int kernel;
  char *ttir;
  size_t size;
  void *bytes;
  size_t n;
  int ok;
};

static void *compile_job(void *arg) {
  struct job *j = arg;
  te_compile_result *r = compile(j->ttir, j->size, kernels[j->kernel], NULL, 0, NULL);
  const void *bytes = te_compile_result_library(r, &j->n);
  j->ok = te_compile_result_ok(r);
  if (!j->ok)
    printf("thread %d: %s\n", j->kernel, te_compile_result_diagnostics(r));
  j->bytes = malloc(j->n);
  memcpy(j->bytes, bytes, j->n);
  te_compile_result_destroy(r);
  return NULL;
}

static void test_threads(void) {
  struct job alone[8], together[8];
  pthread_t threads[8];
  for (int i = 0; i < 8; ++i) {
    alone[i] = (struct job){.kernel = i};
    alone[i].ttir = kernel_text(i, &alone[i].size);
    compile_job(&alone[i]);
    together[i] = alone[i];
  }
  for (int i = 0; i < 8; ++i)
    pthread_create(&threads[i], NULL, compile_job, &together[i]);
  int same = 0;
  for (int i = 0; i < 8; ++i) {
    pthread_join(threads[i], NULL);
    same += together[i].ok && alone[i].ok && together[i].n == alone[i].n &&
            memcmp(together[i].bytes, alone[i].bytes, alone[i].n) == 0;
  }
  printf("threads: %d of 8 kernels compiled at once equal the one-thread libraries\n", same);
  int distinct = 1;
  for (int i = 1; i < 8; ++i)
    distinct &= alone[i].n != alone[0].n || memcmp(alone[i].bytes, alone[0].bytes, alone[0].n);
  printf("threads: the kernels differ: %d\n", distinct);
  for (int i = 0; i < 8; ++i) {
    free(alone[i].ttir);
    free(alone[i].bytes);
    free(together[i].bytes);
  }
}

/* In-process lld and the ld.lld process make the same bytes. */
static void test_linkers(void) {
  size_t size;
  char *ttir = kernel_text(0, &size);
  int inProcess = te_compiler_links_in_process();
  te_compile_result *a = compile(ttir, size, "kernel.ttir", NULL, 0, NULL);
  setenv("TRITON_EDGE_LINKER", LLD_PATH, 1);
  int afterSet = te_compiler_links_in_process();
  te_compile_result *b = compile(ttir, size, "kernel.ttir", NULL, 0, NULL);
  unsetenv("TRITON_EDGE_LINKER");
  size_t na, nb;
  const void *da = te_compile_result_library(a, &na), *db = te_compile_result_library(b, &nb);
  printf("linkers: in process %d (built with lld %d), with TRITON_EDGE_LINKER %d, same bytes "
         "%d\n",
         inProcess, HAVE_LLD, afterSet, na > 0 && na == nb && memcmp(da, db, na) == 0);
  te_compile_result_destroy(a);
  te_compile_result_destroy(b);
  free(ttir);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: triton-edge-capi-test CORPUS_DIR\n");
    return 2;
  }
  corpus = argv[1];
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("version: %d\n", te_compiler_c_api_version());
  char dir[] = "/tmp/te-capi-XXXXXX";
  if (!mkdtemp(dir))
    return 2;
  test_compile_to_bytes_and_file(dir);
  test_errors();
  test_threads();
  test_linkers();
  char cmd[64];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd);
}

// CHECK: version: 1
// CHECK-NEXT: bytes: ok=1 diagnostics='' elf=1
// CHECK-NEXT: bytes: exports triton_poi_fused_gelu_0_programs and _info: 1
// CHECK-NEXT: file: ok=1 no-bytes=1
// CHECK-NEXT: file: identical to the bytes: 1
// CHECK-NEXT: times: 1
// CHECK-NEXT: parse error: ok=0 bad.ttir:3:5: error:
// CHECK: rejected op: ok=0 /src/model.py:12:7: error:
// CHECK: bad value: ok=0 --vec takes on or off, got 'maybe'
// CHECK-NEXT: unknown: ok=0 unknown option '--bogus=1'
// CHECK-NEXT: target: ok=0 {{.*}}nosuch
// CHECK: unwritable: ok=0 cannot write '/nonexistent-dir/k.so'
// CHECK-NEXT: threads: 8 of 8 kernels compiled at once equal the one-thread libraries
// CHECK-NEXT: threads: the kernels differ: 1
// CHECK-NEXT: linkers: in process [[LLD:[01]]] (built with lld [[LLD]]), with TRITON_EDGE_LINKER 0, same bytes 1
