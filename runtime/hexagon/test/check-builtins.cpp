// Host side of the Hexagon builtins test: generates requests (edge values
// and seeded random operands of every builtin the freestanding runtime
// provides), runs te-builtins-test on them under the emulator, and compares
// each result bit for bit with the host's own arithmetic (x86-64: sqrtss,
// divsd, glibc's fma and floor, libgcc's f16 conversions, the C library's
// mem*). NaNs match any NaN.
//   te-hexagon-check-builtins PROGRAM EMULATOR [EMULATOR ARGS...]
// Prints one line per function and "N passed, N failed"; exit 0 when all
// match, 1 otherwise, 2 when the emulator run fails.
#include "builtins_test_ops.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

const char *const kNames[TE_OP_COUNT] = {
    "", "__hexagon_divsi3", "__hexagon_modsi3", "__hexagon_udivsi3", "__hexagon_umodsi3",
    "__hexagon_divdi3", "__hexagon_moddi3", "__hexagon_udivdi3", "__hexagon_umoddi3",
    "__hexagon_sqrtf", "__hexagon_divdf3", "fma", "floor", "__truncsfhf2", "__truncdfhf2",
    "__extendhfsf2", "memcpy", "memmove", "memset",
    "__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes"};

template <typename To, typename From> To bits(From f) {
  static_assert(sizeof(To) == sizeof(From));
  To t;
  std::memcpy(&t, &f, sizeof t);
  return t;
}

float f32(uint64_t u) { return bits<float>(static_cast<uint32_t>(u)); }
double f64(uint64_t u) { return bits<double>(u); }

uint64_t memoryOp(uint32_t op, uint64_t dst, uint64_t src, uint64_t n) {
  unsigned char buf[512];
  for (int i = 0; i < 512; ++i)
    buf[i] = static_cast<unsigned char>(i * 7 + 3);
  if (op == TE_OP_MEMSET)
    std::memset(buf + dst, static_cast<int>(src), n);
  else
    std::memmove(buf + dst, buf + src, n); // memcpy's requests never overlap
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char b : buf)
    hash = (hash ^ b) * 0x100000001b3ull;
  return hash;
}

/// The host's answer, and whether it is a NaN of the result's format.
uint64_t expected(const te_builtin_request &r, bool &nan) {
  nan = false;
  uint64_t a = r.a, b = r.b, c = r.c;
  switch (r.op) {
  case TE_OP_DIVSI3: return static_cast<uint32_t>(int32_t(a) / int32_t(b));
  case TE_OP_MODSI3: return static_cast<uint32_t>(int32_t(a) % int32_t(b));
  case TE_OP_UDIVSI3: return uint32_t(a) / uint32_t(b);
  case TE_OP_UMODSI3: return uint32_t(a) % uint32_t(b);
  case TE_OP_DIVDI3: return static_cast<uint64_t>(int64_t(a) / int64_t(b));
  case TE_OP_MODDI3: return static_cast<uint64_t>(int64_t(a) % int64_t(b));
  case TE_OP_UDIVDI3: return a / b;
  case TE_OP_UMODDI3: return a % b;
  case TE_OP_SQRTF: {
    float v = std::sqrt(f32(a));
    nan = std::isnan(v);
    return bits<uint32_t>(v);
  }
  case TE_OP_DIVDF3: {
    double v = f64(a) / f64(b);
    nan = std::isnan(v);
    return bits<uint64_t>(v);
  }
  case TE_OP_FMA: {
    double v = std::fma(f64(a), f64(b), f64(c));
    nan = std::isnan(v);
    return bits<uint64_t>(v);
  }
  case TE_OP_FLOOR: {
    double v = std::floor(f64(a));
    nan = std::isnan(v);
    return bits<uint64_t>(v);
  }
  case TE_OP_TRUNCSFHF2: {
    _Float16 h = static_cast<_Float16>(f32(a));
    nan = h != h;
    return bits<uint16_t>(h);
  }
  case TE_OP_TRUNCDFHF2: {
    _Float16 h = static_cast<_Float16>(f64(a));
    nan = h != h;
    return bits<uint16_t>(h);
  }
  case TE_OP_EXTENDHFSF2: {
    float v = static_cast<float>(bits<_Float16>(static_cast<uint16_t>(a)));
    nan = std::isnan(v);
    return bits<uint32_t>(v);
  }
  default: return memoryOp(r.op, a, b, c);
  }
}

