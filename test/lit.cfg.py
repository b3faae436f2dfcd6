# lit configuration for triton-edge.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "triton-edge"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
# .c: the C API's tests (test/CAPI), each running its own executable.
config.suffixes = [".mlir", ".ttir", ".test", ".c"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.triton_edge_obj_root, "test")
# The corpus holds data, not tests; test/Corpus and test/e2e walk it.
config.excludes = ["corpus", "Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%corpus", os.path.join(config.triton_edge_src_root, "test", "corpus", "inductor")))
config.substitutions.append(("%src_root", config.triton_edge_src_root))
# The runtime and runners cross-built for the edge ISAs (cmake/CrossRuntime.cmake).
config.substitutions.append(("%cross_dir", os.path.join(config.triton_edge_obj_root, "cross")))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.triton_edge_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["triton-edge-opt", "triton-edge", "triton-edge-capi-test"], tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.triton_edge_tools_dir, append_path=True)

# Memory checks of compiled kernels where valgrind is installed.
import shutil
if shutil.which("valgrind"):
    config.available_features.add("valgrind")

# AVX-512 specific checks only where the host has it.
if os.path.exists("/proc/cpuinfo") and "avx512f" in open("/proc/cpuinfo").read():
    config.available_features.add("avx512")
