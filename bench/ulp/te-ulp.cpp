// te-ulp: maximum ULP error of the compiled vector math (docs/vector-math.md).
//
// Loads the kernels of bench/ulp/kernels/ compiled with --vec=on and
// --vec=off, feeds them every float32 bit pattern (or a dense stratified
// sample with --quick), and compares each result with a double-precision
// libm reference. Exit status 1 when a row exceeds its bound or has a
// special-value failure, 2 on a setup error.
#include <algorithm>
#include <atomic>
#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/kernel_abi.h"
#include "triton-edge-rt/kernel_library.h"

#ifndef TE_ULP_KERNEL_DIR
#define TE_ULP_KERNEL_DIR "."
#endif

namespace {

float bitsToFloat(uint32_t b) { float f; std::memcpy(&f, &b, 4); return f; }

// ---- The error measure -----------------------------------------------------
//
// err(y, r) = |y - r| / ulp(r), r the exact value (double reference), where
// ulp(r) is the spacing of float32 numbers at |r|: 2^(e-23) for 2^e <= |r| <
// 2^(e+1), e clamped to >= -126 (denormals: 2^-149), and 2^104 beyond FLT_MAX.
// A float infinity counts as 2^128 when r is finite (overflow boundary), so a
// correctly rounded result always scores <= 0.5. Special-value rules (a
// failure, reported separately and never hidden in the ULP column):
//   r NaN -> y must be NaN;  r finite -> y must not be NaN;
//   r = +-Inf exactly (e.g. exp(inf), log(0)) -> y must be that infinity;
//   r = +-0 exactly -> y must be a zero of the same sign.
struct Verdict { double err; bool fail; };

double ulpOf(double r) {
  double a = std::fabs(r);
  if (a == 0.0) return std::ldexp(1.0, -149);
  int e = std::ilogb(a);
  if (e < -126) e = -126;
  if (e > 127) e = 127;
  return std::ldexp(1.0, e - 23);
}

Verdict judge(float y, double r) {
  if (std::isnan(r)) return {0.0, !std::isnan(y)};
  if (std::isnan(y)) return {0.0, true};
  if (std::isinf(r)) return {0.0, !(std::isinf(y) && (y > 0) == (r > 0))};
  if (r == 0.0) {
    if (y == 0.0f) return {0.0, std::signbit(y) != std::signbit(r)};
    return {std::fabs((double)y) / ulpOf(0.0), false};
  }
  // Beyond the f32 range the exact value is measured against the overflow
  // boundary 2^128, where the float infinity sits for this purpose.
  const double big = std::ldexp(1.0, 128);
  double rc = std::fabs(r) > big ? std::copysign(big, r) : r;
  double yy = std::isinf(y) ? std::copysign(big, (double)y) : (double)y;
  return {std::fabs(yy - rc) / ulpOf(rc), false};
}

// ---- What is measured ------------------------------------------------------

enum class Shape { Unary, Binary, ScalarF, ScalarI };

struct Domain {
  std::string name;
  std::function<bool(float, float)> in;
  double bound; // max ULP allowed (documented in docs/vector-math.md)
};

struct Spec {
  std::string row;    // table name
  std::string kernel; // bench/ulp/kernels/<kernel>.ttir
  Shape shape;
  std::function<double(float, float)> ref;
  float sf = 0;       // ScalarF exponent
  int32_t si = 0;     // ScalarI exponent
  std::vector<Domain> domains;
  bool grid = false;  // Binary: 2-D grid of (x, y)
};

struct Stats {
  double maxErr = 0, sum = 0;
  float maxX = NAN, maxY = NAN;
  float maxGot = NAN;
  uint64_t n = 0, fails = 0;
  float failX = NAN, failY = NAN, failGot = NAN;
  void merge(const Stats &o) {
    if (o.maxErr > maxErr || (std::isnan(maxX) && !std::isnan(o.maxX))) {
      maxErr = o.maxErr; maxX = o.maxX; maxY = o.maxY; maxGot = o.maxGot;
    }
    sum += o.sum; n += o.n;
    if (o.fails && !fails) { failX = o.failX; failY = o.failY; failGot = o.failGot; }
    fails += o.fails;
  }
};

// The double-precision value of the float formula the GELU kernels compute,
// with a correctly rounded f: rounding after every float operation, as the
// PyTorch/Triton oracle does.
double geluErfRef(float x) {
  float a = x * 0.5f;
  float b = x * 0.707106769f;
  float e = (float)std::erf((double)b);
  float c = e + 1.0f;
  return (double)a * (double)c; // the last multiply's exact value
}
double geluTanhRef(float x) {
  float a = x * 0.5f;
  float x2 = x * x, x3 = x2 * x;
  float t = x3 * 0.044715f;
  float u = x + t;
  float v = u * 0.797884583f;
  float th = (float)std::tanh((double)v);
  float c = th + 1.0f;
  return (double)a * (double)c;
}

bool all(float, float) { return true; }

std::vector<Spec> makeSpecs() {
  std::vector<Spec> s;
  auto unary = [&](const char *row, const char *kernel, double (*f)(double),
                   std::vector<Domain> d) {
    s.push_back({row, kernel, Shape::Unary,
                 [f](float x, float) { return f((double)x); }, 0, 0, std::move(d)});
  };
  // The functions themselves: <= 2 ULP over all inputs (docs/vector-math.md);
  // Inductor's formulas built from them (sigmoid, GELU) add their own f32
  // roundings and are bounded at 4.
  const Domain everything{"all", all, 2.0};
  unary("erf", "erf", std::erf, {everything});
  unary("exp", "exp", std::exp, {everything});
  unary("exp2", "exp2", std::exp2, {everything});
  unary("log", "log", std::log, {everything});
  unary("tanh", "tanh", std::tanh, {everything});
  // Below -88.72, exp(-x) overflows f32 and 1/(1+inf) = 0 while sigmoid is a
  // (denormal) positive number: a property of Inductor's formula, not of exp.
  s.push_back({"sigmoid", "sigmoid", Shape::Unary,
               [](float x, float) { return 1.0 / (1.0 + std::exp(-(double)x)); }, 0, 0,
               {{"x>=-88.72", [](float x, float) { return !(x < -88.72f); }, 4.0},
                {"all", all, INFINITY}}});
  unary("rsqrt", "rsqrt", [](double x) { return 1.0 / std::sqrt(x); }, {everything});
  unary("sqrt", "sqrt", std::sqrt, {everything});
  // sin/cos: the bound holds where the argument reduction is exact enough;
  // beyond, the error is documented, not bounded (absolute error <= 1 ulp of 1).
  for (auto rf : {std::pair<const char *, double (*)(double)>{"sin", std::sin},
                   {"cos", std::cos}}) {
    const char *row = rf.first;
    double (*f)(double) = rf.second;
    unary(row, row, f,
          {{"|x|<2^48", [](float x, float) { return std::fabs(x) < 0x1p48f; }, 2.0},
           {"all", all, INFINITY}});
  }
  // GELU: relative to the float formula with a correctly rounded erf/tanh. For
  // x < -1 the formula cancels (1 + erf -> 0): one ulp of erf is many ulp of
  // the result there, so that range is documented, not bounded.
  s.push_back({"gelu_erf", "gelu_erf", Shape::Unary,
               [](float x, float) { return geluErfRef(x); }, 0, 0,
               {{"x>=-1", [](float x, float) { return !(x < -1.0f); }, 4.0},
                {"all", all, INFINITY}}});
  s.push_back({"gelu_tanh", "gelu_tanh", Shape::Unary,
               [](float x, float) { return geluTanhRef(x); }, 0, 0,
               {{"x>=-1", [](float x, float) { return !(x < -1.0f); }, 4.0},
                {"all", all, INFINITY}}});
  // pow: integer exponents as Inductor writes them (a runtime scalar through
  // __nv_powf or __nv_powif, and literal constants), then the 2-D grid.
  for (int n : {2, 3, -1, -2, 4, 7}) {
    s.push_back({"powf(x," + std::to_string(n) + ")", "powf_scalar", Shape::ScalarF,
                 [n](float x, float) { return std::pow((double)x, (double)n); }, (float)n, 0,
                 {everything}});
    s.push_back({"powi(x," + std::to_string(n) + ")", "powi", Shape::ScalarI,
                 [n](float x, float) { return std::pow((double)x, (double)n); }, 0, n,
                 {everything}});
  }
  s.push_back({"powf(x,0.5)", "powf_scalar", Shape::ScalarF,
               [](float x, float) { return std::pow((double)x, 0.5); }, 0.5f, 0, {everything}});
  for (auto tc : {std::pair<const char *, double>{"sq", 2}, {"cube", 3}, {"recip", -1},
                  {"half", 0.5}, {"m2", -2}}) {
    const char *tag = tc.first;
    double c = tc.second;
    char row[64];
    std::snprintf(row, sizeof row, "powf(x,%g) const", c);
    s.push_back({row, std::string("pow_") + tag, Shape::Unary,
                 [c](float x, float) { return std::pow((double)x, c); }, 0, 0, {everything}});
  }
  Spec g{"powf(x,y) grid", "powf", Shape::Binary,
         [](float x, float y) { return std::pow((double)x, (double)y); }, 0, 0, {everything}};
  g.grid = true;
  s.push_back(g);
  return s;
}

// ---- Inputs ------------------------------------------------------------------

uint32_t mix(uint64_t i) { // splitmix64, for the stratified offsets
  uint64_t z = i + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return (uint32_t)(z ^ (z >> 31));
}

const uint32_t kSpecials[] = {
    0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
    0x00800000, 0x80800000, 0x3f800000, 0xbf800000, 0x7f7fffff, 0xff7fffff,
    0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0x40000000,
    0x3f000000, 0x42b17218, 0x42b17217, 0xc2aeac50, 0xc2ce8ed0, 0x40490fdb};
constexpr uint64_t kNumSpecials = sizeof(kSpecials) / sizeof(kSpecials[0]);

// Unary sample k: all 2^32 patterns, or 2^shift-strided ones with a random
// offset in each stride (every exponent, both signs), then the specials.
struct UnarySampler {
  bool full; int shift;
  uint64_t count() const { return full ? (1ull << 32) : (1ull << (32 - shift)) + kNumSpecials; }
  float at(uint64_t k) const {
    if (full) return bitsToFloat((uint32_t)k);
    uint64_t strata = 1ull << (32 - shift);
    if (k >= strata) return bitsToFloat(kSpecials[k - strata]);
    uint32_t off = mix(k) & ((1u << shift) - 1);
    return bitsToFloat((uint32_t)((k << shift) | off));
  }
};

// The pow grid: x over all floats (stratified), y over all floats too plus
// the small integers and halves (the interesting exponents).
std::vector<float> gridValues(int n, uint64_t seed, bool exponents) {
  std::vector<float> v;
  for (uint64_t s : kSpecials) v.push_back(bitsToFloat((uint32_t)s));
  if (exponents)
    for (int i = -12; i <= 12; ++i) { v.push_back((float)i); v.push_back(i + 0.5f); }
  int rest = n - (int)v.size();
  for (int i = 0; i < rest; ++i) {
    uint64_t stride = (1ull << 32) / rest;
    v.push_back(bitsToFloat((uint32_t)(i * stride + mix(seed + i) % stride)));
  }
  if (exponents) // and densely where results are finite and nonzero: |y| in [2^-8, 2^8]
    for (int i = 0; i < n / 4; ++i) {
      float y = std::ldexp(1.0f + (mix(seed * 7 + i) & 0x7fffff) / 8388608.0f,
                           (int)(mix(seed * 3 + i) % 16) - 8);
      v.push_back((i & 1) ? -y : y);
    }
  return v;
}

// ---- Running a kernel --------------------------------------------------------

struct Kernel {
  std::unique_ptr<te::KernelLibrary> lib;
  void run(Shape shape, const float *x, const float *y, float *out, int32_t n, float sf,
           int32_t si, int ctx) const {
    void *argv[5];
    int64_t numel[5] = {0, 0, 0, 0, 0};
    int a = 0;
    argv[a] = const_cast<float *>(x); numel[a++] = n;
    if (shape == Shape::Binary) { argv[a] = const_cast<float *>(y); numel[a++] = n; }
    argv[a] = out; numel[a++] = n;
    if (shape == Shape::ScalarF) argv[a++] = &sf;
    if (shape == Shape::ScalarI) argv[a++] = &si;
    argv[a++] = &n;
    te_launch l{};
    l.args = argv;
    l.numel = numel;
    l.grid[0] = (n + 1023) / 1024; l.grid[1] = 1; l.grid[2] = 1;
    l.context = ctx;
    l.dma = nullptr;
    // te_launch.program_split is 0: whole programs, split or not.
    lib->programs()(&l, 0, l.grid[0]);
  }
};

struct Options {
  bool quick = false;
  int threads = 0;
  std::string dir = TE_ULP_KERNEL_DIR;
  std::string only;
  bool verbose = false;
};

int usage() {
  std::fprintf(stderr,
               "usage: te-ulp [--quick] [--threads=N] [--dir=KERNEL_DIR] [--only=SUBSTR]\n"
               "  KERNEL_DIR holds <k>.vec.so and <k>.novec.so (default %s)\n",
               TE_ULP_KERNEL_DIR);
  return 2;
}

std::string fmtFloat(float f) {
  char b[48];
  std::snprintf(b, sizeof b, "%.9g", (double)f);
  return b;
}

bool parseArgs(int argc, char **argv, Options &opt) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") opt.quick = true;
    else if (a.rfind("--threads=", 0) == 0) opt.threads = std::atoi(a.c_str() + 10);
    else if (a.rfind("--dir=", 0) == 0) opt.dir = a.substr(6);
    else if (a.rfind("--only=", 0) == 0) opt.only = a.substr(7);
    else if (a == "-v") opt.verbose = true;
    else return false;
  }
  return true;
}