bool isNanResult(uint32_t op, uint64_t v) {
  switch (op) {
  case TE_OP_SQRTF:
  case TE_OP_EXTENDHFSF2: return std::isnan(f32(v));
  case TE_OP_DIVDF3:
  case TE_OP_FMA:
  case TE_OP_FLOOR: return std::isnan(f64(v));
  case TE_OP_TRUNCSFHF2:
  case TE_OP_TRUNCDFHF2: return (v & 0x7c00) == 0x7c00 && (v & 0x3ff);
  default: return false;
  }
}

struct Generator {
  std::mt19937_64 rng{20261207};
  std::vector<te_builtin_request> out;

  void add(uint32_t op, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    te_builtin_request r{};
    r.op = op;
    r.a = a;
    r.b = b;
    r.c = c;
    out.push_back(r);
  }
  /// A random integer of a random bit width (small quotients and large ones).
  uint64_t anyWidth(int maxBits) {
    int w = 1 + static_cast<int>(rng() % maxBits);
    return w >= 64 ? rng() : rng() & ((uint64_t(1) << w) - 1);
  }
  /// A double from every class: random bit patterns, near-integers, small
  /// and large magnitudes, subnormals, specials.
  double anyDouble() {
    switch (rng() % 6) {
    case 0: return bits<double>(rng());
    case 1: return std::ldexp(static_cast<double>(int64_t(rng() % 2000001) - 1000000), -int(rng() % 8));
    case 2: return std::ldexp(bits<double>((rng() & 0x800fffffffffffffull) | 0x3ff0000000000000ull),
                              int(rng() % 200) - 100);
    case 3: return bits<double>(rng() & 0x800fffffffffffffull); // subnormal
    case 4: {
      const double s[] = {0.0, -0.0, INFINITY, -INFINITY, NAN, 1.0, -1.0, 0.5, -0.5,
                          4503599627370496.0, 4503599627370497.0, -4503599627370495.5,
                          0x1p-1022, 0x1p-1074, 1.7976931348623157e308};
      return s[rng() % (sizeof s / sizeof s[0])];
    }
    default: return std::ldexp(bits<double>((rng() & 0x800fffffffffffffull) | 0x3ff0000000000000ull),
                               int(rng() % 2100) - 1050);
    }
  }

