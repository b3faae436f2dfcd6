"""bench/models/compile_latency.py --profile-warm: a profile's time goes to
the package of the code that ran it, and time in code of no package (Python's
library, C functions) to the package of its nearest caller that has one."""
import cProfile
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "models"))
import compile_latency  # noqa: E402

OURS = """
import hashlib
def work():
    data = b"x" * (1 << 20)
    for _ in range(60):
        hashlib.sha256(data).digest()  # a C function, charged to its caller
"""
DYNAMO = """
import json
def work():
    for _ in range(3000):
        json.dumps({"k": list(range(50))})  # Python's library, charged to its caller
"""


def load(root, rel, text, name):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_time_goes_to_the_nearest_package(tmp_path):
    ours = load(str(tmp_path), "site/triton_edge/fake_ours.py", OURS, "fake_ours")
    dynamo = load(str(tmp_path), "site/torch/_dynamo/fake_dynamo.py", DYNAMO, "fake_dynamo")
    prof = cProfile.Profile()
    prof.enable()
    ours.work()
    dynamo.work()
    prof.disable()
    stats = str(tmp_path / "p.prof")
    prof.dump_stats(stats)
    shares = compile_latency.time_by_package(stats)
    total = sum(shares.values())
    assert shares.get("triton-edge", 0) > 0.2 * total, shares
    assert shares.get("Dynamo", 0) > 0.2 * total, shares
    # sha256 and json run in no package: none of their time is left unowned
    # beyond this test's own frames.
    assert shares.get(compile_latency.UNOWNED, 0) < 0.1 * total, shares
    assert "Triton" not in shares, "/triton_edge/ is not /triton/"
