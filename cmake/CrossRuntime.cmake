# Cross builds of what a kernel needs at run time on an edge CPU:
# libtriton_edge_rt.so, te-run-case and te-bench, built with clang-22/lld-22
# for <arch>-linux-gnu against Debian's cross sysroots into
# build/cross/<arch>/{bin,lib}. `triton-edge run|check --target=...` and
# bench bundles use them. Built when the sysroot is installed
# (scripts/install-deps.sh installs it); skipped with a message otherwise.
include(ExternalProject)

set(TRITON_EDGE_CROSS_ARCHES "aarch64;riscv64" CACHE STRING
    "Architectures to cross-build the runtime for (needs libc6-dev-<arch>-cross and libstdc++-12-dev-<arch>-cross)")

foreach(arch ${TRITON_EDGE_CROSS_ARCHES})
  set(gnu ${arch}-linux-gnu)
  if(NOT EXISTS /usr/${gnu}/lib/libc.so.6 OR NOT EXISTS /usr/lib/gcc-cross/${gnu}/12/libstdc++.so)
    message(STATUS "cross runtime for ${arch}: no sysroot (scripts/install-deps.sh installs it); "
                   "run/check on ${arch} targets will report it")
    continue()
  endif()
  set(dir ${CMAKE_BINARY_DIR}/cross/${arch})
  ExternalProject_Add(cross-runtime-${arch}
    SOURCE_DIR ${PROJECT_SOURCE_DIR}
    BINARY_DIR ${dir}
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS
      -DTRITON_EDGE_RUNTIME_ONLY=ON
      -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_SYSTEM_NAME=Linux
      -DCMAKE_SYSTEM_PROCESSOR=${arch}
      -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_C_COMPILER_TARGET=${gnu}
      -DCMAKE_CXX_COMPILER_TARGET=${gnu}
      # clang finds the Debian cross sysroot by itself; --sysroot would break the link.
      -DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld
      -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld
      -DCMAKE_MODULE_LINKER_FLAGS=-fuse-ld=lld
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${dir}/bin/te-run-case ${dir}/bin/te-bench ${dir}/lib/libtriton_edge_rt.so
    USES_TERMINAL_BUILD ON)
endforeach()