  void integers() {
    const int64_t edges[] = {0, 1, -1, 2, -2, 3, 7, -7, 10, 255, 256, 768, 1000, 65535, 65536,
                             INT32_MAX, INT32_MIN, int64_t(INT32_MAX) + 1, INT64_MAX, INT64_MIN,
                             int64_t(1) << 40, -(int64_t(1) << 40) + 3};
    for (int64_t a : edges)
      for (int64_t b : edges) {
        if (int32_t(b) != 0 && !(int32_t(a) == INT32_MIN && int32_t(b) == -1)) {
          add(TE_OP_DIVSI3, uint64_t(a), uint64_t(b));
          add(TE_OP_MODSI3, uint64_t(a), uint64_t(b));
        }
        if (uint32_t(b) != 0) {
          add(TE_OP_UDIVSI3, uint64_t(a), uint64_t(b));
          add(TE_OP_UMODSI3, uint64_t(a), uint64_t(b));
        }
        if (b != 0 && !(a == INT64_MIN && b == -1)) {
          add(TE_OP_DIVDI3, uint64_t(a), uint64_t(b));
          add(TE_OP_MODDI3, uint64_t(a), uint64_t(b));
        }
        if (b != 0) {
          add(TE_OP_UDIVDI3, uint64_t(a), uint64_t(b));
          add(TE_OP_UMODDI3, uint64_t(a), uint64_t(b));
        }
      }
    for (int i = 0; i < 20000; ++i) {
      uint64_t a = anyWidth(64), b = anyWidth(64);
      uint64_t sa = rng() & 1 ? a : 0 - a, sb = rng() & 1 ? b : 0 - b;
      if (uint32_t(b) != 0) {
        add(TE_OP_UDIVSI3, uint32_t(a), uint32_t(b));
        add(TE_OP_UMODSI3, uint32_t(a), uint32_t(b));
      }
      if (int32_t(sb) != 0 && !(int32_t(sa) == INT32_MIN && int32_t(sb) == -1)) {
        add(TE_OP_DIVSI3, sa, sb);
        add(TE_OP_MODSI3, sa, sb);
      }
      if (b != 0) {
        add(TE_OP_UDIVDI3, a, b);
        add(TE_OP_UMODDI3, a, b);
      }
      if (sb != 0 && !(int64_t(sa) == INT64_MIN && int64_t(sb) == -1)) {
        add(TE_OP_DIVDI3, sa, sb);
        add(TE_OP_MODDI3, sa, sb);
      }
    }
  }

  void floats() {
    for (int i = 0; i < 20000; ++i) {
      // sqrtf: any bit pattern, positive normals over the whole range, subnormals.
      uint32_t u = static_cast<uint32_t>(rng());
      add(TE_OP_SQRTF, u);
      add(TE_OP_SQRTF, u & 0x7fffffffu);
      add(TE_OP_SQRTF, u & 0x007fffffu);
      add(TE_OP_DIVDF3, bits<uint64_t>(anyDouble()), bits<uint64_t>(anyDouble()));
      add(TE_OP_FLOOR, bits<uint64_t>(anyDouble()));
      double a = anyDouble(), b = anyDouble(), c = anyDouble();
      add(TE_OP_FMA, bits<uint64_t>(a), bits<uint64_t>(b), bits<uint64_t>(c));
      // Cancellation: c close to -(a * b).
      double p = a * b;
      if (std::isfinite(p)) {
        double near = -p * (1.0 + std::ldexp(double(int(rng() % 7) - 3), -52 + int(rng() % 3)));
        add(TE_OP_FMA, bits<uint64_t>(a), bits<uint64_t>(b), bits<uint64_t>(near));
        add(TE_OP_FMA, bits<uint64_t>(a), bits<uint64_t>(b), bits<uint64_t>(-p));
      }
      // Products near the subnormal range.
      double tiny = std::ldexp(1.0 + double(rng() % 1000) / 1000.0, -540);
      add(TE_OP_FMA, bits<uint64_t>(tiny), bits<uint64_t>(-tiny * 1.5), bits<uint64_t>(std::ldexp(double(rng() % 5), -1074)));
      // f16: f32 and f64 inputs around the f16 range, ties included.
      float h = std::ldexp(float(rng() % 4096) / 2048.0f, int(rng() % 44) - 28);
      add(TE_OP_TRUNCSFHF2, bits<uint32_t>(rng() & 1 ? h : -h));
      add(TE_OP_TRUNCSFHF2, static_cast<uint32_t>(rng()));
      double hd = std::ldexp(double(rng() % (uint64_t(1) << 40)) / double(uint64_t(1) << 39),
                             int(rng() % 44) - 28);
      add(TE_OP_TRUNCDFHF2, bits<uint64_t>(rng() & 1 ? hd : -hd));
      add(TE_OP_TRUNCDFHF2, bits<uint64_t>(anyDouble()));
    }
    const float specialsF[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, -1.0f, 1.0f, 4.0f,
                               0x1p-149f, 0x1p-126f, 3.4028235e38f, 65504.0f, 65520.0f,
                               65519.99f, 0x1p-24f, 0x1p-25f, 0x1.8p-25f, 0x1p-14f};
    for (float f : specialsF) {
      add(TE_OP_SQRTF, bits<uint32_t>(f));
      add(TE_OP_TRUNCSFHF2, bits<uint32_t>(f));
      add(TE_OP_TRUNCDFHF2, bits<uint64_t>(double(f)));
    }
    for (uint32_t h = 0; h < 65536; ++h)
      add(TE_OP_EXTENDHFSF2, h);
  }

