// Used when the benchmark library is not part of the build.
#include <cstdio>

int benchMain(int, char **) {
  std::fprintf(stderr, "triton-edge bench: this build has no benchmark support\n");
  return 2;
}
