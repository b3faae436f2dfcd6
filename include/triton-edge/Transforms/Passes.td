#ifndef TRITON_EDGE_TRANSFORMS_PASSES
#define TRITON_EDGE_TRANSFORMS_PASSES

include "mlir/Pass/PassBase.td"

def EstimateProgramCost : Pass<"triton-edge-estimate-cost", "mlir::ModuleOp"> {
  let summary = "Estimate bytes moved and operations per program (MT cost model input)";
  let description = [{
    Runs on the `tt.func` kernels, before `convert-triton-to-loops` (which
    copies the result onto the kernel body), and attaches
    `te.program_cost` (`#te.program_cost<bytes = B, ops = N>`): the bytes of every
    load and store and the arithmetic of one program (transcendentals, dots
    and reductions weighted), from the block shapes, times the trip counts
    of the kernel's own loops. The runtime's thread-count choice
    (`--threads=auto`) combines them with its measured dispatch cost.
  }];
}

def PromoteF64 : Pass<"triton-edge-promote-f64", "mlir::ModuleOp"> {
  let summary = "Promote every float type of a tt kernel to f64 (the check's float64 evaluation)";
  let description = [{
    Rewrites values, block arguments, pointer pointees, constants and
    function signatures from f16/bf16/f32 (and fp8) to f64, and drops float
    extensions/truncations that become identities. The promoted kernel takes
    float64 storage; `triton-edge check` runs it on the case's inputs
    converted to float64 to measure each result's error (its tolerance rule,
    docs/case-format.md). Kernels that reinterpret float bits (`tt.bitcast`,
    `arith.bitcast`) are refused with an error at the op.
  }];
}