const char *const kModes[2] = {"vec", "novec"};

// ---- Sweeping a row ----------------------------------------------------------

constexpr uint64_t kChunk = 1u << 20;

/// The inputs of a row: every float32 (unary), a stratified sample of them
/// (quick; pow rows), or the pow grid of (x, y).
struct Inputs {
  UnarySampler us;
  bool grid = false;
  std::vector<float> gx, gy;
  uint64_t total() const { return grid ? (uint64_t)gx.size() * gy.size() : us.count(); }
  void at(uint64_t k, float &x, float &y) const {
    if (grid) { x = gx[k / gy.size()]; y = gy[k % gy.size()]; }
    else { x = us.at(k); y = 0; }
  }
};

Inputs inputsFor(const Spec &spec, bool quick) {
  // Full: every float (unary); pow rows use a dense 2^-4-strided sweep of x,
  // since each exponent is its own row. Quick: 2^24 strata.
  bool isPowRow = spec.shape != Shape::Unary || spec.row.rfind("pow", 0) == 0;
  Inputs in{UnarySampler{!quick && !isPowRow, quick ? 8 : 4}, spec.grid, {}, {}};
  if (spec.grid) {
    int n = quick ? 2048 : 8192;
    in.gx = gridValues(n, 1, false);
    in.gy = gridValues(n, 1000003, true);
  }
  return in;
}

