// What the results were measured on: CPU, ISA level, caches, memory.
#include "triton-edge-bench/bench.h"

#include "triton-edge-rt/thread_pool.h"

#include <fstream>
#include <sstream>
#include <thread>

#include <sched.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace te::bench {

static std::string readFile(const std::string &path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  std::string v = s.str();
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

static int64_t parseSize(const std::string &s) { // "32K", "1024K", "32768K", "2M"
  if (s.empty()) return 0;
  int64_t v = std::atoll(s.c_str());
  char u = s.back();
  if (u == 'K') v <<= 10;
  else if (u == 'M') v <<= 20;
  else if (u == 'G') v <<= 30;
  return v;
}

static int countCpuList(const std::string &list) { // "0-3,8"
  int n = 0;
  std::stringstream ss(list);
  std::string part;
  while (std::getline(ss, part, ',')) {
    auto dash = part.find('-');
    if (dash == std::string::npos) n += !part.empty();
    else n += std::atoi(part.c_str() + dash + 1) - std::atoi(part.c_str()) + 1;
  }
  return n;
}

#if defined(__x86_64__) || defined(__i386__)
static std::vector<std::string> x86Features() {
  std::vector<std::string> f;
  __builtin_cpu_init();
#define TE_FEATURE(name)                                                                   \
  if (__builtin_cpu_supports(name)) f.push_back(name);
  TE_FEATURE("sse4.2") TE_FEATURE("popcnt") TE_FEATURE("avx") TE_FEATURE("avx2")
  TE_FEATURE("fma") TE_FEATURE("bmi2") TE_FEATURE("f16c") TE_FEATURE("avx512f")
  TE_FEATURE("avx512dq") TE_FEATURE("avx512cd") TE_FEATURE("avx512bw") TE_FEATURE("avx512vl")
  TE_FEATURE("avx512bf16") TE_FEATURE("avx512fp16") TE_FEATURE("amx-tile")
#undef TE_FEATURE
  return f;
}
#endif

std::string host_isa_level() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  // The x86-64 psABI micro-architecture levels (the kernels are compiled for
  // these so that a bundle runs wherever the level is met).
  if (__builtin_cpu_supports("x86-64-v4")) return "x86-64-v4";
  if (__builtin_cpu_supports("x86-64-v3")) return "x86-64-v3";
  if (__builtin_cpu_supports("x86-64-v2")) return "x86-64-v2";
  return "x86-64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__riscv) && __riscv_xlen == 64
  return "riscv64";
#else
  return "other";
#endif
}

bool isa_at_least(const std::string &have, const std::string &need) {
  auto rank = [](const std::string &l) {
    if (l == "x86-64-v4") return 4;
    if (l == "x86-64-v3") return 3;
    if (l == "x86-64-v2") return 2;
    if (l == "x86-64") return 1;
    return 0;
  };
  if (need == "host") return true; // compiled on and for this machine
  // Edge bundles (kernels for one non-x86 profile): run.sh checked the
  // machine's architecture before starting te-bench.
  if (rank(have) == 0 && have != "other") return rank(need) == 0;
  return rank(have) >= rank(need) && rank(need) > 0;
}

Machine describe_machine() {
  Machine m;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      auto c = line.find(':');
      if (c != std::string::npos) m.cpu_model = line.substr(c + 2);
      break;
    }
  }
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  m.hostname = host;
  struct utsname u;
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
  m.logical_cpus = ThreadPool::hardware_contexts();
  m.online_cpus = static_cast<int>(std::thread::hardware_concurrency());
#if defined(__x86_64__)
  m.isa = x86Features();
#endif
  m.isa_level = host_isa_level();
  for (int i = 0; i < 8; ++i) {
    std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    std::string size = readFile(dir + "size");
    if (size.empty()) break;
    CacheLevel c;
    c.level = std::atoi(readFile(dir + "level").c_str());
    c.type = readFile(dir + "type");
    c.bytes = parseSize(size);
    c.shared_by = std::max(1, countCpuList(readFile(dir + "shared_cpu_list")));
    m.caches.push_back(c);
    if (c.type != "Instruction" && c.level >= 1) {
      bool deeper = true;
      for (const CacheLevel &o : m.caches)
        if (o.type != "Instruction" && o.level > c.level) deeper = false;
      if (deeper) m.llc_bytes = c.bytes;
    }
  }
  if (m.llc_bytes == 0) m.llc_bytes = 32 << 20; // unknown: assume a large LLC
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0) m.memory_bytes = int64_t(pages) * page;
  return m;
}

bool pin_calling_thread(bool pin) {
#ifdef __linux__
  // The process mask as it was before any pinning (threads created while the
  // caller is pinned inherit its mask, so peers' runtimes run unpinned).
  static cpu_set_t original;
  static bool saved = false;
  if (!saved) {
    CPU_ZERO(&original);
    if (sched_getaffinity(0, sizeof(original), &original) != 0) return false;
    saved = true;
  }
  if (!pin)
    return pthread_setaffinity_np(pthread_self(), sizeof(original), &original) == 0;
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &original)) {
      CPU_SET(c, &one);
      return pthread_setaffinity_np(pthread_self(), sizeof(one), &one) == 0;
    }
#else
  (void)pin;
#endif
  return false;
}

std::string executable_dir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  std::string p(buf, n);
  auto slash = p.rfind('/');
  return slash == std::string::npos ? "." : p.substr(0, slash);
}

} // namespace te::bench
