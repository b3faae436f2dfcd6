"""The conformance suite's GPU mode moves each launch's CPU tensors to the
device and back (test/python/conformance/device_copies.py); here the
"device" is a second CPU copy, so the mapping is checked without a GPU:
one copy per storage (aliasing kept), views with their offsets and strides,
TensorWrapper dtypes, descriptors, results written back in place, and a
real @triton.jit launch through the installed hook. Also the runner's
--shard, --merge and --resume, which the GPU runs rely on."""
import os
import sys

import pytest

torch = pytest.importorskip("torch")
triton = pytest.importorskip("triton")
import triton.language as tl  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test",
                                "python", "conformance"))
from device_copies import DeviceCopies, install  # noqa: E402


def same_storage(a, b):
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()


def test_views_of_one_storage_share_one_copy_with_their_offsets():
    base = torch.arange(24, dtype=torch.float32)
    a, b = base[3:11].view(2, 4), base[5:].as_strided((3, 2), (1, 6), 7)
    c = DeviceCopies("cpu")
    da, db = c.value(a), c.value(b)
    assert same_storage(da, db) and not same_storage(da, base)
    assert len(c.storages) == 1
    for got, orig in ((da, a), (db, b)):
        assert (got.storage_offset(), got.stride(), got.shape) == \
            (orig.storage_offset(), orig.stride(), orig.shape)
        assert torch.equal(got, orig)
    da[1, 3] = -1.0   # base[10]
    db[2, 1] = -2.0   # base[7 + 2 + 6]
    assert base[10] == 10 and base[15] == 15  # nothing written before copy_back
    c.copy_back()
    expect = torch.arange(24, dtype=torch.float32)
    expect[10], expect[15] = -1.0, -2.0
    assert torch.equal(base, expect)


def test_tensor_wrapper_keeps_its_dtype_and_base():
    storage = torch.arange(6, dtype=torch.int16) - 3
    w = triton.reinterpret(storage, tl.uint16)
    c = DeviceCopies("cpu")
    dw = c.value(w)
    assert isinstance(dw, triton.TensorWrapper) and dw.dtype == tl.uint16
    assert dw.base.dtype == torch.int16 and not same_storage(dw.base, storage)
    dw.base[0] = 7
    c.copy_back()
    assert storage.tolist() == [7, -2, -1, 0, 1, 2]


def test_zero_d_zero_size_expanded_and_other_values():
    c = DeviceCopies("cpu")
    s = torch.tensor(2.5)
    e = torch.tensor([1.25]).expand(9)
    z = torch.zeros(0, 5)
    ds, de, dz = c.value(s), c.value(e), c.value(z)
    assert ds.shape == () and float(ds) == 2.5 and not same_storage(ds, s)
    assert de.stride() == (0,) and de.tolist() == [1.25] * 9
    assert dz.shape == (0, 5) and dz.stride() == z.stride()
    for v in (None, 3, 2.5, True, "x", tl.constexpr(4), tl.float32):
        assert c.value(v) is v
    x = torch.ones(3)
    dt = c.value((x, 1, [x, None]))
    assert isinstance(dt, tuple) and isinstance(dt[2], list) and dt[1] == 1 and dt[2][1] is None
    assert same_storage(dt[0], dt[2][0]) and not same_storage(dt[0], x)


def test_storages_overlapping_in_memory_are_refused():
    np = pytest.importorskip("numpy")
    arr = np.arange(16, dtype=np.float32)
    c = DeviceCopies("cpu")
    c.value(torch.from_numpy(arr[:10]))
    with pytest.raises(ValueError, match="overlap"):
        c.value(torch.from_numpy(arr[4:]))
    # the same memory through a second storage object is the same copy
    c.value(torch.from_numpy(arr[:10]))
    assert len(c.storages) == 1


