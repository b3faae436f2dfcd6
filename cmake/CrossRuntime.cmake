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

# Hexagon has no C library or compiler-rt in Debian: the freestanding runtime
# of runtime/hexagon (its own project) into build/cross/hexagon/{bin,lib}.
# clang-22 and ld.lld-22 are all it needs, so it is always built. The
# emulator, qemu-hexagon 10.0, is put into build/cross/hexagon/bin by
# scripts/install-deps.sh (docs/targets.md, "Hexagon").
find_program(TRITON_EDGE_LLD ld.lld HINTS /usr/lib/llvm-22/bin NO_DEFAULT_PATH)
find_program(TRITON_EDGE_LLD ld.lld-22 ld.lld)
if(TRITON_EDGE_LLD)
  set(dir ${CMAKE_BINARY_DIR}/cross/hexagon)
  ExternalProject_Add(cross-runtime-hexagon
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/runtime/hexagon
    BINARY_DIR ${dir}
    CMAKE_GENERATOR Ninja
    CMAKE_ARGS
      -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_SYSTEM_NAME=Generic
      -DCMAKE_SYSTEM_PROCESSOR=hexagon
      -DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY
      -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_ASM_COMPILER=${CMAKE_C_COMPILER}
      -DCMAKE_C_COMPILER_TARGET=hexagon-unknown-linux-musl
      -DCMAKE_CXX_COMPILER_TARGET=hexagon-unknown-linux-musl
      -DCMAKE_ASM_COMPILER_TARGET=hexagon-unknown-linux-musl
      -DCMAKE_LINKER=${TRITON_EDGE_LLD}
    BUILD_ALWAYS ON
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${dir}/lib/libte_hexagon_rt.a ${dir}/lib/libte_run_case.a
      ${dir}/bin/te-builtins-test ${dir}/bin/te-hvx-float-probe-qf32
      ${dir}/bin/te-hvx-float-probe-ieee
    USES_TERMINAL_BUILD ON)
else()
  message(STATUS "cross runtime for hexagon: no ld.lld (lld-22); run/check on hexagon-hvx will report it")
endif()
