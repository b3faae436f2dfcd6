"""Sorts the failures of upstream Triton's language tests (test_core.py run
through this backend with the GPU hidden; scripts/upstream-test-core.sh) into
the GPU-only categories the project does not aim to pass and the rest, which
are ours to fix.

    python classify.py JUNIT_XML [--list]

Prints a table of failures per test and category; exits 1 when any failure
is outside the GPU-only categories. The categories (docs/python.md, "Upstream
test_core") are judged from the failure message alone:
  ttgir-source   a kernel written as TTGIR with GPU layouts (#ttg.blocked,
                 #ttg.nvidia_mma, ...): our front end has no GPU dialects
                 ("Parse MLIR file failed")
  gpu-asm        the test reads a GPU stage of the compiled kernel
                 (kernel.asm['ttgir'|'llir'|'ptx'|...]); this backend's stages
                 are ttir and so
  cuda-device    the test needs a CUDA device or CUDA's device API, or
                 checks that a GPU backend refuses host memory
                 (test_pointer_arguments[cpu]: here host memory is the memory)
  oob-by-design  the test makes a launch store past the end of its output
                 and expects no error (a GPU writes there silently; this
                 backend refuses the launch with ArgumentError, as
                 docs/python.md promises)
"""
import collections
import re
import sys
import xml.etree.ElementTree as ET

GPU_ONLY = [
    ("ttgir-source", re.compile(r"Parse MLIR file failed")),
    ("gpu-asm", re.compile(r"'(ttgir|llir|ptx|cubin|amdgcn|hsaco)' is not in list|Unknown key: '(ttgir|llir|ptx)'")),
    ("cuda-device", re.compile(r"No CUDA GPUs are available|invalid argument to exchangeDevice|Torch not compiled with CUDA")),
    ("oob-by-design", re.compile(r"ArgumentError: argument '\w+': the launch .* (stores|loads) element \d+ without a mask")),
]


# Tests whose premise is a GPU (judged by name: their failure message is
# the generic "DID NOT RAISE").
GPU_PREMISE = {"test_pointer_arguments[cpu]": "cuda-device"}


def category(message: str, test: str = "") -> str:
    if test in GPU_PREMISE:
        return GPU_PREMISE[test]
    for name, pattern in GPU_ONLY:
        if pattern.search(message):
            return name
    return "ours"


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    root = ET.parse(argv[1]).getroot()
    counts = collections.Counter()
    per_test = collections.defaultdict(collections.Counter)
    ours = []
    passed = skipped = 0
    for case in root.iter("testcase"):
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        if bad is None:
            if case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
            continue
        text = (bad.get("message") or "") + "\n" + (bad.text or "")
        cat = category(text, case.get("name"))
        counts[cat] += 1
        per_test[case.get("name").split("[")[0]][cat] += 1
        if cat == "ours":
            first = next((l for l in text.splitlines() if l.strip()), "")
            ours.append(f"{case.get('name')}: {first[:160]}")
    print(f"passed {passed}, skipped {skipped}, failed {sum(counts.values())}")
    for cat, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        print(f"  {cat:14} {n}")
    print("\n| test | " + " | ".join(c for c, _ in GPU_ONLY) + " | ours |")
    print("| --- |" + " ---: |" * (len(GPU_ONLY) + 1))
    for test, c in sorted(per_test.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"| {test} | " + " | ".join(str(c[n]) for n, _ in GPU_ONLY) + f" | {c['ours']} |")
    if ours and "--list" in argv:
        print("\nours:")
        for line in ours:
            print("  " + line)
    return 1 if ours else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