  void memory() {
    for (int i = 0; i < 3000; ++i) {
      uint64_t n = rng() % 200, dst = rng() % (512 - n), src = rng() % (512 - n);
      add(TE_OP_MEMMOVE, dst, src, n);
      add(TE_OP_MEMSET, dst, rng() % 256, n);
      if (dst + n <= src || src + n <= dst)
        add(TE_OP_MEMCPY, dst, src, n);
      // The aligned variant: 8-byte multiples of at least 32, aligned ends,
      // inside the buffer and apart (dst below 240, src from 256 to 464).
      uint64_t an = 32 + 8 * (rng() % 16), ad = 8 * (rng() % 12), as = 256 + 8 * (rng() % 8);
      add(TE_OP_MEMCPY_ALIGNED, ad, as, an);
    }
  }
};

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: te-hexagon-check-builtins PROGRAM EMULATOR [ARGS...]\n");
    return 2;
  }
  Generator g;
  g.integers();
  g.floats();
  g.memory();

  char dir[] = "/tmp/te-hexagon-builtins-XXXXXX";
  if (!mkdtemp(dir)) {
    std::perror("mkdtemp");
    return 2;
  }
  std::string in = std::string(dir) + "/in.bin", out = std::string(dir) + "/out.bin";
  FILE *f = std::fopen(in.c_str(), "wb");
  if (!f || std::fwrite(g.out.data(), sizeof(te_builtin_request), g.out.size(), f) != g.out.size()) {
    std::fprintf(stderr, "cannot write %s\n", in.c_str());
    return 2;
  }
  std::fclose(f);

  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char *> args;
    for (int i = 2; i < argc; ++i)
      args.push_back(argv[i]);
    args.push_back(argv[1]);
    args.push_back(in.data());
    args.push_back(out.data());
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror(args[0]);
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "the Hexagon test program failed (status %d)\n", status);
    return 2;
  }
  std::vector<uint64_t> results(g.out.size());
  f = std::fopen(out.c_str(), "rb");
  size_t got = f ? std::fread(results.data(), sizeof(uint64_t), results.size(), f) : 0;
  if (f)
    std::fclose(f);
  std::remove(in.c_str());
  std::remove(out.c_str());
  rmdir(dir);
  if (got != results.size()) {
    std::fprintf(stderr, "%zu results for %zu requests\n", got, results.size());
    return 2;
  }

  long passed[TE_OP_COUNT] = {}, failed[TE_OP_COUNT] = {};
  for (size_t i = 0; i < g.out.size(); ++i) {
    const te_builtin_request &r = g.out[i];
    bool nan;
    uint64_t want = expected(r, nan);
    bool ok = nan ? isNanResult(r.op, results[i]) : results[i] == want;
    if (ok) {
      ++passed[r.op];
      continue;
    }
    if (++failed[r.op] <= 5)
      std::printf("MISMATCH %s(%s, %s, %s): hexagon %s, host %s\n", kNames[r.op],
                  hex(r.a).c_str(), hex(r.b).c_str(), hex(r.c).c_str(), hex(results[i]).c_str(),
                  hex(want).c_str());
  }
  long allPassed = 0, allFailed = 0;
  for (int op = 1; op < TE_OP_COUNT; ++op) {
    std::printf("%-54s %7ld passed, %ld failed\n", kNames[op], passed[op], failed[op]);
    allPassed += passed[op];
    allFailed += failed[op];
  }
  std::printf("%ld passed, %ld failed\n", allPassed, allFailed);
  return allFailed ? 1 : 0;
}