def ReassociateLoopReductions
    : Pass<"triton-edge-reassociate-loop-reductions", "mlir::ModuleOp"> {
  let summary = "Carry a looped reduction's reduced value instead of its block of partials";
  let description = [{
    Runs on the `tt.func` kernels. An `scf.for` that carries a block of
    per-lane partial results (`iter_args` starting at a splat constant,
    updated as `select(mask, C(acc, x), acc)` or `C(acc, x)`) whose only
    reader is a `tt.reduce` with the same combiner C after the loop, where
    C is associative and commutative with identity the initial constant
    (addf/addi/mulf, maxnumf/minnumf, maximumf/minimumf, Inductor's
    NaN-propagating max/min), becomes a loop that carries the reduced value:
    each iteration reduces `select(mask, x, identity)` and combines it into
    the carried value. The lowering then fuses each iteration's reduction
    with the ops producing `x` instead of loading and storing the block of
    partials every iteration. Sums round differently (reassociated); max and
    min are exact up to the sign of a zero.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def ReciprocalDivision : Pass<"triton-edge-reciprocal-division", "mlir::ModuleOp"> {
  let summary = "Divide an f32 block by a broadcast divisor as a multiply by its reciprocal";
  let description = [{
    Runs on the `tt.func` kernels. `arith.divf %x, %d` on an f32 block
    whose divisor `%d` is a broadcast (`tt.broadcast`, `tt.splat`, a splat
    constant) of fewer elements becomes `(x * (1 / (y * s))) * s`: one
    reciprocal per divisor y and two multiplies per element, with s a power
    of two per divisor (1 for 2^-126 <= |y| <= 2^126, 2^32 below, 2^-32
    above) that keeps the reciprocal normal and finite. At most 2 ULP from
    the exact quotient where it is normal (the division: 0.5); zeros,
    infinities and NaN as the division (docs/vector-math.md). Other element
    types (the float64 evaluation of `check`) keep their divisions.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect"];
}

def ScalarizePointerSteps : Pass<"triton-edge-scalarize-pointer-steps", "mlir::ModuleOp"> {
  let summary = "Carry a loop's pointer walk as its initial block plus one scalar offset";
  let description = [{
    Runs on the `tt.func` kernels. An `scf.for` iteration argument that is a
    tensor of pointers and whose yielded value is itself advanced by uniform
    offsets only (`tt.addptr` of a `tt.splat` or a splat constant, as in
    `a_ptrs += BLOCK_K * stride_ak`) is replaced by an i64 iteration
    argument, the sum of the steps so far, starting at 0: inside the loop
    and after it the pointers are `tt.addptr(init, splat(offset))`. The
    conversion then evaluates the initial block's own expression in each
    access (contiguous vector loads where its lanes are unit-stride) instead
    of reading the pointers back from a buffer (gathers), and the loop
    carries one scalar instead of a block of pointers.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def VersionFullBlocks : Pass<"triton-edge-version-full-blocks", "mlir::ModuleOp"> {
  let summary = "Version a looped reduction's body for full blocks (masks all true)";
  let description = [{
    Runs on the `tt.func` kernels. In an `scf.for` over an i32 offset `iv`
    whose body masks blocks with `splat(iv) + range(0, R) < splat(n)` (n
    defined outside the loop), the body becomes `scf.if (iv + R <= n)` (in
    i64) with a copy of the body where those masks are constant true, and
    the original body in the else branch (the last, partial block). Full
    blocks then have no mask arithmetic and plain accesses.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::scf::SCFDialect"];
}

def TrimMaskedLanes : Pass<"triton-edge-trim-masked-lanes", "mlir::ModuleOp"> {
  let summary = "Shrink a block dimension to its constant mask bound";
  let description = [{
    Runs on the `tt.func` kernels. A block dimension that starts at
    `tt.make_range(0, N)` and is masked by `range < C` with a constant
    C < N (a persistent reduction over rows of 768 in a 1024-lane block)
    shrinks to C rounded up to a multiple of `granule`, when the lanes >= C
    are dead: every store that sees the dimension is masked by such a
    bound, and every reduction along it combines with one op and reads that
    op's identity there (`select(mask, x, identity)`, or a masked load with
    the identity as `other`). The dimension is every tensor reached from the
    range through elementwise ops, splats, broadcasts, expand_dims, loads,
    stores and reductions along other axes; any other op that sees it (dot,
    scan, reshape, a loop-carried block, atomics) leaves it alone. Masks
    `range < C` with C at least the new size become constant true. The
    function gets `te.trimmed_lanes`, under which its tt ops may have
    blocks that are not powers of two.
  }];
  let options = [
    Option<"granule", "granule", "int64_t", /*default=*/"64",
           "The trimmed size is a multiple of this many lanes">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def Vectorize : Pass<"triton-edge-vectorize", "mlir::ModuleOp"> {
  let summary = "Vec: plan the SIMD lanes of a tt kernel's loop nests";
  let description = [{
    Runs on the `tt.func` kernels, before `convert-triton-to-loops`, which
    materializes the plan (`te.lanes`, `te.reduce_lanes`: the te dialect,
    Dialect/TritonEdge/IR/Dialect.h); a kernel without a plan
    is lowered to scalar loop nests. Every nest over a block carries its
    lanes on the innermost loop, along the block's last dimension: as many
    lanes as 32-bit elements fit in `vector-bytes`, when that count is a
    power of two dividing the dimension. The pass records, per op, the lanes
    of a nest over each tensor result (`te.lanes`, one entry per result;
    for `tt.store`, the stored block) and, for a reduction along the last
    axis, the lanes of its partial accumulators (`te.reduce_lanes`: four
    registers, and at least 16 lanes where the axis allows, even on narrow
    SIMD, for the accuracy of long sums; the four registers are independent
    chains that hide the combine's latency). The
    conversion picks each access of a lane-carrying nest (contiguous vector,
    gather/scatter, or scalar when all lanes read one element) from the
    AxisInfo facts of the index values it emits.
  }];
  let options = [
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"16",
           "SIMD register width in bytes">,
  ];
}

def AnnotateCost : Pass<"triton-edge-annotate-cost", "mlir::ModuleOp"> {
  let summary = "Insert per-block cost counters for the NPU timing model";
  let description = [{
    For a modeled target (docs/npu-model.md): at the start of every block of
    every function with a `te.dma_engine` argument, inserts a call
    `te_rt_model_cost(engine, mcycles, scalar_loads, vector_loads,
    load_bytes, store_bytes)` with the block's own cost (nested regions have
    their own counters): compute in 1/1000 cycles from the per-operation
    costs below (vector work counted in registers of `vector-bytes`), and the
    loads and stores that go to main memory directly (memrefs that are
    function arguments, not local buffers or scratchpad tiles). The recording
    runtime turns the calls into the context's event trace.

    With `compute-cost=markers` the pass instead numbers the same blocks and
    inserts an inline-assembly comment `// te.block N` at the start of block
    N and `// te.block.resume N` after each of its ops with regions (where
    its code continues after a loop); compiled for Hexagon, the packets
    between markers are the blocks' code (lib/Target/PacketCount.cpp). With
    `compute-cost=packets` the counters' compute is `block-packets[N]`
    cycles instead of the per-operation costs; the memory fields are the
    same in every mode.
  }];
  let options = [
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"128",
           "Bytes of one vector register of the modeled target">,
    Option<"scalarOp", "scalar-op", "double", /*default=*/"1.0", "Cycles per scalar op">,
    Option<"scalarLdSt", "scalar-ldst", "double", /*default=*/"1.0",
           "Cycles per scalar load/store">,
    Option<"vectorIntOp", "vector-int-op", "double", /*default=*/"1.0",
           "Cycles per vector register of integer work">,
    Option<"vectorFpOp", "vector-fp-op", "double", /*default=*/"1.0",
           "Cycles per vector register of floating-point work">,
    Option<"vectorLdSt", "vector-ldst", "double", /*default=*/"1.0",
           "Cycles per vector register loaded or stored">,
    Option<"transcendental", "transcendental", "double", /*default=*/"20.0",
           "Cycles per register of a math op left after approximation, or a call">,
    Option<"loopOverhead", "loop-overhead", "double", /*default=*/"1.0",
           "Cycles per loop iteration">,
    Option<"computeCost", "compute-cost", "std::string", /*default=*/"\"ops\"",
           "Where a block's compute cycles come from: 'ops' (the costs above), "
           "'packets' (block-packets), or 'markers' (no counters: a Hexagon "
           "assembly marker per block, whose packets are then counted)">,
    ListOption<"blockPackets", "block-packets", "double",
               "compute-cost=packets: the Hexagon packets of one execution of "
               "each counted block, in walk order; a negative entry (no code "
               "found for the block) falls back to the per-operation costs">,
  ];
  let dependentDialects = ["mlir::func::FuncDialect", "mlir::arith::ArithDialect",
                           "mlir::LLVM::LLVMDialect"];
}

def VersionFullTiles : Pass<"triton-edge-version-full-tiles", "mlir::ModuleOp"> {
  let summary = "Run the vectors of full tiles without masks (a masked loop for the rest)";
  let description = [{
    A loop whose masked vector accesses (vector.maskedload, maskedstore,
    gather, scatter) have masks that compare lanes affine in the induction
    variable with loop-invariant bounds is versioned: one scalar test before
    the loop checks that every such mask is all-true on every iteration (from
    the interval of the compared values over all lanes and iterations, and
    that no 32-bit lane wrapped). When it holds, a copy runs with those masks
    replaced by true (plain vector.load / vector.store); otherwise the
    original loop runs. In a 1-D pointwise kernel every program but the last
    takes the copy. Masks the pass cannot bound (gathers' data-dependent
    masks, --check-bounds' tests) stay as they are in both versions.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect"];
}

def DefineArithSemantics : Pass<"triton-edge-define-arith-semantics", "mlir::ModuleOp"> {
  let summary = "Give integer division, shifts and float-to-int casts one defined answer";
  let description = [{
    The cases LLVM leaves undefined (poison, or SIGFPE on x86) get the rule
    of docs/semantics.md, the same scalar and vector, on every target:
    `divsi`/`divui` and `remsi`/`remui` by 0 give -1 (all bits set),
    MIN / -1 gives MIN and MIN % -1 gives 0; `shli`/`shrui` by an amount >=
    the width (read unsigned) give 0, `shrsi` the sign fill;
    `fptosi`/`fptoui` convert as a GPU's cvt does (measured on an H100):
    at 16 bits for an 8-bit result, then truncated; saturated to the
    conversion width's range; NaN gives 0, or that width's MIN bit pattern
    from f64 or at 64 bits. The divisor is selected to 1 where the op is
    undefined, so no lane can trap (masked-off lanes loaded with other=0
    included), and the defined result is selected after it. Constant
    divisors that are nonzero (and, signed, not -1) and constant shift
    amounts below the width are left alone; so are index-typed ops (the
    compiler's own address and grid arithmetic).
  
    With `nan-sign`, `truncf`/`extf` between f16, bf16, f32 and f64 give a
    NaN the sign of their operand's NaN (for ISAs whose conversions return a
    canonical positive NaN: RISC-V), as x86 and AArch64 do.
  }];
  let options = [
    Option<"nanSign", "nan-sign", "bool", "false",
           "float-to-float conversions keep a NaN's sign (targets with canonical NaNs)">
  ];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def ApproximateMath : Pass<"triton-edge-approximate-math", "mlir::ModuleOp"> {
  let summary = "Replace transcendental math ops by vectorizable polynomial approximations";
  let description = [{
    f32 erf and tanh become per-interval polynomials read from 16-entry
    tables, f32 exp a range reduction and one polynomial (all in f32);
    exp2, log, sin, cos and pow are evaluated in f64 and rounded once. The
    rest (log2, log1p, expm1, atan, rsqrt...) gets upstream MLIR's math
    expansions and polynomial approximations, so that scalar and vector
    code compute the same functions without libm calls. Ops with no
    approximation stay and are lowered to libm later. GELU's formulas are
    folded first: erf(y * c) takes the constant into erf's own fmas, and
    (x * 0.5) * (1 + erf/tanh) becomes x * (0.5 + erf/2) with halved tables
    (the same result, one op fewer). Measured accuracy: docs/vector-math.md
    (the one ULP table).
  }];
  let options = [
    Option<"fast", "fast", "bool", /*default=*/"false",
           "Use upstream MLIR's f32 approximations only (less accurate: "
           "docs/vector-math.md) instead of the ones above">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect",
                           "mlir::memref::MemRefDialect", "mlir::scf::SCFDialect",
                           "mlir::vector::VectorDialect"];
}

def StreamStores : Pass<"triton-edge-stream-stores", "mlir::ModuleOp"> {
  let summary = "Full vector stores to kernel arguments become non-temporal when the launch streams";
  let description = [{
    A store that writes a whole vector (`vector.store`, no mask) into a
    kernel argument (main memory) becomes
    `scf.if (stream && address % vector bytes == 0)` of the same store marked
    `nontemporal` with the vector's alignment, else the plain store. `stream`
    is the body's `te.stream_stores` argument: the runtime sets it per launch
    (te_launch.stream_stores) when each context's share of the data exceeds
    its L2, so the written lines would leave the caches anyway and a
    non-temporal store saves reading each of them for ownership first. The
    alignment test keeps an unaligned output on plain stores (x86 has no
    unaligned non-temporal vector store). Masked stores, stores into
    scratchpad tiles and scalar stores are left alone. Enabled by a target
    profile's `streaming_stores` (x86); docs/runtime.md has the rule and its
    measurements.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect", "mlir::vector::VectorDialect"];
}

def StageTiles : Pass<"triton-edge-stage-tiles", "mlir::ModuleOp"> {
  let summary = "DB, part 1: stage each program's footprints through scratchpad tiles";
  let description = [{
    Runs on the program loop of `convert-triton-to-loops`. For each kernel
    argument, the accesses of one program (outside the kernel's own loops,
    `te.kernel_region`) whose element indices are affine in their nests'
    loop indices and lanes are redirected to a scratchpad tile covering
    their footprint; so are the loads of one iteration of a kernel loop at
    program level (a reduction's r-block loop), whose tile is filled at the
    top of the loop body and whose footprint may move with the loop index.
    An argument only read gets its tile filled by a
    `memref.dma_start` + `memref.dma_wait` pair before the first access; an
    argument stored once, densely, with no mask or a bound mask
    (`offset < limit`), gets its tile written back by a pair after the
    store. The tile starts at max(footprint start, 0) and its transfer is
    clamped by the argument's size (and the store's limit), so masked-off
    lanes before or after the tensor never cause a transfer outside it.
    Arguments both read and written and non-affine indices keep their direct
    accesses, with a remark saying why. Tiles over the scratchpad budget
    (all streams, times the buffers each needs) do too, unless `must-fit`
    (an explicit `--db=on`) makes that an error naming the budget and where
    it comes from.
    The input of triton-edge-double-buffer.
  }];
  let options = [
    Option<"scratchpadBytes", "scratchpad-bytes", "int64_t", /*default=*/"1048576",
           "Scratchpad budget for staged tiles (all buffers of all streams)">,
    Option<"buffersPerStream", "buffers", "int64_t", /*default=*/"2",
           "Buffers per staged stream the budget must hold (2 = ping-pong)">,
    Option<"mustFit", "must-fit", "bool", /*default=*/"false",
           "DB was asked for explicitly: tiles over the budget are an error "
           "(else they keep direct access, with a remark)">,
    Option<"budgetSource", "budget-source", "std::string",
           /*default=*/"\"the scratchpad-bytes option\"",
           "Where the budget comes from (a profile file and field, a flag), for messages">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def ChooseDoubleBuffering : Pass<"triton-edge-choose-double-buffering", "mlir::ModuleOp"> {
  let summary = "DB where it pays (--db=auto on a modeled NPU): stage tiles, keep them per kernel by a static prediction";
  let description = [{
    Runs triton-edge-stage-tiles (with its options, tiles over the budget
    keeping direct access), then for every kernel body that got staged
    transfers predicts one program's time on the modeled NPU both ways and
    keeps the staged body only where double buffering is faster; elsewhere
    the body goes back to direct access. The prediction is the closed form of
    docs/npu-model.md (`te::npu::predict`, the one `bench db-sweep` checks
    against the model), fed statically instead of from a recorded run: each
    variant's compute cycles and direct DDR loads and stores per program are
    the blocks' costs of triton-edge-annotate-cost (Analysis/BlockCost.h)
    times the trips of the loops around them (a loop with dynamic bounds
    counts 8 trips, as triton-edge-estimate-cost counts it); the staged
    variant's DMA bytes and transfers come from its `memref.dma_start`s; the
    profile gives the clock, DDR bandwidth and latency, the DMA engines'
    setup and bandwidth. Launch-time facts are fixed: one context, and a long
    launch (the pipeline fill amortized over many programs). A profile
    without DMA engines keeps direct access. Each decision is a remark on the
    kernel body giving both predicted times. The kept staged bodies are
    triton-edge-double-buffer's input.
  }];
  let options = [
    Option<"profilePath", "profile", "std::string", /*default=*/"\"\"",
           "The modeled target's profile (a targets/*.json file with a \"model\" "
           "object); the pipeline passes the resolved profile instead">,
    Option<"vectorBytes", "vector-bytes", "int64_t", /*default=*/"0",
           "Bytes of one vector register (0: the profile's)">,
    Option<"scratchpadBytes", "scratchpad-bytes", "int64_t", /*default=*/"0",
           "Scratchpad budget for staged tiles (0: the profile's)">,
    Option<"buffersPerStream", "buffers", "int64_t", /*default=*/"2",
           "Buffers per staged stream the budget must hold (2 = ping-pong)">,
    Option<"budgetSource", "budget-source", "std::string",
           /*default=*/"\"the profile's scratchpad_bytes\"",
           "Where the budget comes from, for messages">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def DoubleBuffer : Pass<"triton-edge-double-buffer", "mlir::ModuleOp"> {
  let summary = "Overlap each program's tile transfers with the previous program's compute";
  let description = [{
    DB, part 2. Works on the program loop (`te.program_loop`), and on the
    kernel loops staged per iteration, after
    `triton-edge-stage-tiles`, where every staged tile is filled
    by a `memref.dma_start` + `memref.dma_wait` pair before the compute and
    written back by another pair after it. The pass gives every stream N
    buffers (ping-pong for N = 2) and software-pipelines the loop: a
    prologue starts the transfers of the first N-1 programs; each iteration
    starts the input transfers of program i+N-1, waits for program i's, and
    computes; write-backs are started and only waited for when their buffer
    comes round again (and after the loop). The address computation of a
    later program is cloned from the loop body, which requires it to be free
    of memory effects; streams where it is not keep their synchronous
    transfers (with a remark).
  }];
  let options = [
    Option<"buffers", "buffers", "int64_t", /*default=*/"2",
           "Buffers per stream (2 = ping-pong, 3 = triple buffering)">,
    Option<"prefetchInPlace", "prefetch-in-place", "bool", /*default=*/"false",
           "Instead of copying tiles: compute reads and writes main memory in "
           "place, and the transfers of program i+N-1 become cache prefetches "
           "of its footprint (for CPUs, whose caches are the scratchpad)">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect",
                           "mlir::scf::SCFDialect"];
}

def SplitPrograms : Pass<"triton-edge-split-programs", "mlir::ModuleOp"> {
  let summary = "MT inside a program: split a large tile into virtual programs";
  let description = [{
    When a kernel's grid is smaller than the machine's contexts, distributing
    programs leaves contexts idle. For programs whose body is a single loop
    nest (no materialized temporaries, no other memory effects at program
    level), this pass makes the program loop iterate K virtual programs per
    Triton program (linear id v: program v / K, chunk v % K), chunk c
    running trips [c*T/K, (c+1)*T/K) of the nest's outermost loop. K is a
    run-time value: the body's `te.program_split` argument, which the
    runtime sets per launch (te_launch.program_split) from the contexts it
    runs on, up to the largest K the nest supports (recorded as
    `te.max_program_split` on the function, te_kernel_info.program_split). A
    launch with K = 0 or 1 runs whole programs. The chunks are independent
    because each writes a disjoint part of the nest. Hexagon-MLIR calls the
    same idea "virtual threads".
  }];
  let options = [
    Option<"maxSplit", "max-split", "int64_t", /*default=*/"64",
           "Upper bound on the largest K (also bounded by the outer trip count)">,
    Option<"minChunkElements", "min-chunk-elements", "int64_t", /*default=*/"128",
           "Smallest number of tile elements a chunk may have at the largest K">,
  ];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::scf::SCFDialect"];
}

#endif
