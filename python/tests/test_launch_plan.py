"""launch_plan.LaunchPlan: the driver's planned launch path. It must compute
what the general path (runtime.pack_args + runtime.launch) computes, and
decline (return False, having launched nothing) every argument the general
path would refuse or convert, so that the general path gives its error.
The C fast path (fastlaunch.py, triton_edge._fastlaunch) armed with a plan
must decide every launch the same way: the tests marked `kind` run both."""
import math
import threading

import numpy as np
import pytest

from conftest import compiled_case
import triton_edge
from triton_edge import fastlaunch
from triton_edge import runtime as rt
from triton_edge.launch_plan import LaunchPlan
from triton_edge.launcher import ArgPlan

torch = pytest.importorskip("torch")

GELU = "gelu_erf__triton_poi_fused_gelu_0"  # unmasked: 256 programs x 256 elements
ADD = "add_dyn__triton_poi_fused_add_0"     # masked; pointers of divisibility 16
N = 65536


def gelu_ref(x):
    erf = np.vectorize(math.erf)
    x = x.numpy().astype(np.float64)
    return torch.from_numpy((0.5 * x * (1.0 + erf(x * 0.7071067811865476))).astype(np.float32))


class NativePlan:
    """The C fast path armed with `plan`, behind LaunchPlan.launch's interface."""

    def __init__(self, plan):
        self.plan = plan
        self.launcher = fastlaunch.NATIVE.Launcher()
        assert fastlaunch.arm(self.launcher, plan, 1)

    def launch(self, values, gx, gy, gz, threads, stats=None):
        return self.launcher._te_launch(values, gx, gy, gz, threads)


@pytest.fixture(params=["python", "native"])
def kind(request):
    if request.param == "native" and fastlaunch.NATIVE is None:
        pytest.skip("triton_edge._fastlaunch is not built")
    return request.param


def plan_of(case, signature, kind="python"):
    k, meta = compiled_case(case)
    plan = LaunchPlan.make(k, ArgPlan(signature), k.facts, "sync")
    assert plan is not None
    return (NativePlan(plan) if kind == "native" else plan), k, meta


def gelu_plan(kind="python"):
    return plan_of(GELU, ["*fp32", "*fp32", "i32"], kind)


def test_fast_path_is_built_where_its_library_is():
    # build/lib has it after scripts/build.sh; the package must then load it.
    import os
    from triton_edge import _paths
    if os.environ.get("TRITON_EDGE_FASTLAUNCH") != "off" and _paths.fastlaunch_library():
        assert fastlaunch.NATIVE is not None
        pytest.importorskip("triton")  # first: Triton imports the driver itself
        from triton_edge.backend.driver import TritonEdgeLauncher
        assert TritonEdgeLauncher.__call__ is fastlaunch.NATIVE.Launcher.__call__


def test_plan_launch_matches_reference_and_reuses_its_arrays():
    plan, _, meta = gelu_plan()
    x = torch.linspace(-4, 4, N)
    for threads in (1, 2, "auto"):
        out = torch.zeros(N)
        assert plan.launch([x, out, N], *meta["grid"], threads)
        torch.testing.assert_close(out, gelu_ref(x), rtol=1e-5, atol=1e-6)
    assert plan.request.threads == 0  # 'auto'
    assert (plan.args[0], plan.numel[0]) == (x.data_ptr(), N)


def test_native_plan_matches_reference(kind):
    plan, _, meta = gelu_plan(kind)
    x = torch.linspace(-4, 4, N)
    for threads in (1, 2, "auto"):
        out = torch.zeros(N)
        assert plan.launch([x, out, N], *meta["grid"], threads)
        torch.testing.assert_close(out, gelu_ref(x), rtol=1e-5, atol=1e-6)


def test_plan_takes_parameters_like_tensors(kind):
    # A model's weights: the general path treats a Parameter as its tensor.
    plan, _, meta = gelu_plan(kind)
    x = torch.nn.Parameter(torch.linspace(-4, 4, N))
    out = torch.zeros(N)
    assert plan.launch([x, out, N], *meta["grid"], 1)
    torch.testing.assert_close(out, gelu_ref(x.detach()), rtol=1e-5, atol=1e-6)


def test_plan_drops_constexpr_arguments_like_the_arg_plan(kind):
    k, meta = compiled_case(GELU)
    plan = LaunchPlan.make(k, ArgPlan(["*fp32", "constexpr", "*fp32", "i32", "constexpr"]),
                           k.facts, "sync")
    plan = NativePlan(plan) if kind == "native" else plan
    x, out = torch.linspace(-1, 1, N), torch.zeros(N)
    assert plan.launch([x, 256, out, N, None], *meta["grid"], 1)
    torch.testing.assert_close(out, gelu_ref(x), rtol=1e-5, atol=1e-6)


