#include "triton-edge-rt/cost_model_cache.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unistd.h>

#include "triton-edge-rt/kernel_abi.h"

namespace te {

namespace {
constexpr const char *kFormat = "triton-edge cost model 1";

std::mutex g_dir_mu;
std::string g_dir;

// The CPU's name as the kernel reports it: x86's "model name", else the
// AArch64 implementer/part pair and RISC-V's isa/uarch lines, of the first CPU.
std::string cpu_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, name;
  while (std::getline(in, line)) {
    if (line.empty() && !name.empty()) break; // the first processor's block only
    for (const char *field : {"model name", "CPU implementer", "CPU part", "isa", "uarch"}) {
      if (line.rfind(field, 0) == 0) {
        size_t colon = line.find(':');
        if (colon != std::string::npos) name += line.substr(colon + 1) + ";";
      }
    }
  }
  return name.empty() ? "unknown" : name;
}

// FNV-1a: a stable file name for a key (not a security boundary: the key is
// stored in the file and compared in full).
uint64_t fnv1a(const std::string &s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}
} // namespace

void set_cost_model_dir(const std::string &dir) {
  std::lock_guard<std::mutex> lk(g_dir_mu);
  g_dir = dir;
}

std::string cost_model_dir() {
  std::lock_guard<std::mutex> lk(g_dir_mu);
  return g_dir;
}

std::string cost_model_key(int hw_contexts, bool pinned, int64_t spin_ns) {
  std::ostringstream k;
  k << "cpu=" << cpu_name() << " contexts=" << hw_contexts << " pinned=" << (pinned ? 1 : 0)
    << " spin_ns=" << spin_ns << " abi=" << TE_ABI_VERSION;
  return k.str();
}

std::string cost_model_path(const std::string &dir, const std::string &key) {
  if (dir.empty()) return "";
  char name[40];
  std::snprintf(name, sizeof(name), "cost-model-%016llx.txt",
                static_cast<unsigned long long>(fnv1a(key)));
  return (std::filesystem::path(dir) / name).string();
}

bool load_cost_model(const std::string &path, const std::string &key, CostModel &m) {
  std::ifstream in(path);
  std::string format, stored_key, overheads;
  if (!std::getline(in, format) || format != kFormat) return false;
  if (!std::getline(in, stored_key) || stored_key != "key " + key) return false;
  CostModel r = m;
  std::string word;
  if (!(in >> word) || word != "overhead_ns") return false;
  size_t n = 0;
  if (!(in >> n) || n < 2 || n > 1024) return false;
  r.overhead_ns.assign(n, 0.0);
  for (double &v : r.overhead_ns)
    if (!(in >> v) || !(v >= 0)) return false;
  std::string names[4] = {"cold_extra_ns", "ops_per_ns", "bytes_per_ns", "bytes_per_ns_all"};
  double *fields[4] = {&r.cold_extra_ns, &r.ops_per_ns, &r.bytes_per_ns, &r.bytes_per_ns_all};
  for (int i = 0; i < 4; ++i)
    if (!(in >> word) || word != names[i] || !(in >> *fields[i]) || !(*fields[i] >= 0)) return false;
  if (!(in >> word) || word != "hw_contexts" || !(in >> r.hw_contexts) || r.hw_contexts < 1) return false;
  if (!(r.ops_per_ns > 0) || !(r.bytes_per_ns > 0) || !(r.bytes_per_ns_all > 0)) return false;
  m = r;
  return true;
}

bool store_cost_model(const std::string &path, const std::string &key, const CostModel &m) {
  if (path.empty()) return false;
  std::error_code ec;
  std::filesystem::path p(path);
  std::filesystem::create_directories(p.parent_path(), ec);
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    out.precision(17);
    out << kFormat << "\nkey " << key << "\noverhead_ns " << m.overhead_ns.size();
    for (double v : m.overhead_ns) out << ' ' << v;
    out << "\ncold_extra_ns " << m.cold_extra_ns << "\nops_per_ns " << m.ops_per_ns
        << "\nbytes_per_ns " << m.bytes_per_ns << "\nbytes_per_ns_all " << m.bytes_per_ns_all
        << "\nhw_contexts " << m.hw_contexts << "\n";
    if (!out.flush()) {
      std::filesystem::remove(tmp, ec);
      return false;
    }
  }
  std::filesystem::rename(tmp, p, ec);
  if (!ec) return true;
  std::filesystem::remove(tmp, ec);
  return false;
}

} // namespace te
