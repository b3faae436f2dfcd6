// The Hexagon case runner: one kernel, statically linked with the
// freestanding runtime (runtime/hexagon/lib), run under qemu-hexagon.
//   te-run-case IN OUT
// IN is a launch file (te-hexagon/launch_file.h) the host wrote from the
// case; the runner checks it against the kernel's te_kernel_info, runs the
// grid's programs over the file's number of contexts one after the other
// (each context's range as the host runtime's static split, virtual
// programs included) and writes the file back to OUT with the tensors'
// new contents. Prints contexts_used=N.
// Exit: 0 done, 1 the kernel reported an error, 2 bad input or usage.
//
// The kernel's entry points are bound at link time: the host links with
// --defsym te_kernel_programs=<name>_programs, te_kernel_info_symbol=<name>_info.
#include "te-hexagon/launch_file.h"
#include "te-hexagon/runtime.h"
#include "te-hexagon/sys.h"

extern void te_kernel_programs(const te_launch *launch, int64_t begin, int64_t end);
extern const te_kernel_info te_kernel_info_symbol;

static int fail_input(const char *what, const char *detail) {
  te_put(2, "te-run-case (hexagon): ");
  te_put(2, what);
  if (detail) {
    te_put(2, ": ");
    te_put(2, detail);
  }
  te_put(2, "\n");
  return 2;
}

static int fail_arg(int64_t index, const char *what) {
  te_put(2, "te-run-case (hexagon): argument ");
  te_put_int(2, index);
  te_put(2, ": ");
  te_put(2, what);
  te_put(2, "\n");
  return 2;
}

// Element size of a te_dtype (0: unknown).
static int64_t dtype_size(int32_t dtype) {
  switch (dtype) {
  case TE_I1: case TE_I8: case TE_U8:
  case TE_F8E4M3FN: case TE_F8E5M2: case TE_F8E4M3FNUZ: case TE_F8E5M2FNUZ: case TE_F8E4B15:
    return 1;
  case TE_I16: case TE_U16: case TE_F16: case TE_BF16:
    return 2;
  case TE_I32: case TE_U32: case TE_F32:
    return 4;
  case TE_I64: case TE_U64: case TE_F64:
    return 8;
  default:
    return 0;
  }
}

/// Reads the launch file into anonymous memory (page-aligned, so the
/// 128-byte offsets of the data stay aligned).
static int read_launch(const char *path, char **out, uint64_t *size) {
  long fd = te_sys_openat(TE_AT_FDCWD, path, TE_O_RDONLY, 0);
  if (fd < 0)
    return fail_input("cannot open the launch file", path);
  te_hexagon_launch_header h;
  if (te_read_all((int)fd, &h, sizeof h) != 0)
    return fail_input("launch file too short", path);
  if (te_strncmp(h.magic, TE_HEXAGON_LAUNCH_MAGIC, 8) != 0 ||
      h.version != TE_HEXAGON_LAUNCH_VERSION)
    return fail_input("not a launch file of this version", path);
  if (h.total_bytes < sizeof h || h.total_bytes > ((uint64_t)1 << 31))
    return fail_input("launch file size out of range", path);
  char *buf = (char *)te_sys_map((size_t)h.total_bytes);
  if (!buf)
    return fail_input("out of memory for the launch file", path);
  memcpy(buf, &h, sizeof h);
  if (te_read_all((int)fd, buf + sizeof h, (size_t)(h.total_bytes - sizeof h)) != 0)
    return fail_input("launch file shorter than its header says", path);
  te_sys_close((int)fd);
  *out = buf;
  *size = h.total_bytes;
  return 0;
}

