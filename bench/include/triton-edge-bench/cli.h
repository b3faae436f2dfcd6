// `triton-edge bench`: the benchmark command of the compiler's CLI. It
// compiles every rung's variant of the benchmark kernels (bench/cli), then
// runs them here with the harness library (bench/lib) or writes a
// self-contained bundle for te-bench. Unlike bench/lib it needs the compiler:
// it is linked into triton-edge only (tools/triton-edge dispatches to it).
#ifndef TRITON_EDGE_BENCH_CLI_H
#define TRITON_EDGE_BENCH_CLI_H

namespace te::bench {

/// `triton-edge bench SUB [flags]`: argv[0] is "bench". Returns the exit
/// code (0 ok, 1 a kernel failed or disagreed, 2 a usage or setup error).
int bench_command(int argc, char **argv);

} // namespace te::bench

#endif