def test_plan_numel_is_what_pack_args_computes():
    plan, k, meta = plan_of(ADD, ["*fp32", "*fp32", "*fp32", "i32"])
    base = torch.zeros(100003 + 64)
    a = base[16:16 + 100003]  # a view 64 bytes into its storage: aligned, 64 elements left
    b, c = torch.ones(100003), torch.empty(100003)
    assert plan.launch([a, b, c, 100003], *meta["grid"], 1)
    packed = k.pack([a, b, c, 100003])
    assert list(plan.numel)[:3] == list(packed.numel)[:3] == [100003 + 48, 100003, 100003]
    assert torch.equal(c, torch.ones(100003))


class OtherTensor(torch.Tensor):
    pass


def declined(plan, meta, values, grid=None, threads=1):
    """The plan declines `values` and leaves the output untouched."""
    out = values[1]
    before = out.clone() if isinstance(out, torch.Tensor) else None
    assert plan.launch(values, *(grid or meta["grid"]), threads) is False
    if before is not None:
        assert torch.equal(out, before)
    return True


@pytest.mark.parametrize("what", ["numpy", "float64", "int32", "misaligned", "short", "neg_view",
                                  "meta", "none", "subclass", "empty_short"])
def test_plan_declines_tensors_the_general_path_refuses_or_converts(what, kind):
    plan, k, meta = gelu_plan(kind)
    x, out = torch.linspace(-4, 4, N), torch.zeros(N)
    if what == "numpy":
        x = x.numpy()
    elif what == "float64":
        x = x.double()
    elif what == "int32":
        x = x.int()
    elif what == "misaligned":  # tt.divisibility = 16 bytes
        x = torch.zeros(N + 1)[1:]
    elif what == "short":  # unmasked loads reach element N - 1
        x = torch.zeros(N - 1)
    elif what == "neg_view":
        x = torch._neg_view(x)
    elif what == "meta":
        x = torch.empty(N, device="meta")
    elif what == "none":
        x = None
    elif what == "subclass":  # its methods may answer otherwise
        x = x.as_subclass(OtherTensor)
    elif what == "empty_short":
        x = torch.zeros(0)
    assert declined(plan, meta, [x, out, N])
    if what in ("numpy", "subclass"):  # accepted by the general path
        k.launch(meta["grid"], [x, out, N])
        torch.testing.assert_close(out, gelu_ref(torch.linspace(-4, 4, N)), rtol=1e-5, atol=1e-6)
    elif what != "none":
        with pytest.raises(rt.ArgumentError):
            k.launch(meta["grid"], [x, out, N])


@pytest.mark.parametrize("value", [True, 65536.0, np.int32(65536), 2**31, -2**31 - 1, "65536"])
def test_plan_declines_scalars_it_does_not_store_itself(value, kind):
    plan, _, meta = gelu_plan(kind)
    assert declined(plan, meta, [torch.zeros(N), torch.zeros(N), value])


def test_plan_declines_scalars_off_their_divisibility(kind):
    plan, k, meta = plan_of(ADD, ["*fp32", "*fp32", "*fp32", "i32"], kind)
    t = [torch.zeros(100003) for _ in range(3)]
    assert plan.launch([*t, 100003], *meta["grid"], 1)  # xnumel: no divisibility
    plan2, k2, meta2 = gelu_plan(kind)
    if k2.facts.divisibility[2] > 1:
        assert declined(plan2, meta2, [torch.zeros(N), torch.zeros(N), N + 1])


@pytest.mark.parametrize("grid", [(1.0, 1, 1), (-1, 1, 1), (2**31, 1, 1)])
def test_plan_declines_grids_the_general_path_checks(grid, kind):
    plan, _, meta = gelu_plan(kind)
    assert declined(plan, meta, [torch.zeros(N), torch.zeros(N), N], grid=grid)


def test_plan_declines_a_wrong_argument_count_and_bad_threads(kind):
    plan, _, meta = gelu_plan(kind)
    assert plan.launch([torch.zeros(N), torch.zeros(N)], *meta["grid"], 1) is False
    assert declined(plan, meta, [torch.zeros(N), torch.zeros(N), N], threads=1.5)
    assert declined(plan, meta, [torch.zeros(N), torch.zeros(N), N], threads="many")


def test_plan_reports_runtime_errors_like_the_general_path(kind):
    # ADD masks its accesses: no extent to refuse, the runtime sees the grid.
    plan, k, meta = plan_of(ADD, ["*fp32", "*fp32", "*fp32", "i32"], kind)
    t = [torch.zeros(100003) for _ in range(3)]
    with pytest.raises(rt.LaunchError, match=r"kernel triton_poi_fused_add_0: .*limit of 2\^31"):
        plan.launch([*t, 100003], 2**30, 4, 1, 1)
    with pytest.raises(rt.LaunchError, match=r"kernel triton_poi_fused_add_0: .*limit of 2\^31"):
        k.launch((2**30, 4, 1), [*t, 100003])
    assert plan.launch([*t, 100003], *meta["grid"], 1)  # the plan is usable afterwards


def test_plan_busy_in_another_thread_declines():
    plan, _, meta = gelu_plan()
    assert plan.lock.acquire(False)
    try:
        assert declined(plan, meta, [torch.zeros(N), torch.zeros(N), N])
    finally:
        plan.lock.release()


