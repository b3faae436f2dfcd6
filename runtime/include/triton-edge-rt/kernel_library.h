// Loading a compiled kernel from a shared library (dlopen/dlsym).
#ifndef TRITON_EDGE_RT_KERNEL_LIBRARY_H
#define TRITON_EDGE_RT_KERNEL_LIBRARY_H

#include <string>

#include "triton-edge-rt/dtype.h"
#include "triton-edge-rt/kernel_abi.h"

namespace te {

class KernelLibrary {
public:
  // Opens `path` (RTLD_NOW | RTLD_LOCAL) and resolves `<kernel_name>_programs`
  // and `<kernel_name>_info`. Throws te::Error naming the file and the symbol
  // on failure, or when the kernel's abi_version differs from TE_ABI_VERSION.
  static KernelLibrary open(const std::string &path, const std::string &kernel_name);

  KernelLibrary(KernelLibrary &&o) noexcept;
  KernelLibrary &operator=(KernelLibrary &&o) noexcept;
  KernelLibrary(const KernelLibrary &) = delete;
  KernelLibrary &operator=(const KernelLibrary &) = delete;
  ~KernelLibrary(); // dlclose

  te_programs_fn programs() const { return programs_; }
  const te_kernel_info *info() const { return info_; }
  const std::string &path() const { return path_; }
  const std::string &name() const { return name_; }

private:
  KernelLibrary() = default;
  void *handle_ = nullptr;
  te_programs_fn programs_ = nullptr;
  const te_kernel_info *info_ = nullptr;
  std::string path_, name_;
};

} // namespace te

#endif