/// One result of mode m: its error (or special failure) counted in every
/// domain that holds (x, y). `st`: [mode * domains + domain].
void record(const Spec &spec, std::vector<Stats> &st, int m, float x, float y, float got,
            const Verdict &v) {
  size_t nd = spec.domains.size();
  for (size_t d = 0; d < nd; ++d) {
    if (!spec.domains[d].in(x, y)) continue;
    Stats &s = st[m * nd + d];
    ++s.n;
    if (v.fail) {
      if (!s.fails) { s.failX = x; s.failY = y; s.failGot = got; }
      ++s.fails;
      continue;
    }
    s.sum += v.err;
    if (v.err > s.maxErr || std::isnan(s.maxX)) {
      s.maxErr = v.err; s.maxX = x; s.maxY = y; s.maxGot = got;
    }
  }
}

/// A worker (context t): takes chunks of inputs from `next` until none is
/// left, runs both kernels on each and judges every result against the
/// reference.
void work(const Spec &spec, const Kernel (&k)[2], const Inputs &in, std::atomic<uint64_t> &next,
          int t, std::vector<Stats> &st) {
  const uint64_t total = in.total(), chunks = (total + kChunk - 1) / kChunk;
  std::vector<float> x(kChunk), y(kChunk), out[2] = {std::vector<float>(kChunk),
                                                      std::vector<float>(kChunk)};
  for (uint64_t c; (c = next.fetch_add(1)) < chunks;) {
    uint64_t base = c * kChunk;
    int32_t n = (int32_t)std::min<uint64_t>(kChunk, total - base);
    for (int32_t i = 0; i < n; ++i) in.at(base + i, x[i], y[i]);
    for (int m = 0; m < 2; ++m)
      k[m].run(spec.shape, x.data(), y.data(), out[m].data(), n, spec.sf, spec.si, t);
    for (int32_t i = 0; i < n; ++i) {
      double r = spec.ref(x[i], y[i]);
      for (int m = 0; m < 2; ++m) record(spec, st, m, x[i], y[i], out[m][i], judge(out[m][i], r));
    }
  }
}

