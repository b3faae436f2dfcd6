"""Writes a modeled target profile (targets/generic-npu.json) with fields
set: make_profile.py OUT.json [dotted.field=JSON ...]."""
import json
import os
import sys

src = os.path.join(os.path.dirname(__file__), "..", "..", "targets", "generic-npu.json")
with open(src) as f:
    profile = json.load(f)
profile["name"] = "test-npu"
for setting in sys.argv[2:]:
    path, value = setting.split("=", 1)
    *parents, leaf = path.split(".")
    obj = profile
    for p in parents:
        obj = obj[p]
    obj[leaf] = json.loads(value)
with open(sys.argv[1], "w") as f:
    json.dump(profile, f, indent=1)