def test_plan_from_many_threads_each_result_right(kind):
    # The C path releases the GIL while the kernel runs: a thread that finds
    # its arrays in use must decline, not overwrite them.
    plan, k, meta = gelu_plan(kind)
    xs = [torch.linspace(-i - 1, i + 1, N) for i in range(4)]
    refs = [gelu_ref(x) for x in xs]
    wrong = []

    def worker(i):
        for _ in range(50):
            out = torch.zeros(N)
            if not plan.launch([xs[i], out, N], *meta["grid"], 1):
                k.launch(meta["grid"], [xs[i], out, N])  # what the driver does then
            if not torch.allclose(out, refs[i], rtol=1e-5, atol=1e-6):
                wrong.append(i)
    ts = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not wrong


def test_plan_times_the_runtime_call_into_stats():
    plan, _, meta = gelu_plan()
    entry = [0, 0, 0]
    assert plan.launch([torch.zeros(N), torch.zeros(N), N], *meta["grid"], 1, entry)
    assert entry[1] > 0


def test_no_plan_for_tensor_descriptors():
    k, _ = compiled_case(GELU)
    assert LaunchPlan.make(k, ArgPlan(["tensordesc<fp32[16]>", "i32"]), k.facts, "sync") is None
    assert LaunchPlan.make(k, ArgPlan(["*fp32", "*fp32", "i32"]), k.facts, "bogus") is None


def doubling_kernel():
    """y = 2 x over n elements, a @triton.jit kernel (skips without Triton)."""
    triton = pytest.importorskip("triton")
    import triton.language as tl

    @triton.jit
    def twice(x_ptr, y_ptr, n, BLOCK: tl.constexpr):
        offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
        tl.store(y_ptr + offs, 2.0 * tl.load(x_ptr + offs, mask=offs < n), mask=offs < n)
    return twice


def test_driver_launches_through_the_plan_and_counts_in_launch_stats():
    import triton_edge
    from triton_edge.backend.driver import TritonEdgeLauncher
    scale = doubling_kernel()

    x, y = torch.arange(1000, dtype=torch.float32), torch.zeros(1000)
    stats = triton_edge.launch_stats()
    try:
        compiled = scale[(4,)](x, y, 1000, BLOCK=256)
        scale[(4,)](x, y, 1000, BLOCK=256)
        z = torch.zeros(1000)  # another tensor subclass: declined by the plan, launched by the general path
        scale[(4,)](x.as_subclass(OtherTensor), z, 1000, BLOCK=256)
    finally:
        triton_edge.launch_stats(False)
    assert torch.equal(y, 2 * x) and torch.equal(z, 2 * x)
    launcher = compiled.run
    assert isinstance(launcher, TritonEdgeLauncher) and isinstance(launcher.fast, LaunchPlan)
    (name, (launches, runtime_ns, driver_ns)), = stats.items()
    assert name == "twice" and launches == 3 and 0 < runtime_ns < driver_ns


def test_driver_called_like_inductor_keeps_hooks_counts_and_errors():
    # Inductor calls CompiledKernel.run (the launcher object) directly: with
    # triton_edge._fastlaunch built, that call is the C fast path.
    from triton import knobs
    twice = doubling_kernel()

    x, y = torch.arange(1000, dtype=torch.float32), torch.zeros(1000)
    compiled = twice[(4,)](x, y, 1000, BLOCK=256)
    run = compiled[(4, 1, 1)]  # CompiledKernel's runner: the launcher with Triton's hooks
    y.zero_()
    n0, c0 = triton_edge.launch_count(), fastlaunch.launches()
    run(x, y, 1000, 256)
    assert torch.equal(y, 2 * x)
    assert triton_edge.launch_count() == n0 + 1
    if fastlaunch.NATIVE is not None:
        assert fastlaunch.launches() == c0 + 1  # the C path took it
    seen = []

    def hook(metadata):
        seen.append(metadata)
    knobs.runtime.launch_enter_hook.add(hook)
    try:
        run(x, y, 1000, 256)
    finally:
        knobs.runtime.launch_enter_hook.remove(hook)
    assert len(seen) == 1 and triton_edge.launch_count() == n0 + 2
    # Declined by the plan: the general path's error, nothing written.
    y.zero_()
    with pytest.raises(rt.ArgumentError, match="float64"):
        run(x.double(), y, 1000, 256)
    assert not y.any()
    with pytest.raises(rt.LaunchError, match=r"kernel twice: .*limit of 2\^31"):
        compiled[(2**30, 4, 1)](x, y, 1000, 256)
    run(torch.nn.Parameter(x), y, 1000, 256)
    assert torch.equal(y, 2 * x)
    c1 = fastlaunch.launches()
    stats = triton_edge.launch_stats()
    try:
        run(x, y, 1000, 256)
        run(x, y, 1000, 256)
    finally:
        triton_edge.launch_stats(False)
    (name, (launches, runtime_ns, driver_ns)), = stats.items()
    assert name == "twice" and launches == 2 and 0 < runtime_ns < driver_ns
    if fastlaunch.NATIVE is not None:
        assert fastlaunch.launches() == c1 + 2  # timed on the C path