/// The row's statistics per mode and domain ([mode * domains + domain]),
/// swept on `threads` threads and merged.
std::vector<Stats> sweep(const Spec &spec, const Kernel (&k)[2], bool quick, int threads) {
  Inputs in = inputsFor(spec, quick);
  size_t nd = spec.domains.size();
  std::vector<std::vector<Stats>> perThread(threads, std::vector<Stats>(2 * nd));
  std::atomic<uint64_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back(work, std::cref(spec), std::cref(k), std::cref(in), std::ref(next), t,
                      std::ref(perThread[t]));
  for (auto &th : pool) th.join();
  std::vector<Stats> merged(2 * nd);
  for (size_t i = 0; i < 2 * nd; ++i)
    for (int t = 0; t < threads; ++t) merged[i].merge(perThread[t][i]);
  return merged;
}

// ---- The table ---------------------------------------------------------------

/// Prints one row of the table; false when it exceeds its bound or has a
/// special-value failure.
bool printRow(const Spec &spec, const char *mode, const Domain &dom, const Stats &s) {
  bool ok = s.fails == 0 && s.maxErr <= dom.bound;
  std::string where = fmtFloat(s.maxX);
  if (spec.shape == Shape::Binary) where += ", " + fmtFloat(s.maxY);
  where += " -> " + fmtFloat(s.maxGot);
  std::string failInfo = std::to_string(s.fails);
  if (s.fails) {
    failInfo += " (first: x=" + fmtFloat(s.failX);
    if (spec.shape == Shape::Binary) failInfo += ", y=" + fmtFloat(s.failY);
    failInfo += " got " + fmtFloat(s.failGot) + ", want " +
                fmtFloat((float)spec.ref(s.failX, s.failY)) + ")";
  }
  char bound[16];
  if (std::isinf(dom.bound)) std::snprintf(bound, sizeof bound, "-");
  else std::snprintf(bound, sizeof bound, "%g", dom.bound);
  std::printf("%-18s %-6s %-11s %12.3f %-32s %10.4f %8s %s%s\n", spec.row.c_str(), mode,
              dom.name.c_str(), s.maxErr, where.c_str(),
              s.n > s.fails ? s.sum / (double)(s.n - s.fails) : 0.0, bound, failInfo.c_str(),
              ok ? "" : "  FAIL");
  return ok;
}

