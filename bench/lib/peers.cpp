// Finding peer plugins (libte_peer_*.so next to the runtime).
#include "triton-edge-bench/bench.h"

#include <algorithm>
#include <dirent.h>
#include <dlfcn.h>

namespace te::bench {

std::vector<Peer> load_peers(const std::string &dir, const std::string &isa_level,
                             std::vector<std::string> &notes) {
  std::vector<Peer> peers;
  Peer cpp;
  cpp.api = builtin_cpp_peer(isa_level);
  cpp.name = cpp.api->name;
  cpp.detail = cpp.api->detail;
  peers.push_back(cpp);
  std::vector<std::string> files;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      std::string f = e->d_name;
      if (f.rfind("libte_peer_", 0) == 0 && f.size() > 3 && f.substr(f.size() - 3) == ".so")
        files.push_back(f);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  for (const std::string &f : files) {
    std::string path = dir + "/" + f;
    // RTLD_LOCAL: each plugin keeps its own dependencies (libomp vs libgomp).
    void *h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      notes.push_back("peer " + f + " not loaded: " + dlerror());
      continue;
    }
    auto entry = reinterpret_cast<PeerEntryFn>(dlsym(h, "te_bench_peer"));
    const PeerApi *api = entry ? entry(isa_level.c_str()) : nullptr;
    if (!api || api->abi != kPeerAbi) {
      notes.push_back("peer " + f + ": no te_bench_peer entry of ABI " + std::to_string(kPeerAbi));
      dlclose(h);
      continue;
    }
    Peer p;
    p.api = api;
    p.handle = h;
    p.name = api->name;
    p.detail = api->detail;
    peers.push_back(p);
  }
  return peers;
}

} // namespace te::bench
