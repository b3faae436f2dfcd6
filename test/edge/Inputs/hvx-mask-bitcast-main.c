// Prints, for x = 32..63 and a few n, the mask (x[i] < n) as LLVM's
// bitcast computes it on HVX, as the rewritten form computes it, and the
// expected bits; then the same for 64 i16 lanes (hvx-mask-bitcast.ll).
#include "te-hexagon/sys.h"

int mask_bits_bitcast(const int *x, int n);
int mask_bits_lanes(const int *x, int n);
unsigned long long mask_bits64_bitcast(const short *x, short n);
unsigned long long mask_bits64_lanes(const short *x, short n);

static int g_x[32] __attribute__((aligned(128)));
static short g_x16[64] __attribute__((aligned(128)));

static void put_hex(const char *label, unsigned v) {
  char text[10];
  for (int i = 0; i < 8; ++i) {
    unsigned digit = (v >> (28 - 4 * i)) & 15;
    text[i] = (char)(digit < 10 ? '0' + digit : 'a' + digit - 10);
  }
  text[8] = ' ';
  text[9] = 0;
  te_put(1, label);
  te_put(1, text);
}

int te_hexagon_main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  for (int i = 0; i < 32; ++i)
    g_x[i] = 32 + i;
  static const int limits[] = {32, 33, 34, 40, 64};
  for (unsigned k = 0; k < sizeof limits / sizeof limits[0]; ++k) {
    int n = limits[k];
    unsigned expected = 0;
    for (int i = 0; i < 32; ++i)
      if (g_x[i] < n)
        expected |= 1u << i;
    te_put(1, "n=");
    te_put_int(1, n);
    put_hex(" bitcast ", (unsigned)mask_bits_bitcast(g_x, n));
    put_hex("lanes ", (unsigned)mask_bits_lanes(g_x, n));
    put_hex("expected ", expected);
    te_put(1, "\n");
  }
  // 64 lanes: x a permutation of 0..63, n = 0..64; counts the wrong n.
  for (int i = 0; i < 64; ++i)
    g_x16[i] = (short)((i * 37) % 64);
  int wrongBitcast = 0, wrongLanes = 0;
  for (int n = 0; n <= 64; ++n) {
    unsigned long long expected = 0;
    for (int i = 0; i < 64; ++i)
      if (g_x16[i] < n)
        expected |= 1ull << i;
    wrongBitcast += mask_bits64_bitcast(g_x16, (short)n) != expected;
    wrongLanes += mask_bits64_lanes(g_x16, (short)n) != expected;
  }
  te_put(1, "64 lanes, 65 masks: bitcast wrong ");
  te_put_int(1, wrongBitcast);
  te_put(1, ", lanes wrong ");
  te_put_int(1, wrongLanes);
  te_put(1, "\n");
  return 0;
}
