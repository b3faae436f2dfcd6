#include "triton-edge-rt/kernel_library.h"

#include <dlfcn.h>
#include <utility>

namespace te {

KernelLibrary KernelLibrary::open(const std::string &path, const std::string &kernel_name) {
  KernelLibrary k;
  k.path_ = path;
  k.name_ = kernel_name;
  dlerror();
  k.handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!k.handle_) {
    const char *e = dlerror();
    throw Error(path + ": cannot load kernel library: " + (e ? e : "unknown dlopen error"));
  }
  auto sym = [&](const std::string &s) {
    dlerror();
    void *p = dlsym(k.handle_, s.c_str());
    const char *e = dlerror();
    if (e || !p)
      throw Error(path + ": symbol '" + s + "' not found (is the kernel named '" + kernel_name +
                  "'?)" + (e ? std::string(": ") + e : std::string()));
    return p;
  };
  k.programs_ = reinterpret_cast<te_programs_fn>(sym(kernel_name + "_programs"));
  k.info_ = static_cast<const te_kernel_info *>(sym(kernel_name + "_info"));
  if (k.info_->abi_version != TE_ABI_VERSION)
    throw Error(path + ": kernel '" + kernel_name + "' was built for ABI version " +
                std::to_string(k.info_->abi_version) + ", the runtime implements version " +
                std::to_string(TE_ABI_VERSION));
  return k;
}

KernelLibrary::KernelLibrary(KernelLibrary &&o) noexcept
    : handle_(std::exchange(o.handle_, nullptr)), programs_(std::exchange(o.programs_, nullptr)),
      info_(std::exchange(o.info_, nullptr)), path_(std::move(o.path_)), name_(std::move(o.name_)) {}

KernelLibrary &KernelLibrary::operator=(KernelLibrary &&o) noexcept {
  if (this != &o) {
    if (handle_) dlclose(handle_);
    handle_ = std::exchange(o.handle_, nullptr);
    programs_ = std::exchange(o.programs_, nullptr);
    info_ = std::exchange(o.info_, nullptr);
    path_ = std::move(o.path_);
    name_ = std::move(o.name_);
  }
  return *this;
}

KernelLibrary::~KernelLibrary() {
  if (handle_) dlclose(handle_);
}

} // namespace te
