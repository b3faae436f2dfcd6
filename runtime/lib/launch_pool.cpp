// Multi-context launches on the team of an OpenMP runtime the process has
// already loaded (launch_pool.h, docs/runtime.md "Launch pool").
//
// Why: under PyTorch every kernel of ours runs between ATen calls, which run
// on PyTorch's OpenMP team (libgomp); its threads spin for a while after
// each parallel region. A launch on our own pool then has two sets of
// threads spinning for the same cores. Inductor's C++ backend runs its
// kernels on that same team and never meets the problem; so do we, when the
// team is there. The runtime never links or loads an OpenMP library: it only
// looks for one that is loaded.
#include "internal.h"

#include <atomic>
#include <cstddef>
#include <cstring>
#include <exception>
#include <string>
#include <dlfcn.h>
#include <link.h>
#include <mutex>
#include <vector>

namespace te {

namespace {

std::atomic<int> g_choice{static_cast<int>(PoolChoice::Auto)};
std::atomic<bool> g_choice_set{false}; // set_launch_pool was called

// The file names of OpenMP runtimes that export GOMP_parallel.
bool is_openmp_library(const char *path) {
  const char *base = std::strrchr(path, '/');
  base = base ? base + 1 : path;
  for (const char *prefix : {"libgomp", "libomp", "libiomp5"})
    if (std::strncmp(base, prefix, std::strlen(prefix)) == 0) return true;
  return false;
}

struct Scan {
  std::vector<std::string> candidates;
};

int collect_openmp(struct dl_phdr_info *info, size_t, void *data) {
  if (info->dlpi_name && *info->dlpi_name && is_openmp_library(info->dlpi_name))
    static_cast<Scan *>(data)->candidates.push_back(info->dlpi_name);
  return 0;
}

// How many objects the dynamic loader has loaded so far (it never
// decreases): no new object, no need to look again.
int read_adds(struct dl_phdr_info *info, size_t size, void *data) {
  if (size >= offsetof(struct dl_phdr_info, dlpi_adds) + sizeof(info->dlpi_adds))
    *static_cast<unsigned long long *>(data) = info->dlpi_adds;
  return 1; // the first object carries the counters
}

std::mutex g_scan_mu;
unsigned long long g_adds_seen = ~0ull;
// Leaked on purpose (see launch_env.cpp): launches may outlive static destructors.
OpenMPRuntime &found_runtime() {
  static auto *r = new OpenMPRuntime();
  return *r;
}
std::atomic<const OpenMPRuntime *> g_found{nullptr};

// Looks through the loaded objects (g_scan_mu held).
const OpenMPRuntime *scan_locked() {
  Scan scan;
  dl_iterate_phdr(collect_openmp, &scan);
  // dlopen only after the iteration, which holds the loader's list lock.
  for (const std::string &path : scan.candidates) {
    // RTLD_NOLOAD: a handle to the loaded object, or none; never a load.
    // The handle is kept: the runtime stays loaded while we may call it.
    void *handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (!handle) continue;
    void *parallel = dlsym(handle, "GOMP_parallel");
    if (!parallel) {
      dlclose(handle);
      continue;
    }
    OpenMPRuntime &r = found_runtime();
    r.parallel = reinterpret_cast<OpenMPRuntime::ParallelFn>(parallel);
    r.library = path;
    g_found.store(&r, std::memory_order_release);
    return &r;
  }
  return nullptr;
}

struct TeamJob {
  void (*fn)(void *, int);
  void *arg;
  int k;
  std::atomic<int> next{0};
  std::mutex error_mu;
  std::exception_ptr error;
};

// One team member: claims contexts until none is left. No exception may
// leave an OpenMP parallel region (the runtime would terminate).
void team_member(void *data) {
  auto *job = static_cast<TeamJob *>(data);
  for (int ctx; (ctx = job->next.fetch_add(1, std::memory_order_relaxed)) < job->k;) {
    try {
      job->fn(job->arg, ctx);
    } catch (...) {
      std::lock_guard<std::mutex> lk(job->error_mu);
      if (!job->error) job->error = std::current_exception();
    }
  }
}

} // namespace

bool parse_pool_choice(const std::string &text, PoolChoice &out) {
  if (text == "auto") { out = PoolChoice::Auto; return true; }
  if (text == "own") { out = PoolChoice::Own; return true; }
  if (text == "openmp") { out = PoolChoice::OpenMP; return true; }
  return false;
}

const char *pool_choice_name(PoolChoice choice) {
  return choice == PoolChoice::Own ? "own" : choice == PoolChoice::OpenMP ? "openmp" : "auto";
}

PoolChoice launch_pool_choice() {
  if (g_choice_set.load(std::memory_order_acquire))
    return static_cast<PoolChoice>(g_choice.load(std::memory_order_relaxed));
  const detail::LaunchEnv &e = detail::launch_env();
  return e.pool_error.empty() ? e.pool : PoolChoice::Auto;
}

void set_launch_pool(PoolChoice choice) {
  g_choice.store(static_cast<int>(choice), std::memory_order_relaxed);
  g_choice_set.store(true, std::memory_order_release);
}

std::string launch_pool_env_error() {
  if (g_choice_set.load(std::memory_order_acquire)) return std::string();
  return detail::launch_env().pool_error;
}

const OpenMPRuntime *loaded_openmp_runtime() {
  if (const OpenMPRuntime *r = g_found.load(std::memory_order_acquire)) return r;
  unsigned long long adds = 0;
  dl_iterate_phdr(read_adds, &adds);
  std::lock_guard<std::mutex> lk(g_scan_mu);
  if (const OpenMPRuntime *r = g_found.load(std::memory_order_acquire)) return r;
  if (adds == g_adds_seen) return nullptr;
  g_adds_seen = adds;
  return scan_locked();
}

const OpenMPRuntime *launch_team(std::string *error) {
  std::string env = launch_pool_env_error();
  if (!env.empty()) {
    if (error) *error = env;
    return nullptr;
  }
  PoolChoice choice = launch_pool_choice();
  if (choice == PoolChoice::Own) return nullptr;
  const OpenMPRuntime *omp = loaded_openmp_runtime();
  if (!omp && choice == PoolChoice::OpenMP && error)
    *error = "launch pool openmp (TRITON_EDGE_POOL or set_launch_pool): no OpenMP runtime "
             "(libgomp, libomp, libiomp5) is loaded in this process";
  return omp;
}

std::string launch_pool_report() {
  std::string error;
  const OpenMPRuntime *omp = launch_team(&error);
  if (!error.empty()) return error;
  return omp ? "openmp " + omp->library : "own";
}

void run_on_openmp_team(const OpenMPRuntime &omp, int k, void (*fn)(void *, int), void *arg) {
  TeamJob job;
  job.fn = fn;
  job.arg = arg;
  job.k = k;
  // GOMP_parallel's join is a barrier: every member's writes (results,
  // job.error) are visible here when it returns.
  omp.parallel(team_member, &job, static_cast<unsigned>(k), 0);
  if (job.error) std::rethrow_exception(job.error);
}

} // namespace te