int te_hexagon_main(int argc, char **argv) {
  if (argc != 3)
    return fail_input("usage: te-run-case IN OUT", 0);
  char *file;
  uint64_t size;
  if (read_launch(argv[1], &file, &size) != 0)
    return 2;
  te_hexagon_launch_header *h = (te_hexagon_launch_header *)file;
  const te_kernel_info *info = &te_kernel_info_symbol;
  te_hexagon_current_kernel = info;
  if (info->abi_version != TE_ABI_VERSION)
    return fail_input("the kernel was compiled for another ABI version", 0);
  if ((int64_t)h->num_args != info->num_args)
    return fail_input("the launch file's argument count differs from the kernel's", info->name);
  uint64_t table_end = sizeof *h + (uint64_t)h->num_args * sizeof(te_hexagon_launch_arg);
  if (table_end > size)
    return fail_input("argument table beyond the end of the launch file", 0);
  te_hexagon_launch_arg *args = (te_hexagon_launch_arg *)(file + sizeof *h);

  size_t n = h->num_args ? h->num_args : 1;
  void **ptrs = (void **)te_sys_map(n * sizeof(void *));
  int64_t *numel = (int64_t *)te_sys_map(n * sizeof(int64_t));
  if (!ptrs || !numel)
    return fail_input("out of memory", 0);
  for (uint32_t i = 0; i < h->num_args; ++i) {
    const te_hexagon_launch_arg *a = &args[i];
    const te_arg_info *k = &info->args[i];
    if ((a->is_tensor != 0) != (k->is_pointer != 0))
      return fail_arg(i, a->is_tensor ? "a tensor in the launch file, a scalar in the kernel"
                                      : "a scalar in the launch file, a pointer in the kernel");
    if (a->dtype != k->dtype)
      return fail_arg(i, "element type differs from the kernel's");
    if (a->offset < table_end || a->offset % TE_HEXAGON_LAUNCH_ALIGN != 0 ||
        a->bytes > size || a->offset > size - a->bytes)
      return fail_arg(i, "data outside the launch file or misaligned");
    if (a->is_tensor) {
      int64_t es = dtype_size(a->dtype);
      if (es == 0 || a->numel < 0 || (uint64_t)a->numel * (uint64_t)es != a->bytes)
        return fail_arg(i, "tensor size does not match its element count");
    } else if (a->bytes != 8) {
      return fail_arg(i, "a scalar takes an 8-byte slot");
    }
    ptrs[i] = file + a->offset;
    numel[i] = a->is_tensor ? a->numel : 0;
  }

  int64_t programs = (int64_t)h->grid[0] * h->grid[1] * h->grid[2];
  if (h->grid[0] < 0 || h->grid[1] < 0 || h->grid[2] < 0 || programs > ((int64_t)1 << 31))
    return fail_input("grid out of range", 0);
  // As the host runtime: the smallest split into virtual programs that gives
  // every context one (at most the kernel's), contiguous ranges per context.
  int64_t contexts = h->contexts < 1 ? 1 : h->contexts;
  int64_t max_split = info->program_split > 1 ? info->program_split : 1;
  int64_t split = programs > 0 ? (contexts + programs - 1) / programs : 1;
  if (split > max_split)
    split = max_split;
  if (split < 1)
    split = 1;
  int64_t total = programs * split;
  if (contexts > total)
    contexts = total > 0 ? total : 1;
  te_launch launch;
  launch.args = ptrs;
  launch.numel = numel;
  launch.grid[0] = h->grid[0];
  launch.grid[1] = h->grid[1];
  launch.grid[2] = h->grid[2];
  launch.dma = &launch; // an engine handle the kernel passes back (copies)
  launch.program_split = (int32_t)split;
  launch.stream_stores = 0;
  int64_t base = total / contexts, rem = total % contexts;
  for (int64_t c = 0; c < contexts; ++c) {
    int64_t b = c * base + (c < rem ? c : rem);
    int64_t e = b + base + (c < rem ? 1 : 0);
    launch.context = (int32_t)c;
    if (b < e)
      te_kernel_programs(&launch, b, e);
  }
  if (te_hexagon_failures)
    return 1;

  long fd = te_sys_openat(TE_AT_FDCWD, argv[2], TE_O_WRONLY | TE_O_CREAT | TE_O_TRUNC, 0644);
  if (fd < 0 || te_write_all((int)fd, file, (size_t)size) != 0)
    return fail_input("cannot write the results", argv[2]);
  te_sys_close((int)fd);
  te_put(1, "contexts_used=");
  te_put_int(1, contexts);
  te_put(1, "\n");
  return 0;
}
