// The runtime's half of streaming stores: whether a launch writes around the
// caches (te_launch.stream_stores; docs/runtime.md, "Streaming stores").
#include "triton-edge-rt/launch.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

namespace te {

bool stream_stores_pay(double bytes, int contexts, int64_t l2_bytes) {
  return l2_bytes > 0 && bytes / std::max(1, contexts) > static_cast<double>(l2_bytes);
}

int64_t stream_l2_bytes() {
  static const int64_t l2 = [] {
    // The level-2 data/unified cache of CPU 0 (sysfs), e.g. "2048K".
    for (int i = 0; i < 8; ++i) {
      std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
      std::ifstream level(dir + "level"), type(dir + "type"), size(dir + "size");
      int lv = 0;
      std::string t, sz;
      if (!(level >> lv) || !(type >> t) || !(size >> sz) || lv != 2 || t == "Instruction") continue;
      char *end = nullptr;
      long long v = std::strtoll(sz.c_str(), &end, 10);
      int64_t mult = end && (*end == 'K' || *end == 'k') ? 1024 : end && *end == 'M' ? 1 << 20 : 1;
      if (v > 0) return static_cast<int64_t>(v) * mult;
    }
    return int64_t(1) << 20;
  }();
  return l2;
}

} // namespace te
