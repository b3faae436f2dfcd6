// Does the emulator execute HVX floating point? Built twice: with qfloat
// (the v68/v73 default, .qf32 arithmetic converted to .sf) and with IEEE
// HVX float (-mhvx-ieee-fp: .sf arithmetic). Prints "hexagon: ok" first
// (the emulator runs our binaries at all), then computes x * x + x on one
// vector of floats with HVX and prints "hvx-float: ok" when every lane is
// right. qemu-hexagon 7.2 and 10.0 abort on the first HVX float
// instruction, so the second line is missing (or says "wrong").
#include "te-hexagon/sys.h"

typedef float F32x32 __attribute__((__vector_size__(128)));

// volatile: the arithmetic must happen here, in HVX, not at compile time.
static volatile F32x32 g_in;
static volatile F32x32 g_out;

int te_hexagon_main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  te_put(1, "hexagon: ok\n");
  F32x32 x;
  for (int i = 0; i < 32; ++i)
    x[i] = (float)i * 0.25f - 2.0f;
  g_in = x;
  F32x32 v = g_in;
  g_out = v * v + v;
  F32x32 r = g_out;
  for (int i = 0; i < 32; ++i) {
    float xi = (float)i * 0.25f - 2.0f;
    if (r[i] != xi * xi + xi) { // exact: quarters
      te_put(1, "hvx-float: wrong\n");
      return 1;
    }
  }
  te_put(1, "hvx-float: ok\n");
  return 0;
}