/// Opens the row's kernel compiled with --vec=on and --vec=off.
bool openKernels(const Options &opt, const Spec &spec, Kernel (&k)[2]) {
  try {
    for (int m = 0; m < 2; ++m)
      k[m].lib = std::make_unique<te::KernelLibrary>(te::KernelLibrary::open(
          opt.dir + "/" + spec.kernel + "." + kModes[m] + ".so", "ulp_" + spec.kernel));
  } catch (const std::exception &e) {
    std::fprintf(stderr, "te-ulp: %s\n", e.what());
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  Options opt;
  if (!parseArgs(argc, argv, opt)) return usage();
  int threads = opt.threads > 0 ? opt.threads : (int)std::max(1u, std::thread::hardware_concurrency());
  std::printf("te-ulp: %s sweep, %d threads, kernels from %s\n",
              opt.quick ? "quick (stratified)" : "full (all 2^32 float32 inputs)", threads,
              opt.dir.c_str());
  std::printf("%-18s %-6s %-11s %12s %-32s %10s %8s %s\n", "function", "mode", "domain",
              "max ULP", "where (x[, y] -> got)", "mean ULP", "bound", "special failures");
  bool allOk = true;
  for (const Spec &spec : makeSpecs()) {
    if (!opt.only.empty() && spec.row.find(opt.only) == std::string::npos) continue;
    Kernel k[2];
    if (!openKernels(opt, spec, k)) return 2;
    std::vector<Stats> stats = sweep(spec, k, opt.quick, threads);
    size_t nd = spec.domains.size();
    for (int m = 0; m < 2; ++m)
      for (size_t d = 0; d < nd; ++d)
        allOk &= printRow(spec, kModes[m], spec.domains[d], stats[m * nd + d]);
    std::fflush(stdout);
  }
  std::printf(allOk ? "te-ulp: all rows within their bounds\n"
                    : "te-ulp: FAILED: some rows exceed their bounds\n");
  return allOk ? 0 : 1;
}