def test_tensor_descriptor_gets_the_copied_base():
    td = pytest.importorskip("triton.tools.tensor_descriptor")
    x = torch.arange(32 * 8, dtype=torch.float32).reshape(32, 8)
    d = td.TensorDescriptor.from_tensor(x, [16, 8])
    dd = DeviceCopies("cpu").value(d)
    assert isinstance(dd, td.TensorDescriptor) and not same_storage(dd.base, x)
    assert (list(dd.shape), list(dd.strides), list(dd.block_shape)) == \
        (list(d.shape), list(d.strides), list(d.block_shape))


def test_allocator_buffers_go_to_the_device():
    c = DeviceCopies("meta")
    buf = c.allocator(lambda size, align, stream: torch.empty(size, dtype=torch.int8))(64, 16, None)
    assert buf.device.type == "meta" and buf.numel() == 64


@triton.jit
def _shift_and_address(X, Y, Addr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    tl.store(Y + offs, tl.load(X + offs) * 10)
    tl.store(Addr, X.to(tl.int64))


def test_jit_launch_runs_on_the_copies_and_writes_back():
    base = torch.arange(16, dtype=torch.int32)
    addr = torch.zeros(1, dtype=torch.int64)
    restore = install("cpu")
    try:
        # X and Y are views of one storage: the kernel reads [0, 8) and writes [8, 16)
        _shift_and_address[(1,)](base[:8], base[8:], addr, BLOCK=8)
    finally:
        restore()
    assert base.tolist() == list(range(8)) + [10 * i for i in range(8)]
    assert int(addr[0]) != base.data_ptr()  # the kernel saw the copy
    _shift_and_address[(1,)](base[:8], base[8:], addr, BLOCK=8)  # the hook is gone
    assert int(addr[0]) == base.data_ptr()


def _run_main(*argv):
    import run  # test/python/conformance/run.py
    saved = sys.argv
    sys.argv = ["run.py", *argv]
    try:
        return run.main()
    finally:
        sys.argv = saved


def test_shards_split_the_suite_once(capsys):
    import triton_edge
    try:
        _run_main("--list")
        full = capsys.readouterr().out.splitlines()
        parts = []
        for i in range(3):
            _run_main("--list", "--shard", f"{i}/3")
            parts += capsys.readouterr().out.splitlines()
    finally:
        triton_edge.deactivate()
    assert len(full) > 500 and any(n.endswith("(skipped)") for n in full)
    assert sorted(parts) == sorted(full)


def test_merge_counts_failures_skips_and_tests_not_run(tmp_path, capsys):
    import json
    head = {"device": "cuda (X)", "triton": "3.6.0", "torch": "2.11"}
    files = []
    for i, (selected, results) in enumerate([
            (["a", "b"], [("a", "PASS", "exact"), ("b", "FAIL", "1 mismatches")]),
            (["c", "d"], [("c", "SKIP", "why")])]):  # d: the shard was stopped before it
        f = tmp_path / f"shard{i}.json"
        f.write_text(json.dumps(dict(head, selected=selected, running=None, done=False,
                                     results=[{"name": n, "status": s, "info": t} for n, s, t in results])))
        files.append(str(f))
    merged = tmp_path / "merged.json"
    assert _run_main("--merge", *files, "--json", str(merged)) == 1
    out = capsys.readouterr().out
    assert "1 passed, 1 failed, 1 skipped, 1 not run (of 4)" in out
    assert "FAIL  b  1 mismatches" in out and "NOT RUN  d" in out
    assert json.loads(merged.read_text())["not_run"] == ["d"]


def test_resume_fails_the_test_the_process_ended_in(tmp_path):
    import json
    import run
    path = tmp_path / "shard.json"
    head = {"device": "cuda (X)", "triton": "3.6.0", "torch": "2.11", "selected": ["a", "b", "c"]}
    path.write_text(json.dumps(dict(head, results=[{"name": "a", "status": "PASS", "info": ""}],
                                    running="b", done=False)))
    report = run.Report(str(path), True, head)
    assert report.done_names() == {"a", "b"}
    assert report.data["results"][1]["status"] == "FAIL"
    with pytest.raises(SystemExit, match="another selection"):
        run.Report(str(path), True, dict(head, selected=["a"]))
