#!/bin/sh
# Surveys a corpus: runs `triton-edge check` on every case in each mechanism
# combination below and writes one line per failing (case, combination) with
# its exit code and first error line, then a count per combination.
#   usage: scripts/corpus-status.sh [CORPUS_DIR] [OUT_FILE]   (TRITON_EDGE=path of the CLI)
# Exit codes of check: 0 match, 1 mismatch/assert, 2 compile or input error
# (a rejection), 3 nothing compared (docs/case-format.md).
set -e
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/test/corpus/inductor-v2}"
out="${2:-$corpus/STATUS.txt}"
exec python3 - "${TRITON_EDGE:-$root/build/bin/triton-edge}" "$corpus" "$out" <<'PY'
import concurrent.futures, os, subprocess, sys
tool, corpus, out = sys.argv[1:4]
configs = ["--vec=off --threads=1", "--vec=on --threads=1,2",
           "--db=on --dma=sync --threads=1", "--db=on --dma=async --threads=1,2",
           "--db=on --dma=prefetch --threads=2"]
cases = sorted(d for d in os.listdir(corpus)
               if os.path.isfile(os.path.join(corpus, d, "kernel.ttir")))
def run(job):
    case, cfg = job
    try:
        r = subprocess.run([tool, "check", os.path.join(corpus, case)] + cfg.split(),
                           capture_output=True, text=True, timeout=300)
        rc, text = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired:
        rc, text = "timeout", ""
    lines = [l for l in text.splitlines()
             if "error" in l or l.startswith("FAIL") or "unchecked" in l]
    return case, cfg, rc, (lines[0] if lines else "")[:200]
jobs = [(c, cfg) for c in cases for cfg in configs]
bad = {cfg: 0 for cfg in configs}
with open(out, "w") as f, concurrent.futures.ThreadPoolExecutor(2) as pool:
    f.write(f"# scripts/corpus-status.sh over {os.path.basename(corpus)}: "
            f"{len(cases)} cases; failing (case, combination) pairs\n")
    for case, cfg, rc, line in pool.map(run, jobs):
        if rc != 0:
            bad[cfg] += 1
            f.write(f"exit {rc}\t{case}\t[{cfg}]\t{line}\n")
    for cfg in configs:
        f.write(f"# [{cfg}]: {bad[cfg]} of {len(cases)} fail\n")
print(open(out).read())
PY
